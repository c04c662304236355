"""The mayor's leaderboard over a period (rankings.contract): from the rollups for pages, API
and exports; straight from the complaints (`leaderboard_from_complaints`) as the reference the
tests hold the rollups to. DESIGN.md, "What the numbers mean", defines every figure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cmp_to_key
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from agencies.models import Agency
from complaints.models import Complaint, Status
from rankings import figures
from rankings.contract import Board, Filters, Period, Row
from rankings.rollups import (
    ALL,
    MEASURED,
    TALLY_FIELDS,
    Tally,
    as_of,
    counted,
    day_start,
    generation,
    unsettled_due_before,
    wib_day,
)

OPEN_STATUSES = (Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD)
RULE = ("Score = 100 × the Wilson lower bound (z = 1.96) of the share of complaints and questions answered "
        "within target; equal scores share a rank (1, 2, 2, 4); agencies that received nothing have no rank.")


@dataclass
class _Agg:
    """One agency's figures being added up over a period."""

    received: int = 0
    responded: int = 0
    within_target: int = 0
    # {working minutes: complaints}, keyed as the source gives them ("17" from the JSON of the
    # rollups): adding up a year of rows is the hot loop, so keys become ints only once, at the end.
    raw_response: dict[int | str, int] = field(default_factory=dict)
    raw_ack: dict[int | str, int] = field(default_factory=dict)
    resolved: int = 0
    open_overdue: int = 0  # overdue as of a past period's end
    # For a period still running: complaints received before this month (rows that ended before
    # it), due before today and neither answered nor resolved; the rest come from the
    # complaints (_overdue_this_month, _overdue_today).
    overdue_before_today: int = 0
    weeks: dict[date, list[int]] = field(default_factory=dict)  # week start -> [within, received]

    def add(self, tally: Tally, end: date, horizon: date | None = None, today: date | None = None) -> None:
        self.received += tally.received
        self.responded += tally.responded
        self.within_target += tally.within_target
        for into, other in ((self.raw_response, tally.response_minutes), (self.raw_ack, tally.ack_minutes)):
            get = into.get
            for minute, n in other.items():
                into[minute] = get(minute, 0) + n
        resolved, overdue = as_of(tally.states, end)
        self.resolved += resolved
        self.open_overdue += overdue
        if today is not None and horizon is not None and horizon < today.replace(day=1):
            self.overdue_before_today += unsettled_due_before(tally.states, today)

    @property
    def response(self) -> dict[int, int]:
        return _int_keys(self.raw_response)

    @property
    def ack(self) -> dict[int, int]:
        return _int_keys(self.raw_ack)


def _int_keys(histogram: dict[int | str, int]) -> dict[int, int]:
    result: dict[int, int] = {}
    figures.histogram_add(result, histogram)
    return result


def _running(period: Period, now: datetime) -> bool:
    """Open and overdue are taken at the period's end, or now while the period runs."""
    return now < day_start(period.end + timedelta(days=1))


def _period_q(period: Period, filters: Filters) -> Q:
    q = counted() & Q(received_at__gte=day_start(period.start), received_at__lt=day_start(period.end + timedelta(days=1)))
    if filters.platform:
        q &= Q(platform=filters.platform)
    if filters.category:
        q &= Q(category=filters.category)
    return q


def _overdue_now(period: Period, filters: Filters, now: datetime) -> dict[int, int]:
    """For a period still running: open complaints past their due time with no first response
    yet. A small set (open ones only), found by index."""
    rows = (Complaint.objects.filter(_period_q(period, filters))
            .filter(status__in=OPEN_STATUSES, first_response_at__isnull=True, due_at__lt=now)
            .values("agency_id").order_by().annotate(n=Count("id")).values_list("agency_id", "n"))
    return dict(rows)


def _unanswered(period: Period, filters: Filters) -> Any:
    return (Complaint.objects.filter(_period_q(period, filters))
            .filter(status__in=OPEN_STATUSES, first_response_at__isnull=True))


def _count_by_agency(rows: Any) -> dict[int, int]:
    return dict(rows.values("agency_id").order_by().annotate(n=Count("id")).values_list("agency_id", "n"))


def _overdue_this_month(period: Period, filters: Filters, today: date) -> dict[int, int]:
    """For a period still running: complaints received this month before today that are open,
    unanswered and were due before today — what the rows before this month cannot tell. It
    changes only with the complaints (which move the rollups' generation) and the day, so it is
    cached with the totals. Found through the partial index on unanswered complaints by receipt."""
    first_of_today = day_start(today)
    return _count_by_agency(_unanswered(period, filters).filter(
        received_at__gte=day_start(today.replace(day=1)), received_at__lt=first_of_today,
        due_at__lt=first_of_today))


