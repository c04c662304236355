"""Celery tasks of the leaderboard: thin, idempotent, ids in and a service call."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from rankings import rollups


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_rollups(keys: list[tuple[int, str]]) -> int:
    """Recompute the rollup rows of these (agency id, ISO day) pairs from their complaints."""
    return rollups.refresh((int(agency_id), date.fromisoformat(day)) for agency_id, day in keys)


@shared_task
def rebuild_recent_rollups(days: int = 3) -> int:
    """The safety net (beat): the last few days' rows recomputed whatever happened."""
    today = rollups.wib_day(timezone.now())
    return rollups.rebuild(today - timedelta(days=days), today)


@shared_task
def weekly_summary() -> bool:
    """Monday 07:00 region time: last week's leaderboard to the mayor's office, once."""
    from rankings.weekly import weekly_summary_send

    return weekly_summary_send() is not None
from rankings.evaluation.tasks import evaluation_compute  # noqa: E402, F401  (registered with the worker)
