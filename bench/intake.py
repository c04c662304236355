"""Intake benchmark: items per second from raw payload to routed complaint on PostgreSQL, by
the webhook path and the polling path, beside the machine's raw COPY rate of the same rows,
with the resident memory of the web side (storing) and the worker side (processing) sampled
along the run. Prints one JSON document.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/intake.py --items 20000

It works in a database of its own (sigap_bench, made afresh) and leaves it behind for a look.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fresh_database, rss_mb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20000, help="items of the polling path")
    parser.add_argument("--webhook-items", type=int, default=None,
                        help="items of the webhook path (one request each; default: --items)")
    parser.add_argument("--pipeline-items", type=int, default=None,
                        help="items of each concurrent run (web and worker processes at once; default: --items)")
    parser.add_argument("--web-processes", type=int, default=2,
                        help="processes storing webhooks at once in the concurrent run (as gunicorn workers)")
    parser.add_argument("--workers", type=int, default=1, help="processing processes in the concurrent run")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://... (the benchmark measures PostgreSQL).")
    os.environ["DATABASE_URL"] = fresh_database(base_url, "sigap_bench")
    os.environ.update({"DEBUG": "1", "SIGAP_TESTING": "1", "DJANGO_SETTINGS_MODULE": "portal.settings",
                       "CELERY_TASK_ALWAYS_EAGER": "0", "LOG_LEVEL": "ERROR"})
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("seed_demo", quiet=True)
    settings.ALLOWED_HOSTS = ["testserver"]
    # The demo settings give the fake platform's URLs and secrets; the run itself is as in
    # production (with DEBUG on Django would keep every query in memory).
    settings.DEBUG = False

    from agencies.models import OfficialAccount
    from complaints.intake import BATCH_SIZE, items_process
    from complaints.labelled import load
    from complaints.models import Complaint
    from platforms import services
    from platforms.connectors.x import parse_timeline_page
    from platforms.models import InboundItem
    from platforms.signatures import x_signature

    services.enqueue_items = lambda ids: None  # the benchmark is the worker: no broker
    texts = [e.text for e in load()]
    accounts = list(OfficialAccount.objects.filter(platform="x").exclude(external_id=None))
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)

    def post(n: int, salt: int) -> dict:
        moment = start + timedelta(seconds=n * 7 + salt)
        post_id = str(((int(moment.timestamp() * 1000) - 1288834974657) << 22) | (salt << 12) | (n % 4096))
        account = accounts[n % len(accounts)]
        return {"id": post_id, "text": f"@{account.handle} {texts[n % len(texts)]}", "author_id": str(10_000 + n),
                "conversation_id": post_id, "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "entities": {"mentions": [{"username": account.handle, "id": account.external_id}]}}, account

    def process_all(label: str) -> dict:
        ids = list(InboundItem.objects.filter(processed_at__isnull=True).order_by("pk").values_list("pk", flat=True))
        samples, began = [], time.perf_counter()
        # As the worker does: batches of the queued ids (no draining: the ids are all here).
        step = max(BATCH_SIZE, len(ids) // 10 // BATCH_SIZE * BATCH_SIZE)
        for start in range(0, len(ids), BATCH_SIZE):
            items_process(item_ids=ids[start:start + BATCH_SIZE], drain=False)
            if start % step == 0:
                samples.append(round(rss_mb(), 1))
        elapsed = time.perf_counter() - began
        samples.append(round(rss_mb(), 1))
        return {"items": len(ids), "seconds": round(elapsed, 2), "per_second": round(len(ids) / elapsed, 1),
                "rss_mb": samples, "rss_growth_after_first_tenth_mb": round(samples[-1] - samples[1], 1)}

    n = args.webhook_items if args.webhook_items is not None else args.items
    # Requests go through Django's WSGI handler as gunicorn calls it. (The test Client is not
    # used here: it connects signal receivers on every request, and Django's dispatcher keeps a
    # weakref finalizer per connect, so its memory grows by about 1 KB a request on its own.)
    from django.core.wsgi import get_wsgi_application

    wsgi = get_wsgi_application()

    def wsgi_post(path: str, body: bytes, **headers: str) -> tuple[int, bytes]:
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver", "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.multithread": False,
            "wsgi.multiprocess": True, "wsgi.run_once": False, **headers,
        }
        status: list[str] = []
        result = wsgi(environ, lambda s, h, exc_info=None: status.append(s))
        try:
            content = b"".join(result)
        finally:
            result.close()
        return int(status[0].split()[0]), content

    # --- Webhook path: one signed X Activity API event per POST, through every middleware.
    samples, began = [], time.perf_counter()
    for i in range(n):
        payload, account = post(i, 1)
        body = json.dumps({"data": {"event_uuid": str(-i), "event_type": "post.mention.create",
                                    "filter": {"user_id": account.external_id}, "payload": payload,
                                    "includes": {"users": [{"id": payload["author_id"], "username": f"warga{i}",
                                                            "name": "Warga"}]}}}).encode()
        code, content = wsgi_post("/webhooks/x/", body,
                                  HTTP_X_TWITTER_WEBHOOKS_SIGNATURE=x_signature(settings.X_CONSUMER_SECRET, body))
        assert code == 200, content
        if i % max(1, n // 10) == 0:
            samples.append(round(rss_mb(), 1))
    store_seconds = time.perf_counter() - began
    samples.append(round(rss_mb(), 1))
    webhook_store = {"items": n, "seconds": round(store_seconds, 2), "per_second": round(n / store_seconds, 1),
                     "rss_mb": samples, "rss_growth_after_first_tenth_mb": round(samples[-1] - samples[1], 1)}
    webhook_process = process_all("webhook")

    n = args.items
    # --- Polling path: pages of 100 posts, stored as the poller stores them.
    samples, began = [], time.perf_counter()
    for page_start in range(0, n, 100):
        posts = [post(i, 2)[0] for i in range(page_start, min(n, page_start + 100))]
        body = json.dumps({"data": posts, "meta": {"result_count": len(posts)}}).encode()
        account = accounts[(page_start // 100) % len(accounts)]
        items = parse_timeline_page(json.loads(body), account_ref=account.external_id, kind="mention")
        services.store_delivery(platform="x", source="poll", body=body, headers={}, items=items, account=account)
        if page_start % max(100, (n // 10) // 100 * 100) == 0:
            samples.append(round(rss_mb(), 1))
    poll_seconds = time.perf_counter() - began
    samples.append(round(rss_mb(), 1))
    poll_store = {"items": n, "seconds": round(poll_seconds, 2), "per_second": round(n / poll_seconds, 1),
                  "rss_mb": samples, "rss_growth_after_first_tenth_mb": round(samples[-1] - samples[1], 1)}
    poll_process = process_all("poll")

    # --- Concurrent runs: the web side and the worker side in separate processes at once, as
    # in production (gunicorn workers and a Celery worker on the same 2 cores): items per
    # second from the first payload to the last routed complaint, wall clock.
    import multiprocessing

    def concurrent_run(kind: str, count: int, salt: int) -> dict:
        connection.close()  # each process opens its own
        fork = multiprocessing.get_context("fork")
        queue = fork.Queue()  # plays the broker: what the web side queues on commit, the worker takes
        already = InboundItem.objects.count()
        connection.close()

        def produce(part: int, parts: int) -> None:
            services.enqueue_items = queue.put
            if kind == "webhook":
                for i in range(part, count, parts):
                    payload, account = post(i, salt)
                    body = json.dumps({"data": {"event_uuid": str(-(salt * 10**7 + i)), "event_type": "post.mention.create",
                                                "filter": {"user_id": account.external_id}, "payload": payload,
                                                "includes": {"users": [{"id": payload["author_id"],
                                                                        "username": f"warga{i}", "name": "Warga"}]}}}).encode()
                    code, content = wsgi_post("/webhooks/x/", body, HTTP_X_TWITTER_WEBHOOKS_SIGNATURE=x_signature(
                        settings.X_CONSUMER_SECRET, body))
                    assert code == 200, content
            else:
                for page_start in range(part * 100, count, parts * 100):
                    posts = [post(i, salt)[0] for i in range(page_start, min(count, page_start + 100))]
                    body = json.dumps({"data": posts, "meta": {"result_count": len(posts)}}).encode()
                    account = accounts[(page_start // 100) % len(accounts)]
                    items = parse_timeline_page(json.loads(body), account_ref=account.external_id, kind="mention")
                    services.store_delivery(platform="x", source="poll", body=body, headers={}, items=items,
                                            account=account)
            connection.close()

        def work() -> None:
            # As the Celery task `process_items` does: the queued ids, plus others waiting for
            # their first try (a burst of one-item webhooks shares batches).
            while True:
                ids = queue.get()
                if ids is None:
                    break
                items_process(item_ids=ids)
            connection.close()

        webs = args.web_processes if kind == "webhook" else 1
        began = time.perf_counter()
        procs = [fork.Process(target=produce, args=(p, webs)) for p in range(webs)]
        workers = [fork.Process(target=work) for _ in range(args.workers)]
        for proc in procs + workers:
            proc.start()
        for proc in procs:
            proc.join()
        stored_seconds = time.perf_counter() - began
        for _worker in workers:
            queue.put(None)
        for proc in workers:
            proc.join()
        elapsed = time.perf_counter() - began
        assert all(p.exitcode == 0 for p in procs + workers), [p.exitcode for p in procs + workers]
        stored = InboundItem.objects.count() - already
        left = InboundItem.objects.filter(processed_at__isnull=True).count()
        return {"items": stored, "unprocessed_left": left, "web_processes": webs, "workers": args.workers,
                "all_stored_after_seconds": round(stored_seconds, 2), "all_routed_after_seconds": round(elapsed, 2),
                "end_to_end_items_per_second": round(stored / elapsed, 1)}

    pipeline_n = args.pipeline_items if args.pipeline_items is not None else args.items
    concurrent = {"webhook": concurrent_run("webhook", pipeline_n, 3),
                  "polling": concurrent_run("polling", pipeline_n, 4)}

    # --- The floor: COPY of the same rows into a bare table of the item's columns.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in InboundItem.objects.values_list("platform", "external_id", "kind", "event", "event_key",
                                                "account_ref", "posted_at", "received_at", "data").iterator():
        writer.writerow([*row[:8], json.dumps(row[8])])
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE copy_floor (platform text, external_id text, kind text, event text,"
                    " event_key text, account_ref text, posted_at timestamptz, received_at timestamptz, data jsonb)")
        buffer.seek(0)
        began = time.perf_counter()
        cur.copy_expert("COPY copy_floor FROM STDIN WITH CSV", buffer)
        copy_seconds = time.perf_counter() - began
        cur.execute("SELECT count(*) FROM copy_floor")
        copied = cur.fetchone()[0]

    def end_to_end(store: dict, process: dict) -> float:
        return round(store["items"] / (store["seconds"] + process["seconds"]), 1)

    print(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "items_per_path": {"webhook": webhook_store["items"], "polling": n},
        "webhook": {"store": webhook_store, "process": webhook_process,
                    "end_to_end_items_per_second": end_to_end(webhook_store, webhook_process)},
        "polling": {"store": poll_store, "process": poll_process,
                    "end_to_end_items_per_second": end_to_end(poll_store, poll_process)},
        "concurrent": concurrent,
        "copy_floor": {"rows": copied, "seconds": round(copy_seconds, 3), "rows_per_second": round(copied / copy_seconds, 1)},
        "complaints": Complaint.objects.count(),
        "routed_share": round(Complaint.objects.exclude(agency=None).count() / max(1, Complaint.objects.count()), 3),
    }, indent=2))


if __name__ == "__main__":
    main()
