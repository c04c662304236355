"""Reads about complaints, and the one permission gate for a complaint."""

from __future__ import annotations

import base64
import binascii
import functools
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Model, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import AnyUser, roles_of
from agencies.models import Agency, OfficialAccount, display_handle
from complaints.models import (
    Complaint,
    Dispatch,
    DispatchStatus,
    Message,
    Purpose,
    ReplyTemplate,
    Status,
    TimelineEvent,
)

ModelT = TypeVar("ModelT", bound=Model)


def complaint_list_for_user(user: AnyUser) -> QuerySet[Complaint]:
    """Region-wide roles see every complaint (triage included); an agency's staff and head
    see the complaints their agency holds now; anyone else nothing."""
    roles = roles_of(user)
    qs = Complaint.objects.select_related("agency")
    if roles.region_wide:
        return qs
    if roles.agency_ids:
        return qs.filter(agency_id__in=roles.agency_ids)
    return qs.none()


def complaint_visible_to(user: AnyUser, complaint: Complaint) -> bool:
    """`complaint_list_for_user`'s rule for one complaint already read (the complaint page's
    gate reads first and asks this; tests/complaints/test_complaint_gate.py holds the two the same)."""
    roles = roles_of(user)
    if roles.region_wide:
        return True
    return complaint.agency_id is not None and complaint.agency_id in roles.agency_ids


def complaint_get_for_user(user: AnyUser, number: str, *, for_page: bool = False) -> Complaint:
    """The complaint if `user` may see it; 404 otherwise (its existence is not confirmed).
    `for_page`: read as the complaint page needs it, in one query written out (building it with
    the ORM cost more than running it, on the most viewed page): with the agency's short name and
    the account it was written to (partial rows: any other field of theirs is read when used),
    and whether anything was merged into it (`has_merged`)."""
    if for_page:
        found = list(Complaint.objects.raw(_page_complaint_sql(), [number]))
        if not found or not complaint_visible_to(user, found[0]):
            raise Http404
        complaint = found[0]
        complaint.has_merged = bool(complaint.has_merged)  # SQLite answers 0 or 1
        db = complaint._state.db
        if complaint.agency_id is not None:
            complaint.agency = _partial(Agency, db, id=complaint.agency_id, short_name=complaint.agency_short_name)
        if complaint.account_id is not None:
            complaint.account = _partial(OfficialAccount, db, id=complaint.account_id, agency_id=complaint.account_agency_id,
                                         platform=complaint.account_platform, handle=complaint.account_handle)
        return complaint
    # The number is unique: no ORDER BY (as first() would add) to build.
    found = list(complaint_list_for_user(user).filter(number=number)[:1])
    if not found:
        raise Http404
    return found[0]


@functools.cache
def _page_complaint_sql() -> str:
    quote = connection.ops.quote_name
    table = Complaint._meta.db_table
    columns = ", ".join(f"c.{quote(f.column)}" for f in Complaint._meta.concrete_fields if f.name != "search_document")
    return (
        f"SELECT {columns}, a.short_name AS agency_short_name,"  # noqa: S608 (the model's own columns)
        " o.platform AS account_platform, o.handle AS account_handle, o.agency_id AS account_agency_id,"
        f" EXISTS (SELECT 1 FROM {table} merged WHERE merged.merged_into_id = c.id) AS has_merged"
        f" FROM {table} c LEFT JOIN {Agency._meta.db_table} a ON a.id = c.agency_id"
        f" LEFT JOIN {OfficialAccount._meta.db_table} o ON o.id = c.account_id"
        " WHERE c.number = %s")


