"""The working-time clock: how many working minutes lie between two moments on an agency's
calendar, when a target is reached, and the figures stored on each complaint.

An agency's calendar on a given day, in the region's time zone:
- its own working week valid that day (`WeeklySchedule`, the latest `valid_from` on or before
  the day), else the region's, else the national civil-service week; a 24/7 agency (its own
  week `always_open`, or `calendar = 24x7` without a week of its own) works every minute of
  every day, holidays included;
- otherwise no working time on Indonesian public holidays and cuti bersama
  (`holidays.country_holidays("ID", categories=(PUBLIC, GOVERNMENT))`) nor on the local days
  off `comms` enters (the region's and the agency's own);
- the Ramadan hours on the dates `comms` entered for that year (none by default).

Working minutes between two moments are the whole minutes of working time in [start, end),
both taken to the minute (seconds dropped), as DESIGN.md defines them. Indonesia keeps no
daylight saving, so a day is always 1,440 minutes. The computation walks days, never minutes.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from agencies.models import (
    CIVIL_SERVICE_WEEK,
    Agency,
    CalendarKind,
    DayOff,
    RamadanPeriod,
    ResponseTarget,
    WeeklySchedule,
)

logger = logging.getLogger(__name__)

DEFAULT_RESPONSE_MINUTES = 60
DEFAULT_TIER_DAYS = {"light": 2, "normal": 5, "complex": 14, "budget": 60}
MEASURED = ("complaint", "question")
CLOSED = ("resolved", "out_of_scope", "archived")
#: A calendar with no working time at all would make a due time unreachable: stop looking.
SEARCH_DAYS = 3 * 366
ALL_DAY = ((0, 1440),)

Intervals = tuple[tuple[int, int], ...]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _week(hours: dict[str, list[list[str]]]) -> tuple[Intervals, ...]:
    return tuple(tuple((_minutes(a), _minutes(b)) for a, b in hours.get(str(day), [])) for day in range(7))


_holiday_cache: dict[int, frozenset[date]] = {}
_holiday_lock = threading.Lock()


def national_days_off(year: int) -> frozenset[date]:
    """Public holidays and cuti bersama of one year, from the `holidays` package."""
    with _holiday_lock:
        if year not in _holiday_cache:
            found = holidays_lib.country_holidays(
                "ID", years=year, categories=(holidays_lib.PUBLIC, holidays_lib.GOVERNMENT))
            _holiday_cache[year] = frozenset(found.keys())
        return _holiday_cache[year]


@dataclass
class WorkingCalendar:
    """One agency's calendar (or the region's, `agency_id` None), loaded once."""

    agency_id: int | None
    zone: ZoneInfo
    weeks: list[tuple[date, bool, tuple[Intervals, ...]]]  # (valid_from, always_open, week), ascending
    default_always_open: bool
    ramadan: list[tuple[date, date, tuple[Intervals, ...]]]
    days_off: frozenset[date]
    _days: dict[date, Intervals] = field(default_factory=dict, repr=False)

    def intervals(self, day: date) -> Intervals:
        """Working intervals of a day, in minutes after local midnight."""
        cached = self._days.get(day)
        if cached is not None:
            return cached
        always_open, week = self.default_always_open, _week(CIVIL_SERVICE_WEEK)
        for valid_from, open_all_day, hours in self.weeks:
            if valid_from > day:
                break
            always_open, week = open_all_day, hours
        if always_open:
            result: Intervals = ALL_DAY
        elif day in self.days_off or day in national_days_off(day.year):
            result = ()
        else:
            result = week[day.weekday()]
            for start, end, hours in self.ramadan:
                if start <= day <= end:
                    result = hours[day.weekday()]
                    break
        self._days[day] = result
        return result

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone).replace(second=0, microsecond=0)

    def is_working_day(self, moment: datetime | date) -> bool:
        day = moment if isinstance(moment, date) and not isinstance(moment, datetime) else self.local(moment).date()
        return bool(self.intervals(day))

    def is_working_time(self, moment: datetime) -> bool:
        local = self.local(moment)
        minute = local.hour * 60 + local.minute
        return any(a <= minute < b for a, b in self.intervals(local.date()))


def working_minutes(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    """Whole minutes of working time in [start, end), both taken to the minute; 0 when end
    is not after start."""
    first, last = calendar.local(start), calendar.local(end)
    if last <= first:
        return 0
    total = 0
    day = first.date()
    while day <= last.date():
        lower = first.hour * 60 + first.minute if day == first.date() else 0
        upper = last.hour * 60 + last.minute if day == last.date() else 1440
        for a, b in calendar.intervals(day):
            overlap = min(b, upper) - max(a, lower)
            if overlap > 0:
                total += overlap
        day += timedelta(days=1)
    return total


def calendar_minutes(start: datetime, end: datetime) -> int:
    first = start.replace(second=0, microsecond=0)
    last = end.replace(second=0, microsecond=0)
    return max(0, int((last - first).total_seconds() // 60))


def add_working_minutes(calendar: WorkingCalendar, start: datetime, minutes: int) -> datetime:
    """The moment when `minutes` working minutes have passed since `start` (taken to the
    minute): working_minutes(start, result) == minutes, and the result is the earliest such
    moment (the end of a working interval, not the next morning, when it falls there).
    0 minutes gives `start` itself."""
    first = calendar.local(start)
    if minutes <= 0:
        return first
    remaining = minutes
    day = first.date()
    for _ in range(SEARCH_DAYS):
        lower = first.hour * 60 + first.minute if day == first.date() else 0
        for a, b in calendar.intervals(day):
            a = max(a, lower)
            if b <= a:
                continue
            if remaining <= b - a:
                midnight = datetime(day.year, day.month, day.day, tzinfo=calendar.zone)
                return midnight + timedelta(minutes=a + remaining)
            remaining -= b - a
        day += timedelta(days=1)
    raise ValueError(f"no {minutes} working minutes within {SEARCH_DAYS} days of {start:%Y-%m-%d}")


def add_working_days(calendar: WorkingCalendar, start: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after the day of `start` (a complaint handed on
    Monday with 2 working days is due at the close of Wednesday)."""
    day = calendar.local(start).date()
    counted = 0
    for _ in range(SEARCH_DAYS):
        day += timedelta(days=1)
        spans = calendar.intervals(day)
        if spans:
            counted += 1
            if counted >= days:
                midnight = datetime(day.year, day.month, day.day, tzinfo=calendar.zone)
                return midnight + timedelta(minutes=spans[-1][1])
    raise ValueError(f"no {days} working days within {SEARCH_DAYS} days of {start:%Y-%m-%d}")


