from __future__ import annotations

import pytest

from portal import health


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert "scheduler_last_seen" in body


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    # Nothing listens on port 1: the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error")


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(health, "check_database", lambda: "error: OperationalError")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
    assert "scheduler_last_seen" not in response.json()


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_reaches_the_real_redis_broker(client, settings):
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["broker"] == "ok"


def test_healthz_needs_no_sign_in_and_shows_no_data(client, db):
    response = client.get("/healthz")
    assert set(response.json()) <= {"status", "database", "broker", "scheduler_last_seen"}
