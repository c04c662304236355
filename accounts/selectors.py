"""Reads about people."""

from __future__ import annotations

from accounts.models import NotificationPreference


def notification_email_kinds(*, user_id: int) -> list[str]:
    """The kinds of notification this person also wants by e-mail (none by default)."""
    kinds = NotificationPreference.objects.filter(user_id=user_id).values_list("email_kinds", flat=True).first()
    return list(kinds or [])
