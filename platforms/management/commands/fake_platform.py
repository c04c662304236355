from __future__ import annotations

import signal

from django.core.management.base import BaseCommand, CommandError

from platforms.fake.server import make_server


class Command(BaseCommand):
    help = (
        "Run the fake platform of the embedded demo: the parts of X, Meta (Facebook, Instagram, "
        "WhatsApp) and YouTube that Sigap's connectors use, answering for the demo accounts, plus "
        "the control API under /_fake/. In memory only; Ctrl-C stops it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--quiet", action="store_true", help="do not log each request")

    def handle(self, *args: object, **options: object) -> None:
        host = str(options["host"])
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise CommandError("the fake platform only listens on the loopback interface")
        try:
            server, thread = make_server(int(options["port"]), host, quiet=bool(options["quiet"]))
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{options['port']}: {exc}") from exc
        self.stdout.write(f"Fake platform on http://{host}:{server.server_port}/ (Ctrl-C to stop)")
        self.stdout.flush()

        def stop(*_args: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            while thread.is_alive():
                thread.join(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            server.server_close()
            self.stdout.write("Fake platform stopped.")
