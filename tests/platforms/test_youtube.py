"""YouTube comment polling against the fake platform: threads and replies come in, the
checkpoint moves, and a used-up quota pauses the account until midnight Pacific Time."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from django.core.management import call_command

from agencies.models import OfficialAccount
from platforms import polling
from platforms.connectors.youtube import quota_resets_at
from platforms.fake.server import make_server
from platforms.models import InboundItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(settings):
    server, thread = make_server(0)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.YOUTUBE_API_BASE_URL = url
    settings.DEBUG = True
    call_command("seed_demo", quiet=True)
    yield url
    server.shutdown()
    thread.join(timeout=5)


def test_comment_threads_are_polled_and_the_checkpoint_moves(fake):
    account = OfficialAccount.objects.filter(platform="youtube").first()
    top = httpx.post(f"{fake}/_fake/youtube/comments", json={
        "account_handle": account.handle, "author_name": "Budi", "text": "jalan di Betungan rusak parah pak"}).json()
    httpx.post(f"{fake}/_fake/youtube/comments", json={
        "account_handle": account.handle, "author_name": "Budi", "text": "tolong dicek", "parent_id": top["id"]})
    outcome = polling.account_poll(account_id=account.pk)
    assert outcome.status == "polled" and outcome.new_items == 2
    items = {i.external_id: i for i in InboundItem.objects.filter(platform="youtube")}
    assert top["id"] in items
    reply = next(i for i in items.values() if i.external_id != top["id"])
    assert reply.data["thread_key"] == top["id"] == items[top["id"]].data["thread_key"]
    assert reply.account == account
    account.refresh_from_db()
    assert account.cursor["published_after"]
    assert polling.account_poll(account_id=account.pk).new_items == 0  # the overlap re-reads, dedupe drops


def test_a_used_up_quota_pauses_until_midnight_pacific(fake):
    account = OfficialAccount.objects.filter(platform="youtube").first()
    httpx.post(f"{fake}/_fake/arm", json={"quota_exceeded": True})
    outcome = polling.account_poll(account_id=account.pk)
    assert outcome.status == "paused"
    account.refresh_from_db()
    assert account.paused_until is not None and account.paused_until > datetime.now(UTC)
    assert "quota" in account.last_error
    assert account.pk not in polling.accounts_due()


def test_quota_reset_is_midnight_pacific_in_wib_terms():
    # 23 November 2026 (PST, UTC-8): midnight Pacific is 08.00 UTC = 15.00 WIB.
    assert quota_resets_at(datetime(2026, 11, 23, 3, 0, tzinfo=UTC)) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    # 1 July 2026 (PDT, UTC-7): 07.00 UTC = 14.00 WIB.
    assert quota_resets_at(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == datetime(2026, 7, 2, 7, 0, tzinfo=UTC)