def _overdue_today(period: Period, filters: Filters, now: datetime) -> dict[int, int]:
    """For a period still running: open, unanswered complaints past due that neither the rows
    nor this month's cached count hold — those that fell due today before now, whenever
    received (the rows know the day of a due time, not the time), and those received today
    (whose due time, if a corrected receipt put it before today, no earlier part counts). Small
    sets, found through the partial indexes on unanswered complaints; never cached."""
    first_of_today = day_start(wib_day(now))
    unanswered = _unanswered(period, filters)
    # Two disjoint reads, each on its own index (one query with OR reads far more at 10M).
    result = _count_by_agency(unanswered.filter(due_at__gte=first_of_today, due_at__lt=now))
    figures.histogram_add(result, _count_by_agency(unanswered.filter(
        received_at__gte=first_of_today, received_at__lt=now, due_at__lt=first_of_today)))
    return result


def _narrow(rows: Any, filters: Filters) -> Any:
    if filters.platform:
        rows = rows.filter(platform=filters.platform)
    return rows.filter(category=filters.category) if filters.category else rows.filter(category__in=MEASURED)


def _full_months(period: Period) -> tuple[date, date] | None:
    """The first day of the first and of the last whole calendar month inside the period."""
    first = period.start if period.start.day == 1 else (period.start.replace(day=1) + timedelta(days=32)).replace(day=1)
    after_end = period.end + timedelta(days=1)
    last = (after_end.replace(day=1) - timedelta(days=1)).replace(day=1)
    return (first, last) if first <= last else None


def _tallies(qs: Any, horizon_of: Callable[[date], date]) -> Iterable[tuple[int, Tally, date]]:
    for agency_id, start, *values in (qs.values_list("agency_id", qs.model.SPAN, *TALLY_FIELDS).order_by()
                                      .iterator(chunk_size=5000)):
        yield agency_id, Tally(*values), horizon_of(start)


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _from_rollups(period: Period, filters: Filters) -> Iterable[tuple[int, Tally, date]]:
    """(agency, tally, last day the row covers): whole months from the monthly rows, the days at
    either edge from the daily rows."""
    from rankings.models import DailyRollup, MonthlyRollup

    def same_day(day: date) -> date:
        return day

    months = _full_months(period)
    if months is None:
        yield from _tallies(_narrow(DailyRollup.objects.filter(day__gte=period.start, day__lte=period.end), filters),
                            same_day)
        return
    first, last = months
    after_last = (last + timedelta(days=32)).replace(day=1)
    months_rows = MonthlyRollup.objects.filter(month__gte=first, month__lte=last)
    if not filters.platform and not filters.category:
        months_rows = months_rows.filter(platform=ALL[0], category=ALL[1])
    else:
        months_rows = _narrow(months_rows, filters)  # never the ALL rows: their category is ""
    yield from _tallies(months_rows, _month_end)
    edges = DailyRollup.objects.filter(
        Q(day__gte=period.start, day__lt=first) | Q(day__gte=after_last, day__lte=period.end))
    yield from _tallies(_narrow(edges, filters), same_day)


def _weeks_from_rollups(period: Period, filters: Filters) -> Iterable[tuple[int, date, int, int]]:
    from django.db.models import Sum
    from django.db.models.functions import TruncWeek

    from rankings.models import DailyRollup

    rows = (_narrow(DailyRollup.objects.filter(day__gte=period.start, day__lte=period.end), filters)
            .annotate(week=TruncWeek("day")).values("agency_id", "week").order_by()
            .annotate(within=Sum("within_target"), received=Sum("received")))
    for row in rows:
        week = row["week"]
        yield row["agency_id"], week.date() if isinstance(week, datetime) else week, row["within"], row["received"]


def _from_complaints(period: Period, filters: Filters) -> Iterable[tuple[int, Tally, date]]:
    from rankings.rollups import FIELDS

    for row in (Complaint.objects.filter(_period_q(period, filters)).values(*FIELDS).order_by()
                .iterator(chunk_size=5000)):
        tally = Tally()
        tally.add_complaint(row)
        yield row["agency_id"], tally, wib_day(row["received_at"])


def _weeks_from_complaints(period: Period, filters: Filters) -> Iterable[tuple[int, date, int, int]]:
    for agency_id, received_at, within in (Complaint.objects.filter(_period_q(period, filters))
                                           .values_list("agency_id", "received_at", "within_target").order_by()
                                           .iterator(chunk_size=5000)):
        day = wib_day(received_at)
        yield agency_id, day - timedelta(days=day.weekday()), int(bool(within)), 1


