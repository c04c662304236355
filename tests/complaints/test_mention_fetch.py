"""An Instagram mention webhook carries no text: the worker fetches it through the account's
mentioned_comment before anything else, outside the database transaction."""

from __future__ import annotations

import httpx
import pytest
from django.core.management import call_command

from agencies.models import ConnectionStatus, OfficialAccount
from complaints.intake import item_process
from complaints.models import Complaint
from platforms.fake.server import make_server
from platforms.models import InboundItem
from tests.intake import post_meta

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_platform(settings):
    server, thread = make_server(0)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.META_GRAPH_BASE_URL = url
    yield url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.META_APP_SECRET = "sigap-meta-app-secret"
    call_command("seed_demo", quiet=True)
    return OfficialAccount.objects.get(platform="instagram", agency__slug="dinas-lh")


def _mention_payload(account: OfficialAccount, comment_id: str, media_id: str) -> dict:
    return {"object": "instagram", "entry": [{"id": account.external_id, "time": 1795395900, "changes": [
        {"field": "mentions", "value": {"comment_id": comment_id, "media_id": media_id}}]}]}


def test_an_instagram_mention_is_fetched_and_routed(client, demo, fake_platform):
    created = httpx.post(f"{fake_platform}/_fake/instagram/comments", json={
        "account_handle": demo.handle, "mention": True, "username": "Sari.Bkl",
        "text": f"@{demo.handle} sampah di depan pasar belum diangkut 3 hari 😡"}).json()
    response = post_meta(client, _mention_payload(demo, created["id"], created["media_id"]))
    assert response.status_code == 200
    item = InboundItem.objects.get(external_id=created["id"])
    assert item.data["incomplete"] is True and item.data["text"] == ""
    assert item_process(item_id=item.pk) == "opened"
    item.refresh_from_db()
    assert item.data["incomplete"] is False  # the fetched text is kept: a retry fetches nothing
    complaint = Complaint.objects.get()
    assert "sampah di depan pasar" in complaint.text
    assert complaint.author_handle == "sari.bkl"
    assert complaint.agency.slug == "dinas-lh"


def test_a_mention_waits_while_its_account_is_not_connected(client, demo, fake_platform):
    OfficialAccount.objects.filter(pk=demo.pk).update(access_token=None)
    post_meta(client, _mention_payload(demo, "17800000000009999", "17900000000009999"))
    item = InboundItem.objects.get()
    assert item_process(item_id=item.pk) == "deferred"
    item.refresh_from_db()
    assert item.processed_at is None and "connected" in item.last_error
    assert not Complaint.objects.exists()


def test_an_expired_token_while_fetching_marks_the_account(client, demo, fake_platform):
    httpx.post(f"{fake_platform}/_fake/arm", json={"expire_token": demo.access_token})
    post_meta(client, _mention_payload(demo, "17800000000008888", "17900000000008888"))
    item = InboundItem.objects.get()
    assert item_process(item_id=item.pk) == "deferred"
    demo.refresh_from_db()
    assert demo.status == ConnectionStatus.NEEDS_ATTENTION
    assert demo.access_token not in demo.last_error
