"""What people do to a complaint in the workspace: assign, note with @mentions, change the
category, hand off, "bukan wewenang kami", hold and resume, archive, merge, resolve, reopen,
and mark a manual task done.

Each action is one transaction: the complaint's row is locked and its `version` compared
with the one the person's page showed (`expected_version`), so that two people acting at
once never overwrite each other — the second gets `ComplaintChanged` naming what changed
and who did it, and sees the new state. Notes and manual tasks add to the complaint without
changing its state, so they never conflict. Every action writes its timeline event with its
actor in the same transaction; notifications are rows in that transaction too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership, User
from agencies.models import Agency
from complaints import notify, responses, selectors
from complaints.models import (
    Category,
    Complaint,
    Dispatch,
    DispatchStatus,
    EventKind,
    NotificationKind,
    Purpose,
    Status,
    TimelineEvent,
)
from complaints.services import TransitionRefused, complaint_transition, timeline_add

#: The statuses in which an agency still works on a complaint.
OPEN = (Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD)
NOTE_MAX = 4000
REASON_MAX = 300
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9._+-]*[A-Za-z0-9]|[A-Za-z0-9])")


class ActionRefused(Exception):
    """The action cannot be done as asked (bad input, or not in this state)."""


class ComplaintChanged(TransitionRefused):
    """Someone (or something) changed the complaint after the person's page showed it."""

    def __init__(self, complaint: Complaint, change: ChangeSeen) -> None:
        super().__init__(f"changed meanwhile: {change.summary}")
        self.complaint = complaint
        self.change = change


@dataclass(frozen=True)
class ChangeSeen:
    """The latest change of a complaint, to tell the person who acted second."""

    who: str
    kind: str
    summary: str
    at: Any


def last_change(complaint: Complaint) -> ChangeSeen:
    event = (TimelineEvent.objects.filter(complaint=complaint).select_related("actor")
             .order_by("-pk").first())
    if event is None:
        return ChangeSeen(who="", kind="", summary="", at=None)
    if event.actor is not None:
        who = event.actor.full_name or event.actor.email
    elif event.kind in (EventKind.MESSAGE, EventKind.RECEIVED, EventKind.EDITED, EventKind.REMOVED):
        who = complaint.author_handle or complaint.author_name
    else:
        who = "Sigap"
    return ChangeSeen(who=who, kind=event.get_kind_display(), summary=event.summary, at=event.at)


def _locked(complaint: Complaint, expected_version: int | None) -> Complaint:
    """The complaint's row, locked until the transaction ends, as it is now; refused when
    it is no longer the version the person saw. Call inside transaction.atomic()."""
    locked = (Complaint.objects.select_for_update(of=("self",)).select_related("agency", "assignee")
              .get(pk=complaint.pk))
    if expected_version is not None and locked.version != expected_version:
        raise ComplaintChanged(locked, last_change(locked))
    return locked


def _save(locked: Complaint, **updates: Any) -> None:
    Complaint.objects.filter(pk=locked.pk).update(version=F("version") + 1, **updates)
    locked.refresh_from_db()


def _sync(complaint: Complaint, locked: Complaint) -> Complaint:
    """Bring the caller's instance up to date with what was written."""
    complaint.refresh_from_db()
    return locked


def _reason(reason: str, *, required: bool = True) -> str:
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise ActionRefused("Tuliskan alasannya.")
    if len(reason) > REASON_MAX:
        raise ActionRefused(f"Alasan terlalu panjang ({len(reason)} dari {REASON_MAX} karakter).")
    return reason


def _name(user: User | None) -> str:
    return (user.full_name or user.email) if user is not None else "Sigap"


def _clock(complaint: Complaint) -> None:
    """Refresh the stored clock figures (due time, hold minutes) after a status change."""
    responses.clock_refresh(complaint)


# --- People of a complaint ------------------------------------------------------------------

def colleagues_of(complaint: Complaint) -> list[User]:
    """Who may be assigned: the active members (staff and head) of the holding agency."""
    if complaint.agency_id is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active().filter(agency_id=complaint.agency_id),
        ).distinct().order_by("full_name", "pk")
    )


