from __future__ import annotations

from typing import Any

from django import template

from accounts.roles import roles_of
from complaints.notifications.selectors import (
    BELL_CAP,
    bell_poll_seconds,
    notification_unread_count,
)

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, Any]:
    """The bell with the unread count, for people who work in the portal (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not roles_of(user).has_any:
        return {"hidden": True}
    return {"unread": notification_unread_count(user=user), "bell_cap": BELL_CAP, "request": request,
            "poll_seconds": bell_poll_seconds()}
