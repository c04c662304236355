"""What the benchmarks share: a database of their own, the process's resident memory, timing
of repeated calls, and COPY of model rows into PostgreSQL."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
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
