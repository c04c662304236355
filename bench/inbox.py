"""Workspace benchmark: server time of the inbox (first page; filtered and searched; a page
deep in the keyset), the dashboard (staff and leader) and the complaint page with N complaints
in PostgreSQL (built with COPY), beside Django's floor: a trivial view behind the same sign-in
gate, middleware and session, each page timed in turn within every round so that all share the
machine's state. Prints one JSON document with medians, p95 and query counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/inbox.py --complaints 1000000

It works in a database of its own (sigap_bench_inbox, made afresh) and leaves it behind.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import copy_rows, fresh_database, summary  # noqa: E402

DATABASE = "sigap_bench_inbox"

WORDS = ("jalan berlubang", "lampu jalan mati", "sampah menumpuk", "drainase mampet", "banjir", "air PDAM keruh",
         "pohon tumbang", "parkir liar", "pungli", "jadwal vaksin", "KTP belum jadi", "izin usaha",
         "pelayanan puskesmas", "trotoar rusak", "angkot ngetem")
PLACES = ("Jl. Suprapto", "Jl. Sudirman", "Pasar Minggu", "Kelurahan Padang Harapan", "Kampung Melayu",
          "Sungai Serut", "Ratu Agung", "Teluk Segara", "Gading Cempaka", "Selebar")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=15)
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
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["testserver"]

    import portal.urls
    from accounts.decorators import member_required
    from accounts.models import User
    from accounts.services import staff_add
    from agencies.models import Agency
    from complaints.clock import complaint_clock_refresh
    from complaints.models import Complaint, Message, TimelineEvent

    portal.urls.urlpatterns.append(path("_bench/floor/", member_required(lambda request: HttpResponse("ok"))))
    clear_url_caches()

    agencies = [Agency.objects.create(name=f"Dinas Uji {i:02d}", short_name=f"Dinas {i:02d}", slug=f"dinas-uji-{i:02d}",
                                      kind="dinas") for i in range(args.agencies)]
    password = "kata-sandi-uji-123"  # noqa: S105
    staff = User.objects.create_user(email="staf@contoh.test", password=password, full_name="Staf Uji")
    staff_add(agency=agencies[0], user=staff)
    leader = User.objects.create_user(email="pimpinan@contoh.test", password=password, full_name="Pimpinan",
                                      is_leader=True)

    rng = random.Random(6)
    now = datetime.now(UTC)
    first = now - timedelta(days=365)
    weights = [30] + [1 + (i % 7) * 3 for i in range(1, args.agencies)]  # agency 0 is a busy one

    def row(n: int) -> dict:
        received = first + timedelta(seconds=int(365 * 86400 * n / args.complaints) + rng.randrange(60))
        agency = rng.choices(agencies, weights)[0]
        recent = (now - received) < timedelta(days=20)
        status = rng.choice(["dispatched", "in_progress", "on_hold"]) if recent and rng.random() < 0.5 else (
            rng.choice(["resolved", "resolved", "in_progress", "archived"]))
        text = f"{rng.choice(WORDS)} di {rng.choice(PLACES)}, mohon segera ditangani ({n})"
        answered = status in ("in_progress", "resolved") and rng.random() < 0.9
        values = {
            "number": f"SGP-{received.year}-{n + 1:06d}"[:20] if n < 999_999 else f"SGP-{received.year}-{n + 1}",
            "platform": rng.choice(["x", "instagram", "facebook", "whatsapp"]), "external_id": str(10**18 + n),
            "thread_key": str(10**18 + n), "author_id": str(n % 80000), "author_handle": f"warga{n % 80000}",
            "author_name": f"Warga {n % 80000}", "text": text, "url": "", "category": "complaint",
            "agency_id": agency.pk, "routing_reason": "kata kunci", "status": status, "received_at": received,
            "handed_at": received, "first_response_at": received + timedelta(minutes=40) if answered else None,
            "first_response_working_minutes": 40 if answered else None, "within_target": True if answered else None,
            "due_at": received + timedelta(hours=1), "last_message_at": received, "version": 1,
            "created_at": received, "updated_at": received,
        }
        return values

    began = time.perf_counter()
    copy_rows(Complaint, (row(n) for n in range(args.complaints)))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Complaint._meta.db_table}")
    build_seconds = time.perf_counter() - began

    # The complaint we open: the busy agency's newest, with a thread and a timeline.
    complaint = Complaint.objects.filter(agency=agencies[0]).order_by("-received_at").first()
    for i in range(6):
        Message.objects.create(complaint=complaint, platform=complaint.platform, external_id=f"{complaint.external_id}{i}",
                               author_handle=complaint.author_handle, text=f"Balasan {i}", posted_at=complaint.received_at
                               + timedelta(minutes=i), is_citizen=i % 2 == 0)
        TimelineEvent.objects.create(complaint=complaint, kind="note", summary=f"Catatan {i}", actor=staff)
    complaint_clock_refresh(complaint=complaint)

    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    staff_client, leader_client = client_for(staff), client_for(leader)
    settings.DEBUG = False  # as in production; queries are counted in a separate request

    def measure_round_robin(pages: dict[str, tuple]) -> tuple[dict, list[dict[str, float]]]:
        """Each round times one request of every page in turn, so that the floor and the pages
        share the machine's state (its speed drifts over minutes); queries are counted in a
        separate request."""
        for client, url in pages.values():
            client.get(url)  # warm up
        times: dict[str, list[float]] = {name: [] for name in pages}
        rounds: list[dict[str, float]] = []
        statuses = {}
        for _ in range(args.repeat):
            this_round = {}
            for name, (client, url) in pages.items():
                began = time.perf_counter()
                response = client.get(url)
                this_round[name] = (time.perf_counter() - began) * 1000
                times[name].append(this_round[name])
                statuses[name] = response.status_code
            rounds.append(this_round)
        results = {}
        for name, (client, url) in pages.items():
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            results[name] = {**summary(times[name]), "queries": len(queries), "status": statuses[name]}
        return results, rounds

    # A page deep in the keyset: follow "Older" ten times.
    deep = "/complaints/?status=all"
    for _ in range(10):
        body = staff_client.get(deep).content.decode()
        nav = body[body.find('class="pagination"'):]
        found = re.search(r'href="(\?[^"]*after=[\w-]+)"', nav)
        if not found:
            break
        deep = "/complaints/" + found.group(1).replace("&amp;", "&")

    pages = {
        "floor_trivial_view": (staff_client, "/_bench/floor/"),
        "inbox_open": (staff_client, "/complaints/"),
        "inbox_filtered_searched": (staff_client, "/complaints/?status=all&platform=x&q=jalan+berlubang"),
        "inbox_leader_searched": (leader_client, "/complaints/?status=all&q=sampah+menumpuk"),
        "inbox_open_tab_searched_no_match": (staff_client, "/complaints/?q=zzzz"),
        "inbox_deep_keyset_page": (staff_client, deep),
        "dashboard_staff": (staff_client, "/dashboard/"),
        "dashboard_leader": (leader_client, "/dashboard/"),
        "complaint_page": (staff_client, f"/complaints/{complaint.number}/"),
    }
    results, rounds = measure_round_robin(pages)
    # Timed on its own: reading 66,000 rows pushes the other pages' rows out of PostgreSQL's
    # buffers, and the page after it in a round would pay for that (the staff dashboard doubled).
    alone = {"inbox_leader_searched_by_deadline": (leader_client, "/complaints/?status=all&sort=due&q=sampah")}
    results.update(measure_round_robin(alone)[0])
    floor = results["floor_trivial_view"]["median_ms"]
    # The same ratio taken within each round (page and floor timed seconds apart), then its median.
    paired = statistics.median(r["complaint_page"] / r["floor_trivial_view"] for r in rounds)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg = cursor.fetchone()[0].split(" on ")[0]
    print(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "postgres": pg,
                    "system": platform.platform()},
        "complaints": args.complaints, "agencies": args.agencies, "build_with_copy_seconds": round(build_seconds, 1),
        "pages": results,
        "complaint_page_over_floor": round(results["complaint_page"]["median_ms"] / floor, 2) if floor else None,
        "complaint_page_over_floor_paired_median": round(paired, 2),
        "aims": {"inbox_filtered_searched_first_page_ms": 100, "complaint_page_over_floor": 3},
    }, indent=2))


if __name__ == "__main__":
    main()
