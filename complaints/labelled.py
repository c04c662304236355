"""The labelled set of citizens' messages (tests/data/intake_labelled.csv) and its fixed
split: rows whose id is a multiple of 3 are the held-out third, never used for tuning.

tests/data/intake_extra_training.csv holds more messages in the same format (ids from
10001), written after the first held-out measurements; they only ever add to the training
side (`extra_training()`) and never enter `held_out()`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LABELLED_PATH = Path(settings.BASE_DIR) / "tests" / "data" / "intake_labelled.csv"
EXTRA_TRAINING_PATH = Path(settings.BASE_DIR) / "tests" / "data" / "intake_extra_training.csv"
EXTRA_FIRST_ID = 10001


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
        """A row of the held-out third of the labelled set (an extra training row never is)."""
        return self.id < EXTRA_FIRST_ID and self.id % 3 == 0


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


def extra_training(path: Path = EXTRA_TRAINING_PATH) -> list[Example]:
    """The training-only rows: every one of them, whatever its id (none is held out)."""
    return load(path)

