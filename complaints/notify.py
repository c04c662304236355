"""In-portal notifications: one row per person and event, never two for the same event."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from accounts.models import User
from complaints.models import Complaint, Notification


def notify(*, user: User, kind: str, text: str, key: str, complaint: Complaint | None = None) -> bool:
    """Returns False when this person was already told about this event."""
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, kind=kind, complaint=complaint, text=text[:500], key=key[:160])
    except IntegrityError:
        return False
    return True


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