# --- Loading calendars (cached per process; any calendar change clears the caches) ------------

_VERSION_KEY = "sigap:calendar-version"
_calendars: dict[int | None, tuple[float, object, WorkingCalendar]] = {}
_lock = threading.Lock()
_TTL_SECONDS = 60.0


def calendar_changed() -> None:
    """A working week, Ramadan period, day off or target changed: forget every calendar (in
    this process at once, in the others through the shared cache)."""
    with _lock:
        _calendars.clear()
        _target_cache.clear()
    try:
        cache.set(_VERSION_KEY, time.time(), None)
    except Exception:  # a cache that is down must not stop a correction
        logger.warning("calendar version not shared: other processes see the change within a minute")


def clear_cache() -> None:
    with _lock:
        _calendars.clear()
        _target_cache.clear()


def _version() -> object:
    try:
        return cache.get(_VERSION_KEY)
    except Exception:
        return None


def calendar_for(agency: Agency | None) -> WorkingCalendar:
    key = agency.pk if agency is not None else None
    version = _version()
    with _lock:
        cached = _calendars.get(key)
        if cached is not None and cached[1] == version and time.monotonic() - cached[0] < _TTL_SECONDS:
            return cached[2]
    built = _build(agency)
    with _lock:
        _calendars[key] = (time.monotonic(), version, built)
    return built


def region_calendar() -> WorkingCalendar:
    return calendar_for(None)


