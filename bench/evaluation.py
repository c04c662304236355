"""Evaluation benchmark: the year-end computation for N agencies over a year with M complaints
and P posts on PostgreSQL (built with COPY; rollups rebuilt first, as they are kept up to date
in production), three jurors' submitted scores, then the computation job itself (gathering every
measured figure and scoring) timed end to end, with its peak Python memory. Prints JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/evaluation.py

Defaults: 60 agencies, 1,000,000 complaints, 100,000 posts. Aim: under 30 s. It works in a
database of its own (sigap_bench_evaluation, made afresh) and leaves it behind.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import copy_rows, fresh_database, rss_mb, year_of_complaints  # noqa: E402

DATABASE = "sigap_bench_evaluation"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=60)
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://... (the benchmark measures PostgreSQL).")
    os.environ["DATABASE_URL"] = fresh_database(base_url, DATABASE)
    os.environ.update({"SIGAP_TESTING": "1", "DJANGO_SETTINGS_MODULE": "portal.settings",
                       "CELERY_TASK_ALWAYS_EAGER": "1", "LOG_LEVEL": "ERROR"})
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from accounts.models import User
    from agencies.models import Agency, OfficialAccount
    from complaints.models import Complaint
    from platforms.models import AccountMetricSnapshot, Post, PostMetricSnapshot
    from rankings import rollups
    from rankings.evaluation import services
    from rankings.evaluation.models import (
        CriterionSource,
        EvaluationRun,
        JurorAssignment,
        JuryScore,
    )

    rng = random.Random(83)
    posting = ["x", "instagram", "facebook", "youtube"]
    agencies = [Agency.objects.create(name=f"Dinas Uji {i:02d}", short_name=f"Dinas {i:02d}", slug=f"dinas-uji-{i:02d}",
                                      kind="dinas", expected_platforms=[*posting, "tiktok"]) for i in range(args.agencies)]
    accounts = OfficialAccount.objects.bulk_create([
        OfficialAccount(agency=a, platform=p, handle=f"{a.slug.replace('-', '')}_{p}"[:30], external_id=f"{a.pk}{i}",
                        display_name=a.name, profile_url="https://contoh.test/" + a.slug if i % 2 else "",
                        is_platform_verified=rng.random() < 0.4)
        for a in agencies for i, p in enumerate([*posting, "whatsapp"])
    ])
    posting_accounts = [a for a in accounts if a.platform != "whatsapp"]

    began = time.perf_counter()
    copy_rows(Complaint, year_of_complaints(args.complaints, [a.pk for a in agencies]))
    year_start = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    activity = [rng.uniform(0.2, 3.0) for _ in posting_accounts]  # some accounts post far more

    def posts():
        for n in range(args.posts):
            account = rng.choices(posting_accounts, activity)[0]
            yield {"account_id": account.pk, "platform": account.platform, "external_id": f"p{n}",
                   "text": "Informasi layanan publik", "url": f"https://contoh.test/p/{n}",
                   "published_at": year_start + timedelta(seconds=rng.randrange(365 * 86400)), "kind": "post",
                   "source": "api", "created_at": year_start, "updated_at": year_start}

    copy_rows(Post, posts())
    first_post = Post.objects.order_by("pk").values_list("pk", flat=True).first()
    copy_rows(PostMetricSnapshot, ({"post_id": first_post + i, "taken_on": date(2026, 12, 31), "taken_at": year_start,
                                    "likes": rng.randrange(500), "comments": rng.randrange(40), "shares": rng.randrange(30),
                                    "views": rng.randrange(5000)} for i in range(args.posts)))
    copy_rows(AccountMetricSnapshot, ({"account_id": a.pk, "taken_on": date(2026, month, 1), "taken_at": year_start,
                                       "followers": 500 * (i + 1) + month * rng.randrange(50, 400)}
                                      for i, a in enumerate(posting_accounts) for month in range(1, 13)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - began
    began = time.perf_counter()
    rollups.rebuild()
    rollups_seconds = time.perf_counter() - began

    comms = User.objects.create_user(email="diskominfo@contoh.test", full_name="Diskominfo", is_comms=True)
    period = services.period_create(name="Penilaian 2026", start=date(2026, 1, 1), end=date(2026, 12, 31), actor=comms)
    jury_criteria = list(period.criteria.filter(source=CriterionSource.JURY))
    for j in range(3):
        juror = User.objects.create_user(email=f"juri{j}@kampus.test", full_name=f"Juri {j}")
        assignment = JurorAssignment.objects.create(period=period, juror=juror, invited_by=comms,
                                                    submitted_at=datetime.now(UTC))
        assignment.agencies.set(agencies)
        JuryScore.objects.bulk_create([JuryScore(assignment=assignment, agency=a, criterion=c,
                                                 score=rng.randrange(40, 100), justification="cukup")
                                       for a in agencies for c in jury_criteria])

    run = EvaluationRun.objects.create(period=period, started_by=comms)
    tracemalloc.start()
    began = time.perf_counter()
    run = services.run_compute(run.pk)
    seconds = time.perf_counter() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg = cursor.fetchone()[0].split(" on ")[0]
    print(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "postgres": pg,
                    "system": platform.platform()},
        "agencies": args.agencies, "complaints": args.complaints, "posts": args.posts,
        "accounts": len(accounts), "jury_scores": JuryScore.objects.count(),
        "build_with_copy_seconds": round(build_seconds, 1), "rollups_rebuild_seconds": round(rollups_seconds, 1),
        "computation": {"seconds": round(seconds, 2), "status": run.status, "peak_python_mb": round(peak / 2**20, 2),
                        "agencies_ranked": len(run.results), "top": [(r["rank"], r["name"], r["total"])
                                                                     for r in run.results[:3]]},
        "aim_seconds": 30, "process_rss_mb": round(rss_mb(), 1),
    }, indent=2))


if __name__ == "__main__":
    main()
