"""Escalation, run by Celery beat: a reminder to the head at half the first-response target
with no response, a second at the target, then the mayor's office is told the complaint is
overdue (in the portal at once, and in the daily digest at 07:00 by e-mail and WhatsApp).
Each is a dispatch with its own idempotency key — never sent twice — and nothing is sent on
the agency's days off (it goes out on the next working day)."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from complaints import clock, notify, tagging
from complaints.models import (
    Channel,
    Complaint,
    DigestRun,
    Dispatch,
    DispatchStatus,
    EventKind,
    NotificationKind,
    Purpose,
    Status,
    TemplateKey,
)
from complaints.services import timeline_add

logger = logging.getLogger(__name__)


def _stamp(complaint: Complaint) -> int:
    return int(complaint.handed_at.timestamp()) if complaint.handed_at else 0


def _key(complaint: Complaint, purpose: str, channel: str) -> str:
    return f"{complaint.pk}:{purpose}:{channel}:{complaint.agency_id}:{_stamp(complaint)}"


#: A dispatch planned this long ago and never tried was never queued (the broker failed between
#: the plan's commit and the message): the escalation round queues it again.
UNSENT_AFTER = timedelta(minutes=10)


def unsent_dispatches_requeue(*, now: datetime) -> int:
    """Queue again the dispatches that were planned but never tried. A dispatch waiting for a
    retry has been tried (its countdown is with the broker) and is left alone."""
    from complaints.tasks import send_dispatch

    ids = list(
        Dispatch.objects.filter(status=DispatchStatus.PENDING, attempts=0, claimed_at__isnull=True,
                                created_at__lt=now - UNSENT_AFTER)
        .order_by("created_at").values_list("pk", flat=True)[:500]
    )
    for dispatch_id in ids:
        send_dispatch.delay(dispatch_id)
    return len(ids)


def escalation_round(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts: Counter[str] = Counter()
    requeued = unsent_dispatches_requeue(now=now)
    if requeued:
        counts["requeued"] = requeued
    waiting = list(
        Complaint.objects.filter(status=Status.DISPATCHED, first_response_at__isnull=True,
                                 category__in=tagging.MEASURED, handed_at__isnull=False, agency__isnull=False)
        .select_related("agency")
    )
    if not waiting:
        return dict(counts)
    keys = set(Dispatch.objects.filter(complaint__in=waiting).values_list("key", flat=True))
    calendars: dict[int, clock.WorkingCalendar] = {}
    for complaint in waiting:
        if f"{complaint.pk}:tag:{Channel.PORTAL}:{complaint.agency_id}:{_stamp(complaint)}" not in keys:
            from complaints.tasks import tag_complaint

            tag_complaint.delay(complaint.pk)  # its tag was never planned (the broker was down)
            counts["tagged"] += 1
            continue
        calendar = calendars.get(complaint.agency_id)
        if calendar is None:
            calendar = calendars[complaint.agency_id] = clock.calendar_for(complaint.agency)
        if not calendar.is_working_day(now):
            continue  # never on the agency's days off
        target = complaint.response_target_minutes or clock.DEFAULT_RESPONSE_MINUTES
        half = clock.add_working_minutes(calendar, complaint.handed_at, max(1, target // 2))
        due = complaint.due_at or clock.add_working_minutes(calendar, complaint.handed_at, target)
        if now >= due:
            if _key(complaint, Purpose.OVERDUE, Channel.PORTAL) not in keys:
                counts["overdue"] += _overdue(complaint)
            if _key(complaint, Purpose.REMINDER_DUE, Channel.PORTAL) not in keys:
                counts["reminder_due"] += _remind(complaint, Purpose.REMINDER_DUE)
        elif now >= half and _key(complaint, Purpose.REMINDER_HALF, Channel.PORTAL) not in keys:
            counts["reminder_half"] += _remind(complaint, Purpose.REMINDER_HALF)
    return dict(counts)


def _remind(complaint: Complaint, purpose: str) -> int:
    """A reminder to the head on every channel the tag used, and to the agency's staff in the
    portal. Returns 1 when this round planned it."""
    from complaints.tasks import send_dispatch

    agency = complaint.agency
    head = tagging.head_of(agency)
    words = tagging.wording(complaint, agency)
    text = words.render(TemplateKey.REMINDER)
    planned: list[Dispatch] = []
    try:
        with transaction.atomic():
            planned.append(Dispatch.objects.create(
                complaint=complaint, purpose=purpose, channel=Channel.PORTAL, key=_key(complaint, purpose, Channel.PORTAL),
                text=text))
            if head is not None and head.email:
                planned.append(Dispatch.objects.create(
                    complaint=complaint, purpose=purpose, channel=Channel.EMAIL, recipient=head, address=head.email,
                    key=_key(complaint, purpose, Channel.EMAIL), text=text))
            wa = tagging.region_whatsapp_account()
            if head is not None and head.phone and wa is not None:
                planned.append(Dispatch.objects.create(
                    complaint=complaint, purpose=purpose, channel=Channel.WHATSAPP, recipient=head, account=wa,
                    address=head.phone, key=_key(complaint, purpose, Channel.WHATSAPP), text=text))
    except IntegrityError:
        return 0  # another round planned it a moment ago
    for dispatch in planned:
        transaction.on_commit(lambda pk=dispatch.pk: send_dispatch.delay(pk))
    return 1


def _overdue(complaint: Complaint) -> int:
    """The mayor's office is told in the portal at once (and in tomorrow's digest)."""
    agency = complaint.agency
    text = tagging.wording(complaint, agency).render(TemplateKey.OVERDUE)
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.create(
                complaint=complaint, purpose=Purpose.OVERDUE, channel=Channel.PORTAL,
                key=_key(complaint, Purpose.OVERDUE, Channel.PORTAL), text=text, status=DispatchStatus.SENT,
                sent_at=timezone.now())
            for leader in User.objects.filter(is_leader=True, is_active=True):
                notify.notify(user=leader, kind=NotificationKind.OVERDUE, complaint=complaint, text=text,
                              key=f"overdue:{dispatch.pk}:{leader.pk}")
            timeline_add(complaint=complaint, kind=EventKind.ESCALATED, summary=f"terlambat: {text}",
                         data={"dispatch": dispatch.pk, "agency": agency.slug})
    except IntegrityError:
        return 0
    return 1


# --- The daily digest to the mayor's office ------------------------------------------------

def overdue_now(*, now: datetime | None = None) -> list[Complaint]:
    now = now or timezone.now()
    return list(
        Complaint.objects.filter(status=Status.DISPATCHED, first_response_at__isnull=True, due_at__lt=now,
                                 category__in=tagging.MEASURED)
        .select_related("agency").order_by("agency__name", "due_at")
    )


def digest_send(*, now: datetime | None = None) -> int:
    """Once a day (07:00 in the region's time zone), not on the region's days off: the list
    of overdue complaints by agency, by e-mail and WhatsApp to every `leader`. Returns the
    number of overdue complaints it reported, or -1 when it did not run today."""
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    if not clock.region_calendar().is_working_day(now):
        return -1
    overdue = overdue_now(now=now)
    try:
        with transaction.atomic():
            DigestRun.objects.create(day=today, overdue_count=len(overdue))
    except IntegrityError:
        return -1  # today's digest went out already
    by_agency: dict[Agency, list[Complaint]] = {}
    for complaint in overdue:
        by_agency.setdefault(complaint.agency, []).append(complaint)
    lines = [f"Ringkasan harian Sigap, {today:%d-%m-%Y}: {len(overdue)} aduan melewati batas tanggapan pertama."]
    for agency, complaints in sorted(by_agency.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"\n{agency.short_name}: {len(complaints)}")
        lines.extend(f"  - {c.number} (batas {tagging._wib(c.due_at)}): {tagging._excerpt(c.text, 80)}"
                     for c in complaints[:10])
    body = "\n".join(lines)
    leaders = list(User.objects.filter(is_leader=True, is_active=True))
    recipients = [u.email for u in leaders if u.email]
    if recipients:
        try:
            send_mail(f"[Sigap] {len(overdue)} aduan terlambat — {today:%d-%m-%Y}", body, None, recipients)
        except OSError:
            logger.exception("daily digest e-mail failed")
    wa = tagging.region_whatsapp_account()
    if wa is not None:
        from platforms.connectors.base import PlatformError
        from platforms.connectors.whatsapp import WhatsAppConnector

        worst = ", ".join(f"{a.short_name} {len(c)}" for a, c in sorted(by_agency.items(), key=lambda kv: -len(kv[1]))[:3])
        for leader in leaders:
            if not leader.phone:
                continue
            try:
                WhatsAppConnector().send_template(
                    wa, to=leader.phone, template=settings.SIGAP_WHATSAPP_DIGEST_TEMPLATE, language="id",
                    body_params=[f"{today:%d-%m-%Y}", str(len(overdue)), worst or "-"], button_payloads=[])
            except PlatformError:
                logger.exception("daily digest WhatsApp to a leader failed")
    return len(overdue)