def _partial(model: type[ModelT], db: str, **values: Any) -> ModelT:
    """A row of `model` with only `values` read, as `.only()` gives: other fields load when used."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


# --- What the complaint page reads -----------------------------------------------------------
# Each read takes only the columns the page shows, in SQL written out here (Model.objects.raw:
# the fields' converters still apply, so it reads the same on PostgreSQL and SQLite). Building
# these queries with the ORM cost several times what running them does, on every page view.


def _placeholders(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def complaint_merged_here(complaint: Complaint) -> list[Complaint]:
    """The complaints merged into this one, oldest first (none read when the page's own query
    said there are none)."""
    if not getattr(complaint, "has_merged", True):
        return []
    return list(Complaint.objects.raw(
        "SELECT id, number, platform FROM complaints_complaint WHERE merged_into_id = %s ORDER BY received_at",
        [complaint.pk]))


def complaint_thread(complaint: Complaint, merged: list[Complaint]) -> list[Message]:
    """The messages of the complaint and of those merged into it, in the order posted; each
    with `merged_from` (the merged complaint it came from, or None) and `author_user_name` (the
    person who sent it from the portal, or None)."""
    merged_by_pk = {c.pk: c for c in merged}
    ids = [complaint.pk, *merged_by_pk]
    thread = list(Message.objects.raw(
        "SELECT m.id, m.complaint_id, m.platform, m.author_handle, m.author_name, m.text, m.url, m.posted_at,"  # noqa: S608
        " m.is_citizen, m.by_sigap, m.edited_at, m.removed_at, m.author_user_id, u.full_name AS author_user_name"
        " FROM complaints_message m LEFT JOIN accounts_user u ON u.id = m.author_user_id"
        f" WHERE m.complaint_id IN ({_placeholders(ids)}) ORDER BY m.posted_at, m.id", ids))
    for message in thread:
        message.merged_from = merged_by_pk.get(message.complaint_id)
    return thread


def complaint_timeline(complaint: Complaint) -> list[TimelineEvent]:
    """The complaint's events in order; each with `actor_name` (None when no person acted)."""
    return list(TimelineEvent.objects.raw(
        "SELECT e.id, e.at, e.kind, e.summary, e.data, e.actor_id, u.full_name AS actor_name"
        " FROM complaints_timelineevent e LEFT JOIN accounts_user u ON u.id = e.actor_id"
        " WHERE e.complaint_id = %s ORDER BY e.at, e.id", [complaint.pk]))


def complaint_tasks_and_replies(complaint: Complaint) -> tuple[list[Dispatch], list[Dispatch]]:
    """(what is left to do by hand, the replies sent from the portal), newest first; each with
    `account_label` (the official account's handle as written, or None) and
    `requested_by_name` (who wrote it in the portal, or None)."""
    dispatches = list(Dispatch.objects.raw(
        "SELECT d.id, d.purpose, d.channel, d.status, d.text, d.error, d.created_at, d.account_id,"
        " d.requested_by_id, a.platform AS account_platform, a.handle AS account_handle,"
        " u.full_name AS requested_by_name"
        " FROM complaints_dispatch d LEFT JOIN agencies_officialaccount a ON a.id = d.account_id"
        " LEFT JOIN accounts_user u ON u.id = d.requested_by_id"
        " WHERE d.complaint_id = %s AND (d.status = %s OR d.purpose = %s) ORDER BY d.created_at DESC, d.id DESC",
        [complaint.pk, DispatchStatus.MANUAL, Purpose.REPLY]))
    for d in dispatches:
        d.account_label = None if d.account_id is None else display_handle(d.account_platform, d.account_handle)
    return ([d for d in dispatches if d.status == DispatchStatus.MANUAL],
            [d for d in dispatches if d.purpose == Purpose.REPLY])


def complaint_replies(complaint: Complaint) -> list[Dispatch]:
    """The replies sent from the portal, newest first (what the page's outcome list polls)."""
    return complaint_tasks_and_replies(complaint)[1]


def complaint_reply_templates(complaint: Complaint) -> list[ReplyTemplate]:
    """The saved replies of the complaint's agency, by title."""
    return list(ReplyTemplate.objects.raw(
        "SELECT id, title, text FROM complaints_replytemplate WHERE agency_id = %s ORDER BY title, id",
        [complaint.agency_id]))


