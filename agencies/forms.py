from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from agencies.models import (
    Agency,
    AgencyKind,
    OfficialAccount,
    PersonHandle,
    Platform,
    RoutingRule,
    normalize_handle,
)


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgencyKind.choices]
    )


class AgencyForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    expected_platforms = forms.MultipleChoiceField(
        label=_("Expected platforms"), choices=Platform.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agency
        fields = [
            "name", "short_name", "slug", "kind", "parent", "phone", "whatsapp", "website",
            "expected_platforms", "calendar", "is_active",
        ]
        labels = {"slug": _("Address name")}
        help_texts = {"slug": _("The agency's part of the portal's addresses: lowercase letters, digits and hyphens, "
                                "e.g. dinas-pupr.")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        parents = Agency.objects.filter(is_active=True).order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def _clean_phone(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        if not value:
            return ""
        number = normalize_handle(Platform.WHATSAPP, value)
        if not number.startswith("+62") or not number[1:].isdigit():
            raise ValidationError(_("Write an Indonesian number, e.g. +6281234567890."))
        return number

    def clean_phone(self) -> str:
        return self._clean_phone("phone")

    def clean_whatsapp(self) -> str:
        return self._clean_phone("whatsapp")


class OfficialAccountForm(forms.ModelForm):
    profile_url = forms.URLField(label=_("Profile URL"), required=False, assume_scheme="https")

    class Meta:
        model = OfficialAccount
        fields = [
            "platform", "handle", "external_id", "display_name", "profile_url",
            "is_platform_verified", "is_active",
        ]

    def clean(self) -> dict:
        data = super().clean()
        platform = data.get("platform")
        if platform and data.get("handle"):
            data["handle"] = normalize_handle(platform, data["handle"])
            self.instance.handle = data["handle"]
        return data


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["phrase", "kind", "priority", "is_active"]


RoutingRuleFormSet = forms.inlineformset_factory(
    Agency, RoutingRule, form=RoutingRuleForm, extra=3, can_delete=True
)


class PersonForm(forms.Form):
    """A head or staff member: found by e-mail, created when new (without a password: they
    set one through "Lupa kata sandi")."""

    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    phone = forms.CharField(label=pgettext_lazy("form label", "WhatsApp number"), max_length=20, required=False)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        number = normalize_handle(Platform.WHATSAPP, value)
        if not number.startswith("+62") or not number[1:].isdigit():
            raise ValidationError(_("Write an Indonesian number, e.g. +6281234567890."))
        return number

    def clean(self) -> dict:
        data = super().clean()
        email = data.get("email")
        if email:
            user = User.objects.filter(email__iexact=email).first()
            if user is None and not data.get("full_name"):
                self.add_error("full_name", _("Required for a person new to Sigap."))
            if user is not None and not user.is_active:
                self.add_error("email", _("This account is deactivated; reactivate it first."))
        return data


class HeadForm(PersonForm):
    position_title = forms.CharField(
        label=_("Position title"), max_length=120, required=False,
        help_text=_("E.g. Kepala Dinas, Camat, Lurah, Direktur."),
    )
    handles = forms.CharField(
        label=_("Personal handles"), required=False, max_length=500,
        help_text=_("The head's own public accounts, e.g. x:@budi;instagram:@budi.s"),
    )

    def clean(self) -> dict:
        data = super().clean()
        from agencies.importing import parse_handle_list

        specs, problems = parse_handle_list(data.get("handles", ""))
        for problem in problems:
            self.add_error("handles", problem)
        email = (data.get("email") or "").lower()
        for spec in specs:
            owner = PersonHandle.objects.filter(platform=spec.platform, handle=spec.handle).select_related("user").first()
            if owner is not None and owner.user.email.lower() != email:
                self.add_error("handles", _("%(h)s belongs to %(u)s already.") % {"h": str(owner), "u": owner.user.email})
            if OfficialAccount.objects.filter(platform=spec.platform, handle=spec.handle).exists():
                self.add_error("handles", _("%(h)s is an official account.") % {"h": f"{spec.platform}:{spec.handle}"})
        data["handle_specs"] = specs
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    dry_run = forms.BooleanField(
        label=_("Check only, save nothing"), required=False, initial=True
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload
