"""What Sigap measures for the evaluation, per agency over the period: responsiveness from the
leaderboard's rollups, activity and engagement from the agencies' own posts and their metric
snapshots, governance from the registered official accounts. `gather` returns plain JSON (the
run's inputs); nothing here scores or ranks (that is scoring.py)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, OfficialAccount, Platform
from platforms.models import AccountMetricSnapshot, Post, PostKind, PostMetricSnapshot
from rankings.contract import Period
from rankings.rollups import day_start, wib_day

#: Platforms an agency publishes on (WhatsApp is for conversations, not posts).
POSTING_PLATFORMS = [p for p in Platform.values if p != Platform.WHATSAPP]
#: The rubric's floor for activity: two posts a week on each account.
POSTS_PER_WEEK_FLOOR = 2
#: Follower bands within which engagement is compared.
BANDS = ((0, "< 1.000"), (1_000, "1.000–9.999"), (10_000, "10.000–99.999"), (100_000, "≥ 100.000"))


@dataclass(frozen=True)
class Indicator:
    label: Any
    unit: Any
    higher_is_better: bool
    advice: Any  # what an agency weak on it can do
    by_band: bool = False  # normalised within the agency's follower band


INDICATORS: dict[str, Indicator] = {
    "response_median": Indicator(
        _("Median first response in working time"), _("working minutes"), False,
        _("Answer citizens sooner: share the inbox among staff and reply first, then follow up.")),
    "within_target": Indicator(
        _("Complaints answered within target"), "%", True,
        _("Keep someone on the inbox during working hours so that answers come before the deadline.")),
    "answered_share": Indicator(
        _("Complaints answered by the agency or its head"), "%", True,
        _("Answer every complaint you are tagged on, even when only to say it is being handled.")),
    "resolved_share": Indicator(
        _("Complaints resolved"), "%", True,
        _("Close complaints when the work is done and tell the citizen.")),
    "posting_rate": Indicator(
        _("Posts per week against the floor of 2 on each account"), "%", True,
        _("Plan at least two posts a week on every official account.")),
    "active_weeks": Indicator(
        _("Weeks with at least one post"), "%", True,
        _("Keep a content calendar so that no week passes without a post.")),
    "longest_gap": Indicator(
        _("Longest time without a post"), _("days"), False,
        _("Avoid silences longer than 14 days; schedule posts ahead for holidays.")),
    "engagement": Indicator(
        _("Interactions per post per 1,000 followers (log scale, within follower band)"), "log₁₀", True,
        _("Post what citizens need to know, ask questions, answer comments."), by_band=True),
    "follower_growth": Indicator(
        _("Follower growth"), "%", True,
        _("Link the accounts from the agency's website and services; post regularly.")),
    "platform_coverage": Indicator(
        _("Expected platforms with a registered official account"), "%", True,
        _("Register an official account on every platform the agency is expected to use.")),
    "verified": Indicator(
        _("Official accounts verified by the platform"), "%", True,
        _("Apply for the platform's verified badge for each official account.")),
    "profile_complete": Indicator(
        _("Official accounts with a complete profile"), "%", True,
        _("Complete each account's name and profile link.")),
}


def band_of(followers: int | None) -> str:
    label = BANDS[0][1]
    for floor, name in BANDS:
        if followers is not None and followers >= floor:
            label = name
    return label


Progress = Callable[[int, str], None]


def gather(period_start: date, period_end: date, agency_ids: list[int], progress: Progress | None = None,
           *, chunk: int = 10) -> dict[str, Any]:
    """Every indicator of every agency: {"indicators": {agency id: {key: value or None}},
    "details": {agency id: {...figures shown on the report card}}, "bands": {agency id: band}}.
    Keys are strings (JSON)."""
    from rankings.leaderboard import leaderboard

    report = progress or (lambda _p, _s: None)
    indicators: dict[str, dict[str, float | None]] = {str(a): {} for a in agency_ids}
    details: dict[str, dict[str, Any]] = {str(a): {} for a in agency_ids}
    bands: dict[str, str] = {}

    report(5, "responsiveness")
    board = leaderboard(Period(period_start, period_end))
    for row in board.rows:
        key = str(row.agency_id)
        if key not in indicators:
            continue
        indicators[key].update({
            "response_median": row.median_first_response_minutes,
            "within_target": _pct(row.within_target_share),
            "answered_share": _pct(row.responded_share),
            "resolved_share": _pct(row.resolved_share),
        })
        details[key].update({"received": row.received, "responded": row.responded,
                             "within_target": row.responded_within_target, "resolved": row.resolved})

    for start in range(0, len(agency_ids), chunk):
        part = agency_ids[start:start + chunk]
        report(10 + int(85 * start / max(1, len(agency_ids))), "posts")
        _posts_and_accounts(part, period_start, period_end, indicators, details, bands)
    report(95, "scoring")
    return {"indicators": indicators, "details": details, "bands": bands}


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100


def _posts_and_accounts(agency_ids: list[int], start: date, end: date, indicators: dict, details: dict,
                        bands: dict) -> None:
    days = (end - start).days + 1
    weeks_in_period = days / 7
    week_starts = _weeks(start, end)
    accounts = list(OfficialAccount.objects.filter(agency_id__in=agency_ids, is_active=True)
                    .values("pk", "agency_id", "platform", "display_name", "profile_url", "is_platform_verified"))
    expected = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "expected_platforms"))
    followers_end = _followers(accounts, Q(taken_on__lte=end), "-taken_on")
    followers_start = _followers(accounts, Q(taken_on__gte=start, taken_on__lte=end), "taken_on")

    interactions = (PostMetricSnapshot.objects.filter(post=OuterRef("pk")).order_by("-taken_on", "-pk")
                    .annotate(total=Coalesce("likes", Value(0)) + Coalesce("comments", Value(0))
                              + Coalesce("shares", Value(0)))
                    .values("total")[:1])
    posts = (Post.objects.filter(account__agency_id__in=agency_ids, removed_at__isnull=True,
                                 published_at__gte=day_start(start), published_at__lt=day_start(end + timedelta(days=1)))
             .exclude(kind=PostKind.REPLY)
             .annotate(interactions=Subquery(interactions))
             .values_list("account__agency_id", "account_id", "published_at", "interactions").order_by())
    per_account: dict[int, int] = defaultdict(int)
    post_days: dict[int, set[date]] = defaultdict(set)
    agency_posts: dict[int, int] = defaultdict(int)
    agency_interactions: dict[int, int] = defaultdict(int)
    for agency_id, account_id, published_at, total in posts.iterator(chunk_size=5000):
        per_account[account_id] += 1
        post_days[agency_id].add(wib_day(published_at))
        agency_posts[agency_id] += 1
        agency_interactions[agency_id] += total or 0

    by_agency: dict[int, list[dict]] = defaultdict(list)
    for account in accounts:
        by_agency[account["agency_id"]].append(account)

    for agency_id in agency_ids:
        key = str(agency_id)
        mine = by_agency.get(agency_id, [])
        posting = [a for a in mine if a["platform"] in POSTING_PLATFORMS]
        rates = [min(per_account.get(a["pk"], 0) / weeks_in_period / POSTS_PER_WEEK_FLOOR, 1.0) for a in posting]
        active = {d - timedelta(days=d.weekday()) for d in post_days.get(agency_id, ())}
        ordered = sorted(post_days.get(agency_id, ()))
        edges = [start - timedelta(days=1), *ordered, end + timedelta(days=1)]
        gap = max((b - a).days - 1 for a, b in pairwise(edges))
        f_end = _sum([followers_end.get(a["pk"]) for a in posting])
        both = [a for a in posting if followers_end.get(a["pk"]) is not None and followers_start.get(a["pk"])]
        f_start_both = sum(followers_start[a["pk"]] for a in both)
        f_end_both = sum(followers_end[a["pk"]] for a in both)
        n_posts = agency_posts.get(agency_id, 0)
        per_post_per_1000 = (agency_interactions[agency_id] / n_posts / (f_end / 1000)
                             if n_posts and f_end else None)
        wanted = set(expected.get(agency_id) or [])
        registered = {a["platform"] for a in mine}
        indicators[key].update({
            "posting_rate": sum(rates) / len(rates) * 100 if rates else None,
            "active_weeks": len(active & set(week_starts)) / len(week_starts) * 100,
            "longest_gap": float(gap),
            "engagement": math.log10(1 + per_post_per_1000) if per_post_per_1000 is not None else None,
            "follower_growth": (f_end_both - f_start_both) / f_start_both * 100 if f_start_both else None,
            "platform_coverage": len(wanted & registered) / len(wanted) * 100 if wanted else None,
            "verified": sum(1 for a in mine if a["is_platform_verified"]) / len(mine) * 100 if mine else None,
            "profile_complete": (sum(1 for a in mine if a["display_name"] and a["profile_url"]) / len(mine) * 100
                                 if mine else None),
        })
        details[key].update({
            "posts": n_posts, "accounts": len(mine), "posting_accounts": len(posting),
            "followers": f_end, "interactions": agency_interactions.get(agency_id, 0),
            "interactions_per_post_per_1000": per_post_per_1000,
            "expected_platforms": sorted(wanted), "registered_platforms": sorted(registered),
            "weeks": len(week_starts), "active_weeks": len(active & set(week_starts)),
        })
        bands[key] = band_of(f_end)


def _weeks(start: date, end: date) -> list[date]:
    """Monday of every week that has a day in the period."""
    first = start - timedelta(days=start.weekday())
    return [first + timedelta(days=7 * i) for i in range(((end - first).days // 7) + 1)]


def _followers(accounts: list[dict], condition: Q, order: str) -> dict[int, int]:
    """Followers of each account from its first (or last) snapshot matching `condition`."""
    found: dict[int, int] = {}
    for account_id, followers in (AccountMetricSnapshot.objects
                                  .filter(condition, account_id__in=[a["pk"] for a in accounts],
                                          followers__isnull=False)
                                  .order_by("account_id", order).values_list("account_id", "followers")):
        found.setdefault(account_id, followers)
    return found


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None