def complaint_mentionable(complaint: Complaint) -> list[User]:
    """Who can be @mentioned on a complaint, in one query: the people who can see it — the
    holding agency's active members (as `actions.colleagues_of` finds them), then the mayor's
    office and the communications office, each by name."""
    # An active membership as `Membership.objects.active()` says (not ended; the person active,
    # which the outer WHERE requires); tests/complaints/test_complaint_page_reads.py holds both.
    colleague = ("EXISTS (SELECT 1 FROM accounts_membership m WHERE m.user_id = u.id AND m.agency_id = %s"
                 " AND m.ended_at IS NULL)")
    if complaint.agency_id is None:
        found = User.objects.raw(
            "SELECT u.id, u.email, u.full_name, 0 AS is_colleague FROM accounts_user u"
            " WHERE u.is_active AND (u.is_leader OR u.is_comms) ORDER BY u.full_name, u.id")
    else:
        found = User.objects.raw(
            f"SELECT u.id, u.email, u.full_name, {colleague} AS is_colleague FROM accounts_user u"  # noqa: S608
            f" WHERE u.is_active AND (u.is_leader OR u.is_comms OR {colleague}) ORDER BY u.full_name, u.id",
            [complaint.agency_id, complaint.agency_id])
    found = list(found)
    return [u for u in found if u.is_colleague] + [u for u in found if not u.is_colleague]


def complaint_merge_candidates(user: AnyUser, complaint: Complaint) -> list[Complaint]:
    """Possibly the same citizen on another platform: open complaints of the same agency
    received within a week either side, written under the same name or the same handle
    (letter case aside), newest first (ten at most), among those `user` sees. They hold the same
    agency as a complaint the person sees, so the visibility rule (`complaint_visible_to`) lets
    each of them through: it is still asked."""
    same_author, author_params = [], []
    for column, value in (("author_name", complaint.author_name), ("author_handle", complaint.author_handle)):
        if value and value.strip():
            same_author.append(f"LOWER({column}) = %s")
            author_params.append(value.strip().lower())
    if not same_author:
        return []
    window = timedelta(days=7)
    adapt = connection.ops.adapt_datetimefield_value
    holder, params = ("agency_id IS NULL", []) if complaint.agency_id is None else ("agency_id = %s", [complaint.agency_id])
    found = Complaint.objects.raw(
        "SELECT id, number, platform, author_name, agency_id FROM complaints_complaint"  # noqa: S608
        f" WHERE {holder} AND merged_into_id IS NULL AND received_at >= %s AND received_at <= %s"
        f" AND status IN ({_placeholders(_MERGEABLE)}) AND id <> %s AND platform <> %s"
        f" AND ({' OR '.join(same_author)})"
        " ORDER BY received_at DESC, id DESC LIMIT 10",
        [*params, adapt(complaint.received_at - window), adapt(complaint.received_at + window), *_MERGEABLE,
         complaint.pk, complaint.platform, *author_params])
    return [c for c in found if complaint_visible_to(user, c)]


_MERGEABLE = [Status.RECEIVED, Status.TRIAGE, Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD]


# --- What a person may do to a complaint ----------------------------------------------------

#: Who may ever do each action on a complaint they can see: "member" = staff and head of the
#: holding agency, "region" = the mayor's office, the communications office, superusers.
ACTION_ROLES: dict[str, frozenset[str]] = {
    "reply": frozenset({"member"}),
    "assign": frozenset({"member"}),
    "note": frozenset({"member", "region"}),
    "category": frozenset({"member", "region"}),
    "handoff": frozenset({"member", "region"}),
    "not_ours": frozenset({"member"}),
    "hold": frozenset({"member"}),
    "resume": frozenset({"member"}),
    "archive": frozenset({"member", "region"}),
    "merge": frozenset({"member", "region"}),
    "resolve": frozenset({"member"}),
    "reopen": frozenset({"member", "region"}),
    "task_done": frozenset({"member", "region"}),
}

_OPEN = frozenset({Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD})
_BEFORE_AGENCY = frozenset({Status.RECEIVED, Status.TRIAGE})