Source = Callable[[Period, Filters], Iterable[tuple[int, Tally, date]]]
Weeks = Callable[[Period, Filters], Iterable[tuple[int, date, int, int]]]


@dataclass
class _Figures:
    """One agency's figures over a period as the rollups (or complaints) give them, before the
    ranking and before what depends on the clock (overdue now): what is cached."""

    received: int
    responded: int
    within_target: int
    median: float | None
    p90: int | None
    ack_median: float | None
    resolved: int
    open_overdue: int
    overdue_before_today: int
    weeks: dict[date, list[int]]


@dataclass
class _Totals:
    agencies: dict[int, _Figures]
    region_median: float | None
    overdue_this_month: dict[int, int] = field(default_factory=dict)  # a running period's, by agency


#: How long a board computed from the rollups is kept; the generation in its key already makes
#: any change to the rollups a miss, this only bounds what a restored database could meet.
CACHE_SECONDS = 3600


def _totals(source: Source, weeks: Weeks, period: Period, filters: Filters, trend: bool,
            today: date | None = None) -> _Totals:
    aggs: dict[int, _Agg] = defaultdict(_Agg)
    for agency_id, tally, horizon in source(period, filters):
        aggs[agency_id].add(tally, period.end, horizon, today)
    if trend:
        for agency_id, week, within, received in weeks(period, filters):
            counts = aggs[agency_id].weeks.setdefault(week, [0, 0])
            counts[0] += within
            counts[1] += received
    region: dict[int, int] = {}
    result: dict[int, _Figures] = {}
    for agency_id, agg in aggs.items():
        response = agg.response
        figures.histogram_add(region, response)
        result[agency_id] = _Figures(
            received=agg.received, responded=agg.responded, within_target=agg.within_target,
            median=figures.median(response), p90=figures.percentile_nearest_rank(response),
            ack_median=figures.median(agg.ack), resolved=agg.resolved, open_overdue=agg.open_overdue,
            overdue_before_today=agg.overdue_before_today, weeks=agg.weeks)
    return _Totals(agencies=result, region_median=figures.median(region))


def _cached_totals(source: Source, weeks: Weeks, period: Period, filters: Filters, trend: bool,
                   today: date | None) -> _Totals:
    """Totals from the rollups are cached under the rollups' generation (and the day, while the
    period runs): the first request after any rollup row changed computes them again, the
    others read them back."""
    if source is not _from_rollups:
        return _totals(source, weeks, period, filters, trend)
    # The version names the shape of what is cached: change it with `_Totals` or `_Figures`, so
    # that entries written by the code before a deploy are never read back.
    key = (f"leaderboard:v2:{generation()}:{period.start.isoformat()}:{period.end.isoformat()}:"
           f"{filters.platform}:{filters.category}:{int(trend)}:{today.isoformat() if today else ''}")
    found = cache.get(key)
    if found is None:
        found = _totals(source, weeks, period, filters, trend, today)
        if today is not None:
            found.overdue_this_month = _overdue_this_month(period, filters, today)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _board(source: Source, weeks: Weeks, period: Period, filters: Filters, now: datetime, trend: bool) -> Board:
    running = _running(period, now)
    today = wib_day(now) if running else None
    totals = _cached_totals(source, weeks, period, filters, trend, today)
    overdue_now: dict[int, int] = {}
    if running and source is _from_rollups:
        # Overdue now = due before today (the rows before this month, and this month's
        # complaints; both cached) + due today before now (never cached).
        overdue_now = _overdue_today(period, filters, now)
        figures.histogram_add(overdue_now, totals.overdue_this_month)
        figures.histogram_add(overdue_now, {agency_id: f.overdue_before_today
                                            for agency_id, f in totals.agencies.items() if f.overdue_before_today})
    elif running:
        overdue_now = _overdue_now(period, filters, now)
    agencies = {a.pk: a for a in Agency.objects.filter(Q(pk__in=list(totals.agencies)) | Q(is_active=True))}
    nothing = _Figures(0, 0, 0, None, None, None, 0, 0, 0, {})
    rows: list[Row] = []
    for agency_id, agency in agencies.items():
        agg = totals.agencies.get(agency_id, nothing)
        received = agg.received
        row = Row(
            agency_id=agency_id, agency_slug=agency.slug, agency_name=agency.name,
            agency_short_name=agency.short_name, received=received, responded=agg.responded,
            responded_within_target=agg.within_target,
            median_first_response_minutes=agg.median, p90_first_response_minutes=agg.p90,
            median_head_ack_minutes=agg.ack_median,
            open=received - agg.resolved,
            overdue=overdue_now.get(agency_id, 0) if running else agg.open_overdue,
            resolved=agg.resolved, score=figures.score(agg.within_target, received), rank=None,
            within_target_share=agg.within_target / received if received else None,
            responded_share=agg.responded / received if received else None,
            resolved_share=agg.resolved / received if received else None,
        )
        if trend:
            row.trend = _weekly(period, agg.weeks)
        rows.append(row)
    region_trend: list[tuple[date, float | None]] = []
    if trend:
        by_week: dict[date, list[int]] = {}
        for agg in totals.agencies.values():
            for week, (within, received) in agg.weeks.items():
                counts = by_week.setdefault(week, [0, 0])
                counts[0] += within
                counts[1] += received
        region_trend = _weekly(period, by_week)
    ranked = [r for r in rows if r.received]
    unranked = sorted((r for r in rows if not r.received), key=lambda r: r.agency_name)
    ranked.sort(key=cmp_to_key(_better_first))
    for row, rank in zip(ranked, figures.ranks((r.responded_within_target, r.received) for r in ranked), strict=True):
        row.rank = rank
    return Board(period=period, filters=filters, ranked=ranked, unranked=unranked,
                 region_median_first_response_minutes=totals.region_median, generated_at=now,
                 region_trend=region_trend)


