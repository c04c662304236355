"""Keeping the leaderboard's rollups: which complaints count, what each adds to its day's row,
and recomputing a day's rows from its complaints (upsert on the unique key) whenever one of
them changes. Changes are collected per transaction and refreshed once it commits."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet

from agencies.models import Agency
from complaints.models import Category, Complaint, Status

MEASURED = (Category.COMPLAINT, Category.QUESTION)
#: Not held against an agency: spam and duplicates, matters outside the region's remit.
EXCLUDED_STATUSES = (Status.ARCHIVED, Status.OUT_OF_SCOPE)

logger = logging.getLogger(__name__)

Key = tuple[int, date]  # (agency id, WIB day of receipt)


def region_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def wib_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(region_zone()).date()


def day_start(day: date) -> datetime:
    """The first moment of a WIB day, aware."""
    return datetime.combine(day, time.min, tzinfo=region_zone())


def counted() -> Q:
    """The complaints an agency's row counts (DESIGN.md: complaints and questions it holds)."""
    return (Q(agency__isnull=False, category__in=MEASURED, merged_into__isnull=True)
            & ~Q(status__in=EXCLUDED_STATUSES))


FIELDS = ("agency_id", "received_at", "platform", "category", "first_response_at",
          "first_response_working_minutes", "within_target", "head_ack_working_minutes", "due_at",
          "resolved_at")


@dataclass
class Tally:
    """What a set of complaints adds up to: the same shape as a DailyRollup row."""

    received: int = 0
    responded: int = 0
    within_target: int = 0
    response_minutes: dict[int, int] = field(default_factory=dict)
    ack_minutes: dict[int, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)

    def add_complaint(self, row: dict[str, Any]) -> None:
        self.received += 1
        if row["first_response_at"] is not None:
            self.responded += 1
            minutes = row["first_response_working_minutes"]
            if minutes is not None:
                self.response_minutes[minutes] = self.response_minutes.get(minutes, 0) + 1
        if row["within_target"]:
            self.within_target += 1
        ack = row["head_ack_working_minutes"]
        if ack is not None:
            self.ack_minutes[ack] = self.ack_minutes.get(ack, 0) + 1
        for state in state_keys(wib_day(row["due_at"]), wib_day(row["first_response_at"]),
                                wib_day(row["resolved_at"]), horizon=wib_day(row["received_at"])):
            self.states[state] = self.states.get(state, 0) + 1

    def merge(self, other: Tally, *, horizon: date) -> None:
        """Add another tally of days up to `horizon` (the last day this one covers)."""
        self.received += other.received
        self.responded += other.responded
        self.within_target += other.within_target
        for mine, theirs in ((self.response_minutes, other.response_minutes), (self.ack_minutes, other.ack_minutes)):
            for minute, n in theirs.items():
                key = int(minute)
                mine[key] = mine.get(key, 0) + int(n)
        for state, n in other.states.items():
            for key in restate(state, horizon):
                self.states[key] = self.states.get(key, 0) + int(n)


    def as_fields(self) -> dict[str, Any]:
        return {
            "received": self.received, "responded": self.responded, "within_target": self.within_target,
            "response_minutes": {str(k): v for k, v in sorted(self.response_minutes.items())},
            "ack_minutes": {str(k): v for k, v in sorted(self.ack_minutes.items())},
            "states": dict(sorted(self.states.items())),
        }


# --- Open, overdue and resolved as of a period's end --------------------------------------------
#
# A row (or a complaint) is read only by periods that end on or after its last day, its
# horizon. What those periods need of a complaint, in keys of `states` ({key: complaints}):
#   "r"                 resolved by the horizon: resolved as of any such period's end;
#   "r|<day>"           resolved on that later WIB day;
#   "o|<due>|<stop>"    overdue from the WIB day <due> ("" = by the horizon) until the day before
#                       <stop>, the first of the first response and the resolution ("" = never):
#                       overdue at the end of day E when due <= E < stop.
# Whatever is settled by the horizon collapses, so that a month's row holds a handful of keys.


def state_keys(due: date | None, first: date | None, resolved: date | None, *, horizon: date) -> list[str]:
    keys = []
    if resolved is not None:
        keys.append("r" if resolved <= horizon else f"r|{resolved.isoformat()}")
    if due is not None:
        stops = [d for d in (first, resolved) if d is not None]
        stop = min(stops) if stops else None
        if stop is None or (stop > horizon and stop > due):
            keys.append(f"o|{'' if due <= horizon else due.isoformat()}|{'' if stop is None else stop.isoformat()}")
    return keys


