"""One polling round of one official account: fetch since the cursor, store every page and
its items, and only then move the cursor (in the same transaction): a crash re-reads and the
store's uniqueness drops what was already there."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agencies.models import ConnectionStatus, OfficialAccount
from platforms.connectors.base import PollResult, QuotaExceeded, RateLimited, Refused, TokenInvalid
from platforms.connectors.registry import connector_for
from platforms.oauth.services import access_needs_refresh, account_token_refresh
from platforms.services import store_delivery

logger = logging.getLogger(__name__)

#: A wait longer than this is stored on the account (paused_until) instead of being held as
#: a task countdown (Redis redelivers long countdowns; the scheduler honours paused_until).
LONGEST_COUNTDOWN = timedelta(minutes=5)
#: Platforms whose own-posts timeline is read in the same round as the mentions (Facebook and
#: Instagram backfill already reads every comment under our posts, ours included; YouTube's
#: comment threads carry our replies).
OWN_POSTS_PLATFORMS = ("x",)
POLLED_PLATFORMS = ("x", "youtube", "facebook", "instagram")


@dataclass
class PollOutcome:
    status: str  # polled, skipped, paused, needs_attention, retry
    items: int = 0
    new_items: int = 0
    retry_after: float | None = None
    detail: str = ""


def account_poll(*, account_id: int) -> PollOutcome:
    account = OfficialAccount.objects.select_related("agency").get(pk=account_id)
    connector = connector_for(account.platform)
    now = timezone.now()
    if connector is None or not account.is_active:
        return PollOutcome("skipped", detail="no polling for this platform")
    if not account.has_token or not account.external_id:
        return PollOutcome("skipped", detail="not connected")  # never call without a token
    if account.paused_until and account.paused_until > now:
        return PollOutcome("paused", detail=f"paused until {account.paused_until:%Y-%m-%d %H:%M} UTC")
    if access_needs_refresh(account, now=now):  # X user access lasts 2 hours: renew it first
        renewed = account_token_refresh(account_id=account.pk)
        if renewed.status == "needs_attention":
            return PollOutcome("needs_attention", detail=renewed.detail)
        if renewed.status == "retry":
            return PollOutcome("retry", retry_after=60.0, detail=f"access not renewed yet: {renewed.detail}")
        account = OfficialAccount.objects.select_related("agency").get(pk=account_id)
    try:
        result = connector.fetch_mentions(account, dict(account.cursor or {}))
        if account.platform in OWN_POSTS_PLATFORMS:
            # The account's own posts and replies: an agency answering a citizen directly on
            # the platform is its first response (webhooks may be missing or late).
            own = connector.fetch_own_posts(account, {**(account.cursor or {}), **result.cursor})
            result = PollResult(pages=result.pages + own.pages, cursor={**result.cursor, **own.cursor})
    except RateLimited as exc:
        wait = timedelta(seconds=exc.retry_after)
        if wait > LONGEST_COUNTDOWN:
            _pause(account, now + wait, f"rate limited until {(now + wait):%H:%M} UTC")
            return PollOutcome("paused", retry_after=exc.retry_after)
        # Honoured by the scheduler too, so that no second poll starts during the wait.
        OfficialAccount.objects.filter(pk=account.pk).update(paused_until=now + wait)
        return PollOutcome("retry", retry_after=exc.retry_after, detail="rate limited")
    except QuotaExceeded as exc:
        _pause(account, exc.until, f"daily quota used up; resumes {exc.until:%Y-%m-%d %H:%M} UTC")
        return PollOutcome("paused", detail=str(exc))
    except TokenInvalid as exc:
        account_needs_attention(account, f"access expired or revoked: {exc}")
        return PollOutcome("needs_attention", detail=str(exc))
    except Refused as exc:
        account_needs_attention(account, f"refused by the platform: {exc}")
        return PollOutcome("needs_attention", detail=str(exc))
    new = 0
    with transaction.atomic():
        for page in result.pages:
            stored = store_delivery(platform=account.platform, source="poll", body=page.body,
                                    headers={"x-sigap-url": _without_secrets(page.url)}, items=page.items,
                                    account=account)
            new += len(stored.new_item_ids)
        OfficialAccount.objects.filter(pk=account.pk).update(
            cursor=result.cursor, last_polled_at=timezone.now(), last_error="",
            status=ConnectionStatus.CONNECTED, paused_until=None,
        )
    return PollOutcome("polled", items=len(result.items), new_items=new)


def _without_secrets(url: str) -> str:
    return re.sub(r"([?&](?:key|access_token)=)[^&]*", r"\1…", url)


def _pause(account: OfficialAccount, until: object, reason: str) -> None:
    OfficialAccount.objects.filter(pk=account.pk).update(paused_until=until, last_error=reason)


def account_needs_attention(account: OfficialAccount, reason: str) -> None:
    logger.warning("account %s needs attention: %s", account.pk, reason)
    OfficialAccount.objects.filter(pk=account.pk).update(
        status=ConnectionStatus.NEEDS_ATTENTION, last_error=reason[:500]
    )


def accounts_due(*, now: object = None) -> list[int]:
    """Accounts whose turn has come: active, connected with a token, not paused, last polled
    more than SIGAP_POLL_SECONDS ago. Accounts needing attention are left alone until a
    person reconnects them (no hammering)."""
    now = now or timezone.now()
    interval = timedelta(seconds=settings.SIGAP_POLL_SECONDS)
    qs = (
        OfficialAccount.objects.filter(is_active=True, access_token__isnull=False,
                                       external_id__isnull=False, platform__in=POLLED_PLATFORMS)
        .exclude(status=ConnectionStatus.NEEDS_ATTENTION)
        .exclude(paused_until__gt=now)
    )
    return [a.pk for a in qs if a.has_token and (a.last_polled_at is None or a.last_polled_at <= now - interval)]
