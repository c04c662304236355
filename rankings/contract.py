"""The leaderboard's contract: what `rankings.leaderboard.leaderboard()` returns. The page, the
exports, the API, the weekly e-mail and the dashboard read only these types, so that how the
figures are computed (rollups) and how they are shown can change apart.

Definitions are DESIGN.md's "What the numbers mean"; docs/leaderboard.md explains them to users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Longest period the API and the page accept.
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """WIB calendar days, both inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (for the change column)."""
        from datetime import timedelta

        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


@dataclass(frozen=True)
class Filters:
    platform: str = ""  # "" = all platforms
    category: str = ""  # "" = complaints and questions; "complaint" or "question" narrows


@dataclass
class Row:
    """One agency's figures over a period. Minutes are working minutes on the agency's
    calendar, never rounded; None when nothing was answered/acknowledged."""

    agency_id: int
    agency_slug: str
    agency_name: str
    agency_short_name: str
    received: int  # complaints and questions held by the agency, received in the period
    responded: int
    responded_within_target: int
    median_first_response_minutes: float | None
    p90_first_response_minutes: int | None  # nearest rank: value at rank ceil(0.9 n)
    median_head_ack_minutes: float | None
    open: int  # as of the period's end (or now, for a period still running)
    overdue: int  # as of the period's end (or now)
    resolved: int
    score: float | None  # 100 x Wilson lower bound (z = 1.96) of within-target share; None if received == 0
    rank: int | None  # ties share a rank (1, 2, 2, 4); None if received == 0
    within_target_share: float | None = None  # responded_within_target / received
    responded_share: float | None = None
    resolved_share: float | None = None
    # Filled by leaderboard(..., compare=True): the same figures for Period.previous().
    previous_score: float | None = None
    previous_rank: int | None = None
    previous_median_first_response_minutes: float | None = None
    # Filled by leaderboard(..., trend=True): (week start, within-target share or None) per
    # week of the period, oldest first, for the small trend line.
    trend: list[tuple[date, float | None]] = field(default_factory=list)


@dataclass
class Board:
    period: Period
    filters: Filters
    ranked: list[Row]  # received > 0, by rank then agency name
    unranked: list[Row]  # active agencies that received nothing in the period, by name
    region_median_first_response_minutes: float | None  # over all answered complaints of the region
    generated_at: object = None  # aware datetime
    # Filled by leaderboard(..., trend=True): the region's within-target share week by week.
    region_trend: list[tuple[date, float | None]] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [*self.ranked, *self.unranked]


# The computation lives in rankings/leaderboard.py:
#
#   def leaderboard(period: Period, filters: Filters = Filters(), *, now: datetime | None = None,
#                   compare: bool = False, trend: bool = False) -> Board
#
#   def response_histogram(period, filters, agency_id=None) -> list[tuple[int, int]]
#       (working minutes bucket lower bound, count) of first responses, for the distribution chart.
#
# It reads rollups only (never scans complaints); `leaderboard_from_complaints(...)` with the same
# signature computes the same Board straight from complaints and is the reference in tests.