def _state_allows(action: str, complaint: Complaint) -> bool:
    status = complaint.status
    if complaint.merged_into_id and action not in ("note",):
        return False
    return {
        "reply": complaint.agency_id is not None and status in (_OPEN | {Status.RESOLVED}),
        "assign": status in _OPEN,
        "note": True,
        "category": status != Status.ARCHIVED,
        "handoff": status in (_OPEN | _BEFORE_AGENCY),
        "not_ours": status in _OPEN,
        "hold": status in (Status.DISPATCHED, Status.IN_PROGRESS),
        "resume": status == Status.ON_HOLD,
        "archive": status in (_OPEN | _BEFORE_AGENCY),
        "merge": status in (_OPEN | _BEFORE_AGENCY),
        "resolve": complaint.agency_id is not None and status in _OPEN,
        "reopen": status == Status.RESOLVED,
        "task_done": True,
    }.get(action, False)


def complaint_role_allows(user: AnyUser, complaint: Complaint, action: str) -> bool:
    """May this person ever do `action` on this complaint (they can see it already)?"""
    roles = roles_of(user)
    have = set()
    if complaint.agency_id is not None and roles.member_of(complaint.agency_id):
        have.add("member")
    if roles.region_wide:
        have.add("region")
    return bool(have & ACTION_ROLES.get(action, frozenset()))


def complaint_actions(user: AnyUser, complaint: Complaint) -> dict[str, bool]:
    """Which actions this person can do on the complaint as it is now."""
    return {action: complaint_role_allows(user, complaint, action) and _state_allows(action, complaint)
            for action in ACTION_ROLES}


def complaint_state_allows(complaint: Complaint, action: str) -> bool:
    return _state_allows(action, complaint)


# --- The inbox ------------------------------------------------------------------------------

#: Rows on one page of the inbox; counts stop at COUNT_CAP ("1.000+").
PAGE_SIZE = 25
COUNT_CAP = 1000
MEASURED = ("complaint", "question")


@dataclass(frozen=True)
class InboxFilters:
    status: str = "open"  # "open", "all" or one status
    platform: str = ""
    category: str = ""
    agency_id: int | None = None
    overdue: bool = False
    mine: bool = False
    unassigned: bool = False
    period: str = ""  # "today", "week", "month", "quarter", "year" or "" (any time)
    q: str = ""
    sort: str = "newest"  # see SORTS
    received_from: date | None = None  # WIB days, inclusive
    received_to: date | None = None


#: Sort name -> (field, descending, nullable). Ties broken by pk in the same direction.
SORTS: dict[str, tuple[str, bool, bool]] = {
    "newest": ("received_at", True, False),
    "oldest": ("received_at", False, False),
    "due": ("due_at", False, True),
    "activity": ("last_message_at", True, False),
}


def region_now(now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(settings.TIME_ZONE))


def period_start(period: str, now: datetime) -> datetime | None:
    """The start of a period in the region's time zone (weeks start on Monday)."""
    local = region_now(now)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "today":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return None


def overdue_condition(now: datetime) -> Q:
    """Waiting for the first response past its due time."""
    return Q(status__in=list(_OPEN), first_response_at__isnull=True, due_at__lt=now, category__in=MEASURED)


def inbox_text_condition(filters: InboxFilters) -> Q | None:
    """The full-text condition of the inbox's search box (None: no text search; a complaint
    number is looked up as such)."""
    from complaints.search import search_filter

    q = filters.q.strip()
    if not q or NUMBER.fullmatch(q.upper()):
        return None
    return search_filter(text=q, vendor=connection.vendor)


def inbox_queryset(
    *, user: AnyUser, filters: InboxFilters, now: datetime, text_search: bool = True,
) -> QuerySet[Complaint]:
    """The complaints the inbox lists with these filters (`text_search=False`: all but the
    full-text condition, which `inbox_page` then applies itself)."""
    qs = complaint_list_for_user(user).select_related("agency", "assignee").defer("search_document")
    if filters.status == "open":
        qs = qs.filter(status__in=list(_OPEN))
    elif filters.status == "triage":
        qs = qs.filter(status__in=list(_BEFORE_AGENCY))
    elif filters.status and filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.platform:
        qs = qs.filter(platform=filters.platform)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.overdue:
        qs = qs.filter(overdue_condition(now))
    if filters.mine:
        qs = qs.filter(assignee_id=getattr(user, "pk", None))
    if filters.unassigned:
        qs = qs.filter(assignee__isnull=True)
    start = period_start(filters.period, now)
    if start is not None:
        qs = qs.filter(received_at__gte=start)
    zone = ZoneInfo(settings.TIME_ZONE)
    if filters.received_from:
        qs = qs.filter(received_at__gte=datetime.combine(filters.received_from, time.min, tzinfo=zone))
    if filters.received_to:
        qs = qs.filter(received_at__lt=datetime.combine(filters.received_to + timedelta(days=1), time.min, tzinfo=zone))
    number = NUMBER.fullmatch(filters.q.strip().upper())
    if number:
        qs = qs.filter(number=f"SGP-{number.group(1)}-{int(number.group(2)):06d}")
    elif text_search and (condition := inbox_text_condition(filters)) is not None:
        qs = qs.filter(condition)
    return qs


