"""/healthz: is the database reachable, is the broker reachable (JSON, 200 or 503)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

from portal.models import Heartbeat


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return f"error: {type(exc).__name__}"
    return "ok"


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        folders = {settings.CELERY_BROKER_TRANSPORT_OPTIONS[k]
                   for k in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")}
        missing = [f for f in folders if not (Path(f).is_dir() and os.access(f, os.W_OK))]
        return "ok" if not missing else "error: broker folder missing or read-only"
    try:
        with Connection(url, connect_timeout=3, transport_options={"socket_timeout": 3}) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
    except Exception as exc:  # kombu wraps many transport errors
        return f"error: {type(exc).__name__}"
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(v == "ok" for v in checks.values())
    body: dict[str, object] = {"status": "ok" if healthy else "error", **checks}
    if checks["database"] == "ok":
        beat = Heartbeat.objects.filter(name="beat").values_list("seen_at", flat=True).first()
        body["scheduler_last_seen"] = beat.isoformat() if beat else None
    return JsonResponse(body, status=200 if healthy else 503)
