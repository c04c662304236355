from __future__ import annotations

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agencies.forms import PersonForm

AUDITED_MODELS = [
    ("agencies", "agency"), ("agencies", "officialaccount"), ("agencies", "routingrule"),
    ("agencies", "personhandle"), ("accounts", "user"), ("accounts", "membership"),
    ("agencies", "calendarproposal"), ("platforms", "post"), ("accounts", "notificationpreference"),
]


class UserCreateForm(PersonForm):
    is_leader = forms.BooleanField(label=_("Leadership (sees every agency)"), required=False)
    is_comms = forms.BooleanField(label=_("Communications office (registers agencies and accounts)"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("email") and User.objects.filter(email__iexact=data["email"]).exists():
            self.add_error("email", _("A person with this e-mail is already registered."))
        return data


class UserRolesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "is_leader", "is_comms"]


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Kind of record"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    actor = forms.CharField(label=_("Changed by (e-mail)"), required=False, max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All"))]
        for app_label, model in AUDITED_MODELS:
            ct = ContentType.objects.get_by_natural_key(app_label, model)
            choices.append((f"{app_label}.{model}", ct.model_class()._meta.verbose_name_plural.capitalize()))
        self.fields["model"].choices = choices

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["model"]:
            app_label, model = data["model"].split(".")
            qs = qs.filter(content_type=ContentType.objects.get_by_natural_key(app_label, model))
        if data["q"]:
            qs = qs.filter(object_repr__icontains=data["q"])
        if data["actor"]:
            qs = qs.filter(actor__email__icontains=data["actor"])
        return qs


def audit_entries():
    cts = [ContentType.objects.get_by_natural_key(a, m) for a, m in AUDITED_MODELS]
    return LogEntry.objects.filter(content_type__in=cts).select_related("actor", "content_type")
