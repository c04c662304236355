from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """The last time each background process proved it runs (beat's schedule, a worker's
    task). Shown by /healthz; never used to decide anything else."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
