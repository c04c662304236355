"""What the benchmarks share: a database of their own, the process's resident memory, timing
of repeated calls, and COPY of model rows into PostgreSQL."""

from __future__ import annotations

import io
import random
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse


def rss_mb() -> float:
    """The resident memory of this process, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fresh_database(url: str, name: str) -> str:
    """Drop and create the database `name` on the server of `url`; return its URL."""
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {name}")
    conn.close()
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def summary(times_ms: list[float]) -> dict[str, float]:
    """Median, 95th percentile and minimum of a list of timings in ms."""
    times = sorted(times_ms)
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "min_ms": round(times[0], 2), "runs": len(times)}


def timed(call: Callable[[], object], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return summary(times)


def copy_value(value: object) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def copy_rows(model, rows: Iterable[Mapping[str, object]], *, chunk: int = 50_000) -> int:
    """COPY rows (attname → value; a missing field takes its default) into the model's table,
    `chunk` rows at a time. Returns the number of rows written."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    statement = f"COPY {model._meta.db_table} ({', '.join(f.column for f in fields)}) FROM STDIN"
    defaults = {f.attname: f.get_default() for f in fields}
    written = 0
    buffer = io.StringIO()

    def flush() -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(statement, buffer)
        buffer.seek(0)
        buffer.truncate()

    for values in rows:
        buffer.write("\t".join(copy_value(values[f.attname] if f.attname in values else defaults[f.attname])
                               for f in fields) + "\n")
        written += 1
        if written % chunk == 0:
            flush()
    if written % chunk:
        flush()
    return written


def year_of_complaints(count: int, agency_ids: list[int], *, seed: int = 2026) -> Iterator[dict[str, object]]:
    """`count` complaints over 2026 (WIB) for copy_rows: some agencies get far more than others;
    85 % answered (working minutes exponential around 70), 60 % of those resolved, 40 % with
    the head's acknowledgment; categories as citizens write them."""
    rng = random.Random(seed)
    year_start = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # 1 January 2026, 00:00 WIB
    weights = [1 + (i % 7) * 3 for i in range(len(agency_ids))]
    platforms = ["x", "instagram", "facebook", "whatsapp", "youtube"]
    for n in range(count):
        received = year_start + timedelta(seconds=rng.randrange(365 * 86400))
        agency_id = rng.choices(agency_ids, weights)[0]
        category = rng.choices(["complaint", "question", "praise", "other"], [70, 18, 8, 4])[0]
        answered = rng.random() < 0.85
        minutes = int(min(rng.expovariate(1 / 70), 20000)) if answered else None
        first = received + timedelta(minutes=(minutes or 0) * 2.2) if answered else None
        resolved = first + timedelta(days=rng.randrange(1, 20)) if answered and rng.random() < 0.6 else None
        ack = int(rng.expovariate(1 / 90)) if rng.random() < 0.4 else None
        status = "resolved" if resolved else ("in_progress" if answered else "dispatched")
        yield {
            "number": f"SGP-2026-{n + 1:07d}", "platform": rng.choice(platforms), "external_id": str(10**18 + n),
            "thread_key": str(10**18 + n), "account_id": None, "author_id": str(n % 50000),
            "author_handle": f"warga{n % 50000}", "author_name": "Warga",
            "text": "Jalan berlubang di depan sekolah belum ditambal", "url": "", "category": category,
            "agency_id": agency_id, "routing_reason": "kata kunci: jalan", "status": status,
            "received_at": received, "handed_at": received, "first_response_at": first,
            "first_response_working_minutes": minutes,
            "first_response_calendar_minutes": None if minutes is None else int(minutes * 2.2),
            "within_target": (minutes <= 60) if minutes is not None else False, "due_at": received + timedelta(hours=2),
            "resolved_at": resolved, "head_ack_at": received + timedelta(minutes=ack) if ack is not None else None,
            "head_ack_working_minutes": ack, "last_message_at": first or received, "version": 1,
            "created_at": received, "updated_at": received, "response_target_minutes": 60,
        }
