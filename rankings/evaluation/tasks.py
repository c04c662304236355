"""The evaluation's Celery job: thin, idempotent (a run already done is not computed again)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def evaluation_compute(run_id: int) -> int:
    from rankings.evaluation.services import run_compute

    return run_compute(run_id).pk
