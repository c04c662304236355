from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from portal.models import Heartbeat


@shared_task(ignore_result=True)
def record_heartbeat(name: str = "beat") -> None:
    """Scheduled by beat every minute and run by a worker: its row proves both are alive."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
