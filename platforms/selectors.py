"""Reads about intake health: is every connector bringing in what it should?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from agencies.models import OfficialAccount

#: An account is flagged silent when its last 24 hours bring in less than this share of its
#: usual day (the mean of the 28 days before), for accounts that usually get some traffic.
SILENT_SHARE = 0.2
SILENT_MIN_USUAL = 3.0


@dataclass
class Coverage:
    account: OfficialAccount
    last_day: int
    usual_per_day: float
    unprocessed: int

    @property
    def silent(self) -> bool:
        """A broken connector looks like a quiet day: flag far-below-usual volume."""
        return self.usual_per_day >= SILENT_MIN_USUAL and self.last_day < SILENT_SHARE * self.usual_per_day


def coverage(*, now: datetime | None = None) -> list[Coverage]:
    now = now or timezone.now()
    day_ago = now - timedelta(days=1)
    month_ago = day_ago - timedelta(days=28)
    accounts = (
        OfficialAccount.objects.filter(is_active=True)
        .select_related("agency")
        .annotate(
            last_day=Count("items", filter=Q(items__received_at__gte=day_ago)),
            previous=Count("items", filter=Q(items__received_at__gte=month_ago, items__received_at__lt=day_ago)),
            unprocessed=Count("items", filter=Q(items__processed_at__isnull=True)),
        )
        .order_by("agency__name", "platform", "handle")
    )
    return [Coverage(a, a.last_day, a.previous / 28, a.unprocessed) for a in accounts]
