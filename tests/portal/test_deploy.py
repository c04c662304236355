"""The production stack's configuration: one settings module whose production form comes
from the environment, `check --deploy` clean, and a compose file with every service."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-for-this-test-only-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "sigap.bengkulukota.go.id",
    "DATABASE_URL": "postgres://sigap:secret@127.0.0.1:5432/sigap",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args: str, env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "SECRET_KEY", "SIGAP_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(env_overrides)
    env["SIGAP_VAR_DIR"] = str(ROOT / "var" / "test-deploy")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )


def test_check_deploy_is_clean_with_a_production_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV}
    del env["SECRET_KEY"]
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_demo_secret_key():
    from portal import settings as sigap_settings

    env = {**PRODUCTION_ENV, "SECRET_KEY": sigap_settings._DEMO_SECRET_KEY}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "demo key" in result.stderr


def test_production_settings_values():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps({"
        "'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], 'broker': s.CELERY_BROKER_URL,"
        "'cache': s.CACHES['default']['BACKEND'], 'ssl': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'mfa': s.SIGAP_REQUIRE_MFA, 'x': s.X_API_BASE_URL, 'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE}))"
    )
    result = _manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    import json

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "debug": False, "engine": "django.db.backends.postgresql", "broker": "redis://127.0.0.1:6379/0",
        "cache": "django.core.cache.backends.redis.RedisCache", "ssl": True, "hsts": 31536000,
        "mfa": True, "x": "https://api.x.com", "tz": "Asia/Jakarta", "lang": "id",
    }


def test_embedded_defaults_need_no_server():
    code = (
        "from django.conf import settings as s; import json; d = s.DATABASES['default']; print(json.dumps({"
        "'debug': s.DEBUG, 'engine': d['ENGINE'], 'mode': d['OPTIONS']['transaction_mode'],"
        "'wal': 'journal_mode=WAL' in d['OPTIONS']['init_command'], 'timeout': d['OPTIONS']['timeout'],"
        "'broker': s.CELERY_BROKER_URL, 'x': s.X_API_BASE_URL, 'mfa': s.SIGAP_REQUIRE_MFA}))"
    )
    env = {k: "" for k in ("DATABASE_URL", "REDIS_URL")}
    result = _manage("shell", "-c", code, env_overrides=env | {"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    import json

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "debug": True, "engine": "django.db.backends.sqlite3", "mode": "IMMEDIATE", "wal": True,
        "timeout": 20, "broker": "filesystem://", "x": "http://127.0.0.1:8001", "mfa": False,
    }


def test_an_unknown_region_time_zone_is_refused():
    result = _manage("check", env_overrides={"SIGAP_TIME_ZONE": "Europe/Paris"})
    assert result.returncode != 0
    assert "SIGAP_TIME_ZONE" in result.stderr


def test_compose_file_runs_the_whole_production_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert services["web"]["command"][0] == "gunicorn"
    assert "portal.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert set(compose["volumes"]) == {"postgres-data", "redis-data", "sigap-var"}
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_dockerfile_serves_with_gunicorn_and_checks_health():
    text = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "portal.wsgi:application"' in text
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert "USER sigap" in text
