from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import NotificationKind


class NotificationPreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Also send me an e-mail for"), choices=NotificationKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every notification appears under the bell; tick the kinds you also want by e-mail."),
    )
