from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WhatsAppAccessForm(forms.Form):
    """The WhatsApp Business system user's access: never shown again once saved."""

    phone_number_id = forms.RegexField(
        label=_("Phone number id"), regex=r"^\d{6,20}$", max_length=20,
        help_text=_("WhatsApp Manager → Phone numbers: the id of this account's number (digits)."),
        error_messages={"invalid": _("Digits only, as WhatsApp Manager shows it.")},
    )
    access_token = forms.CharField(
        label=_("System user access key"), max_length=1000, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Created in Meta Business Settings → System users, with the whatsapp_business_messaging "
                    "and whatsapp_business_management permissions. Stored encrypted; never shown again."),
    )
