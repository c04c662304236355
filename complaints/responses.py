"""The agency's answer and the people who move a complaint: the first public response, the
head's acknowledgment of the WhatsApp tag, hand-offs (by comms, by a leader, or by the mayor's
own tag on the platform) and "bukan wewenang kami" back to triage.

Each is one service in one transaction with its timeline event; the stored figures are
refreshed by the clock (complaints/clock.py) in the same transaction."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership, Role, User
from agencies.models import Agency, OfficialAccount
from complaints import notify
from complaints.models import (
    Channel,
    Complaint,
    Dispatch,
    DispatchStatus,
    EventKind,
    Message,
    NotificationKind,
    Purpose,
    Status,
)
from complaints.services import TransitionRefused, complaint_transition, timeline_add

logger = logging.getLogger(__name__)

OPEN = (Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD)


def clock_refresh(complaint: Complaint) -> None:
    from complaints.clock import complaint_clock_refresh

    complaint_clock_refresh(complaint=complaint)


def first_response_record(
    *, complaint: Complaint, at: datetime, by: Any = None, via: str, message: Message | None = None,
) -> bool:
    """The agency's first public response (the earliest counts). Returns True when it set or
    moved the complaint's first response."""
    if complaint.agency_id is None:
        return False
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.first_response_at is not None and locked.first_response_at <= at:
            return False
        Complaint.objects.filter(pk=locked.pk).update(first_response_at=at, version=F("version") + 1)
        locked.refresh_from_db()
        who = message.author_handle if message is not None else (by.full_name if by else "")
        timeline_add(complaint=locked, kind=EventKind.RESPONDED, at=at, actor=by,
                     summary=f"tanggapan pertama {locked.agency.short_name}" + (f" oleh {who}" if who else ""),
                     data={"via": via, "external_id": message.external_id if message else ""})
        if locked.status == Status.DISPATCHED:
            complaint_transition(complaint=locked, to=Status.IN_PROGRESS, actor=by, at=at,
                                 reason="OPD menanggapi")
        # A manual tag task nobody did is moot once the agency answered.
        Dispatch.objects.filter(complaint=locked, purpose=Purpose.TAG, channel=Channel.PLATFORM,
                                status=DispatchStatus.MANUAL).update(status=DispatchStatus.DONE,
                                                                     done_at=timezone.now())
        clock_refresh(locked)
    complaint.refresh_from_db()
    return True


def is_sigap_post(platform: str, external_id: str) -> bool:
    """Sigap's own automatic posts (tags, reminders) are recognised by the id the platform
    returned when Sigap sent them, never by their text."""
    return Dispatch.objects.filter(
        channel=Channel.PLATFORM, account__platform=platform, external_id=external_id,
    ).exclude(purpose=Purpose.REPLY).exists()


def tag_in_flight(complaint: Complaint, account: OfficialAccount) -> bool:
    """A tag reply from this account is being sent right now: the post the platform shows us
    may be it, and its id is not known yet."""
    return Dispatch.objects.filter(
        complaint=complaint, account=account, channel=Channel.PLATFORM, status=DispatchStatus.PENDING,
        claimed_at__isnull=False,
    ).exclude(purpose=Purpose.REPLY).exists()


def official_post_recorded(
    *, complaint: Complaint, message: Message, agency: Agency, mentioned: list[Agency],
) -> str:
    """An official account (or a head's own handle) posted in the complaint's thread."""
    if message.by_sigap:
        return "our tag"
    if agency.is_hub:
        targets = [a for a in mentioned if not a.is_hub]
        if targets:
            target = targets[0]
            if target.pk != complaint.agency_id:
                complaint_hand_off(complaint=complaint, agency=target, actor=None, at=message.posted_at,
                                   via="mayor_tag",
                                   reason=f"ditandai {message.author_handle or 'pimpinan'} di platform")
                return "mayor tag"
            timeline_add(complaint=complaint, kind=EventKind.MAYOR_TAG, at=message.posted_at,
                         summary=f"{message.author_handle} menandai {target.short_name}",
                         data={"agency": target.slug, "external_id": message.external_id})
            return "mayor tag"
        return "hub reply"
    if agency.pk == complaint.agency_id and complaint.handed_at is not None:
        if first_response_record(complaint=complaint, at=message.posted_at, via="platform", message=message):
            return "first response"
        return "reply"
    return "other agency reply"  # counts for that agency only once the complaint is handed to it


