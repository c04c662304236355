"""rebuild_rollups [--start YYYY-MM-DD] [--end YYYY-MM-DD]: recompute the leaderboard's
rollups from the complaints, a day at a time (safe to run at any time, as often as wanted)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rankings import rollups


class Command(BaseCommand):
    help = ("Recompute the leaderboard's daily rollups of WIB days start..end from the complaints received on "
            "them (complaints and questions held by an agency, not merged, archived or out of scope), a day per "
            "streaming scan, deleting rows nothing stands behind; then every agency-month touched from its daily "
            "rows. Idempotent: safe to run at any time, as often as wanted.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", type=date.fromisoformat, help="first WIB day, YYYY-MM-DD (default: the earliest complaint or row)")
        parser.add_argument("--end", type=date.fromisoformat, help="last WIB day, YYYY-MM-DD (default: the latest complaint or row)")

    def handle(self, *args: Any, start: date | None = None, end: date | None = None, **options: Any) -> None:
        began = time.perf_counter()
        written = rollups.rebuild(start, end)
        self.stdout.write(f"{written} rollup rows recomputed in {time.perf_counter() - began:.1f} s")
