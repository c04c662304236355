"""The labelled set of citizens' messages (tests/data/intake_labelled.csv) and its fixed
split: rows whose id is a multiple of 3 are the held-out third, never used for tuning."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LABELLED_PATH = Path(settings.BASE_DIR) / "tests" / "data" / "intake_labelled.csv"


@dataclass(frozen=True)
class Example:
    id: int
    platform: str
    channel: str
    text: str
    category: str
    agency: str

    @property
    def held_out(self) -> bool:
        return self.id % 3 == 0


def load(path: Path = LABELLED_PATH) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Example(int(r["id"]), r["platform"], r["channel"], r["text"], r["category"], r["agency"])
            for r in csv.DictReader(handle)
        ]


def training(path: Path = LABELLED_PATH) -> list[Example]:
    return [e for e in load(path) if not e.held_out]


def held_out(path: Path = LABELLED_PATH) -> list[Example]:
    return [e for e in load(path) if e.held_out]