def complaint_hand_off(
    *, complaint: Complaint, agency: Agency, actor: User | None, reason: str, via: str,
    at: datetime | None = None,
) -> Complaint:
    """Give the complaint to `agency` (from triage, or from another agency). The receiving
    agency's clock starts now; the citizen's total wait keeps counting from received."""
    at = at or timezone.now()
    old_agency = complaint.agency
    if old_agency is not None and old_agency.pk == agency.pk:
        raise TransitionRefused("already with this agency")
    data = {"from_agency": old_agency.slug if old_agency else None, "to_agency": agency.slug, "via": via,
            "reason": reason}
    kind = EventKind.MAYOR_TAG if via == "mayor_tag" else EventKind.HANDED_OFF
    summary = f"{old_agency.short_name if old_agency else 'Pemilahan'} → {agency.short_name}: {reason}"
    with transaction.atomic():
        complaint_transition(
            complaint=complaint, to=Status.DISPATCHED, actor=actor, at=at, kind=kind, reason=summary, data=data,
            agency=agency, handed_at=at, first_response_at=None, first_response_working_minutes=None,
            first_response_calendar_minutes=None, within_target=None, head_ack_at=None,
            head_ack_working_minutes=None, response_target_minutes=None, resolution_target_days=None,
            routing_reason=reason[:300],
        )
        clock_refresh(complaint)
        complaint_id = complaint.pk
        transaction.on_commit(lambda: queue_tag(complaint_id))
        for user in _people_of(agency):
            notify.notify(user=user, kind=NotificationKind.HANDOFF, complaint=complaint,
                          key=f"handoff:{complaint.pk}:{int(at.timestamp())}:{user.pk}",
                          text=f"{complaint.number} diserahkan ke {agency.short_name}: {reason}")
    return complaint


def queue_tag(complaint_id: int) -> None:
    from complaints.tasks import tag_complaint

    try:
        tag_complaint.delay(complaint_id)
    except Exception:  # the broker is down: the escalation job tags untagged complaints
        logger.warning("broker unreachable: complaint %s is tagged by the next escalation round", complaint_id)


def queue_tags(complaint_ids: list[int]) -> None:
    """The tags of a batch of new complaints, planned by one task."""
    from complaints.tasks import tag_complaints

    try:
        tag_complaints.delay(complaint_ids)
    except Exception:  # the broker is down: the escalation job tags untagged complaints
        logger.warning("broker unreachable: %d complaints are tagged by the next escalation round", len(complaint_ids))


def complaint_to_triage(*, complaint: Complaint, actor: User | None, reason: str,
                        at: datetime | None = None) -> Complaint:
    """"Bukan wewenang kami": back to the communications office's triage queue."""
    old = complaint.agency
    with transaction.atomic():
        complaint_transition(
            complaint=complaint, to=Status.TRIAGE, actor=actor, at=at, kind=EventKind.TRIAGED,
            reason=f"{old.short_name if old else ''}: bukan wewenang kami — {reason}".strip(" :"),
            data={"from_agency": old.slug if old else None, "reason": reason},
            agency=None, handed_at=None, due_at=None, within_target=None,
        )
    return complaint


def _people_of(agency: Agency) -> list[User]:
    return [m.user for m in Membership.objects.active().filter(agency=agency).select_related("user")]


# --- The head's answer to the WhatsApp tag ------------------------------------------------

