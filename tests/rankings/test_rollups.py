"""The rollups stay equal to a computation from scratch whatever happens to complaints:
intake, replies, hand-offs, edits, resolutions, archiving and deletions, through the services
and through plain saves and bulk updates, each in its own committed transaction (the rollups
are refreshed after the commit). On PostgreSQL in CI."""

from __future__ import annotations

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
from rankings.leaderboard import as_api_row, leaderboard, leaderboard_from_complaints
from rankings.models import DailyRollup
from tests.factories import AgencyFactory, ComplaintFactory

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 12, 1, 0, 0, tzinfo=WIB)
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=WIB)

minutes = st.integers(min_value=0, max_value=20 * 24 * 60)
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
        elif kind == "delete":
            complaint.delete()


def _rows() -> set[tuple]:
    return {(r.agency_id, r.day, r.platform, r.category, r.received, r.responded, r.within_target,
             tuple(sorted(r.response_minutes.items())), tuple(sorted(r.ack_minutes.items())),
             tuple(sorted(r.states.items())))
            for r in DailyRollup.objects.all()}


@pytest.mark.django_db(transaction=True)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=st.lists(operation, min_size=1, max_size=12), first=st.integers(0, 19), length=st.integers(0, 20),
       platform=st.sampled_from(["", "x"]))
def test_rollups_equal_a_computation_from_scratch(ops, first, length, platform):
    agencies = [AgencyFactory(slug=f"dinas-uji-{i}") for i in range(3)]
    for op in ops:
        _apply(op, agencies)
    period = Period(date(2026, 12, 1) + timedelta(days=first), date(2026, 12, 1) + timedelta(days=first + length))
    filters = Filters(platform=platform)
    from_rollups = leaderboard(period, filters, now=NOW)
    from_scratch = leaderboard_from_complaints(period, filters, now=NOW)
    assert [as_api_row(r) for r in from_rollups.rows] == [as_api_row(r) for r in from_scratch.rows]
    assert from_rollups.region_median_first_response_minutes == from_scratch.region_median_first_response_minutes
    # And a rebuild from scratch changes no row.
    kept = _rows()
    rollups.rebuild(date(2026, 11, 25), date(2027, 1, 10))
    assert _rows() == kept


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
    call_command("rebuild_rollups", "--start", "2026-12-01", "--end", "2026-12-05")
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