def mention_handle(user: User) -> str:
    """The @name of a person in notes: the part of their e-mail before the @."""
    return user.email.split("@", 1)[0].lower()


def mentions_in(text: str, people: Iterable[User]) -> list[User]:
    handles = {m.group(1).lower().rstrip(".") for m in MENTION.finditer(text)}
    return [u for u in people if mention_handle(u) in handles]


# --- Actions ------------------------------------------------------------------------------

def complaint_assign(
    *, complaint: Complaint, assignee: User | None, actor: User, expected_version: int | None,
) -> Complaint:
    """Give the complaint to a colleague of the holding agency (None: nobody)."""
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.agency_id is None or locked.status not in OPEN:
            raise ActionRefused("Hanya aduan yang sedang ditangani OPD yang bisa ditugaskan.")
        if assignee is not None and assignee.pk not in {u.pk for u in colleagues_of(locked)}:
            raise ActionRefused("Petugas itu bukan anggota OPD yang memegang aduan ini.")
        if (assignee.pk if assignee else None) == locked.assignee_id:
            raise ActionRefused("Aduan ini sudah ditugaskan begitu.")
        before = locked.assignee
        _save(locked, assignee=assignee)
        summary = (f"ditugaskan ke {_name(assignee)}" if assignee is not None
                   else f"tidak lagi ditugaskan ke {_name(before)}")
        event = timeline_add(complaint=locked, kind=EventKind.ASSIGNED, actor=actor, summary=summary,
                             data={"assignee": assignee.pk if assignee else None,
                                   "before": before.pk if before else None})
        if assignee is not None and assignee.pk != actor.pk:
            notify.notify(user=assignee, kind=NotificationKind.ASSIGNED, complaint=locked,
                          key=f"assigned:{event.pk}:{assignee.pk}",
                          text=f"{locked.number} ditugaskan kepada Anda oleh {_name(actor)}")
    return _sync(complaint, locked)


def complaint_note_add(*, complaint: Complaint, actor: User, text: str) -> TimelineEvent:
    """An internal note (never seen by the citizen). People @mentioned in it are notified."""
    text = (text or "").strip()
    if not text:
        raise ActionRefused("Catatan tidak boleh kosong.")
    if len(text) > NOTE_MAX:
        raise ActionRefused(f"Catatan terlalu panjang ({len(text)} dari {NOTE_MAX} karakter).")
    mentioned = [u for u in mentions_in(text, selectors.complaint_mentionable(complaint)) if u.pk != actor.pk]
    with transaction.atomic():
        event = timeline_add(complaint=complaint, kind=EventKind.NOTE, actor=actor, summary=text[:500],
                             data={"text": text, "mentions": [u.pk for u in mentioned], "internal": True})
        for user in mentioned:
            notify.notify(user=user, kind=NotificationKind.MENTION, complaint=complaint,
                          key=f"mention:{event.pk}:{user.pk}",
                          text=f"{_name(actor)} menyebut Anda di {complaint.number}: {text[:300]}")
    return event


def complaint_category_change(
    *, complaint: Complaint, category: str, actor: User, expected_version: int | None,
) -> Complaint:
    if category not in Category.values:
        raise ActionRefused("Jenis laporan tidak dikenal.")
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.status == Status.ARCHIVED:
            raise ActionRefused("Aduan yang diarsipkan tidak bisa diubah jenisnya.")
        old = locked.category
        if old == category:
            raise ActionRefused("Jenisnya sudah itu.")
        _save(locked, category=category)
        timeline_add(complaint=locked, kind=EventKind.CATEGORY, actor=actor,
                     summary=f"{Category(old).label} → {Category(category).label}",
                     data={"from": old, "to": category})
        _clock(locked)
        if locked.status == Status.DISPATCHED and locked.first_response_at is None:
            # Now a complaint or question: its agency is tagged (idempotent per hand-over).
            complaint_id = locked.pk
            transaction.on_commit(lambda: responses.queue_tag(complaint_id))
    return _sync(complaint, locked)


