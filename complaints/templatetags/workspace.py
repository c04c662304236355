"""Template helpers of the workspace: the time left before a complaint's target (colour and
words, never colour alone), status badges, durations in words."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint, Status

register = template.Library()

MEASURED = ("complaint", "question")
WAITING = (Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD)


@register.filter
def duration(minutes: int | float | None) -> str:
    """45 -> "45 min", 135 -> "2 h 15 min", 3000 -> "2 d 2 h" (Indonesian through the catalogue:
    "45 menit", "2 jam 15 menit", "2 hari 2 jam")."""
    if minutes is None:
        return "—"
    minutes = round(minutes)
    if minutes < 60:
        return _("%(m)d min") % {"m": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        if rest:
            return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
        return _("%(h)d h") % {"h": hours}
    days, hours = divmod(hours, 24)
    if hours:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    return _("%(d)d d") % {"d": days}


def clock_state(complaint: Complaint, now: datetime) -> dict[str, Any]:
    """What the time-left badge says: state, css class, words and a longer title."""
    if complaint.category not in MEASURED or complaint.agency_id is None:
        return {"state": "none"}
    if complaint.first_response_at is not None:
        minutes = complaint.first_response_working_minutes
        if complaint.within_target is False:
            css, words = "badge-bad", _("answered late")
        elif complaint.within_target:
            css, words = "badge-ok", _("answered on time")
        else:
            css, words = "badge-ok", _("answered")
        if minutes is not None:
            words = _("%(words)s · %(duration)s working") % {"words": words, "duration": duration(minutes)}
        return {"state": "answered", "css": css, "text": words, "icon": "✓"}
    if complaint.status not in WAITING:
        return {"state": "none"}
    if complaint.due_at is None:
        return {"state": "waiting", "css": "badge-info", "text": _("waiting for a response"), "icon": "…"}
    left = (complaint.due_at - now).total_seconds() / 60
    if left <= 0:
        return {"state": "overdue", "css": "badge-bad", "icon": "!",
                "text": _("%(duration)s late") % {"duration": duration(-left)}}
    start = complaint.handed_at or complaint.received_at
    window = max(1.0, (complaint.due_at - start).total_seconds() / 60)
    urgent = left <= 15 or left / window <= 0.25
    return {"state": "urgent" if urgent else "ok", "css": "badge-warn" if urgent else "badge-info",
            "icon": "◔", "text": _("%(duration)s left") % {"duration": duration(left)}}


@register.inclusion_tag("complaints/_time_left.html")
def time_left(complaint: Complaint, now: datetime | None = None) -> dict[str, Any]:
    return {"clock": clock_state(complaint, now or timezone.now()), "complaint": complaint}


STATUS_CSS = {
    Status.RECEIVED: "badge-info", Status.TRIAGE: "badge-warn", Status.DISPATCHED: "badge-info",
    Status.IN_PROGRESS: "badge-info", Status.ON_HOLD: "badge-warn", Status.RESOLVED: "badge-ok",
    Status.OUT_OF_SCOPE: "", Status.ARCHIVED: "",
}


@register.filter
def status_css(status: str) -> str:
    return STATUS_CSS.get(status, "")


@register.filter
def excerpt(text: str, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@register.filter
def handle(value: str, platform: str) -> str:
    """A platform handle as people write it (@name on X and Instagram)."""
    from agencies.models import display_handle

    return display_handle(platform, value) if value else ""