def _build(agency: Agency | None) -> WorkingCalendar:
    zone = ZoneInfo(settings.TIME_ZONE)
    own = list(WeeklySchedule.objects.filter(agency=agency).order_by("valid_from")) if agency else []
    rows = own or list(WeeklySchedule.objects.filter(agency__isnull=True).order_by("valid_from"))
    weeks = [(r.valid_from, r.always_open, _week(r.hours or {})) for r in rows]
    default_open = bool(agency is not None and not own and agency.calendar == CalendarKind.ALWAYS)
    if default_open:
        weeks = []  # a 24/7 agency does not follow the region's office hours
    ramadan = [(p.start, p.end, _week(p.hours or {})) for p in RamadanPeriod.objects.order_by("start")]
    off = DayOff.objects.filter(Q(agency__isnull=True) | Q(agency=agency)) if agency else DayOff.objects.filter(
        agency__isnull=True)
    return WorkingCalendar(agency_id=agency.pk if agency else None, zone=zone, weeks=weeks,
                           default_always_open=default_open, ramadan=ramadan,
                           days_off=frozenset(off.values_list("date", flat=True)))


# --- Targets ----------------------------------------------------------------------------------

_target_cache: dict[tuple[int | None, str, date], tuple[float, object, list[ResponseTarget]]] = {}


def _targets(agency: Agency | None, category: str, on: date) -> list[ResponseTarget]:
    """The target rows that apply, most specific first (kept like the calendars)."""
    key = (agency.pk if agency else None, category, on)
    version = _version()
    with _lock:
        cached = _target_cache.get(key)
        if cached is not None and cached[1] == version and time.monotonic() - cached[0] < _TTL_SECONDS:
            return cached[2]
    found = _targets_read(agency, category, on)
    with _lock:
        if len(_target_cache) > 10_000:
            _target_cache.clear()
        _target_cache[key] = (time.monotonic(), version, found)
    return found


def _targets_read(agency: Agency | None, category: str, on: date) -> list[ResponseTarget]:
    rows = ResponseTarget.objects.filter(valid_from__lte=on).filter(
        Q(agency__isnull=True) | Q(agency=agency)).filter(Q(category="") | Q(category=category))
    latest: dict[tuple[int | None, str], ResponseTarget] = {}
    for row in rows.order_by("valid_from"):
        latest[(row.agency_id, row.category)] = row
    order = [(agency.pk if agency else None, category), (agency.pk if agency else None, ""), (None, category),
             (None, "")]
    return [latest[k] for k in order if k in latest]


def response_target(agency: Agency | None, category: str, on: date) -> int:
    for row in _targets(agency, category, on):
        if row.first_response_minutes:
            return row.first_response_minutes
    return DEFAULT_RESPONSE_MINUTES


def resolution_days(agency: Agency | None, category: str, tier: str, on: date) -> int:
    for row in _targets(agency, category, on):
        days = row.days_for(tier)
        if days:
            return days
    return DEFAULT_TIER_DAYS.get(tier, DEFAULT_TIER_DAYS["normal"])


# --- The stored figures of one complaint ----------------------------------------------------

CLOCK_FIELDS = (
    "response_target_minutes", "due_at", "first_response_working_minutes", "first_response_calendar_minutes",
    "within_target", "total_wait_working_minutes", "total_wait_calendar_minutes", "head_ack_working_minutes",
    "resolution_target_days", "resolution_due_at", "resolution_working_minutes", "resolution_calendar_minutes",
    "hold_working_minutes", "clock_refreshed_at",
)


