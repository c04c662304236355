"""The rollups stay equal to a computation from scratch whatever happens to complaints:
intake, replies, hand-offs, edits, resolutions, archiving and deletions, through the services
and through plain saves and bulk updates, each in its own committed transaction (the rollups
are refreshed after the commit). On PostgreSQL in CI."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints import responses
from complaints.clock import complaint_clock_refresh
from complaints.models import Complaint
from rankings import rollups
from rankings.contract import Filters, Period
from rankings.leaderboard import leaderboard, leaderboard_from_complaints, response_histogram
from rankings.models import DailyRollup, MonthlyRollup
from tests.factories import AgencyFactory, ComplaintFactory

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 11, 20, 0, 0, tzinfo=WIB)  # the window spans three months: whole months are read
# from the monthly rows, the edges from the daily ones
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=WIB)

minutes = st.integers(min_value=0, max_value=75 * 24 * 60)
operation = st.one_of(
    st.tuples(st.just("new"), st.integers(0, 2), minutes, st.sampled_from(["complaint", "question", "praise"]),
              st.sampled_from(["x", "instagram"])),
    st.tuples(st.just("reply"), st.integers(0, 50), st.integers(1, 3000)),
    st.tuples(st.just("hand_off"), st.integers(0, 50), st.integers(0, 2)),
    st.tuples(st.just("category"), st.integers(0, 50), st.sampled_from(["complaint", "question", "other"])),
    st.tuples(st.just("resolve"), st.integers(0, 50), st.integers(1, 20000)),
    st.tuples(st.just("archive"), st.integers(0, 50)),
    st.tuples(st.just("move_day"), st.integers(0, 50), minutes),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("merge"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("ack"), st.integers(0, 50), st.integers(0, 900)),
    st.tuples(st.just("platform"), st.integers(0, 50), st.sampled_from(["x", "instagram", "facebook"])),
    st.tuples(st.just("to_triage"), st.integers(0, 50)),
)


def _pick(index: int) -> Complaint | None:
    ids = list(Complaint.objects.order_by("pk").values_list("pk", flat=True))
    return Complaint.objects.get(pk=ids[index % len(ids)]) if ids else None


def _apply(op: tuple, agencies: list) -> None:
    kind = op[0]
    with transaction.atomic():
        if kind == "new":
            received = START + timedelta(minutes=op[2])
            complaint = ComplaintFactory(agency=agencies[op[1]], received_at=received, category=op[3], platform=op[4])
            complaint_clock_refresh(complaint=complaint, now=NOW)
            return
        complaint = _pick(op[1])
        if complaint is None:
            return
        if kind == "reply" and complaint.first_response_at is None and complaint.agency_id:
            responses.first_response_record(complaint=complaint, at=complaint.handed_at + timedelta(minutes=op[2]),
                                            via="platform")
        elif kind == "hand_off" and complaint.status not in ("archived", "resolved"):
            target = agencies[op[2]]
            if target.pk != complaint.agency_id:
                responses.complaint_hand_off(complaint=complaint, agency=target, actor=None, reason="uji",
                                             via="portal", at=complaint.received_at + timedelta(hours=1))
        elif kind == "category":
            complaint.category = op[2]
            complaint.save()
        elif kind == "resolve":
            Complaint.objects.filter(pk=complaint.pk).update(
                status="resolved", resolved_at=complaint.received_at + timedelta(minutes=op[2]))
        elif kind == "archive":
            Complaint.objects.filter(pk=complaint.pk).update(status="archived")
        elif kind == "move_day":
            complaint.received_at = START + timedelta(minutes=op[2])
            complaint.save(update_fields=["received_at"])
        elif kind == "delete" and not Complaint.objects.filter(merged_into=complaint).exists():
            complaint.delete()
        elif kind == "merge":
            other = _pick(op[2])
            if other is not None and other.pk != complaint.pk:
                Complaint.objects.filter(pk=complaint.pk).update(merged_into=other)
        elif kind == "ack":
            Complaint.objects.filter(pk=complaint.pk).update(head_ack_working_minutes=op[2])
        elif kind == "platform":
            Complaint.objects.filter(pk=complaint.pk).update(platform=op[2])
        elif kind == "to_triage" and complaint.agency_id and complaint.status in ("dispatched", "in_progress"):
            responses.complaint_to_triage(complaint=complaint, actor=None, reason="uji")


def _histogram_from_scratch(board, period: Period, filters: Filters) -> list[tuple[int, int]]:
    buckets = (0, 15, 30, 60, 120, 240, 480, 960, 2400)
    counts = dict.fromkeys(buckets, 0)
    start, end = rollups.day_start(period.start), rollups.day_start(period.end + timedelta(days=1))
    rows = Complaint.objects.filter(rollups.counted(), received_at__gte=start, received_at__lt=end,
                                    first_response_working_minutes__isnull=False, first_response_at__isnull=False)
    if filters.platform:
        rows = rows.filter(platform=filters.platform)
    if filters.category:
        rows = rows.filter(category=filters.category)
    for minutes in rows.values_list("first_response_working_minutes", flat=True):
        counts[max(b for b in buckets if b <= minutes)] += 1
    assert sum(counts.values()) == sum(r.responded for r in board.rows)
    return sorted(counts.items())


def _rows() -> set[tuple]:
    return {(r.agency_id, r.day, r.platform, r.category, r.received, r.responded, r.within_target,
             tuple(sorted(r.response_minutes.items())), tuple(sorted(r.ack_minutes.items())),
             tuple(sorted(r.states.items())))
            for r in DailyRollup.objects.all()}


@pytest.mark.postgres
def _months() -> set[tuple]:
    return {(r.agency_id, r.month, r.platform, r.category, r.received, r.responded, r.within_target,
             tuple(sorted(r.response_minutes.items())), tuple(sorted(r.ack_minutes.items())),
             tuple(sorted(r.states.items())))
            for r in MonthlyRollup.objects.all()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=st.lists(operation, min_size=1, max_size=15), first=st.integers(0, 30), length=st.integers(0, 60),
       platform=st.sampled_from(["", "x"]), category=st.sampled_from(["", "complaint", "question"]),
       moment=st.integers(0, 80 * 24 * 60))
def test_rollups_equal_a_computation_from_scratch(ops, first, length, platform, category, moment):
    # Each example starts from nothing (a transactional test is flushed only at its end).
    Complaint.objects.update(merged_into=None)
    Complaint.objects.all().delete()
    DailyRollup.objects.all().delete()
    MonthlyRollup.objects.all().delete()
    agencies = [AgencyFactory(slug=f"dinas-uji-{i}") for i in range(3)]
    for op in ops:
        _apply(op, agencies)
    period = Period(date(2026, 11, 20) + timedelta(days=first), date(2026, 11, 20) + timedelta(days=first + length))
    filters = Filters(platform=platform, category=category)
    from_rollups = leaderboard(period, filters, now=NOW, compare=True, trend=True)
    from_scratch = leaderboard_from_complaints(period, filters, now=NOW, compare=True, trend=True)
    assert [asdict(r) for r in from_rollups.rows] == [asdict(r) for r in from_scratch.rows]
    assert from_rollups.region_median_first_response_minutes == from_scratch.region_median_first_response_minutes
    assert from_rollups.region_trend == from_scratch.region_trend
    assert response_histogram(period, filters) == _histogram_from_scratch(from_scratch, period, filters)
    # Seen at a moment inside the window too: a period still running counts open and overdue
    # now (from the rows that ended before today plus the complaints due today).
    seen_at = START + timedelta(minutes=moment)
    assert ([asdict(r) for r in leaderboard(period, filters, now=seen_at).rows]
            == [asdict(r) for r in leaderboard_from_complaints(period, filters, now=seen_at).rows])
    # And a rebuild from scratch changes no row.
    kept = _rows(), _months()
    rollups.rebuild(date(2026, 11, 15), date(2027, 2, 10))
    assert (_rows(), _months()) == kept


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_rollups_as_the_data_is():
    agency = AgencyFactory(slug="dinas-uji-rb")
    complaint = ComplaintFactory(agency=agency, received_at=START + timedelta(hours=9))
    assert DailyRollup.objects.get(agency=agency).received == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(status="archived")
        raise RuntimeError
    Complaint.objects.filter(pk=complaint.pk).update(category="question")
    row = DailyRollup.objects.get(agency=agency)
    assert (row.category, row.received) == ("question", 1)


@pytest.mark.django_db
def test_rebuild_command_reports_and_is_idempotent(capsys):
    from django.core.management import call_command

    agency = AgencyFactory(slug="dinas-uji-cmd")
    for hour in range(3):
        ComplaintFactory(agency=agency, received_at=START + timedelta(days=hour, hours=9))
    call_command("rebuild_rollups")
    first = _rows()
    call_command("rebuild_rollups", "--start", "2026-11-20", "--end", "2026-11-25")
    assert _rows() == first and len(first) == 3
    assert "rollup rows recomputed" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_hourly_safety_net_repairs_recent_rows(time_machine):
    from rankings.tasks import rebuild_recent_rollups

    time_machine.move_to(START + timedelta(days=2, hours=10))
    agency = AgencyFactory(slug="dinas-uji-net")
    ComplaintFactory(agency=agency, received_at=START + timedelta(days=1, hours=9))
    rollups.rebuild()
    DailyRollup.objects.all().delete()  # as if the refresh after the commit had been lost
    rebuild_recent_rollups()
    assert DailyRollup.objects.get(agency=agency).received == 1


#: A fixed mix touching every kind of change, across the end of November and of December.
FIXED_OPS = [
    ("new", 0, 60 * 9, "complaint", "x"), ("new", 1, 60 * 24 * 11 + 600, "question", "instagram"),
    ("new", 2, 60 * 24 * 40 + 500, "complaint", "x"), ("new", 0, 60 * 24 * 12, "complaint", "instagram"),
    ("new", 1, 60 * 24 * 45, "praise", "x"), ("reply", 0, 45), ("reply", 1, 2000), ("hand_off", 2, 1),
    ("category", 3, "question"), ("resolve", 1, 9000), ("ack", 0, 30), ("merge", 4, 0), ("move_day", 3, 60 * 24 * 50),
    ("platform", 2, "facebook"), ("to_triage", 0), ("new", 2, 60 * 24 * 30, "complaint", "x"), ("delete", 1),
    ("archive", 2),
]


@pytest.mark.django_db(transaction=True)
def test_rebuild_equals_incremental_maintenance():
    agencies = [AgencyFactory(slug=f"dinas-uji-fix-{i}") for i in range(3)]
    for op in FIXED_OPS:
        _apply(op, agencies)
    incremental = _rows(), _months()
    assert incremental[0] and incremental[1]
    DailyRollup.objects.all().delete()
    MonthlyRollup.objects.all().delete()
    rollups.rebuild()
    assert (_rows(), _months()) == incremental
    period = Period(date(2026, 11, 1), date(2027, 1, 31))
    assert ([asdict(r) for r in leaderboard(period, now=NOW, compare=True, trend=True).rows]
            == [asdict(r) for r in leaderboard_from_complaints(period, now=NOW, compare=True, trend=True).rows])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_refreshes_of_one_agency_run_one_after_the_other():
    """A refresh reads the complaints under a per-agency lock in the transaction that writes:
    one that started later waits, then reads what the earlier ones committed."""
    import threading

    from django.db import connection

    agency = AgencyFactory(slug="dinas-uji-lock")
    ComplaintFactory(agency=agency, received_at=START + timedelta(hours=9))
    held, release, finished = threading.Event(), threading.Event(), threading.Event()

    def holder():
        with transaction.atomic():
            rollups.lock_agencies([agency.pk])
            held.set()
            release.wait(10)
        connection.close()

    def refresher():
        rollups.refresh([(agency.pk, START.date())])
        finished.set()
        connection.close()

    first = threading.Thread(target=holder)
    first.start()
    assert held.wait(10)
    second = threading.Thread(target=refresher)
    second.start()
    assert not finished.wait(0.5)  # waiting for the lock
    release.set()
    assert finished.wait(10)
    first.join()
    second.join()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_rows_are_recomputed_in_the_request(monkeypatch):
    from rankings.tasks import refresh_rollups

    def unreachable(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(refresh_rollups, "delay", unreachable)
    agency = AgencyFactory(slug="dinas-uji-broker")
    complaint = ComplaintFactory(agency=agency, received_at=START + timedelta(hours=9))
    assert DailyRollup.objects.get(agency=agency).received == 1
    Complaint.objects.filter(pk=complaint.pk).update(category="question")
    assert DailyRollup.objects.get(agency=agency).category == "question"
    assert MonthlyRollup.objects.exclude(category="").get(agency=agency).category == "question"


@pytest.mark.django_db
def test_a_full_rebuild_removes_rows_nothing_stands_behind():
    agency = AgencyFactory(slug="dinas-uji-orphan")
    ComplaintFactory(agency=agency, received_at=START + timedelta(hours=9))
    # Rows no complaint stands behind (a raw DELETE, a restored backup), before and after the
    # complaints' own months: only a full rebuild can find them.
    for month in (date(2026, 6, 1), date(2027, 3, 1)):
        MonthlyRollup.objects.create(agency=agency, month=month, platform="x", category="complaint", received=3)
    DailyRollup.objects.create(agency=agency, day=date(2026, 6, 5), platform="x", category="complaint", received=3)
    rollups.rebuild()
    assert set(DailyRollup.objects.filter(agency=agency).values_list("day", "received")) == {(START.date(), 1)}
    assert set(MonthlyRollup.objects.filter(agency=agency).values_list("month", "category", "received")) == {
        (date(2026, 11, 1), "complaint", 1), (date(2026, 11, 1), "", 1)}
