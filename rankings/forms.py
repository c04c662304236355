"""The leaderboard's period picker and filters (WIB calendar days)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Platform
from rankings.contract import MAX_PERIOD_DAYS, Filters, Period

PERIODS = [
    ("week", _("This week")), ("last_week", _("Last week")), ("month", _("This month")),
    ("last_month", _("Last month")), ("quarter", _("This quarter")), ("year", _("This year")),
    ("custom", _("Custom range")),
]
SORTS = {
    "rank": _("Rank"), "name": _("Agency"), "received": _("Received"), "within": _("% within target"),
    "median": _("Median response"), "p90": _("90th percentile"), "ack": _("Head acknowledgment"),
    "open": _("Open"), "overdue": _("Overdue"), "resolved": _("Resolved %"),
}


def period_of(kind: str, today: date) -> Period:
    """A named period around `today` (a WIB day): weeks run Monday to Sunday."""
    if kind in ("week", "last_week"):
        monday = today - timedelta(days=today.weekday())
        if kind == "last_week":
            monday -= timedelta(days=7)
        return Period(monday, monday + timedelta(days=6))
    if kind in ("month", "last_month"):
        first = today.replace(day=1)
        if kind == "last_month":
            first = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return Period(first, following - timedelta(days=1))
    if kind == "quarter":
        first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        following = (first + timedelta(days=95)).replace(day=1)
        return Period(first, following - timedelta(days=1))
    return Period(today.replace(month=1, day=1), today.replace(month=12, day=31))


class LeaderboardForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    platform = forms.ChoiceField(label=_("Platform"), required=False, choices=[("", _("All platforms")), *Platform.choices])
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[
        ("", _("Complaints and questions")), ("complaint", _("Complaints only")), ("question", _("Questions only"))])
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()), widget=forms.HiddenInput)
    desc = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("period") or "month"
        if data.get("start") or data.get("end"):
            kind = "custom"
        if kind == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both the first and the last day of the range."))
            if start > end:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("A period can be at most 3 years long."))
            data["resolved_period"] = Period(start, end)
        else:
            data["resolved_period"] = period_of(kind, self.today)
        data["period"] = kind
        return data

    def result(self) -> tuple[Period, Filters, str, bool]:
        data = self.cleaned_data
        return (data["resolved_period"], Filters(platform=data.get("platform") or "", category=data.get("category") or ""),
                data.get("sort") or "rank", bool(data.get("desc")))
