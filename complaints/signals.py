"""A calendar correction (a day off decreed late, Ramadan dates, a new working week or a
target) clears the cached calendars and recomputes, after the commit, the figures of the
complaints it touches. The correction itself is in the audit log (django-auditlog)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from agencies.models import DayOff, RamadanPeriod, ResponseTarget, WeeklySchedule

logger = logging.getLogger(__name__)


def _span(instance: Any) -> tuple[date, date]:
    today = timezone.localdate()
    if isinstance(instance, DayOff):
        return instance.date, instance.date
    if isinstance(instance, RamadanPeriod):
        return instance.start, instance.end
    if isinstance(instance, WeeklySchedule | ResponseTarget):
        return instance.valid_from, max(today, instance.valid_from)
    return today, today


def calendar_row_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    from complaints import clock
    from complaints.tasks import recompute_clock

    clock.calendar_changed()
    start, end = _span(instance)
    agency_id = getattr(instance, "agency_id", None)

    def queue() -> None:
        clock.calendar_changed()
        try:
            recompute_clock.delay(agency_id, start.isoformat(), end.isoformat())
        except Exception:  # broker down: the correction is kept; recompute by hand
            logger.warning("broker unreachable: recompute the clock for %s..%s by hand", start, end)

    transaction.on_commit(queue)
