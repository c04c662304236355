"""The working-time clock, checked against cases worked out by hand (each to the minute, the
working shown beside it), and properties that must hold for any interval.

The civil-service week (Perpres 21/2023): Monday-Thursday 07.30-12.00 and 13.00-16.00,
Friday 07.30-11.30 and 13.00-16.30; all times below are WIB."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from agencies.models import DayOff, ResponseTarget, WeeklySchedule
from complaints import clock
from complaints.clock import WorkingCalendar, add_working_days, add_working_minutes, working_minutes
from complaints.models import Complaint
from tests.factories import AgencyFactory

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def plain_calendar(**kwargs) -> WorkingCalendar:
    values = {"agency_id": None, "zone": WIB, "weeks": [], "default_always_open": False, "ramadan": [],
              "days_off": frozenset()}
    values.update(kwargs)
    return WorkingCalendar(**values)


# --- Hand-worked cases -----------------------------------------------------------------------

def test_friday_afternoon_to_monday_morning():
    # Fri 20 Nov 15.50 -> 16.30 = 40; Sat, Sun off; Mon 23 Nov 07.30 -> 08.10 = 40. Total 80.
    start, end = wib(2026, 11, 20, 15, 50), wib(2026, 11, 23, 8, 10)
    assert working_minutes(plain_calendar(), start, end) == 80
    assert clock.calendar_minutes(start, end) == 2 * 1440 + 16 * 60 + 20  # 3,860


def test_idul_fitri_and_its_cuti_bersama():
    # 2026: 18-19 Mar Nyepi (cuti bersama, holiday), 20 Mar cuti bersama, 21-22 Mar Idul Fitri,
    # 23-24 Mar cuti bersama (the holidays package, PUBLIC + GOVERNMENT). Posted Thu 19 Mar
    # 10.00, answered Wed 25 Mar 09.00: only Wed 07.30 -> 09.00 counts = 90.
    holidays_2026 = clock.national_days_off(2026)
    assert {date(2026, 3, d) for d in (18, 19, 20, 21, 22, 23, 24)} <= holidays_2026
    assert date(2026, 3, 25) not in holidays_2026
    assert working_minutes(plain_calendar(), wib(2026, 3, 19, 10, 0), wib(2026, 3, 25, 9, 0)) == 90


def test_posted_at_night_and_answered_before_the_office_opens():
    # Tue 24 Nov 22.00 -> Wed 25 Nov 07.00: no working time at all.
    assert working_minutes(plain_calendar(), wib(2026, 11, 24, 22, 0), wib(2026, 11, 25, 7, 0)) == 0


def test_a_24_7_agency_counts_every_minute_holidays_included():
    always = plain_calendar(default_always_open=True)
    assert working_minutes(always, wib(2026, 11, 21, 10, 0), wib(2026, 11, 22, 10, 0)) == 1440  # Sat -> Sun
    assert working_minutes(always, wib(2026, 12, 25, 0, 0), wib(2026, 12, 25, 1, 30)) == 90  # Christmas


def test_a_ramadan_day_uses_the_ramadan_hours_only_on_the_dates_entered():
    # Tue 3 Mar 2026, 07.45 -> 09.10. Ordinary week: 07.45 -> 09.10 = 85. Ramadan hours start
    # at 08.00: 08.00 -> 09.10 = 70.
    start, end = wib(2026, 3, 3, 7, 45), wib(2026, 3, 3, 9, 10)
    assert working_minutes(plain_calendar(), start, end) == 85
    from agencies.models import RAMADAN_WEEK

    ramadan = plain_calendar(ramadan=[(date(2026, 2, 19), date(2026, 3, 19), clock._week(RAMADAN_WEEK))])
    assert working_minutes(ramadan, start, end) == 70
    # Ramadan Monday 12.00 -> 13.00: the break is 12.00-12.30 = 30 working minutes.
    assert working_minutes(ramadan, wib(2026, 3, 2, 12, 0), wib(2026, 3, 2, 13, 0)) == 30


def test_seconds_are_dropped_and_the_interval_is_half_open():
    # 08.00:59 -> 08.01:00 is [08.00, 08.01) = 1 minute; end == start is 0.
    cal = plain_calendar()
    assert working_minutes(cal, wib(2026, 11, 23, 8, 0) + timedelta(seconds=59), wib(2026, 11, 23, 8, 1)) == 1
    assert working_minutes(cal, wib(2026, 11, 23, 8, 1), wib(2026, 11, 23, 8, 1)) == 0
    assert working_minutes(cal, wib(2026, 11, 23, 9, 0), wib(2026, 11, 23, 8, 0)) == 0


def test_the_due_time_over_a_weekend_and_at_the_end_of_a_day():
    cal = plain_calendar()
    # Fri 16.00 + 60: 16.00 -> 16.30 = 30, Mon 07.30 -> 08.00 = 30: due Mon 08.00.
    assert add_working_minutes(cal, wib(2026, 11, 20, 16, 0), 60) == wib(2026, 11, 23, 8, 0)
    # Mon 15.00 + 60 ends exactly at 16.00 that day, not the next morning.
    assert add_working_minutes(cal, wib(2026, 11, 23, 15, 0), 60) == wib(2026, 11, 23, 16, 0)
    # At night: the first working minute is the next morning's.
    assert add_working_minutes(cal, wib(2026, 11, 24, 22, 0), 60) == wib(2026, 11, 25, 8, 30)
    # Resolution tiers count working days: handed Monday, 2 working days -> the close of Wednesday.
    assert add_working_days(cal, wib(2026, 11, 23, 9, 0), 2) == wib(2026, 11, 25, 16, 0)
    # Over Christmas (Thu 24 Dec cuti bersama, Fri 25 Dec): Wed 23 Dec + 2 -> Tue 29 Dec.
    assert add_working_days(cal, wib(2026, 12, 23, 9, 0), 2) == wib(2026, 12, 29, 16, 0)


@pytest.mark.django_db
def test_a_local_day_off_and_a_new_week_from_a_date():
    agency = AgencyFactory()
    DayOff.objects.create(date=date(2026, 11, 24), name="Hari jadi kota (contoh)")
    clock.clear_cache()
    cal = clock.calendar_for(agency)
    # Mon 15.30 -> Wed 08.00: Mon 15.30-16.00 = 30, Tue off, Wed 07.30-08.00 = 30.
    assert working_minutes(cal, wib(2026, 11, 23, 15, 30), wib(2026, 11, 25, 8, 0)) == 60
    WeeklySchedule.objects.create(agency=agency, valid_from=date(2026, 12, 1),
                                  hours={str(d): [["08:00", "16:00"]] for d in range(5)})
    cal = clock.calendar_for(agency)
    assert working_minutes(cal, wib(2026, 12, 1, 7, 30), wib(2026, 12, 1, 9, 0)) == 60  # from 08.00, new week
    # Before the new week's date the agency followed the region's week: 07.30 -> 09.00 = 90.
    assert working_minutes(cal, wib(2026, 11, 26, 7, 30), wib(2026, 11, 26, 9, 0)) == 90


# --- Stored figures on complaints ---------------------------------------------------------------

def _complaint(agency, *, received, handed=None, answered=None, category="complaint", number="SGP-2026-000001"):
    return Complaint.objects.create(
        number=number, platform="x", external_id=number, thread_key=number, text="jalan rusak",
        category=category, agency=agency, status="dispatched", received_at=received, handed_at=handed or received,
        first_response_at=answered, last_message_at=received)


@pytest.mark.django_db
def test_answered_within_target_and_the_stored_figures():
    agency = AgencyFactory()
    complaint = _complaint(agency, received=wib(2026, 11, 20, 15, 50), answered=wib(2026, 11, 23, 8, 10))
    with time_machine.travel(wib(2026, 11, 23, 9, 0)):
        clock.complaint_clock_refresh(complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.response_target_minutes == 60
    assert complaint.due_at == wib(2026, 11, 23, 7, 50)  # 40 on Friday + 20 on Monday
    assert complaint.first_response_working_minutes == 80 and complaint.first_response_calendar_minutes == 3860
    assert complaint.within_target is False  # 80 > 60
    assert complaint.resolution_target_days == 5


@pytest.mark.django_db
def test_handed_off_the_receiving_agency_is_measured_from_the_hand_off():
    # Received Mon 08.00 at PUPR, handed to DLH 09.30, DLH answers 10.15: DLH 45 minutes (within
    # 60); the citizen waited 08.00 -> 10.15 = 135.
    pupr, dlh = AgencyFactory(), AgencyFactory()
    complaint = _complaint(dlh, received=wib(2026, 11, 23, 8, 0), handed=wib(2026, 11, 23, 9, 30),
                           answered=wib(2026, 11, 23, 10, 15))
    assert pupr != dlh
    clock.complaint_clock_refresh(complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.first_response_working_minutes == 45 and complaint.within_target is True
    assert complaint.total_wait_working_minutes == 135 and complaint.total_wait_calendar_minutes == 135


@pytest.mark.django_db
def test_never_answered_is_overdue_once_its_due_time_passes():
    agency = AgencyFactory()
    complaint = _complaint(agency, received=wib(2026, 11, 23, 9, 0))
    clock.complaint_clock_refresh(complaint=complaint, now=wib(2026, 11, 23, 9, 59))
    assert complaint.due_at == wib(2026, 11, 23, 10, 0) and complaint.within_target is None  # not yet
    clock.complaint_clock_refresh(complaint=complaint, now=wib(2026, 11, 23, 12, 0))
    complaint.refresh_from_db()
    assert complaint.within_target is False and complaint.first_response_working_minutes is None


@pytest.mark.django_db
def test_the_target_per_agency_and_category_and_the_boundary_is_inclusive():
    agency = AgencyFactory()
    ResponseTarget.objects.create(valid_from=date(2026, 1, 1), first_response_minutes=120)
    ResponseTarget.objects.create(agency=agency, category="question", valid_from=date(2026, 1, 1),
                                  first_response_minutes=30)
    clock.clear_cache()
    question = _complaint(agency, received=wib(2026, 11, 23, 9, 0), answered=wib(2026, 11, 23, 9, 30),
                          category="question")
    clock.complaint_clock_refresh(complaint=question)
    assert question.response_target_minutes == 30 and question.within_target is True  # exactly 30: within
    other = _complaint(agency, received=wib(2026, 11, 23, 9, 0), answered=wib(2026, 11, 23, 10, 31),
                       number="SGP-2026-000002")
    clock.complaint_clock_refresh(complaint=other)
    assert other.response_target_minutes == 120 and other.within_target is True  # 91 <= 120


@pytest.mark.django_db
def test_a_day_off_decreed_afterwards_recomputes_the_figures_it_touches(django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    touched = _complaint(agency, received=wib(2026, 11, 23, 15, 30), answered=wib(2026, 11, 25, 8, 0))
    untouched = _complaint(agency, received=wib(2026, 11, 26, 9, 0), answered=wib(2026, 11, 26, 9, 20),
                           number="SGP-2026-000002")
    for complaint in (touched, untouched):
        clock.complaint_clock_refresh(complaint=complaint)
    touched.refresh_from_db()
    assert touched.first_response_working_minutes == 30 + 450 + 30  # Mon, all of Tue, Wed morning
    stamp = Complaint.objects.get(pk=untouched.pk).clock_refreshed_at
    with django_capture_on_commit_callbacks(execute=True):
        DayOff.objects.create(date=date(2026, 11, 24), name="Cuti bersama daerah (contoh)")
    touched.refresh_from_db()
    assert touched.first_response_working_minutes == 60
    assert Complaint.objects.get(pk=untouched.pk).clock_refreshed_at == stamp  # not touched by the correction
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(content_type__model="dayoff").exists()


# --- Properties ---------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC))
CAL = plain_calendar()
RAMADAN_CAL = plain_calendar(ramadan=[(date(2026, 2, 19), date(2026, 3, 19), clock._week(
    {str(d): [["08:00", "12:00"], ["12:30", "15:00"]] for d in range(5)}))])


@settings(max_examples=300, deadline=None)
@given(st.lists(moments, min_size=3, max_size=3), st.sampled_from([CAL, RAMADAN_CAL]))
def test_working_minutes_add_up_over_a_split_and_never_exceed_calendar_minutes(points, cal):
    a, b, c = sorted(points)
    assert working_minutes(cal, a, c) == working_minutes(cal, a, b) + working_minutes(cal, b, c)
    assert 0 <= working_minutes(cal, a, c) <= clock.calendar_minutes(a, c)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(min_value=0, max_value=5000))
def test_the_due_time_is_the_first_moment_with_that_many_working_minutes(start, minutes):
    due = add_working_minutes(CAL, start, minutes)
    assert working_minutes(CAL, start, due) == minutes
    if minutes > 0:
        assert working_minutes(CAL, start, due - timedelta(minutes=1)) == minutes - 1
