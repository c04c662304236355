"""Thin, idempotent tasks for the response loop: they take ids and call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from complaints import escalation, tagging

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True, acks_late=True)
def tag_complaint(complaint_id: int) -> int:
    """Plan the tag of a complaint's agency on every channel and send each (once)."""
    pending = tagging.complaint_tag(complaint_id=complaint_id)
    for dispatch_id in pending:
        send_dispatch.delay(dispatch_id)
    return len(pending)


@shared_task(ignore_result=True, acks_late=True)
def tag_complaints(complaint_ids: list[int]) -> int:
    """`tag_complaint` for each of a batch of new complaints (intake queues one task per batch);
    planning is idempotent, so a redelivered task sends nothing twice. One complaint that fails
    does not hold up the others: the escalation round tags whatever was left untagged."""
    planned = 0
    for complaint_id in complaint_ids:
        try:
            planned += tag_complaint(complaint_id)
        except Exception:
            logger.exception("tagging complaint %s failed; the escalation round tags it later", complaint_id)
    return planned


@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=tagging.MAX_ATTEMPTS)
def send_dispatch(self, dispatch_id: int) -> str:
    """5xx and timeouts: retried with exponential backoff and jitter (or the platform's own
    wait); refusals and missing tokens become a task for a person at once, never retried."""
    try:
        return tagging.dispatch_send(dispatch_id=dispatch_id)
    except tagging.RetryLater as exc:
        countdown = exc.countdown or min(600, 10 * 2 ** self.request.retries)
        raise self.retry(countdown=countdown, exc=exc) from exc


@shared_task(ignore_result=True)
def escalate() -> dict[str, int]:
    """Reminders at half the target and at the target, the overdue notice to the mayor's
    office; complaints whose tag was never planned (the broker was down) are tagged now."""
    return escalation.escalation_round()


@shared_task(ignore_result=True)
def daily_digest() -> int:
    return escalation.digest_send()


@shared_task(ignore_result=True)
def recompute_clock(agency_id: int | None, start: str, end: str) -> int:
    """After a calendar correction: the figures of the complaints it touches."""
    from datetime import date

    from complaints.clock import complaints_recompute

    return complaints_recompute(agency_id=agency_id, start=date.fromisoformat(start), end=date.fromisoformat(end))
