from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Run the embedded demo in the foreground: the web server on http://127.0.0.1:8000, a "
        "Celery worker with beat on the filesystem broker, the fake platform (X, Meta, YouTube "
        "APIs) on FAKE_PLATFORM_URL's port and citizens writing to the demo agencies. Ctrl-C "
        "stops them all; if one of them exits, the others are stopped too."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--no-citizens", action="store_true", help="Start no simulated citizens.")
        parser.add_argument("--citizen-interval", type=float, default=20.0,
                            help="Seconds between two simulated citizens' messages.")

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("run_embedded is the demo runner; production runs gunicorn, worker and beat.")
        base = Path(settings.BASE_DIR)
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", str(options["addr"]), "--noreload"],
            "worker": [python, "-m", "celery", "-A", "portal", "worker", "--beat",
                       "--loglevel=INFO", "--concurrency=2",
                       "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME],
            "platform": [python, "manage.py", "fake_platform", "--port",
                         str(urlparse(settings.FAKE_PLATFORM_URL).port or 8001), "--quiet"],
        }
        if not options["no_citizens"]:
            commands["citizens"] = [python, "manage.py", "fake_citizens", "--portal", f"http://{options['addr']}",
                                    "--interval", str(options["citizen_interval"]), "--quick-start", "12"]
        self._print_logins(str(options["addr"]))
        procs: dict[str, subprocess.Popen[bytes]] = {}
        stopping = False

        def stop(*_args: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            for name, cmd in commands.items():
                procs[name] = subprocess.Popen(cmd, cwd=base)  # noqa: S603
            while not stopping:
                for name, proc in procs.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} exited with code {proc.returncode}; stopping.")
                        stopping = True
                        break
                time.sleep(0.5)
        finally:
            self.stdout.write("Stopping Sigap...")
            for proc in procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for proc in procs.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
            self.stdout.write("Stopped.")

    def _print_logins(self, addr: str) -> None:
        width = max(len(email) for _role, email in DEMO_LOGINS)
        lines = [
            "",
            f"Sigap demo: http://{addr}/  (password for every demo login: {DEMO_PASSWORD})",
            "",
        ]
        lines += [f"  {email.ljust(width)}  {role}" for role, email in DEMO_LOGINS]
        lines += ["", "Press Ctrl-C to stop.", ""]
        self.stdout.write("\n".join(lines))