def complaint_hand_off_to(
    *, complaint: Complaint, agency: Agency, actor: User, reason: str, via: str,
    expected_version: int | None,
) -> Complaint:
    """Hand the complaint to another agency (or give a complaint in triage its agency)."""
    reason = _reason(reason)
    if not agency.is_active:
        raise ActionRefused("OPD itu tidak aktif.")
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.agency_id == agency.pk:
            raise ActionRefused("Aduan ini sudah dipegang OPD itu.")
        if locked.status not in (Status.RECEIVED, Status.TRIAGE, *OPEN):
            raise ActionRefused("Aduan dengan status ini tidak bisa dialihkan.")
        responses.complaint_hand_off(complaint=locked, agency=agency, actor=actor, reason=reason, via=via)
        _save(locked, assignee=None)
    return _sync(complaint, locked)


def complaint_not_ours(
    *, complaint: Complaint, actor: User, reason: str, expected_version: int | None,
) -> Complaint:
    """"Bukan wewenang kami": back to the communications office's triage."""
    reason = _reason(reason)
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.status not in OPEN:
            raise ActionRefused("Aduan dengan status ini tidak bisa dikembalikan ke pemilahan.")
        responses.complaint_to_triage(complaint=locked, actor=actor, reason=reason)
        _save(locked, assignee=None)
    return _sync(complaint, locked)


def complaint_hold(
    *, complaint: Complaint, actor: User, reason: str, expected_version: int | None,
) -> Complaint:
    """Ditunda: waiting for something from the citizen (pauses the resolution clock only)."""
    reason = _reason(reason)
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.status not in (Status.DISPATCHED, Status.IN_PROGRESS):
            raise ActionRefused("Hanya aduan yang sedang ditangani yang bisa ditunda.")
        complaint_transition(complaint=locked, to=Status.ON_HOLD, actor=actor, reason=reason,
                             data={"reason": reason})
        _clock(locked)
    return _sync(complaint, locked)


def complaint_resume(*, complaint: Complaint, actor: User, expected_version: int | None) -> Complaint:
    """Back from Ditunda: in progress, or waiting for the first response if none came yet."""
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.status != Status.ON_HOLD:
            raise ActionRefused("Aduan ini tidak sedang ditunda.")
        to = Status.IN_PROGRESS if locked.first_response_at or locked.head_ack_at else Status.DISPATCHED
        complaint_transition(complaint=locked, to=to, actor=actor, reason="dilanjutkan")
        _clock(locked)
    return _sync(complaint, locked)


class ArchiveReason:
    SPAM = "spam"
    DUPLICATE = "duplicate"
    UNCLEAR = "unclear"
    CHOICES = (SPAM, DUPLICATE, UNCLEAR)
    WORDS = {SPAM: "spam", DUPLICATE: "ganda", UNCLEAR: "tidak jelas"}


def complaint_archive(
    *, complaint: Complaint, actor: User, reason: str, note: str = "", expected_version: int | None,
) -> Complaint:
    """Diarsipkan: spam, a duplicate, or too unclear to act on."""
    if reason not in ArchiveReason.CHOICES:
        raise ActionRefused("Pilih alasan pengarsipan.")
    note = _reason(note, required=False)
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.status not in (Status.RECEIVED, Status.TRIAGE, *OPEN):
            raise ActionRefused("Aduan dengan status ini tidak bisa diarsipkan.")
        words = ArchiveReason.WORDS[reason] + (f": {note}" if note else "")
        complaint_transition(complaint=locked, to=Status.ARCHIVED, actor=actor, reason=f"diarsipkan ({words})",
                             data={"archive_reason": reason, "note": note})
        _clock(locked)
    return _sync(complaint, locked)


