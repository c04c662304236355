"""rebuild_rollups [--start YYYY-MM-DD] [--end YYYY-MM-DD]: recompute the leaderboard's
rollups from the complaints, a week at a time (safe to run at any time, as often as wanted)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rankings import rollups


class Command(BaseCommand):
    help = "Recompute the leaderboard's rollups from the complaints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", type=date.fromisoformat, help="first WIB day (default: the first complaint)")
        parser.add_argument("--end", type=date.fromisoformat, help="last WIB day (default: the last complaint)")

    def handle(self, *args: Any, start: date | None = None, end: date | None = None, **options: Any) -> None:
        began = time.perf_counter()
        written = rollups.rebuild(start, end)
        self.stdout.write(f"{written} rollup rows recomputed in {time.perf_counter() - began:.1f} s")
