"""The weekly summary (Monday 07:00 WIB) to the mayor's office: last week's top and bottom
five and the overdue count, by e-mail, once per week however often the task runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from rankings.contract import Period
from rankings.leaderboard import leaderboard
from rankings.models import WeeklySummary
from rankings.rollups import wib_day


def last_week(today: date) -> Period:
    monday = today - timedelta(days=today.weekday()) - timedelta(days=7)
    return Period(monday, monday + timedelta(days=6))


def weekly_summary_send(*, now: datetime | None = None) -> WeeklySummary | None:
    """Send last week's summary unless it went already. Returns the record, or None when it had
    been sent before."""
    now = now or timezone.now()
    period = last_week(wib_day(now))
    recipients = [u.email for u in User.objects.filter(is_leader=True, is_active=True).order_by("pk") if u.email]
    try:
        with transaction.atomic():
            record = WeeklySummary.objects.create(week_start=period.start, recipients=len(recipients))
            board = leaderboard(period, now=now)
            ranked = board.ranked
            context = {
                "period": period, "top": ranked[:5], "bottom": list(reversed(ranked[-5:])) if len(ranked) > 5 else [],
                "overdue": sum(r.overdue for r in board.rows), "received": sum(r.received for r in board.rows),
                "region": settings.SIGAP_REGION_NAME, "unranked": len(board.unranked),
                "link": f"{settings.SIGAP_SITE_URL.rstrip('/')}{reverse('rankings:leaderboard')}"
                        f"?start={period.start.isoformat()}&end={period.end.isoformat()}",
            }
            if recipients:
                subject = render_to_string("emails/weekly-summary-subject.txt", context).strip()
                body = render_to_string("emails/weekly-summary-body.txt", context)
                send_mail(subject, body, None, recipients)
            return record
    except IntegrityError:
        return None