def restate(key: str, horizon: date) -> list[str]:
    """A key of an earlier horizon, restated for a later one."""
    last = horizon.isoformat()
    if key == "r":
        return [key]
    if key.startswith("r|"):
        return ["r" if key[2:] <= last else key]
    if key.startswith("o|"):
        _o, due, stop = key.split("|")
        if stop and stop <= last:
            return []
        return [f"o|{'' if due <= last else due}|{stop}"]
    # Rows written before the keys were collapsed: "<due>|<first response>|<resolved>".
    due, first, resolved = (date.fromisoformat(part) if part else None for part in key.split("|"))
    return state_keys(due, first, resolved, horizon=horizon)


def unsettled_due_before(states: dict[str, int], today: date) -> int:
    """Complaints due before `today` and, as far as the rows know, neither answered nor resolved
    (a key "o|<due>|" with no stop). Only for rows whose horizon is before today: their "due by
    the horizon" is then before today too."""
    first_of_today = today.isoformat()
    count = 0
    for key, n in states.items():
        if key[:2] == "o|" and key.endswith("|"):
            due = key[2:-1]
            if due < first_of_today:  # "" (by the horizon) sorts first
                count += n
        elif key[:2] != "r|" and key != "r" and "|" in key and key[:2] != "o|":
            due, first, resolved = key.split("|")
            if due and due < first_of_today and not first and not resolved:
                count += n  # rows written before the keys were collapsed
    return count


def as_of(states: dict[str, int], end: date) -> tuple[int, int]:
    """(resolved, overdue) as of the end of WIB day `end`, on or after the states' horizon."""
    last = end.isoformat()
    resolved = overdue = 0
    for key, n in states.items():
        if key == "r":
            resolved += n
        elif key[:2] == "r|":
            if key[2:] <= last:
                resolved += n
        elif key[:2] == "o|":
            _o, due, stop = key.split("|")
            if due <= last and (not stop or stop > last):
                overdue += n
        else:
            more_resolved, more_overdue = as_of(dict.fromkeys(restate(key, date.min), n), end)
            resolved, overdue = resolved + more_resolved, overdue + more_overdue
    return resolved, overdue


def _complaints_of(keys: Iterable[Key]) -> QuerySet[Complaint]:
    condition = Q(pk__in=[])
    for agency_id, day in keys:
        condition |= Q(agency_id=agency_id, received_at__gte=day_start(day),
                       received_at__lt=day_start(day + timedelta(days=1)))
    return Complaint.objects.filter(counted() & condition)


#: pg_advisory_xact_lock's first key for the rollups (the second is the agency id).
_LOCK_CLASS = 7301


