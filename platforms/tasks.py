"""Thin, idempotent tasks: they take ids and call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache

from complaints.intake import items_process
from platforms import metrics, polling
from platforms.connectors.base import Transient
from platforms.oauth.selectors import accounts_due_for_refresh
from platforms.oauth.services import account_token_refresh
from platforms.services import enqueue_items, stale_item_ids

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True, acks_late=True)
def process_items(item_ids: list[int]) -> dict[str, int]:
    """A batch of stored items, plus others waiting for their first try."""
    return dict(items_process(item_ids=item_ids))


@shared_task(ignore_result=True, acks_late=True)
def process_item(item_id: int) -> dict[str, int]:
    """One item (messages queued before batches existed still name this task)."""
    return dict(items_process(item_ids=[item_id]))


@shared_task(ignore_result=True)
def requeue_stale_items() -> int:
    """Items left unprocessed (worker killed, broker lost the message, deferred replies)."""
    ids = stale_item_ids()
    enqueue_items(ids)
    return len(ids)


@shared_task(
    bind=True, ignore_result=True, max_retries=8, autoretry_for=(Transient,),
    retry_backoff=5, retry_backoff_max=600, retry_jitter=True,
)
def poll_account(self, account_id: int) -> str:
    """5xx and timeouts: retried with exponential backoff and jitter. Rate limits: retried
    after the platform's reset (short waits) or paused on the account (long ones). The
    account's dispatch lock is released when the round ends (kept through its retries)."""
    outcome = polling.account_poll(account_id=account_id)
    if outcome.status == "retry":
        raise self.retry(countdown=outcome.retry_after)
    cache.delete(_poll_lock(account_id))
    return outcome.status


def _poll_lock(account_id: int) -> str:
    return f"poll-dispatched:{account_id}"


#: Longer than the longest retry chain's backoff: one round per account at a time.
POLL_LOCK_SECONDS = 15 * 60


@shared_task(ignore_result=True)
def poll_due_accounts() -> int:
    dispatched = 0
    for account_id in polling.accounts_due():
        if cache.add(_poll_lock(account_id), 1, timeout=POLL_LOCK_SECONDS):
            poll_account.delay(account_id)
            dispatched += 1
    return dispatched


@shared_task(
    bind=True, ignore_result=True, max_retries=5, autoretry_for=(Transient,),
    retry_backoff=30, retry_backoff_max=1800, retry_jitter=True,
)
def snapshot_account(self, account_id: int) -> str:
    """Today's numbers of one account and its recent posts; safe to run twice (upserts)."""
    outcome = metrics.account_metrics_snapshot(account_id=account_id)
    if outcome.status == "retry":
        raise self.retry(countdown=outcome.retry_after)
    return outcome.status


@shared_task(ignore_result=True)
def snapshot_due_accounts() -> int:
    """The night's run (and the catch-up runs after it): one task per account still without
    today's snapshot, so that one failing account never holds up the others."""
    dispatched = 0
    for account_id in metrics.accounts_for_snapshot(only_missing=True):
        try:
            snapshot_account.delay(account_id)
        except Exception:  # broker down, or (eager, in tests) the account's own failure
            logger.exception("snapshot of account %s not dispatched", account_id)
            continue
        dispatched += 1
    return dispatched


@shared_task(ignore_result=True)
def refresh_account_token(account_id: int) -> str:
    """Renew one account's expiring access (compare-and-set: safe to run twice or at once);
    an unreachable platform is tried again at the next round."""
    return account_token_refresh(account_id=account_id).status


@shared_task(ignore_result=True)
def refresh_expiring_tokens() -> int:
    """Every few minutes: one task per account whose renewable access expires within the margin."""
    dispatched = 0
    for account_id in accounts_due_for_refresh():
        refresh_account_token.delay(account_id)
        dispatched += 1
    return dispatched
