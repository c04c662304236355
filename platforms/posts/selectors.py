"""Reads about an agency's posts and audience, and the one gate for its posts page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import AnyUser, Roles, roles_of
from agencies.models import Agency, OfficialAccount
from platforms.models import AccountMetricSnapshot, Post, PostMetricSnapshot, PostSource

#: A post's trend shows at most this many daily readings (the newest).
TREND_POINTS = 30
#: Followers are drawn over this many days.
AUDIENCE_DAYS = 90


def may_log_posts(roles: Roles, agency: Agency) -> bool:
    """The agency's own people and the communications office log and correct posts; the
    mayor's office reads them."""
    return roles.registrar or roles.member_of(agency.pk)


def posts_agency_get_for_user(user: AnyUser, slug: str, *, for_change: bool = False) -> Agency:
    """The agency whose posts `user` may see: its staff and head, leaders and the
    communications office. Anyone else gets 404; leaders get 403 when `for_change`."""
    roles = roles_of(user)
    if not roles.has_any:
        raise Http404
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None or not (roles.region_wide or roles.member_of(agency.pk)):
        raise Http404
    if not agency.is_active and not roles.region_wide:
        raise Http404
    if for_change and not may_log_posts(roles, agency):
        raise PermissionDenied
    return agency


def post_get_for_change(user: AnyUser, slug: str, pk: int) -> Post:
    """A post logged by hand, for someone who may log the agency's posts. Posts read from
    the platform are corrected by the next reading, never by hand (403)."""
    agency = posts_agency_get_for_user(user, slug, for_change=True)
    post = Post.objects.select_related("account").filter(pk=pk, account__agency=agency).first()
    if post is None:
        raise Http404
    if post.source != PostSource.MANUAL:
        raise PermissionDenied
    return post


def agency_accounts(agency: Agency) -> QuerySet[OfficialAccount]:
    return OfficialAccount.objects.filter(agency=agency).order_by("platform", "handle")


def post_list(*, agency: Agency, account_id: int | None = None, include_removed: bool = False) -> QuerySet[Post]:
    qs = Post.objects.filter(account__agency=agency).select_related("account", "created_by")
    if account_id:
        qs = qs.filter(account_id=account_id)
    if not include_removed:
        qs = qs.filter(removed_at__isnull=True)
    return qs.order_by("-published_at", "-pk")


@dataclass
class PostRow:
    post: Post
    latest: PostMetricSnapshot | None = None
    interactions: list[int | None] = field(default_factory=list)

    @property
    def latest_interactions(self) -> int | None:
        return self.interactions[-1] if self.interactions else None


def _interactions(snapshot: PostMetricSnapshot) -> int | None:
    parts = [snapshot.likes, snapshot.comments, snapshot.shares]
    if all(p is None for p in parts):
        return None
    return sum(p or 0 for p in parts)


def post_rows(posts: Sequence[Post]) -> list[PostRow]:
    """Each post with its latest numbers and the trend of its interactions (likes + comments
    + shares), oldest reading first. One query for the snapshots of the whole page."""
    rows = {post.pk: PostRow(post=post) for post in posts}
    readings: dict[int, list[PostMetricSnapshot]] = defaultdict(list)
    for snapshot in PostMetricSnapshot.objects.filter(post_id__in=rows).order_by("post_id", "taken_on"):
        readings[snapshot.post_id].append(snapshot)
    for post_id, snapshots in readings.items():
        row = rows[post_id]
        row.latest = snapshots[-1]
        row.interactions = [_interactions(s) for s in snapshots[-TREND_POINTS:]]
    return [rows[post.pk] for post in posts]


@dataclass
class Audience:
    account: OfficialAccount
    series: list[int | None]
    latest: AccountMetricSnapshot | None = None
    first: AccountMetricSnapshot | None = None

    @property
    def change(self) -> int | None:
        if self.latest is None or self.first is None or self.latest.followers is None or self.first.followers is None:
            return None
        return self.latest.followers - self.first.followers


def account_audiences(*, agency: Agency, days: int = AUDIENCE_DAYS, today: date | None = None) -> list[Audience]:
    """Followers of each of the agency's accounts over the last `days` days (one value per
    day, None where no reading), with the change from the first reading in that window."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    accounts = list(agency_accounts(agency).filter(is_active=True))
    by_account: dict[int, dict[date, AccountMetricSnapshot]] = defaultdict(dict)
    for snapshot in AccountMetricSnapshot.objects.filter(
        account__in=accounts, taken_on__gte=start, taken_on__lte=today,
    ).order_by("account_id", "taken_on"):
        by_account[snapshot.account_id][snapshot.taken_on] = snapshot
    audiences = []
    for account in accounts:
        readings = by_account.get(account.pk, {})
        series = [readings[d].followers if d in readings else None
                  for d in (start + timedelta(days=i) for i in range(days))]
        ordered = [readings[d] for d in sorted(readings)]
        audiences.append(Audience(account=account, series=series, latest=ordered[-1] if ordered else None,
                                  first=ordered[0] if ordered else None))
    return audiences
