from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from agencies.forms import PersonForm
from agencies.models import TARGET_CATEGORIES, week_hours_clean

_INTERVAL = re.compile(r"^(\d{1,2})[.:](\d{2})\s*[-–—]\s*(\d{1,2})[.:](\d{2})$")


class StaffInviteForm(PersonForm):
    prefix = "invite"


class PublicTagForm(forms.Form):
    enabled = forms.BooleanField(required=False)


def hours_text(intervals: list[list[str]]) -> str:
    """[["07:30", "12:00"], ["13:00", "16:00"]] -> 07.30 to 12.00, 13.00 to 16.00 with en dashes
    (GLOSSARY.md: 24-hour times with a dot)."""
    return ", ".join(f"{start.replace(':', '.')}–{end.replace(':', '.')}" for start, end in intervals)


def parse_day(text: str) -> list[list[str]]:
    """Hours as people write them (07.30 or 07:30, joined by an en dash or a hyphen, intervals
    separated by commas) -> [["07:30", "12:00"], ["13:00", "16:00"]]."""
    intervals = []
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if not part:
            continue
        match = _INTERVAL.match(part)
        if match is None:
            raise ValidationError(_("Write the hours as 07.30–12.00, 13.00–16.00."), code="hours")
        h1, m1, h2, m2 = match.groups()
        intervals.append([f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"])
    return intervals


class ScheduleProposalForm(forms.Form):
    always_open = forms.BooleanField(label=_("Open 24 hours, 7 days (e.g. an RSUD's emergency unit)"),
                                     required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why, and the decree or letter that sets these hours."))

    def __init__(self, *args: object, in_force: tuple[bool, dict[str, list[list[str]]]] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.in_force = in_force  # (always open, hours) of the week in force: a proposal must change it
        for day, name in WEEKDAYS.items():
            self.fields[f"day_{day}"] = forms.CharField(
                label=name, required=False, max_length=100,
                widget=forms.TextInput(attrs={"aria-describedby": "week-help"}),
            )
        self.fields["always_open"].label_suffix = ""
        # Days first, then the reason.
        self.order_fields(["always_open", *[f"day_{d}" for d in WEEKDAYS], "reason"])

    @classmethod
    def initial_from(cls, *, always_open: bool, hours: dict[str, list[list[str]]]) -> dict[str, object]:
        initial: dict[str, object] = {"always_open": always_open}
        for day in WEEKDAYS:
            initial[f"day_{day}"] = hours_text(hours.get(str(day), []))
        return initial

    def day_fields(self) -> list[forms.BoundField]:
        return [self[f"day_{day}"] for day in WEEKDAYS]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("always_open"):
            data["hours"] = {}
            self._changes_something(True, {})
            return data
        hours: dict[str, list[list[str]]] = {}
        for day in WEEKDAYS:
            try:
                hours[str(day)] = parse_day(data.get(f"day_{day}") or "")
            except ValidationError as exc:
                self.add_error(f"day_{day}", exc)
        if self.errors:
            return data
        if not any(hours.values()):
            raise ValidationError(_("Enter the hours of at least one working day, or tick open 24 hours."))
        data["hours"] = week_hours_clean(hours)
        self._changes_something(False, data["hours"])
        return data

    def _changes_something(self, always_open: bool, hours: dict[str, list[list[str]]]) -> None:
        if self.in_force is None:
            return
        def days(week: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
            return {day: intervals for day, intervals in week.items() if intervals}
        now_open, now_hours = self.in_force
        if always_open == now_open and (always_open or days(hours) == days(now_hours)):
            raise ValidationError(_("These are the working hours in force already: change a day first."),
                                  code="unchanged")


class TargetProposalForm(forms.Form):
    category = forms.ChoiceField(label=_("For"), required=False,
                                 choices=[("", _("Complaints and questions")), *TARGET_CATEGORIES])
    first_response_minutes = forms.IntegerField(
        label=_("First-response target (working minutes)"), min_value=1, max_value=60 * 24 * 5,
        help_text=_("60 = 1 working hour. Counted in the agency's working hours only."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why the agency needs a different target."))


class ProposalDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the agency"), max_length=500, required=False,
                           widget=forms.TextInput())


class ReplyTemplateForm(forms.Form):
    prefix = "template"
    title = forms.CharField(label=_("Title"), max_length=80,
                            help_text=_("A short name staff pick it by, e.g. “Terima kasih, sedang dicek”."))
    text = forms.CharField(
        label=_("Text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In Indonesian. {nomor} becomes the complaint no., {opd} the agency's name, {warga} the "
                    "citizen's name ({number}, {agency} and {author} too). X allows 280 characters: keep it short."),
    )

    def clean_text(self) -> str:
        from complaints.reply_templates import unknown_placeholders

        text = self.cleaned_data["text"]
        unknown = unknown_placeholders(text)
        if unknown:
            raise ValidationError(
                _("Unknown placeholder %(names)s: use {nomor}, {opd} or {warga}.")
                % {"names": ", ".join("{" + name + "}" for name in unknown)})
        return text
