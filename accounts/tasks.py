"""Thin tasks about people: they take ids and call one service."""

from __future__ import annotations

from celery import shared_task

#: A mail server down for longer than the retries (about an hour) loses the e-mail copy only:
#: the notification stays in the portal.
EMAIL_RETRIES = 6


@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=EMAIL_RETRIES)
def send_notification_email(self, notification_id: int) -> str:
    """The e-mail copy of one notification; sent at most once however often it runs."""
    from complaints.notifications.services import EmailRetry, notification_email_send

    try:
        return notification_email_send(notification_id=notification_id)
    except EmailRetry as exc:
        raise self.retry(countdown=min(1800, 60 * 2 ** self.request.retries), exc=exc) from exc
