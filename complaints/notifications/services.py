"""Writes about notifications: marking them read, and the e-mail copy of the kinds a person
chose. The e-mail leaves after the notification's transaction commits, through a task that
sends it at most once (a claim row in accounts.NotificationEmail)."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import NotificationEmail, User
from accounts.selectors import notification_email_kinds
from complaints.models import Notification, NotificationKind
from complaints.notifications.selectors import notification_link

logger = logging.getLogger(__name__)

#: What the e-mail's subject calls each kind (Indonesian only, like every message Sigap sends).
EMAIL_KIND_LABELS: dict[str, str] = {
    NotificationKind.TAG: "Aduan baru untuk OPD Anda",
    NotificationKind.REMINDER: "Pengingat",
    NotificationKind.OVERDUE: "Melewati batas waktu",
    NotificationKind.HANDOFF: "Aduan dialihkan ke OPD Anda",
    NotificationKind.ASSIGNED: "Ditugaskan kepada Anda",
    NotificationKind.MENTION: "Anda disebut dalam catatan internal",
    NotificationKind.MANUAL: "Perlu dikerjakan manual",
    NotificationKind.ACK: "Diketahui Kepala OPD",
}
_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"]


class EmailRetry(Exception):
    """The mail server did not take the e-mail: try again later."""


def notification_mark_read(*, notification: Notification) -> Notification:
    """Read from now on; reading it again keeps the first time."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_email_queue(*, notification: Notification) -> bool:
    """Called by complaints.notify.notify() for each new notification: when its person wants
    this kind by e-mail, the e-mail task is queued once the transaction commits."""
    if notification.kind not in notification_email_kinds(user_id=notification.user_id):
        return False
    notification_id = notification.pk
    transaction.on_commit(lambda: _queue_email(notification_id))
    return True


def _queue_email(notification_id: int) -> None:
    from accounts.tasks import send_notification_email

    try:
        send_notification_email.delay(notification_id)
    except Exception:  # the broker is down: the notification itself is in the portal
        logger.warning("broker unreachable: notification %s not e-mailed", notification_id)


def long_datetime(moment: datetime) -> str:
    """"Senin, 23 November 2026 pukul 14.05 WIB" (GLOSSARY.md), in the region's time zone."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return (f"{_DAYS[local.weekday()]}, {local.day} {_MONTHS[local.month - 1]} {local.year} "
            f"pukul {local:%H.%M} {settings.SIGAP_TIME_ZONE_LABEL}")


def notification_email_render(*, notification: Notification) -> tuple[str, str]:
    """Subject and text of the e-mail copy."""
    from django.urls import reverse

    site = settings.SIGAP_SITE_URL.rstrip("/")
    context = {
        "notification": notification,
        "kind_label": EMAIL_KIND_LABELS.get(notification.kind, "Pemberitahuan"),
        "name": notification.user.full_name or notification.user.email,
        "when": long_datetime(notification.created_at),
        "link": site + notification_link(notification),
        "settings_link": site + reverse("notifications:settings"),
        "region": settings.SIGAP_REGION_NAME,
    }
    subject = " ".join(render_to_string("emails/notification-subject.txt", context).split())
    body = render_to_string("emails/notification-body.txt", context)
    return subject, body


def notification_email_send(*, notification_id: int) -> str:
    """Send the e-mail copy of one notification, at most once. Skipped when the person no
    longer wants this kind, has read it in the portal meanwhile, or is deactivated. A mail
    server that refuses releases the claim and raises EmailRetry."""
    notification = Notification.objects.select_related("user", "complaint").filter(pk=notification_id).first()
    if notification is None:
        return "gone"
    user = notification.user
    if not user.is_active or not user.email:
        return "skipped: inactive"
    if notification.kind not in notification_email_kinds(user_id=user.pk):
        return "skipped: not wanted"
    if notification.read_at is not None:
        return "skipped: read"
    try:
        with transaction.atomic():
            NotificationEmail.objects.create(notification_id=notification.pk)
    except IntegrityError:
        return "skipped: sent before"
    subject, body = notification_email_render(notification=notification)
    try:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    except OSError as exc:
        NotificationEmail.objects.filter(notification_id=notification.pk).delete()
        raise EmailRetry(f"{exc.__class__.__name__}: {exc}") from exc
    return "sent"
