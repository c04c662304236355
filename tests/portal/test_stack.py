"""The production processes, started for real: gunicorn, a Celery worker and beat, with a
production environment (DEBUG off). In CI they run on PostgreSQL and Redis (DATABASE_URL and
REDIS_URL set by .ci/run); on a newcomer's machine on SQLite and the filesystem broker."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STACK_DB = "sigap_stack_test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_url_for_stack(url: str) -> str:
    """A database of its own, made afresh, beside the one the test run uses."""
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {STACK_DB} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {STACK_DB}")
    conn.close()
    return urlunparse(parsed._replace(path=f"/{STACK_DB}"))


def _redis_url_for_stack(url: str) -> str:
    import redis

    parsed = urlparse(url)
    stack_url = urlunparse(parsed._replace(path="/15"))
    redis.Redis.from_url(stack_url).flushdb()
    return stack_url


@pytest.fixture
def stack_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_"))}
    env.pop("DEBUG", None)
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": "stack-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SIGAP_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SIGAP_HEARTBEAT_SECONDS": "1",
        "SIGAP_BEHIND_PROXY": "1",
        "PYTHONUNBUFFERED": "1",
    })
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        env["DATABASE_URL"] = _postgres_url_for_stack(database_url)
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'stack.sqlite3'}"
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = _redis_url_for_stack(os.environ["REDIS_URL"])
    else:
        env.pop("REDIS_URL", None)
    if os.environ.get("CI"):
        assert env["DATABASE_URL"].startswith("postgres"), "CI must run the stack on PostgreSQL"
        assert env.get("REDIS_URL", "").startswith("redis"), "CI must run the stack on Redis"
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=180)
    return env


@pytest.fixture
def processes(stack_env: dict[str, str], tmp_path: Path) -> Iterator[dict[str, object]]:
    port = _free_port()
    logs = {name: open(tmp_path / f"{name}.log", "wb") for name in ("web", "worker", "beat")}  # noqa: SIM115
    commands = {
        "web": [str(BIN / "gunicorn"), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--timeout", "30"],
        "worker": [str(BIN / "celery"), "-A", "portal", "worker", "--loglevel=INFO", "--concurrency=1",
                   "--hostname", f"stack-{port}@%h"],
        "beat": [str(BIN / "celery"), "-A", "portal", "beat", "--loglevel=INFO",
                 "--schedule", str(tmp_path / "celerybeat-schedule")],
    }
    procs = {
        name: subprocess.Popen(cmd, cwd=ROOT, env=stack_env, stdout=logs[name], stderr=subprocess.STDOUT)
        for name, cmd in commands.items()
    }
    try:
        yield {"port": port, "procs": procs, "logs": {n: tmp_path / f"{n}.log" for n in logs}}
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs.values():
            log.close()


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One request, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _logs(info: dict[str, object]) -> str:
    return "\n".join(f"--- {n}\n{p.read_text(errors='replace')[-3000:]}" for n, p in info["logs"].items())  # type: ignore[union-attr]


@pytest.mark.stack
def test_gunicorn_worker_and_beat_run_together(processes: dict[str, object]) -> None:
    port = processes["port"]
    deadline = time.monotonic() + 60
    health: dict[str, object] = {}
    while time.monotonic() < deadline:
        try:
            status, body = _get(port, "/healthz")  # type: ignore[arg-type]
        except OSError:
            time.sleep(0.5)
            continue
        health = json.loads(body)
        if status == 200 and health.get("scheduler_last_seen"):
            break
        time.sleep(0.5)
    assert health.get("database") == "ok", _logs(processes)
    assert health.get("broker") == "ok", _logs(processes)
    # beat scheduled the heartbeat and a worker ran it: the whole chain works.
    assert health.get("scheduler_last_seen"), _logs(processes)

    status, body = _get(port, "/accounts/login/", {"X-Forwarded-Proto": "https"})  # type: ignore[arg-type]
    assert status == 200, _logs(processes)
    assert b'name="login"' in body and b"/static/css/sigap." in body

    status, _body = _get(port, "/dashboard/")  # type: ignore[arg-type]
    assert status == 301, "production redirects plain HTTP to HTTPS"

    for name, proc in processes["procs"].items():  # type: ignore[union-attr]
        assert proc.poll() is None, f"{name} died\n{_logs(processes)}"
        proc.send_signal(signal.SIGTERM)
    for name, proc in processes["procs"].items():  # type: ignore[union-attr]
        assert proc.wait(timeout=30) is not None, name
