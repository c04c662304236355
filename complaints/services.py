"""Writes to complaints: each is part of one transaction with its timeline event."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from agencies.models import Agency, OfficialAccount, Platform
from complaints.models import (
    Complaint,
    ComplaintCounter,
    EventKind,
    Message,
    Status,
    TimelineEvent,
)
from platforms.connectors.base import Item


def complaint_number_next(*, received_at: datetime) -> str:
    """SGP-<year received, in the region's time zone>-<6-digit counter restarting each year>.
    The counter row is locked until the caller's transaction ends: numbers never repeat."""
    year = _region_year(received_at)
    return _format_number(year, _counter_take(year=year, count=1))


@dataclass
class WriteBuffer:
    """Writes gathered while a batch of inbound items is processed in one transaction: the
    new messages and timeline events are inserted together, and the new complaints get their
    numbers at the end, so that the year's counter row is locked only for the last moment of
    the transaction (two workers' batches then overlap instead of queueing behind it)."""

    messages: list[Message] = field(default_factory=list)
    events: list[TimelineEvent] = field(default_factory=list)
    unnumbered: list[Complaint] = field(default_factory=list)
    #: New complaints whose agency is tagged once the batch commits (one task for them all).
    to_tag: list[int] = field(default_factory=list)

    def flush(self) -> None:
        if self.messages:
            Message.objects.bulk_create(self.messages)
            self.messages = []
        if self.events:
            TimelineEvent.objects.bulk_create(self.events)
            self.events = []

    def number(self) -> None:
        """Numbers in the order the citizens wrote, per year, from the locked counter."""
        by_year: dict[int, list[Complaint]] = {}
        for complaint in self.unnumbered:
            by_year.setdefault(_region_year(complaint.received_at), []).append(complaint)
        for year, complaints in sorted(by_year.items()):
            complaints.sort(key=lambda c: (c.received_at, c.pk))
            last = _counter_take(year=year, count=len(complaints))
            for offset, complaint in enumerate(complaints):
                complaint.number = _format_number(year, last - len(complaints) + 1 + offset)
            _numbers_store(complaints)
        self.unnumbered = []

    def tag(self) -> None:
        """Once the batch commits: one task plans the tags of all its new complaints."""
        if self.to_tag:
            from complaints.responses import queue_tags

            ids = list(self.to_tag)
            transaction.on_commit(lambda: queue_tags(ids))
            self.to_tag = []


def _numbers_store(complaints: list[Complaint]) -> None:
    """One UPDATE joined to a list of (id, number) — `bulk_update` would build a CASE of a few
    hundred branches in Python, which costs more than the update itself."""
    table = connection.ops.quote_name(Complaint._meta.db_table)
    rows = ", ".join(["(%s, %s)"] * len(complaints))
    params: list[Any] = [value for c in complaints for value in (c.pk, c.number)]
    if connection.vendor == "postgresql":
        sql = (f"UPDATE {table} AS c SET number = v.number FROM (VALUES {rows}) AS v(id, number)"  # noqa: S608
               " WHERE c.id = v.id")
    else:  # SQLite: a VALUES list names its columns column1, column2
        sql = (f"UPDATE {table} SET number = v.column2 FROM (VALUES {rows}) AS v"  # noqa: S608
               f" WHERE {table}.id = v.column1")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


_buffer: ContextVar[WriteBuffer | None] = ContextVar("complaints_write_buffer", default=None)


@contextmanager
def buffered_writes() -> Iterator[WriteBuffer]:
    """Use inside one transaction: messages and events are inserted and numbers given when
    the block ends (an exception leaves the transaction to roll back)."""
    buffer = WriteBuffer()
    token = _buffer.set(buffer)
    try:
        yield buffer
        buffer.flush()
        buffer.number()
        buffer.tag()
    finally:
        _buffer.reset(token)


def buffer_flush() -> None:
    """Insert what is buffered now (before a write that needs the rows, e.g. an edit)."""
    buffer = _buffer.get()
    if buffer is not None:
        buffer.flush()


def _region_year(moment: datetime) -> int:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).year


def _format_number(year: int, counter: int) -> str:
    return f"SGP-{year}-{counter:06d}"


def _counter_take(*, year: int, count: int) -> int:
    """Advance the year's counter by `count` and return its new last value. The row stays
    locked until the caller's transaction ends: numbers never repeat."""
    if not ComplaintCounter.objects.filter(year=year).exists():
        try:
            with transaction.atomic():
                ComplaintCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # another worker created it first
    ComplaintCounter.objects.filter(year=year).update(last=F("last") + count)
    return ComplaintCounter.objects.get(year=year).last


def timeline_add(
    *, complaint: Complaint, kind: str, summary: str = "", at: datetime | None = None,
    actor: Any = None, data: dict[str, Any] | None = None,
) -> TimelineEvent:
    kwargs: dict[str, Any] = {"complaint": complaint, "kind": kind, "summary": summary[:500],
                              "actor": actor, "data": data or {}}
    if at is not None:
        kwargs["at"] = at
    buffer = _buffer.get()
    if buffer is not None:
        event = TimelineEvent(**kwargs)
        buffer.events.append(event)
        return event
    return TimelineEvent.objects.create(**kwargs)


def message_from_item(
    *, complaint: Complaint, item: Item, from_account: OfficialAccount | None = None, author_user: Any = None,
) -> Message:
    message = Message(
        complaint=complaint, platform=item.platform, external_id=item.external_id,
        parent_external_id=item.parent_id, author_id=item.author_id,
        author_handle=item.author_handle, author_name=item.author_name, text=item.text,
        url=item.url, posted_at=item.posted_at, from_account=from_account, author_user=author_user,
        is_citizen=from_account is None and author_user is None,
    )
    buffer = _buffer.get()
    if buffer is not None:
        buffer.messages.append(message)
    else:
        message.save(force_insert=True)
    return message


def complaint_open(
    *, item: Item, thread_key: str, account: OfficialAccount | None, category: str,
    agency: Agency | None, routing_reason: str,
) -> Complaint:
    """A new complaint from a citizen's first message, routed or sent to triage."""
    buffer = _buffer.get()
    complaint = Complaint(
        # In a batch, a unique placeholder until the batch's numbers are given at its end.
        number=f"~{uuid.uuid4().hex[:19]}" if buffer else complaint_number_next(received_at=item.posted_at),
        platform=item.platform, external_id=item.external_id, thread_key=thread_key,
        account=account, author_id=item.author_id, author_handle=item.author_handle,
        author_name=item.author_name, text=item.text, url=item.url, category=category,
        agency=agency, routing_reason=routing_reason,
        status=Status.DISPATCHED if agency else Status.TRIAGE,
        received_at=item.posted_at, handed_at=item.posted_at if agency else None,
        last_message_at=item.posted_at,
    )
    measured = agency is not None and category in ("complaint", "question")
    if measured:
        from complaints.clock import complaint_clock_refresh

        complaint_clock_refresh(complaint=complaint, save=False, fresh=True)  # stored with the row
    complaint.save(force_insert=True)
    if buffer is not None:
        buffer.unnumbered.append(complaint)
    message_from_item(complaint=complaint, item=item)
    timeline_add(complaint=complaint, kind=EventKind.RECEIVED, at=item.posted_at,
                 summary=f"{Platform(item.platform).label}: {item.author_handle or item.author_name}",
                 data={"external_id": item.external_id, "category": category})
    if agency is not None:
        timeline_add(complaint=complaint, kind=EventKind.ROUTED, summary=f"{agency.short_name}: {routing_reason}",
                     data={"agency": agency.slug, "reason": routing_reason})
    else:
        timeline_add(complaint=complaint, kind=EventKind.TRIAGED, summary=routing_reason,
                     data={"reason": routing_reason})
    if measured and buffer is not None:
        buffer.to_tag.append(complaint.pk)
    elif measured:
        from complaints.responses import queue_tag

        complaint_id = complaint.pk
        transaction.on_commit(lambda: queue_tag(complaint_id))
    return complaint


