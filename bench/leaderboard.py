"""Leaderboard benchmark: 60 agencies and N complaints over a year on PostgreSQL (built with
COPY), the rollups rebuilt from scratch, then the API view for one month and for the whole
year timed cold (the first request after a complaint changed) and warm, beside a floor: a
primary-key read of one agency through the same API stack. Prints one JSON document.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/leaderboard.py --complaints 1000000

It works in a database of its own (sigap_bench_leaderboard, made afresh) and leaves it behind.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import copy_rows, fresh_database, rss_mb, timed, year_of_complaints  # noqa: E402

DATABASE = "sigap_bench_leaderboard"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true",
                        help="time the requests again on the database a previous run left (no build, no rebuild)")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://... (the benchmark measures PostgreSQL).")
    if args.reuse:
        os.environ["DATABASE_URL"] = urlunparse(urlparse(base_url)._replace(path=f"/{DATABASE}"))
    else:
        os.environ["DATABASE_URL"] = fresh_database(base_url, DATABASE)
    os.environ.update({"SIGAP_TESTING": "1", "DJANGO_SETTINGS_MODULE": "portal.settings",
                       "CELERY_TASK_ALWAYS_EAGER": "1", "LOG_LEVEL": "ERROR"})
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False

    from accounts.models import User
    from agencies.models import Agency
    from complaints.models import Complaint
    from rankings import rollups
    from rankings.models import DailyRollup, MonthlyRollup

    build_seconds = rebuild_seconds = rebuild_peak = None
    if args.reuse:
        agencies = list(Agency.objects.order_by("slug"))
        leader = User.objects.get(email="pimpinan@contoh.test")
        args.complaints = Complaint.objects.count()
    else:
        agencies = [Agency.objects.create(name=f"Dinas Uji {i:02d}", short_name=f"Dinas {i:02d}",
                                          slug=f"dinas-uji-{i:02d}", kind="dinas") for i in range(args.agencies)]
        leader = User.objects.create_user(email="pimpinan@contoh.test", password="kata-sandi-uji-123",  # noqa: S106
                                          full_name="Pimpinan", is_leader=True)

        # --- Complaints by COPY: every concrete column of the table, defaults where we do not care.
        began = time.perf_counter()
        copy_rows(Complaint, year_of_complaints(args.complaints, [a.pk for a in agencies]))
        connection.commit() if not connection.get_autocommit() else None
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Complaint._meta.db_table}")
        build_seconds = round(time.perf_counter() - began, 1)

        # --- Rollups from scratch, streaming: peak Python memory must not grow with the complaints.
        tracemalloc.start()
        began = time.perf_counter()
        rollups.rebuild()
        rebuild_seconds = round(time.perf_counter() - began, 1)
        _current, peak = tracemalloc.get_traced_memory()
        rebuild_peak = round(peak / 2**20, 2)
        tracemalloc.stop()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE rankings_dailyrollup; ANALYZE rankings_monthlyrollup")

    client = Client()
    client.force_login(leader)
    year = {"start": "2026-01-01", "end": "2026-12-31"}
    month = {"start": "2026-06-01", "end": "2026-06-30"}

    def get(params):
        response = client.get("/api/v1/leaderboard/", params)
        assert response.status_code == 200, response.content[:300]
        return response

    def change_one():  # a complaint of June changes: its day's and month's rows are recomputed
        target = Complaint.objects.filter(received_at__gte=datetime(2026, 6, 10, tzinfo=UTC)).order_by("pk").first()
        Complaint.objects.filter(pk=target.pk).update(within_target=not target.within_target)

    results = {}
    for label, params in (("month", month), ("year", year)):
        cold = []
        for _ in range(max(3, args.repeat // 3)):
            change_one()
            began = time.perf_counter()
            get(params)
            cold.append((time.perf_counter() - began) * 1000)
        warm = timed(lambda p=params: get(p), args.repeat)
        tracemalloc.start()
        get(params)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[label] = {"cold_median_ms": round(statistics.median(cold), 2), "cold_max_ms": round(max(cold), 2),
                          "warm": warm, "request_peak_python_mb": round(peak / 2**20, 2),
                          "agencies_in_response": len(get(params).json()["rows"])}
    floor = timed(lambda: client.get(f"/api/v1/agencies/{agencies[0].slug}/"), args.repeat)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg = cursor.fetchone()[0].split(" on ")[0]
    print(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "postgres": pg,
                    "system": platform.platform()},
        "complaints": args.complaints, "agencies": len(agencies), "reused_database": args.reuse,
        "build_with_copy_seconds": build_seconds,
        "rollups": {"rebuild_seconds": rebuild_seconds, "rebuild_peak_python_mb": rebuild_peak,
                    "daily_rows": DailyRollup.objects.count(), "monthly_rows": MonthlyRollup.objects.count()},
        "api": results, "floor_agency_by_pk": floor, "process_rss_mb": round(rss_mb(), 1),
    }, indent=2))


if __name__ == "__main__":
    main()
