"""Rollups of the leaderboard: one row per agency, WIB day of receipt, platform and category,
recomputed from that day's complaints whenever one of them changes (never incremented), so
that a leaderboard over any period reads these rows and never the complaints."""

from __future__ import annotations

from django.db import models

from agencies.models import Agency


class Rollup(models.Model):
    """The figures of one agency, platform and category over a span of days (see rollups.Tally)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=12)
    category = models.CharField(max_length=10)
    received = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    within_target = models.PositiveIntegerField(default=0)
    #: {working minutes: complaints} of first responses: exact medians and percentiles over any
    #: period come from adding these up.
    response_minutes = models.JSONField(default=dict)
    #: {working minutes: complaints} of the head's acknowledgment of the WhatsApp tag.
    ack_minutes = models.JSONField(default=dict)
    #: Keys of due / first response / resolved days (ISO WIB, see rollups.Tally): what open,
    #: overdue and resolved as of a past period's end need.
    states = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DailyRollup(Rollup):
    SPAN = "day"  # the field that says which days the row covers

    day = models.DateField(help_text="WIB day the citizens posted.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day", "platform", "category"], name="rollup_unique_key"),
        ]
        indexes = [
            models.Index(fields=["day", "agency"], name="rollup_day_agency_idx"),
            # The weekly trend sums these counts over a period: read from the index alone, not
            # from the wide rows that carry their histograms.
            models.Index(fields=["day", "category", "platform", "agency", "within_target", "received"],
                         name="rollup_day_counts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.platform} {self.category}: {self.received}"


class MonthlyRollup(Rollup):
    """The same figures per calendar month (day 1 of the month), recomputed from the month's
    daily rows whenever one of them is: a year is read as twelve of these per agency, platform
    and category instead of 365 daily rows."""

    SPAN = "month"

    month = models.DateField(help_text="The first day of the month (WIB).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "month", "platform", "category"], name="monthly_rollup_unique_key"),
        ]
        indexes = [models.Index(fields=["month", "agency"], name="monthly_rollup_month_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%Y-%m} {self.platform} {self.category}: {self.received}"


class WeeklySummary(models.Model):
    """The Monday summary of last week's leaderboard to the mayor's office, sent once a week."""

    week_start = models.DateField(unique=True, help_text="Monday of the week summarised (WIB).")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.week_start)


class RollupGeneration(models.Model):
    """One row whose value grows whenever any rollup row is written or removed, in the same
    transaction: the key under which leaderboards computed from the rollups are cached."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


# The year-end evaluation's models live in rankings/evaluation/models.py (same app).
from rankings.evaluation.models import (  # noqa: E402, F401
    Criterion,
    EvaluationEvent,
    EvaluationPeriod,
    EvaluationRun,
    EvaluationSnapshot,
    InputCorrection,
    JurorAssignment,
    JuryScore,
    Objection,
)
