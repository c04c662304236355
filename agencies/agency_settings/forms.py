from __future__ import annotations

from django import forms

from agencies.forms import PersonForm


class StaffInviteForm(PersonForm):
    prefix = "invite"


class PublicTagForm(forms.Form):
    enabled = forms.BooleanField(required=False)