def lock_agencies(agency_ids: Iterable[int]) -> None:
    """Serialise the recomputations of these agencies' rows until the transaction ends, so that
    two refreshes racing (each reading the complaints, then writing) cannot leave the older read
    written last. Ascending ids: no deadlock. SQLite needs nothing: its IMMEDIATE transactions
    already take the database's write lock when they begin."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for agency_id in sorted(set(agency_ids)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, agency_id])


def refresh(keys: Iterable[Key]) -> int:
    """Recompute the rows of these (agency, day) pairs from their complaints. Idempotent: the
    rows become what the complaints say, however often or in whatever order it runs."""
    from rankings.models import DailyRollup

    keys = sorted({(int(a), d) for a, d in keys if a is not None and d is not None})
    written = 0
    for start in range(0, len(keys), 200):
        chunk = keys[start:start + 200]
        tallies: dict[tuple[int, date, str, str], Tally] = defaultdict(Tally)
        with transaction.atomic():
            # Read after the lock, in the same transaction as the write: a refresh that read the
            # complaints earlier can never write after this one.
            lock_agencies(a for a, _d in chunk)
            for row in _complaints_of(chunk).values(*FIELDS).order_by():
                tallies[(row["agency_id"], wib_day(row["received_at"]), row["platform"],
                         row["category"])].add_complaint(row)
            existing = DailyRollup.objects.filter(
                Q(pk__in=[]) | _key_condition(chunk)).values_list("pk", "agency_id", "day", "platform", "category")
            stale = [pk for pk, a, d, p, c in existing if (a, d, p, c) not in tallies]
            if stale:
                DailyRollup.objects.filter(pk__in=stale).delete()
            if tallies:
                DailyRollup.objects.bulk_create(
                    [DailyRollup(agency_id=a, day=d, platform=p, category=c, **t.as_fields())
                     for (a, d, p, c), t in tallies.items()],
                    update_conflicts=True, unique_fields=["agency", "day", "platform", "category"],
                    update_fields=["received", "responded", "within_target", "response_minutes", "ack_minutes",
                                   "states", "refreshed_at"],
                )
            bump_generation()
            written += len(tallies)
        refresh_months({(agency_id, day.replace(day=1)) for agency_id, day in chunk})
    return written


TALLY_FIELDS = ("received", "responded", "within_target", "response_minutes", "ack_minutes", "states")


#: The (platform, category) of a monthly row over every platform and measured category.
ALL = ("", "")


def refresh_months(keys: Iterable[tuple[int, date]]) -> int:
    """Recompute the monthly rows of these (agency, first day of month) pairs from their daily
    rows, per platform and category and over all of them (ALL); upsert, and months left with
    nothing lose their rows."""
    from rankings.models import DailyRollup, MonthlyRollup

    written = 0
    for agency_id, month in sorted(set(keys)):
        following = (month + timedelta(days=32)).replace(day=1)
        tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
        with transaction.atomic():
            lock_agencies([agency_id])
            for platform, category, *values in DailyRollup.objects.filter(
                agency_id=agency_id, day__gte=month, day__lt=following,
            ).values_list("platform", "category", *TALLY_FIELDS).order_by():
                tallies[(platform, category)].merge(Tally(*values), horizon=following - timedelta(days=1))
            if tallies:
                # All platforms and categories in one row: what the unfiltered board reads (a
                # year is then 12 rows an agency, not 12 x platforms x categories).
                every = Tally()
                for tally in list(tallies.values()):
                    every.merge(tally, horizon=following - timedelta(days=1))
                tallies[ALL] = every
            MonthlyRollup.objects.filter(agency_id=agency_id, month=month).exclude(
                Q(pk__in=[]) | _pairs(tallies)).delete()
            if tallies:
                MonthlyRollup.objects.bulk_create(
                    [MonthlyRollup(agency_id=agency_id, month=month, platform=p, category=c, **t.as_fields())
                     for (p, c), t in tallies.items()],
                    update_conflicts=True, unique_fields=["agency", "month", "platform", "category"],
                    update_fields=[*TALLY_FIELDS, "refreshed_at"],
                )
            bump_generation()
        written += len(tallies)
    return written


def bump_generation() -> None:
    """Say that rollup rows changed (in the writing transaction, at its end so that the row's
    lock is held briefly): boards cached under the previous generation are not read again."""
    from rankings.models import RollupGeneration

    if not RollupGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        RollupGeneration.objects.bulk_create([RollupGeneration(pk=1, value=0)], ignore_conflicts=True)
        RollupGeneration.objects.filter(pk=1).update(value=F("value") + 1)


def generation() -> int:
    """The rollups' current generation (0 before anything was written)."""
    from rankings.models import RollupGeneration

    return RollupGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def _pairs(tallies: dict[tuple[str, str], Tally]) -> Q:
    condition = Q(pk__in=[])
    for platform, category in tallies:
        condition |= Q(platform=platform, category=category)
    return condition


def _key_condition(keys: Iterable[Key]) -> Q:
    by_agency: dict[int, list[date]] = defaultdict(list)
    for agency_id, day in keys:
        by_agency[agency_id].append(day)
    condition = Q(pk__in=[])
    for agency_id, days in by_agency.items():
        condition |= Q(agency_id=agency_id, day__in=days)
    return condition


def rebuild(start: date | None = None, end: date | None = None, *, chunk_days: int = 1) -> int:
    """Recompute every row (or those of days start..end) from the complaints, a day at a
    time, streaming: what is held is one day's rows (their histograms and states), never the
    complaints. Peak RSS of the process a week at a time: 135 MB at 1M complaints, 316 MB at
    10M; a day at a time: 95 MB and 144 MB (a day's rows hold more distinct minutes and states
    when there are more complaints, up to a bound), for about the same time."""
    from rankings.models import DailyRollup

    if chunk_days < 1:
        raise ValueError("chunk_days must be at least 1")
    bounds = Complaint.objects.filter(counted())
    if start is None or end is None:
        first = bounds.order_by("received_at").values_list("received_at", flat=True).first()
        last = bounds.order_by("-received_at").values_list("received_at", flat=True).first()
        rows_first = DailyRollup.objects.order_by("day").values_list("day", flat=True).first()
        rows_last = DailyRollup.objects.order_by("-day").values_list("day", flat=True).first()
        from rankings.models import MonthlyRollup

        months_first = MonthlyRollup.objects.order_by("month").values_list("month", flat=True).first()
        months_last = MonthlyRollup.objects.order_by("-month").values_list("month", flat=True).first()
        days = [d for d in (wib_day(first), wib_day(last), rows_first, rows_last, months_first, months_last) if d]
        if not days:
            return 0
        start, end = start or min(days), end or max(days)
    written = 0
    months: set[tuple[int, date]] = set()
    day = start
    while day <= end:
        until = min(end, day + timedelta(days=chunk_days - 1))
        written += _rebuild_days(day, until, months)
        day = until + timedelta(days=1)
    from rankings.models import MonthlyRollup

    months |= set(MonthlyRollup.objects.filter(month__gte=start.replace(day=1), month__lte=end)
                  .values_list("agency_id", "month"))
    refresh_months(months)  # once per agency-month, after all its days
    return written