NUMBER = re.compile(r"SGP-(\d{4})-(\d{1,6})")


@dataclass
class InboxPage:
    rows: list[Complaint]
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_capped: bool
    newest_pk: int


def _cursor_encode(value: datetime | None, pk: int) -> str:
    raw = f"{value.isoformat() if value else '~'}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[datetime | None, int] | None:
    """None when the cursor is not one we made (the page then starts from the top)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value, pk = raw.rsplit("|", 1)
        moment = None if value == "~" else datetime.fromisoformat(value)
        if moment is not None and moment.tzinfo is None:
            return None
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None


def _after(field: str, descending: bool, nullable: bool, value: datetime | None, pk: int) -> Q:
    """Rows that come after (value, pk) in the order (field desc/asc nulls last, pk same)."""
    if value is None:  # in the nulls at the end
        return Q(**{f"{field}__isnull": True, "pk__lt" if descending else "pk__gt": pk})
    op = "lt" if descending else "gt"
    # The first, redundant term lets the database walk the index from the cursor on.
    after = Q(**{f"{field}__{op}e": value}) & (
        Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))
    if nullable:
        after |= Q(**{f"{field}__isnull": True})
    return after


def _before(field: str, descending: bool, nullable: bool, value: datetime | None, pk: int) -> Q:
    op = "gt" if descending else "lt"
    if value is None:
        before = Q(**{f"{field}__isnull": True, f"pk__{op}": pk})
        return before | Q(**{f"{field}__isnull": False}) if nullable else before
    return Q(**{f"{field}__{op}e": value}) & (
        Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))


def _ordering(field: str, descending: bool, nullable: bool, reverse: bool) -> list[Any]:
    """The page's order, or its exact reverse (to walk back from a cursor). NULLS are only
    named for nullable fields: elsewhere naming them would keep PostgreSQL off the index."""
    desc = descending != reverse
    if nullable:
        key = F(field).desc(nulls_first=True) if desc else F(field).asc(nulls_last=True)
    else:
        key = F(field).desc() if desc else F(field).asc()
    return [key, "-pk" if desc else "pk"]


def inbox_page(
    *, user: AnyUser, filters: InboxFilters, now: datetime, after: str = "", before: str = "",
    size: int = PAGE_SIZE,
) -> InboxPage:
    """One page of the inbox by keyset (no OFFSET, no COUNT over the whole table)."""
    field, descending, nullable = SORTS.get(filters.sort, SORTS["newest"])
    text = inbox_text_condition(filters)
    everything = inbox_queryset(user=user, filters=filters, now=now, text_search=False)
    plain = everything
    reverse = False
    position = cursor_decode(after) if after else None
    if position is not None:
        plain = plain.filter(_after(field, descending, nullable, *position))
    elif before and (position := cursor_decode(before)) is not None:
        plain = plain.filter(_before(field, descending, nullable, *position))
        reverse = True
    ordering = _ordering(field, descending, nullable, reverse)
    ids = None if text is None else _text_search_ids(plain, text, field, descending != reverse, nullable, size + 1)
    if ids is not None:
        # `more` from the ids: a row changed between the two reads must not hide the next page.
        more = len(ids) > size
        rows = list(plain.filter(pk__in=ids[:size]).order_by(*ordering)) if ids else []
    else:
        rows = list((plain if text is None else plain.filter(text)).order_by(*ordering)[: size + 1])
        more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    started = position is not None
    has_next = more if not reverse else True
    has_previous = (more if reverse else started) and bool(rows)
    if filters.q.strip() and not position:
        # A text search costs the same to count as to find: on the first page the count says
        # what the page shows ("25+" when there is more) instead of searching twice.
        count, capped = len(rows), more
    else:
        base = everything if text is None else everything.filter(text)
        found = base.order_by()[: COUNT_CAP + 1].count()
        count, capped = min(found, COUNT_CAP), found > COUNT_CAP
    newest = Complaint.objects.aggregate(newest=Max("pk"))["newest"] or 0
    return InboxPage(
        rows=rows,
        next_cursor=_cursor_encode(getattr(rows[-1], field), rows[-1].pk) if rows and has_next else None,
        previous_cursor=_cursor_encode(getattr(rows[0], field), rows[0].pk) if has_previous else None,
        count=count, count_capped=capped, newest_pk=newest,
    )


#: A text search in date order looks first among this many rows of the page (its other
#: filters, its order, from its cursor on): see `_text_search_ids`.
SEARCH_FIRST_ROWS = 1000


def _text_search_ids(
    plain: QuerySet[Complaint], text: Q, field: str, descending: bool, nullable: bool, wanted: int,
) -> list[int] | None:
    """The ids of the first `wanted` rows of `plain` that match `text`, in the page's order;
    None when the plain query should find them.

    PostgreSQL cannot tell from the full-text index how many rows a word matches, and guessed
    wrong both ways at a million complaints in date order: it read all 66,000 rows of a common
    phrase ("sampah menumpuk") from the index to sort them (266 ms), and walked the whole table
    in date order for a word that matches nothing (305 ms). So in date order (the inbox's newest
    and oldest, which an index walks) the order of the work is chosen here:
    1. among the first SEARCH_FIRST_ROWS rows of the page's order, the first that match: a
       common word fills the page within a few hundred rows, a rare one gives up after a
       thousand. The first rows that match among the first rows of an order are the first that
       match in it;
    2. when fewer match there, the matching rows first (from the index), then their order.
    The deadline and activity orders keep the plain query: no index walks them, and PostgreSQL
    weighs their other filters (an overdue tab, an agency) better than a rule here would.
    tests/complaints/test_inbox_search.py holds the pages the same as the plain query's."""
    if field != "received_at":
        return None
    if plain.query.is_empty():  # a person who sees nothing
        return []
    direction = "DESC" if descending else "ASC"
    order = f"ORDER BY found.row_key {direction}, found.row_id {direction} LIMIT %s"
    named = plain.annotate(row_id=F("pk"), row_key=F(field))
    first = _first_rows_matching(named, text, _ordering(field, descending, nullable, reverse=False), order, wanted)
    if first is not None:
        return first
    sql, params = named.filter(text).order_by().values_list("row_id", "row_key").query.sql_with_params()
    # OFFSET 0 keeps the subquery whole: PostgreSQL would otherwise fold it into the outer query
    # and walk the date order again.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT found.row_id FROM ({sql}{fence}) AS found {order}", [*params, wanted])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _first_rows_matching(
    named: QuerySet[Complaint], text: Q, key: list[Any], order: str, wanted: int,
) -> list[int] | None:
    """Step 1 of `_text_search_ids`: None when fewer than `wanted` of the first rows match."""
    if SEARCH_FIRST_ROWS <= 0:
        return None
    first_rows = (named.order_by(*key).annotate(hit=ExpressionWrapper(text, output_field=BooleanField()))
                  .values_list("row_id", "row_key", "hit")[:SEARCH_FIRST_ROWS])
    sql, params = first_rows.query.sql_with_params()
    with connection.cursor() as cursor:
        # A subquery in FROM: its LIMIT applies before the condition, so no plan can start from
        # the full-text index.
        cursor.execute(f"SELECT found.row_id FROM ({sql}) AS found WHERE found.hit {order}",  # noqa: S608
                       [*params, wanted])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) == wanted else None