def complaint_add_message(
    *, complaint: Complaint, item: Item, from_account: OfficialAccount | None = None, author_user: Any = None,
) -> Message:
    """A later message in the thread. A citizen's message older than the complaint's first
    one (delivered out of order) becomes the first: the complaint is received when the
    citizen first wrote."""
    message = message_from_item(complaint=complaint, item=item, from_account=from_account, author_user=author_user)
    updates: dict[str, Any] = {
        "version": F("version") + 1,
        # Two messages of one thread may be processed at once: the latest time wins.
        "last_message_at": Greatest(F("last_message_at"), Value(item.posted_at)),
    }
    is_root = item.external_id == complaint.thread_key
    if message.is_citizen and item.posted_at < complaint.received_at and (
        is_root or item.author_id == complaint.author_id
    ):
        updates.update(external_id=item.external_id, text=item.text, url=item.url,
                       received_at=item.posted_at, author_id=item.author_id,
                       author_handle=item.author_handle, author_name=item.author_name)
        if complaint.handed_at == complaint.received_at:
            updates["handed_at"] = item.posted_at
    Complaint.objects.filter(pk=complaint.pk).update(**updates)
    # Keep the instance as the row now is: a batch may add another message to it.
    for name, value in updates.items():
        if name not in ("version", "last_message_at"):
            setattr(complaint, name, value)
    complaint.version += 1
    complaint.last_message_at = max(complaint.last_message_at, item.posted_at)
    kind = EventKind.MESSAGE if message.is_citizen else EventKind.REPLY
    who = from_account.display_handle if from_account else (item.author_handle or item.author_name)
    timeline_add(complaint=complaint, kind=kind, at=item.posted_at, summary=who,
                 data={"external_id": item.external_id})
    return message


def message_edit(*, message: Message, item: Item) -> None:
    if message.text == item.text:
        return
    old = message.text
    message.text = item.text
    now = timezone.now()  # platforms stamp edits with the original post time
    message.edited_at = now
    message.save(update_fields=["text", "edited_at"])
    complaint = message.complaint
    if complaint.external_id == message.external_id:
        Complaint.objects.filter(pk=complaint.pk).update(text=item.text, version=F("version") + 1)
    timeline_add(complaint=complaint, kind=EventKind.EDITED, at=now,
                 summary=message.author_handle or message.author_name,
                 data={"external_id": message.external_id, "old_text": old, "new_text": item.text})


def message_remove(*, message: Message, item: Item) -> None:
    if message.removed_at is not None:
        return
    now = timezone.now()
    message.removed_at = now
    message.save(update_fields=["removed_at"])
    complaint = message.complaint
    if complaint.external_id == message.external_id:
        Complaint.objects.filter(pk=complaint.pk).update(removed_at=now, version=F("version") + 1)
    timeline_add(complaint=complaint, kind=EventKind.REMOVED, at=now,
                 summary=message.author_handle or message.author_name,
                 data={"external_id": message.external_id, "text": message.text})


# --- Status changes (DESIGN.md's statuses), each one transaction with its timeline event ----

class TransitionRefused(Exception):
    """The complaint is not in a state that allows this (or someone changed it meanwhile)."""


#: Which status may follow which. A hand-off is dispatched -> dispatched to another agency.
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.TRIAGE, Status.DISPATCHED, Status.OUT_OF_SCOPE, Status.ARCHIVED},
    Status.TRIAGE: {Status.DISPATCHED, Status.OUT_OF_SCOPE, Status.ARCHIVED},
    Status.DISPATCHED: {Status.DISPATCHED, Status.IN_PROGRESS, Status.TRIAGE, Status.ON_HOLD, Status.RESOLVED,
                        Status.OUT_OF_SCOPE, Status.ARCHIVED},
    Status.IN_PROGRESS: {Status.DISPATCHED, Status.TRIAGE, Status.ON_HOLD, Status.RESOLVED, Status.OUT_OF_SCOPE,
                         Status.ARCHIVED},
    Status.ON_HOLD: {Status.IN_PROGRESS, Status.DISPATCHED, Status.RESOLVED, Status.ARCHIVED},
    Status.RESOLVED: {Status.IN_PROGRESS},
    Status.OUT_OF_SCOPE: {Status.TRIAGE},
    Status.ARCHIVED: {Status.TRIAGE},
}


def complaint_transition(
    *, complaint: Complaint, to: str, actor: Any = None, reason: str = "", at: datetime | None = None,
    kind: str = EventKind.STATUS, data: dict[str, Any] | None = None, expected_version: int | None = None,
    **updates: Any,
) -> Complaint:
    """Move a complaint to status `to` (compare-and-set on its current status, and on its
    version when the caller saw one), with the timeline event in the same transaction."""
    old = complaint.status
    if to not in TRANSITIONS.get(old, set()):
        raise TransitionRefused(f"{old} -> {to}")
    at = at or timezone.now()
    with transaction.atomic():
        rows = Complaint.objects.filter(pk=complaint.pk, status=old)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        if not rows.update(status=to, version=F("version") + 1, **updates):
            raise TransitionRefused("the complaint was changed meanwhile")
        complaint.refresh_from_db()
        timeline_add(complaint=complaint, kind=kind, at=at, actor=actor, summary=reason,
                     data={"from": old, "to": to, **(data or {})})
    return complaint
