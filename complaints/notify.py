"""In-portal notifications: one row per person and event, never two for the same event."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from accounts.models import User
from complaints.models import Complaint, Notification
from complaints.notifications.services import notification_email_queue


def notify(*, user: User, kind: str, text: str, key: str, complaint: Complaint | None = None) -> bool:
    """Returns False when this person was already told about this event. A person who wants
    this kind by e-mail too gets it after the transaction commits."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, complaint=complaint, text=text[:500], key=key[:160])
    except IntegrityError:
        return False
    notification_email_queue(notification=notification)
    return True


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