def complaint_merge(
    *, complaint: Complaint, other: Complaint, actor: User, expected_version: int | None,
) -> Complaint:
    """The same citizen wrote about the same thing on two platforms: `other` is archived
    with a pointer to `complaint`, whose page shows both threads. The surviving complaint
    keeps its own clock and figures."""
    if other.pk == complaint.pk:
        raise ActionRefused("Aduan tidak bisa digabung dengan dirinya sendiri.")
    with transaction.atomic():
        # Lock both rows in one order, so two merges the other way round cannot deadlock.
        first, second = sorted([complaint.pk, other.pk])
        list(Complaint.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk"))
        locked = _locked(complaint, expected_version)
        merged = Complaint.objects.select_for_update().get(pk=other.pk)
        if locked.status in (Status.ARCHIVED, Status.OUT_OF_SCOPE) or locked.merged_into_id:
            raise ActionRefused("Aduan ini sudah ditutup; gabungkan ke aduan yang masih terbuka.")
        if merged.merged_into_id or merged.status in (Status.ARCHIVED, Status.OUT_OF_SCOPE, Status.RESOLVED):
            raise ActionRefused(f"{merged.number} sudah ditutup atau digabung.")
        if merged.agency_id not in (None, locked.agency_id):
            raise ActionRefused(f"{merged.number} dipegang OPD lain: alihkan dulu ke OPD yang sama.")
        where = f"{merged.get_platform_display()} {merged.author_handle or merged.author_name}".strip()
        complaint_transition(complaint=merged, to=Status.ARCHIVED, actor=actor, kind=EventKind.MERGED,
                             reason=f"digabung ke {locked.number}",
                             data={"into": locked.number, "archive_reason": ArchiveReason.DUPLICATE},
                             merged_into=locked)
        _save(locked)
        timeline_add(complaint=locked, kind=EventKind.MERGED, actor=actor,
                     summary=f"{merged.number} ({where}) digabung ke aduan ini",
                     data={"merged": merged.number})
        _clock(merged)
    other.refresh_from_db()
    return _sync(complaint, locked)


def complaint_resolve(
    *, complaint: Complaint, actor: User, note: str = "", expected_version: int | None,
) -> Complaint:
    """Selesai: the citizen has had the final answer."""
    note = _reason(note, required=False)
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.agency_id is None or locked.status not in OPEN:
            raise ActionRefused("Hanya aduan yang sedang ditangani OPD yang bisa diselesaikan.")
        complaint_transition(complaint=locked, to=Status.RESOLVED, actor=actor, reason=note or "selesai",
                             resolved_at=timezone.now())
        _clock(locked)
    return _sync(complaint, locked)


def complaint_reopen(
    *, complaint: Complaint, actor: User, reason: str, expected_version: int | None,
) -> Complaint:
    """Dibuka Kembali (with a reason): back to Ditindaklanjuti."""
    reason = _reason(reason)
    with transaction.atomic():
        locked = _locked(complaint, expected_version)
        if locked.status != Status.RESOLVED:
            raise ActionRefused("Hanya aduan yang sudah selesai yang bisa dibuka kembali.")
        complaint_transition(complaint=locked, to=Status.IN_PROGRESS, actor=actor, kind=EventKind.REOPENED,
                             reason=reason, data={"reason": reason}, resolved_at=None)
        _clock(locked)
    return _sync(complaint, locked)


def dispatch_mark_done(*, dispatch: Dispatch, actor: User) -> Dispatch:
    """A task for a person ("balas manual di X") is done: done once, by whoever did it first."""
    now = timezone.now()
    with transaction.atomic():
        if not Dispatch.objects.filter(pk=dispatch.pk, status=DispatchStatus.MANUAL).update(
                status=DispatchStatus.DONE, done_by=actor, done_at=now):
            dispatch.refresh_from_db()
            who = _name(dispatch.done_by) if dispatch.done_by_id else ""
            raise ActionRefused("Tugas ini sudah ditandai selesai" + (f" oleh {who}." if who else "."))
        dispatch.refresh_from_db()
        what = "balasan dikirim manual" if dispatch.purpose == Purpose.REPLY else "dikerjakan manual"
        timeline_add(complaint=dispatch.complaint, kind=EventKind.TASK_DONE, actor=actor,
                     summary=f"{dispatch.get_channel_display()}: {what} oleh {_name(actor)}",
                     data={"dispatch": dispatch.pk, "purpose": dispatch.purpose, "channel": dispatch.channel})
    return dispatch
