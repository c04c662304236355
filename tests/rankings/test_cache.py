"""Boards computed from the rollups are cached under the rollups' generation: a repeated
request reads no rollup row, and the first request after any rollup row changed sees the change
(the hand-worked board of tests/rankings/scenario.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import Complaint
from rankings import rollups
from rankings.leaderboard import as_api_row, leaderboard, leaderboard_from_complaints
from tests.rankings import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    agencies = scenario.build()
    rollups.rebuild()
    return agencies


def _rollup_reads(queries: CaptureQueriesContext) -> int:
    # Reads only (a board writes nothing); on PostgreSQL a streamed read is a DECLARE ... CURSOR.
    return sum(1 for q in queries.captured_queries if "rollup\"" in q["sql"] and "generation" not in q["sql"])


def _rows(board):
    return [as_api_row(r) for r in board.rows]


def test_a_repeated_board_reads_no_rollup_row(city):
    with CaptureQueriesContext(connection) as first:
        cold = leaderboard(scenario.PERIOD, now=scenario.NOW, compare=True, trend=True)
    with CaptureQueriesContext(connection) as second:
        warm = leaderboard(scenario.PERIOD, now=scenario.NOW, compare=True, trend=True)
    assert _rollup_reads(first) >= 2  # this period and the previous one
    assert _rollup_reads(second) == 0
    assert _rows(warm) == _rows(cold)
    assert [r.trend for r in warm.rows] == [r.trend for r in cold.rows]
    assert [(r.previous_rank, r.previous_score) for r in warm.rows] == [(r.previous_rank, r.previous_score)
                                                                        for r in cold.rows]


def test_every_rollup_write_moves_the_generation(city):
    before = rollups.generation()
    complaint = Complaint.objects.filter(agency=city["dinas-a"]).first()
    key = (complaint.agency_id, rollups.wib_day(complaint.received_at))
    rollups.refresh([key])  # the daily rows and the month's rows: two writes
    assert rollups.generation() >= before + 2
    after_refresh = rollups.generation()
    rollups.rebuild(scenario.PERIOD.start, scenario.PERIOD.end)
    assert rollups.generation() > after_refresh


@pytest.mark.django_db(transaction=True)
def test_a_hand_off_is_seen_by_the_next_request():
    # Committed for real: every save's rollup days are recomputed after its commit (the
    # broker is eager in tests), as in production.
    city = scenario.build()
    first = {r["agency"]: r for r in _rows(leaderboard(scenario.PERIOD, now=scenario.NOW))}
    assert first == {r["agency"]: r for r in _rows(leaderboard_from_complaints(scenario.PERIOD, now=scenario.NOW))}
    complaint = Complaint.objects.filter(agency=city["dinas-d"], first_response_at__isnull=False).order_by("pk").first()
    complaint.agency = city["dinas-c"]
    complaint.save()
    board = leaderboard(scenario.PERIOD, now=scenario.NOW)
    rows = {r["agency"]: r for r in _rows(board)}
    assert rows["dinas-c"]["received"] == first["dinas-c"]["received"] + 1
    assert rows["dinas-d"]["received"] == first["dinas-d"]["received"] - 1
    assert _rows(board) == _rows(leaderboard_from_complaints(scenario.PERIOD, now=scenario.NOW))


def test_overdue_of_a_running_period_follows_the_clock_not_the_cache(city):
    # The same cached totals, two moments of the running week: A's Tuesday 10:00 case (target an
    # hour, never answered) is not overdue on Tuesday at 10:30 and is at Wednesday noon.
    early = leaderboard(scenario.PERIOD, now=scenario.at(22, 10, 30))
    # Due at 11:00 the same day: overdue at 11:30, counted from the complaints due today (the
    # rollups know the day of a due time, not the time).
    same_day = leaderboard(scenario.PERIOD, now=scenario.at(22, 11, 30))
    assert next(r for r in same_day.rows if r.agency_slug == "dinas-a").overdue == 1
    assert ([as_api_row(r) for r in same_day.rows]
            == [as_api_row(r) for r in leaderboard_from_complaints(scenario.PERIOD, now=scenario.at(22, 11, 30)).rows])
    late = leaderboard(scenario.PERIOD, now=scenario.at(23, 12, 30))
    reference = leaderboard_from_complaints(scenario.PERIOD, now=scenario.at(23, 12, 30))
    a_early = next(r for r in early.rows if r.agency_slug == "dinas-a")
    a_late = next(r for r in late.rows if r.agency_slug == "dinas-a")
    assert a_late.overdue == next(r for r in reference.rows if r.agency_slug == "dinas-a").overdue == 1
    assert a_early.overdue == 0
    assert scenario.at(23, 12, 30) - scenario.at(22, 10, 30) > timedelta(hours=24)


def test_overdue_now_across_the_month_boundary(db):
    """Three unanswered complaints seen on Tuesday 1 December 2026 at 09:00 WIB, each counted by
    another path: received 10 November (the November rows' states), received Monday 30 November
    at 15:30 and due Tuesday at 08:00 (a complaint of an earlier month due today), received
    Tuesday at 07:40 and due at 08:40 (this month's complaints)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from complaints.clock import complaint_clock_refresh
    from rankings.contract import Period
    from tests.factories import AgencyFactory, ComplaintFactory

    wib = ZoneInfo("Asia/Jakarta")
    agency = AgencyFactory(slug="dinas-batas")
    now = datetime(2026, 12, 1, 9, 0, tzinfo=wib)
    for received in (datetime(2026, 11, 10, 9, 0, tzinfo=wib), datetime(2026, 11, 30, 15, 30, tzinfo=wib),
                     datetime(2026, 12, 1, 7, 40, tzinfo=wib)):
        complaint_clock_refresh(complaint=ComplaintFactory(agency=agency, received_at=received), now=now)
    assert sorted(Complaint.objects.values_list("due_at", flat=True))[1] == datetime(2026, 12, 1, 8, 0, tzinfo=wib)
    rollups.rebuild()
    period = Period(datetime(2026, 11, 1).date(), datetime(2026, 12, 31).date())
    row = next(r for r in leaderboard(period, now=now).rows if r.agency_slug == "dinas-batas")
    reference = next(r for r in leaderboard_from_complaints(period, now=now).rows if r.agency_slug == "dinas-batas")
    assert row.overdue == reference.overdue == 3 and row.open == 3


def test_a_complaint_received_today_but_due_before_it_is_overdue(db):
    """A receipt corrected by hand can put a due time before the day the complaint was received:
    it is still overdue now, as the plain scan of the complaints says."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from rankings.contract import Period
    from tests.factories import AgencyFactory, ComplaintFactory

    wib = ZoneInfo("Asia/Jakarta")
    agency = AgencyFactory(slug="dinas-koreksi")
    ComplaintFactory(agency=agency, received_at=datetime(2026, 3, 10, 9, 0, tzinfo=wib),
                     handed_at=datetime(2026, 3, 9, 15, 0, tzinfo=wib), due_at=datetime(2026, 3, 9, 16, 0, tzinfo=wib),
                     status="dispatched", first_response_at=None)
    rollups.rebuild()
    period, now = Period(datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date()), datetime(2026, 3, 10, 15, 0, tzinfo=wib)
    row = next(r for r in leaderboard(period, now=now).rows if r.agency_slug == "dinas-koreksi")
    reference = next(r for r in leaderboard_from_complaints(period, now=now).rows if r.agency_slug == "dinas-koreksi")
    assert row.overdue == reference.overdue == 1


def test_a_board_cached_by_the_code_before_a_deploy_is_never_read(db, monkeypatch):
    """Entries under the key format of the previous code (no version) are not read back."""
    from datetime import datetime

    from django.core.cache import cache

    from rankings.contract import Period

    scenario.build()
    rollups.rebuild()
    period = Period(scenario.PERIOD.start, scenario.PERIOD.end)
    now = scenario.at(23, 12, 30)
    today = datetime(2026, 12, 23).date()
    old_key = (f"leaderboard:{rollups.generation()}:{period.start.isoformat()}:{period.end.isoformat()}::"
               f":0:{today.isoformat()}")
    cache.set(old_key, object())  # anything the new code cannot use
    assert [as_api_row(r) for r in leaderboard(period, now=now).rows] == [
        as_api_row(r) for r in leaderboard_from_complaints(period, now=now).rows]