def inbox_fresh(*, user: AnyUser, filters: InboxFilters, now: datetime, after_pk: int,
                limit: int = PAGE_SIZE) -> list[Complaint]:
    """Complaints that arrived since the page was shown (by id), newest first."""
    qs = inbox_queryset(user=user, filters=filters, now=now).filter(pk__gt=after_pk)
    return list(qs.order_by("-pk")[:limit])


# --- The dashboard ----------------------------------------------------------------------------

@dataclass
class AgencyNumbers:
    new_today: int
    open: int
    overdue: int
    answered_today: int
    mine: int
    median_week_minutes: float | None
    answered_week: int


def agency_numbers(*, agency_ids: Iterable[int], user: AnyUser, now: datetime) -> AgencyNumbers:
    """Today's numbers of the agencies a person works for: new (handed to the agency today),
    open, overdue, answered today, assigned to me, and the median first response this week."""
    ids = list(agency_ids)
    day = period_start("today", now)
    week = period_start("week", now)
    relevant = Complaint.objects.filter(agency_id__in=ids).filter(
        Q(status__in=list(_OPEN)) | Q(handed_at__gte=day) | Q(first_response_at__gte=day))
    totals = relevant.aggregate(
        new_today=Count("pk", filter=Q(handed_at__gte=day)),
        open=Count("pk", filter=Q(status__in=list(_OPEN))),
        overdue=Count("pk", filter=overdue_condition(now)),
        answered_today=Count("pk", filter=Q(first_response_at__gte=day)),
        mine=Count("pk", filter=Q(status__in=list(_OPEN), assignee_id=getattr(user, "pk", None))),
    )
    minutes = list(Complaint.objects.filter(
        agency_id__in=ids, first_response_at__gte=week, first_response_working_minutes__isnull=False,
        category__in=MEASURED,
    ).values_list("first_response_working_minutes", flat=True))
    return AgencyNumbers(median_week_minutes=statistics.median(minutes) if minutes else None,
                         answered_week=len(minutes), **totals)