def head_of_number(number: str) -> tuple[User, Agency] | None:
    membership = (
        Membership.objects.active().filter(role=Role.HEAD, user__phone=number, user__is_active=True)
        .select_related("user", "agency").first()
    )
    return (membership.user, membership.agency) if membership else None


def head_message_recorded(*, number: str, text: str, payload: str, context_id: str, external_id: str,
                          at: datetime) -> str:
    """A message from a registered head's WhatsApp number: the acknowledgment of the tag it
    answers (the WhatsApp context id), else of the head's latest open tag. Never a complaint."""
    found = head_of_number(number)
    if found is None:
        return "unknown head"
    head, agency = found
    tags = Dispatch.objects.filter(channel=Channel.WHATSAPP, recipient=head, status=DispatchStatus.SENT)
    dispatch = tags.filter(external_id=context_id).select_related("complaint").first() if context_id else None
    if dispatch is None and payload and ":" in payload:
        number_in_payload = payload.split(":", 1)[1]
        dispatch = tags.filter(complaint__number=number_in_payload).select_related("complaint").first()
    if dispatch is None:
        dispatch = (tags.filter(complaint__agency=agency, complaint__status__in=OPEN)
                    .select_related("complaint").order_by("-sent_at").first())
    if dispatch is None:
        return "head message without a tag"
    complaint = dispatch.complaint
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if _ack_recorded(locked, external_id):
            return "duplicate"
        not_ours = payload.upper().startswith("NOTMINE") or text.strip().lower() == "bukan wewenang kami"
        first_ack = locked.head_ack_at is None and locked.agency_id == agency.pk
        if first_ack:
            Complaint.objects.filter(pk=locked.pk).update(head_ack_at=at, version=F("version") + 1)
            locked.refresh_from_db()
        timeline_add(complaint=locked, kind=EventKind.ACK if first_ack else EventKind.NOTE, at=at, actor=head,
                     summary=f"Kepala {agency.short_name} via WhatsApp: {text}"[:500],
                     data={"external_id": external_id, "payload": payload, "dispatch": dispatch.pk})
        if locked.agency_id != agency.pk:
            return "head note"
        if not_ours:
            complaint_to_triage(complaint=locked, actor=head, at=at, reason="jawaban Kepala OPD di WhatsApp")
            return "not ours"
        if locked.status == Status.DISPATCHED and first_ack:
            complaint_transition(complaint=locked, to=Status.IN_PROGRESS, actor=head, at=at,
                                 reason="Kepala OPD menindaklanjuti")
        clock_refresh(locked)
    return "acknowledged" if first_ack else "head note"


def _ack_recorded(complaint: Complaint, external_id: str) -> bool:
    return complaint.events.filter(data__external_id=external_id, kind__in=[EventKind.ACK, EventKind.NOTE]).exists()


def whatsapp_status_recorded(*, wamid: str, status: str, at: datetime) -> str:
    """Delivery reports of what we sent: the head's acknowledgment time counts from delivery."""
    if status not in ("delivered", "read"):
        if status == "failed":
            _whatsapp_failed(wamid)
        return "status"
    Dispatch.objects.filter(channel=Channel.WHATSAPP, external_id=wamid, delivered_at__isnull=True).update(
        delivered_at=at)
    return "status"


def _whatsapp_failed(wamid: str) -> None:
    """WhatsApp reports that a message we sent never arrived: the send becomes a task for a
    person (once, however often the report is delivered), on the timeline and on the bell."""
    from complaints.models import DispatchStatus
    from complaints.tagging import _record_outcome

    for dispatch in Dispatch.objects.filter(channel=Channel.WHATSAPP, external_id=wamid,
                                            status=DispatchStatus.SENT).select_related("complaint", "account"):
        changed = Dispatch.objects.filter(pk=dispatch.pk, status=DispatchStatus.SENT).update(
            status=DispatchStatus.MANUAL, error="WhatsApp melaporkan pesan gagal terkirim")
        if changed:
            dispatch.refresh_from_db()
            _record_outcome(dispatch)
