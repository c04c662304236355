"""`make run`'s last step: the web server and a Celery worker with beat, in the foreground,
stopped cleanly by Ctrl-C (SIGINT to the whole process group, as a terminal sends it)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(port: int) -> dict[str, object] | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
    try:
        conn.request("GET", "/healthz")
        return json.loads(conn.getresponse().read())
    except OSError:
        return None
    finally:
        conn.close()


def _counts(env: dict[str, str]) -> dict[str, int]:
    code = ("import json; from complaints.models import Complaint; from platforms.models import Delivery; "
            "print(json.dumps({'complaints': Complaint.objects.count(), "
            "'routed': Complaint.objects.exclude(agency=None).count(), "
            "'polled': Delivery.objects.filter(source='poll').count()}))")
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.stack
def test_run_embedded_serves_runs_the_worker_with_beat_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SIGAP_TESTING", "DJANGO_SETTINGS_MODULE",
                        "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    platform_port = _free_port()
    env.update({"SIGAP_VAR_DIR": str(tmp_path / "var"), "SIGAP_HEARTBEAT_SECONDS": "1", "PYTHONUNBUFFERED": "1",
                "FAKE_PLATFORM_URL": f"http://127.0.0.1:{platform_port}", "SIGAP_POLL_SECONDS": "5"})
    for args in (["migrate", "--noinput"], ["seed_demo", "--quiet"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                       check=True, capture_output=True, timeout=180)
    port = _free_port()
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "run_embedded", "--addr", f"127.0.0.1:{port}",
             "--citizen-interval", "1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            health = None
            while time.monotonic() < deadline:
                health = _health(port)
                if health and health.get("scheduler_last_seen"):
                    break
                time.sleep(0.5)
            assert health is not None, log.read_text()
            assert health["database"] == "ok" and health["broker"] == "ok"
            assert health["scheduler_last_seen"], log.read_text()
            assert (tmp_path / "var" / "sigap.sqlite3").exists()
            assert (tmp_path / "var" / "broker" / "queue").is_dir()
            # The fake platform's citizens write; webhooks and polling bring their messages in
            # and the worker turns them into routed complaints.
            counts: dict[str, int] = {}
            # Generous: on a loaded machine the one worker is busy tagging the first complaints
            # before beat's polling task gets its turn (seen once in CI: 84 complaints, 0 polled).
            while time.monotonic() < deadline + 150:
                counts = _counts(env)
                if counts["complaints"] >= 3 and counts["routed"] >= 1 and counts["polled"] >= 1:
                    break
                time.sleep(2)
            assert counts["complaints"] >= 3 and counts["routed"] >= 1, (counts, log.read_text()[-3000:])
            assert counts["polled"] >= 1, (counts, log.read_text()[-3000:])

            os.killpg(proc.pid, signal.SIGINT)
            assert proc.wait(timeout=30) == 0, log.read_text()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    output = log.read_text()
    assert "sigap-demo-2026" in output and "diskominfo@demo.sigap.test" in output
    assert "Stopped." in output
    # Every child is gone: nothing is left in the process group.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        left = subprocess.run(["ps", "-o", "pid,stat,args", "-g", str(proc.pid)], capture_output=True, text=True)
        pytest.fail(f"processes left after Ctrl-C:\n{left.stdout}")