@dataclass
class RegionRow:
    agency: Any
    new_today: int
    open: int
    overdue: int
    answered_today: int


@dataclass
class RegionNumbers:
    rows: list[RegionRow]
    totals: dict[str, int]
    overdue_list: list[Complaint]
    triage: int
    triage_capped: bool


def region_numbers(*, now: datetime, overdue_limit: int = 15) -> RegionNumbers:
    """The whole region at a glance: per agency today's new, open, overdue and answered, the
    longest-overdue complaints, and the triage queue."""
    from agencies.models import Agency

    day = period_start("today", now)
    per_agency = list(
        Complaint.objects.filter(agency__isnull=False)
        .filter(Q(status__in=list(_OPEN)) | Q(handed_at__gte=day) | Q(first_response_at__gte=day))
        .values("agency_id").order_by("agency_id")
        .annotate(
            new_today=Count("pk", filter=Q(handed_at__gte=day)),
            open=Count("pk", filter=Q(status__in=list(_OPEN))),
            overdue=Count("pk", filter=overdue_condition(now)),
            answered_today=Count("pk", filter=Q(first_response_at__gte=day)),
        )
    )
    agencies = Agency.objects.in_bulk([r["agency_id"] for r in per_agency])
    rows = [RegionRow(agency=agencies[r["agency_id"]], new_today=r["new_today"], open=r["open"],
                      overdue=r["overdue"], answered_today=r["answered_today"]) for r in per_agency]
    rows.sort(key=lambda r: (-r.overdue, -r.open, r.agency.short_name))
    totals = {key: sum(getattr(r, key) for r in rows) for key in ("new_today", "open", "overdue", "answered_today")}
    overdue_list = list(
        Complaint.objects.filter(overdue_condition(now)).select_related("agency", "assignee")
        .defer("search_document").order_by("due_at", "pk")[:overdue_limit]
    )
    triage = Complaint.objects.filter(status__in=list(_BEFORE_AGENCY)).order_by()[: COUNT_CAP + 1].count()
    return RegionNumbers(rows=rows, totals=totals, overdue_list=overdue_list, triage=min(triage, COUNT_CAP),
                         triage_capped=triage > COUNT_CAP)
