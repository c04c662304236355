"""Daily snapshots of the official accounts: each account's audience (followers, YouTube
subscribers) and its own posts of the last RECENT_DAYS with their likes, comments, shares and
views, one row per account and per post per day (the region's date). Running again the same
day updates that day's rows; it never adds a second one. The year-end evaluation reads these
(posts per week, weeks without a post, interactions per post per 1,000 followers, growth)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from agencies.models import ConnectionStatus, OfficialAccount
from platforms.connectors.base import (
    AccountMetrics,
    QuotaExceeded,
    RateLimited,
    RecentPosts,
    Refused,
    TokenInvalid,
)
from platforms.connectors.registry import connector_for
from platforms.models import AccountMetricSnapshot, Post, PostMetricSnapshot, PostSource
from platforms.polling import LONGEST_COUNTDOWN, account_needs_attention

logger = logging.getLogger(__name__)

#: Platforms whose numbers Sigap reads (TikTok has no API: its posts are logged by hand;
#: WhatsApp has no public posts).
METRICS_PLATFORMS = ("x", "facebook", "instagram", "youtube")
#: Posts published in this many days are read again (and snapshotted) every day.
RECENT_DAYS = 30
#: A post published this close to the window's start may fall just outside the platform's
#: answer: never taken for removed.
REMOVAL_MARGIN = timedelta(hours=1)


@dataclass
class SnapshotOutcome:
    status: str  # stored, skipped, paused, needs_attention, failed, retry
    posts: int = 0
    new_posts: int = 0
    removed: int = 0
    followers: int | None = None
    retry_after: float | None = None
    detail: str = ""


def account_metrics_snapshot(*, account_id: int, recent_days: int = RECENT_DAYS) -> SnapshotOutcome:
    """Read one account's numbers and recent posts and store today's snapshots. Accounts
    without a token are never called; paused ones are left alone. An expired token marks the
    account for a person to reconnect; a refusal is reported without touching the account
    (intake may still work); a daily quota pauses the account (shared with polling). 5xx and
    timeouts raise Transient for the task to retry."""
    account = OfficialAccount.objects.select_related("agency").get(pk=account_id)
    connector = connector_for(account.platform)
    now = timezone.now()
    if connector is None or account.platform not in METRICS_PLATFORMS or not account.is_active:
        return SnapshotOutcome("skipped", detail="no API for this platform")
    if not account.has_token or not account.external_id:
        return SnapshotOutcome("skipped", detail="not connected")
    if account.paused_until and account.paused_until > now:
        return SnapshotOutcome("paused", detail=f"paused until {account.paused_until:%Y-%m-%d %H:%M} UTC")
    since = now - timedelta(days=recent_days)
    try:
        metrics = connector.fetch_account_metrics(account)
        recent = connector.fetch_recent_posts(account, since)
    except RateLimited as exc:
        if timedelta(seconds=exc.retry_after) <= LONGEST_COUNTDOWN:
            return SnapshotOutcome("retry", retry_after=exc.retry_after, detail="rate limited")
        # Not paused: the limit is per endpoint and polling has its own. A later run today
        # takes the accounts still without a snapshot.
        return SnapshotOutcome("failed", detail=f"rate limited for {exc.retry_after:.0f} s")
    except QuotaExceeded as exc:
        OfficialAccount.objects.filter(pk=account.pk).update(
            paused_until=exc.until, last_error=f"daily quota used up; resumes {exc.until:%Y-%m-%d %H:%M} UTC")
        return SnapshotOutcome("paused", detail=str(exc))
    except TokenInvalid as exc:
        account_needs_attention(account, f"access expired or revoked: {exc}")
        return SnapshotOutcome("needs_attention", detail=str(exc))
    except Refused as exc:
        logger.warning("metrics of account %s refused: %s", account.pk, exc)
        return SnapshotOutcome("failed", detail=f"refused by the platform: {exc}")
    return snapshot_store(account=account, metrics=metrics, recent=recent, since=since, now=now)


@transaction.atomic
def snapshot_store(
    *, account: OfficialAccount, metrics: AccountMetrics, recent: RecentPosts, since: datetime, now: datetime,
) -> SnapshotOutcome:
    """Upsert the account's snapshot, its posts and today's post snapshots in one
    transaction. A post read before and missing now (the list being complete) is marked
    removed; one that comes back is unmarked."""
    today = timezone.localdate(now)
    AccountMetricSnapshot.objects.bulk_create(
        [AccountMetricSnapshot(account=account, taken_on=today, taken_at=now, followers=metrics.followers,
                               following=metrics.following, posts_count=metrics.posts_count)],
        update_conflicts=True, unique_fields=["account", "taken_on"],
        update_fields=["taken_at", "followers", "following", "posts_count"],
    )
    read = {p.external_id: p for p in recent.posts}
    existing = set(Post.objects.filter(platform=account.platform, external_id__in=read)
                   .values_list("external_id", flat=True))
    Post.objects.bulk_create(
        [Post(account=account, platform=account.platform, external_id=data.external_id, text=data.text,
              url=data.url, published_at=data.published_at, kind=data.kind, source=PostSource.API)
         for external_id, data in read.items() if external_id not in existing],
        ignore_conflicts=True,  # another run wrote it meanwhile: updated below
    )
    posts = list(Post.objects.filter(platform=account.platform, external_id__in=read))
    changed = []
    for post in posts:
        data = read[post.external_id]
        values = {"text": data.text, "url": data.url or post.url, "published_at": data.published_at,
                  "kind": data.kind, "removed_at": None}
        if any(getattr(post, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(post, name, value)
            post.updated_at = now
            changed.append(post)
    Post.objects.bulk_update(changed, ["text", "url", "published_at", "kind", "removed_at", "updated_at"])
    PostMetricSnapshot.objects.bulk_create(
        [PostMetricSnapshot(post=post, taken_on=today, taken_at=now, likes=read[post.external_id].likes,
                            comments=read[post.external_id].comments, shares=read[post.external_id].shares,
                            views=read[post.external_id].views) for post in posts],
        update_conflicts=True, unique_fields=["post", "taken_on"],
        update_fields=["taken_at", "likes", "comments", "shares", "views"],
    )
    removed = 0
    if recent.complete:
        removed = (Post.objects.filter(account=account, source=PostSource.API, removed_at__isnull=True,
                                       published_at__gte=since + REMOVAL_MARGIN)
                   .exclude(external_id__in=read).update(removed_at=now, updated_at=now))
    return SnapshotOutcome("stored", posts=len(posts), new_posts=len(read) - len(existing), removed=removed,
                           followers=metrics.followers)


def accounts_for_snapshot(*, only_missing: bool = True, now: datetime | None = None) -> list[int]:
    """Accounts to read: active, connected with a token, on a platform with an API, not
    paused and not waiting for a person to reconnect them; with `only_missing`, only those
    without today's snapshot (the catch-up runs after the night's)."""
    now = now or timezone.now()
    qs = (
        OfficialAccount.objects.filter(is_active=True, access_token__isnull=False, external_id__isnull=False,
                                       platform__in=METRICS_PLATFORMS)
        .exclude(status=ConnectionStatus.NEEDS_ATTENTION)
        .exclude(paused_until__gt=now)
        .order_by("pk")
    )
    if only_missing:
        qs = qs.exclude(metric_snapshots__taken_on=timezone.localdate(now))
    return [a.pk for a in qs if a.has_token]