def complaint_clock_refresh(*, complaint, now: datetime | None = None, save: bool = True,
                            fresh: bool = False) -> None:
    """Fill the complaint's stored figures from its moments (received, handed to the current
    agency, first response, head's acknowledgment, holds, resolved). Idempotent. `fresh`: a
    complaint being opened (nothing happened to it yet: no holds to look up)."""
    from complaints.models import Channel, Dispatch, Purpose

    now = now or timezone.now()
    agency = complaint.agency
    measured = agency is not None and complaint.category in MEASURED and complaint.handed_at is not None
    values: dict[str, object] = dict.fromkeys(CLOCK_FIELDS)
    values.update(clock_refreshed_at=now, hold_working_minutes=0)
    if measured:
        calendar = calendar_for(agency)
        zone_day = complaint.handed_at.astimezone(calendar.zone).date()
        target = complaint.response_target_minutes or response_target(agency, complaint.category, zone_day)
        due = add_working_minutes(calendar, complaint.handed_at, target)
        values.update(response_target_minutes=target, due_at=due)
        answered = complaint.first_response_at
        if answered is not None:
            worked = working_minutes(calendar, complaint.handed_at, answered)
            values.update(
                first_response_working_minutes=worked,
                first_response_calendar_minutes=calendar_minutes(complaint.handed_at, answered)
                if answered > complaint.handed_at else 0,
                within_target=worked <= target,
                total_wait_working_minutes=working_minutes(calendar, complaint.received_at, answered),
                total_wait_calendar_minutes=calendar_minutes(complaint.received_at, answered),
            )
        elif now >= due or complaint.status in CLOSED:
            values["within_target"] = False
        if complaint.head_ack_at is not None and not fresh:
            tag = (Dispatch.objects.filter(complaint=complaint, channel=Channel.WHATSAPP, purpose=Purpose.TAG,
                                           sent_at__isnull=False, sent_at__lte=complaint.head_ack_at)
                   .order_by("-sent_at").first())
            start = (tag.delivered_at or tag.sent_at) if tag else complaint.handed_at
            values["head_ack_working_minutes"] = working_minutes(calendar, start, complaint.head_ack_at)
        tier = complaint.resolution_tier or "normal"
        days = complaint.resolution_target_days or resolution_days(agency, complaint.category, tier, zone_day)
        hold = 0 if fresh else _hold_working_minutes(complaint, calendar, now)
        resolution_due = add_working_days(calendar, complaint.handed_at, days)
        if hold:
            resolution_due = add_working_minutes(calendar, resolution_due, hold)
        values.update(resolution_target_days=days, resolution_due_at=resolution_due, hold_working_minutes=hold)
        if complaint.resolved_at is not None:
            values.update(
                resolution_working_minutes=max(0, working_minutes(calendar, complaint.handed_at,
                                                                  complaint.resolved_at) - hold),
                resolution_calendar_minutes=calendar_minutes(complaint.handed_at, complaint.resolved_at),
            )
    for name, value in values.items():
        setattr(complaint, name, value)
    if save and complaint.pk:
        type(complaint).objects.filter(pk=complaint.pk).update(**values)


def _hold_working_minutes(complaint, calendar: WorkingCalendar, now: datetime) -> int:
    """Working minutes the complaint spent on hold (Ditunda) since it was handed to its
    agency: the resolution clock pauses, the first-response clock never does."""
    if complaint.pk is None:
        return 0
    from complaints.models import EventKind

    changes = complaint.events.filter(kind=EventKind.STATUS, at__gte=complaint.handed_at).filter(
        Q(data__to="on_hold") | Q(data__from="on_hold")).order_by("at", "pk").values_list("at", "data")
    total, since = 0, None
    for at, data in changes:
        if data.get("to") == "on_hold" and since is None:
            since = at
        elif data.get("from") == "on_hold" and since is not None:
            total += working_minutes(calendar, since, at)
            since = None
    if since is not None:
        total += working_minutes(calendar, since, complaint.resolved_at or now)
    return total


def complaints_recompute(*, agency_id: int | None, start: date, end: date) -> int:
    """After a calendar correction (a day off decreed late, Ramadan dates, a new week or
    target): recompute the complaints whose measured time touches [start, end] — of that
    agency, or of all when `agency_id` is None. Returns how many were recomputed."""
    from complaints.models import Complaint

    zone = ZoneInfo(settings.TIME_ZONE)
    first = datetime(start.year, start.month, start.day, tzinfo=zone)
    after = datetime(end.year, end.month, end.day, tzinfo=zone) + timedelta(days=1)
    rows = Complaint.objects.filter(handed_at__lt=after, agency__isnull=False).filter(
        Q(first_response_at__isnull=True) | Q(first_response_at__gte=first)
        | Q(resolved_at__isnull=True) | Q(resolved_at__gte=first))
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    clear_cache()
    count = 0
    for complaint in rows.select_related("agency").iterator(chunk_size=500):
        complaint_clock_refresh(complaint=complaint)
        count += 1
    return count
