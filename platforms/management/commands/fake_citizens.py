from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from platforms.fake.citizens import CitizenSimulator


class Command(BaseCommand):
    help = (
        "Play citizens of Kota Bengkulu writing complaints, questions, praise and a little spam "
        "to the demo agencies: X posts on the fake platform (some also pushed as signed X "
        "webhooks), Instagram and Facebook comments and WhatsApp messages as signed Meta "
        "webhooks to the portal. One line per message. Runs until Ctrl-C, or --count messages."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=8.0, help="seconds between rounds (jittered)")
        parser.add_argument("--count", type=int, default=None, help="stop after this many messages")
        parser.add_argument("--portal", default="http://127.0.0.1:8000")
        parser.add_argument("--platform-url", default=settings.FAKE_PLATFORM_URL)
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--quick-start", type=int, default=0,
                            help="send the first this many messages a second apart")

    def handle(self, *args: object, **options: object) -> None:
        if not settings.X_CONSUMER_SECRET or not settings.META_APP_SECRET:
            raise CommandError("X_CONSUMER_SECRET and META_APP_SECRET are needed to sign the webhooks.")
        try:
            simulator = CitizenSimulator(
                portal=str(options["portal"]), platform_url=str(options["platform_url"]),
                x_secret=settings.X_CONSUMER_SECRET, meta_secret=settings.META_APP_SECRET,
                seed=options["seed"], out=self._line,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, lambda *_a: stop.set())
        try:
            sent = simulator.run(count=options["count"], interval=float(options["interval"]), stop=stop,
                                 quick_start=int(options["quick_start"]))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            simulator.client.close()
        self.stdout.write(f"{len(sent)} message(s) sent.")
        self.last_sent = sent  # for tests calling the command in-process

    def _line(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
