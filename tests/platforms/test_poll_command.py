from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from platforms.fake.server import make_server
from platforms.models import InboundItem

pytestmark = pytest.mark.django_db


def test_poll_mentions_runs_one_round_with_a_line_per_account(settings):
    server, thread = make_server(0)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.DEBUG = True
    settings.X_API_BASE_URL = url
    try:
        call_command("seed_demo", quiet=True)
        import httpx

        httpx.post(f"{url}/_fake/x/posts", json={"author_handle": "warga_bkl", "author_name": "Warga",
                                                  "text": "@pupr_bkl_dm jalan rusak di Betungan",
                                                  "mention_handles": ["pupr_bkl_dm"]})
        out = io.StringIO()
        call_command("poll_mentions", platform="x", stdout=out)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[1/") and "polled" in lines[0]
    assert lines[-1].startswith("New items stored: ")
    assert any("@pupr_bkl_dm" in line and "1 new" in line for line in lines)
    assert InboundItem.objects.filter(platform="x", account__handle="pupr_bkl_dm").count() == 1


def test_poll_mentions_says_when_nothing_matches(db):
    with pytest.raises(CommandError):
        call_command("poll_mentions", platform="tiktok")
