"""Reads about a person's notifications, and the one gate for a notification."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from accounts.roles import AnyUser
from complaints.models import Notification

#: The bell counts up to this many and shows "99+" beyond.
BELL_CAP = 99


def bell_poll_seconds() -> int:
    """How often the bell asks for the unread count (SIGAP_NOTIFICATION_POLL_SECONDS, 30)."""
    return int(getattr(settings, "SIGAP_NOTIFICATION_POLL_SECONDS", 30))


def notification_list(*, user: AnyUser, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's own notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user).select_related("complaint").order_by("-created_at", "-pk")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_unread_count(*, user: AnyUser, cap: int = BELL_CAP) -> int:
    """Unread notifications, counted up to `cap` + 1 (the bell never counts a whole backlog)."""
    if not user.is_authenticated:
        return 0
    # Every page's header shows it: written out, as the ORM's sliced count() costs more to build
    # (a subquery) than to run.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {Notification._meta.db_table}"  # noqa: S608 (a model's table)
            " WHERE user_id = %s AND read_at IS NULL LIMIT %s) AS unread", [user.pk, cap + 1])
        return cursor.fetchone()[0]


def notification_get_for_user(user: AnyUser, pk: int) -> Notification:
    """The person's own notification; anyone else's is a 404."""
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def complaint_path(number: str) -> str:
    """The complaint's page in the workspace, or its API detail while the page is missing."""
    try:
        return reverse("complaints:detail", args=[number])
    except NoReverseMatch:
        return reverse("complaint-detail", kwargs={"number": number})


def notification_link(notification: Notification) -> str:
    if notification.complaint_id is None:
        return reverse("notifications:list")
    return complaint_path(notification.complaint.number)