def _better_first(a: Row, b: Row) -> int:
    """Score descending, compared exactly (never the floats), then agency name."""
    by_score = figures.compare_scores((b.responded_within_target, b.received), (a.responded_within_target, a.received))
    return by_score or (a.agency_name > b.agency_name) - (a.agency_name < b.agency_name)


def _weekly(period: Period, weeks: dict[date, list[int]]) -> list[tuple[date, float | None]]:
    first = period.start - timedelta(days=period.start.weekday())
    result = []
    week = first
    while week <= period.end:
        within, received = weeks.get(week, (0, 0))
        result.append((week, within / received if received else None))
        week += timedelta(days=7)
    return result


def _build(source: Source, weeks: Weeks, period: Period, filters: Filters | None, now: datetime | None,
           compare: bool, trend: bool) -> Board:
    filters = filters or Filters()
    now = now or timezone.now()
    board = _board(source, weeks, period, filters, now, trend)
    if compare:
        before = {r.agency_id: r for r in _board(source, weeks, period.previous(), filters, now, False).rows}
        for row in board.rows:
            old = before.get(row.agency_id)
            if old is not None:
                row.previous_score, row.previous_rank = old.score, old.rank
                row.previous_median_first_response_minutes = old.median_first_response_minutes
    return board


def leaderboard(period: Period, filters: Filters | None = None, *, now: datetime | None = None,
                compare: bool = False, trend: bool = False) -> Board:
    """The leaderboard from the rollups (never scans complaints, apart from the open ones of a
    period still running)."""
    return _build(_from_rollups, _weeks_from_rollups, period, filters, now, compare, trend)


def leaderboard_from_complaints(period: Period, filters: Filters | None = None, *, now: datetime | None = None,
                                compare: bool = False, trend: bool = False) -> Board:
    """The same board straight from the complaints: the reference for the rollups."""
    return _build(_from_complaints, _weeks_from_complaints, period, filters, now, compare, trend)


def response_histogram(period: Period, filters: Filters | None = None, agency_id: int | None = None,
                       *, buckets: tuple[int, ...] = (0, 15, 30, 60, 120, 240, 480, 960, 2400)) -> list[tuple[int, int]]:
    """(bucket lower bound in working minutes, first responses) for the distribution chart."""
    filters = filters or Filters()
    counts = dict.fromkeys(buckets, 0)
    for row_agency, tally, _horizon in _from_rollups(period, filters):
        if agency_id is not None and row_agency != agency_id:
            continue
        for minute, n in tally.response_minutes.items():
            bucket = max(b for b in buckets if b <= int(minute))
            counts[bucket] += n
    return sorted(counts.items())


def as_api_row(row: Row) -> dict[str, Any]:
    return {
        "agency": row.agency_slug, "agency_name": row.agency_name, "received": row.received,
        "responded": row.responded, "responded_within_target": row.responded_within_target,
        "within_target_share": row.within_target_share,
        "median_first_response_minutes": row.median_first_response_minutes,
        "p90_first_response_minutes": row.p90_first_response_minutes,
        "median_head_ack_minutes": row.median_head_ack_minutes, "open": row.open, "overdue": row.overdue,
        "resolved": row.resolved, "rank": row.rank, "score": row.score,
    }
