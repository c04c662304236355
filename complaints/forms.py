"""Forms of the workspace: the inbox's filters and the complaint page's actions. Every form
that changes the complaint's state carries the `version` the page showed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agencies.models import Agency, Platform
from complaints.actions import NOTE_MAX, REASON_MAX, ArchiveReason
from complaints.models import Category, Status
from complaints.selectors import SORTS, InboxFilters

STATUS_CHOICES = [
    ("open", _("Open (dispatched, in progress, on hold)")),
    ("triage", _("Triage queue")),
    *[(value, label) for value, label in Status.choices if value not in (Status.RECEIVED, Status.TRIAGE)],
    ("all", _("All statuses")),
]
PERIOD_CHOICES = [
    ("", _("Any time")),
    ("today", _("Today")),
    ("week", _("This week")),
    ("month", _("This month")),
    ("quarter", _("This quarter")),
    ("year", _("This year")),
]
SORT_LABELS = {
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "due": _("Deadline first"),
    "activity": _("Latest activity"),
}


#: The longest search the inbox takes; longer text is cut, not refused.
SEARCH_MAX = 200


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    platform = forms.ChoiceField(label=_("Platform"), required=False,
                                 choices=[("", _("All platforms")), *Platform.choices])
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Category.choices])
    agency = forms.ModelChoiceField(label=_("Agency"), required=False, queryset=Agency.objects.none(),
                                    empty_label=_("All agencies"), to_field_name="slug")
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[(k, SORT_LABELS[k]) for k in SORTS])
    # A date range (WIB days, inclusive): what the leaderboard's drill-down sends.
    received_from = forms.DateField(label=_("Received from"), required=False, widget=forms.HiddenInput)
    received_to = forms.DateField(label=_("Received until"), required=False, widget=forms.HiddenInput)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    unassigned = forms.BooleanField(label=_("Unassigned"), required=False)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
        else:
            del self.fields["agency"]

    def clean_q(self) -> str:
        # A pasted message is searched by its start (only its first words are used anyway).
        return self.cleaned_data["q"][:SEARCH_MAX]

    def filters(self) -> InboxFilters:
        data = self.cleaned_data if self.is_valid() else {}
        agency = data.get("agency")
        return InboxFilters(
            status=data.get("status") or "open", platform=data.get("platform") or "",
            category=data.get("category") or "", agency_id=agency.pk if agency else None,
            overdue=bool(data.get("overdue")), mine=bool(data.get("mine")),
            unassigned=bool(data.get("unassigned")), period=data.get("period") or "",
            q=data.get("q") or "", sort=data.get("sort") or "newest",
            received_from=data.get("received_from"), received_to=data.get("received_to"),
        )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(VersionForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none(), required=False,
                                      empty_label=_("Nobody (unassign)"))

    def __init__(self, *args: Any, colleagues: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in colleagues or []]
        self.fields["assignee"].queryset = User.objects.filter(pk__in=ids).order_by("full_name")


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Not visible to the citizen. Mention a colleague with @name to notify them."))


class CategoryForm(VersionForm):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class HandOffForm(VersionForm):
    agency = forms.ModelChoiceField(label=_("To agency"), queryset=Agency.objects.none(), to_field_name="slug")
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)

    def __init__(self, *args: Any, exclude_agency_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Agency.objects.filter(is_active=True).order_by("name")  # as the list shows them
        if exclude_agency_id:
            qs = qs.exclude(pk=exclude_agency_id)
        self.fields["agency"].queryset = qs


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)


class ArchiveForm(VersionForm):
    # Nothing chosen beforehand: archiving takes the complaint off every list, so it is a choice.
    reason = forms.ChoiceField(label=_("Why"), choices=[
        ("", _("— choose a reason —")),
        (ArchiveReason.SPAM, _("Spam")),
        (ArchiveReason.DUPLICATE, _("Duplicate")),
        (ArchiveReason.UNCLEAR, _("Unclear")),
    ])
    note = forms.CharField(label=_("Note (optional)"), max_length=REASON_MAX, required=False)


class MergeForm(VersionForm):
    other = forms.CharField(label=_("Complaint no. to merge into this one"), max_length=20,
                            help_text=_("The same citizen's complaint from another platform, e.g. SGP-2026-000123."))

    def clean_other(self) -> str:
        return self.cleaned_data["other"].strip().upper()


class ResolveForm(VersionForm):
    note = forms.CharField(label=_("Closing note (optional)"), max_length=REASON_MAX, required=False)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply to the citizen"), widget=forms.Textarea(attrs={"rows": 5}))
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class TaskDoneForm(forms.Form):
    dispatch = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