def _rebuild_days(first: date, last: date, months: set[tuple[int, date]]) -> int:
    """Recompute the daily rows of days first..last from one streaming scan of their complaints;
    adds the (agency, month) pairs touched to `months`."""
    from rankings.models import DailyRollup

    tallies: dict[tuple[int, date, str, str], Tally] = defaultdict(Tally)
    with transaction.atomic():
        lock_agencies(Agency.objects.values_list("pk", flat=True))
        for row in (Complaint.objects.filter(counted(), received_at__gte=day_start(first),
                                             received_at__lt=day_start(last + timedelta(days=1)))
                    .values(*FIELDS).order_by().iterator(chunk_size=5000)):
            tallies[(row["agency_id"], wib_day(row["received_at"]), row["platform"],
                     row["category"])].add_complaint(row)
        existing = DailyRollup.objects.filter(day__gte=first, day__lte=last).values_list(
            "pk", "agency_id", "day", "platform", "category")
        stale = []
        for pk, a, d, p, c in existing:
            months.add((a, d.replace(day=1)))
            if (a, d, p, c) not in tallies:
                stale.append(pk)
        for start in range(0, len(stale), 1000):
            DailyRollup.objects.filter(pk__in=stale[start:start + 1000]).delete()
        rows = [DailyRollup(agency_id=a, day=d, platform=p, category=c, **t.as_fields())
                for (a, d, p, c), t in tallies.items()]
        DailyRollup.objects.bulk_create(
            rows, batch_size=1000, update_conflicts=True, unique_fields=["agency", "day", "platform", "category"],
            update_fields=[*TALLY_FIELDS, "refreshed_at"],
        )
        bump_generation()
    months.update((a, d.replace(day=1)) for a, d, _p, _c in tallies)
    return len(tallies)


# --- Collecting changed complaints per transaction ----------------------------------------------

_local = threading.local()


def _pending() -> set[Key]:
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    return pending


def mark(keys: Iterable[Key]) -> None:
    """These (agency, day) rows need recomputing once the current transaction commits."""
    keys = {(a, d) for a, d in keys if a is not None and d is not None}
    if not keys:
        return
    connection = transaction.get_connection()
    registered = connection.in_atomic_block and any(entry[1] is _flush for entry in connection.run_on_commit)
    if not registered:
        _local.pending = set()  # what is left belonged to a transaction that rolled back
    _pending().update(keys)
    if not registered:
        transaction.on_commit(_flush)


def mark_complaints(rows: Iterable[tuple[int | None, datetime | None]]) -> None:
    mark((agency_id, wib_day(received_at)) for agency_id, received_at in rows)


def _flush() -> None:
    keys = list(_pending())
    _local.pending = set()
    if not keys:
        return
    from rankings.tasks import refresh_rollups

    try:
        refresh_rollups.delay([(a, d.isoformat()) for a, d in keys])
    except Exception:
        # The broker is down. The hourly safety net only covers the last days, and a change to an
        # older complaint (a late resolution, a hand-off) must not leave its rows stale: do it here.
        logger.warning("broker unreachable: %d rollup days recomputed in the request", len(keys))
        refresh(keys)


def discard_pending() -> None:
    """Forget what was collected (a transaction that rolled back)."""
    _local.pending = set()


def keys_of(ids: Iterable[int]) -> Iterator[Key]:
    for agency_id, received_at in Complaint.objects.filter(pk__in=list(ids)).values_list("agency_id", "received_at"):
        if agency_id is not None:
            yield agency_id, wib_day(received_at)
