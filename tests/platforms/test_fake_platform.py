"""The fake platform (platforms/fake/server.py) behaves like the platforms where the
connectors rely on it, and the simulated citizens deliver webhooks the portal accepts."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
import pytest
from django.core.management import call_command

from platforms.connectors.base import RateLimited, TokenInvalid
from platforms.connectors.x import XConnector, snowflake_time
from platforms.fake import ids
from platforms.fake.citizens import TEMPLATES, CitizenSimulator, meta_bytes
from platforms.fake.server import make_server
from platforms.signatures import meta_signature

X_HANDLE = "dinkes_bkl_dm"  # Dinas Kesehatan's demo X account
IG_HANDLE = "pemkot.bkl.demo"
YT_HANDLE = "pemkot-bkl-demo"


@pytest.fixture(scope="module")
def fake_url():
    server, thread = make_server(0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def fake(fake_url):
    with httpx.Client(base_url=fake_url, timeout=10) as client:
        client.post("/_fake/reset").raise_for_status()
        yield client


def x_auth(handle: str = X_HANDLE) -> dict[str, str]:
    return {"Authorization": f"Bearer {ids.access_token('x', handle)}"}


def add_mentions(fake: httpx.Client, count: int, *, handle: str = X_HANDLE) -> list[dict]:
    start = datetime.now(UTC) - timedelta(hours=1)
    posts = []
    for i in range(count):
        response = fake.post("/_fake/x/posts", json={
            "author_handle": f"warga_{i}", "author_name": f"Warga {i}",
            "text": f"jalan rusak nomor {i} 😡", "mention_handles": [handle],
            "created_at": (start + timedelta(minutes=i, milliseconds=137 * i)).isoformat(),
        })
        assert response.status_code == 201
        posts.append(response.json())
    return posts


def mentions(fake: httpx.Client, **params) -> httpx.Response:
    params.setdefault("tweet.fields", "created_at,author_id,conversation_id,entities")
    return fake.get(f"/2/users/{ids.x_user_id(X_HANDLE)}/mentions", params=params, headers=x_auth())


# --- ids -------------------------------------------------------------------------------


def test_ids_are_deterministic_and_shaped_like_the_platforms():
    x_id = ids.x_user_id("@Dinkes_BKL_dm")
    assert x_id == ids.x_user_id("dinkes_bkl_dm") and len(x_id) == 19 and x_id.isdigit() and x_id[0] != "0"
    ig = ids.ig_user_id(IG_HANDLE)
    assert len(ig) == 17 and ig.startswith("1784")
    wa = ids.wa_phone_number_id("+6281200000110")
    assert len(wa) == 15 and wa.isdigit()
    channel = ids.youtube_channel_id(YT_HANDLE)
    assert channel.startswith("UC") and len(channel) == 24
    assert ids.access_token("x", "@Dinkes_BKL_dm") == "fake-x-dinkes_bkl_dm"
    assert ids.demo_account_ids("instagram", IG_HANDLE) == ig
    with pytest.raises(ValueError, match="tiktok"):
        ids.demo_account_ids("tiktok", "pemkot.bkl.demo")


def test_enough_distinct_templates():
    assert sum(len(t) for t in TEMPLATES.values()) >= 40
    assert len({t for group in TEMPLATES.values() for t in group}) == sum(len(t) for t in TEMPLATES.values())


# --- X ---------------------------------------------------------------------------------


def test_x_mentions_come_in_pages_newest_first_until_next_token_is_absent(fake):
    posts = add_mentions(fake, 7)
    seen, token, pages = [], None, 0
    while True:
        response = mentions(fake, max_results=3, **({"pagination_token": token} if token else {}))
        assert response.status_code == 200
        body = response.json()
        pages += 1
        ids_on_page = [p["id"] for p in body["data"]]
        assert body["meta"]["result_count"] == len(ids_on_page)
        assert (body["meta"]["newest_id"], body["meta"]["oldest_id"]) == (ids_on_page[0], ids_on_page[-1])
        seen += ids_on_page
        token = body["meta"].get("next_token")
        if not token:
            break
    assert pages == 3 and len(seen) == 7
    assert seen == sorted((p["id"] for p in posts), key=int, reverse=True)
    assert response.headers["x-rate-limit-limit"] and response.headers["x-rate-limit-reset"].isdigit()


def test_x_since_id_is_exclusive(fake):
    posts = add_mentions(fake, 5)
    response = mentions(fake, since_id=posts[1]["id"])
    assert [p["id"] for p in response.json()["data"]] == [p["id"] for p in reversed(posts[2:])]
    nothing = mentions(fake, since_id=posts[-1]["id"]).json()
    assert "data" not in nothing and nothing["meta"] == {"result_count": 0}


def test_x_post_ids_are_snowflakes_of_their_created_at(fake):
    for post in add_mentions(fake, 4):
        created = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
        assert post["created_at"].endswith(".000Z")
        assert snowflake_time(post["id"]).replace(microsecond=0) == created
        assert post["entities"]["mentions"][0]["username"] == X_HANDLE
        assert post["entities"]["mentions"][0]["id"] == ids.x_user_id(X_HANDLE)


def test_x_without_tweet_fields_only_the_default_fields(fake):
    add_mentions(fake, 1)
    response = fake.get(f"/2/users/{ids.x_user_id(X_HANDLE)}/mentions", headers=x_auth())
    assert set(response.json()["data"][0]) == {"id", "text", "edit_history_tweet_ids"}


def test_x_bad_or_foreign_or_expired_token_is_401_problem_json(fake):
    user_id = ids.x_user_id(X_HANDLE)
    bad = fake.get(f"/2/users/{user_id}/mentions", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert bad.json() == {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}
    assert fake.get(f"/2/users/{user_id}/mentions", headers=x_auth("pemkot_bkl_dm")).status_code == 401
    assert fake.get("/2/users/me", headers=x_auth()).json()["data"]["id"] == user_id
    fake.post("/_fake/arm", json={"expire_token": ids.access_token("x", X_HANDLE)})
    assert fake.get("/2/users/me", headers=x_auth()).status_code == 401


def test_x_armed_rate_limit_gives_429_with_reset(fake):
    fake.post("/_fake/arm", json={"rate_limit": 2, "reset_seconds": 90})
    for _ in range(2):
        response = mentions(fake)
        assert response.status_code == 429
        assert response.headers["x-rate-limit-remaining"] == "0"
        assert 85 <= int(response.headers["x-rate-limit-reset"]) - time.time() <= 95
    assert mentions(fake).status_code == 200


def test_x_connector_pauses_on_429_and_reads_an_empty_page_with_next_token(fake, fake_url):
    add_mentions(fake, 3)
    account = SimpleNamespace(external_id=ids.x_user_id(X_HANDLE), access_token=ids.access_token("x", X_HANDLE))
    connector = XConnector(client=httpx.Client(base_url=fake_url))
    fake.post("/_fake/arm", json={"rate_limit": 1, "reset_seconds": 60})
    with pytest.raises(RateLimited):
        connector.fetch_mentions(account, {})
    fake.post("/_fake/arm", json={"empty_page_with_next": True})
    result = connector.fetch_mentions(account, {})
    assert len(result.pages) == 2 and result.pages[0].items == []  # result_count 0, yet a next_token
    assert len(result.items) == 3
    assert result.cursor["since_id"] == max((i.external_id for i in result.items), key=int)
    assert {i.account_ref for i in result.items} == {account.external_id}
    assert all(X_HANDLE in i.mentions and i.author_handle.startswith("warga_") for i in result.items)
    fake.post("/_fake/arm", json={"expire_token": account.access_token})
    with pytest.raises(TokenInvalid):
        connector.fetch_mentions(account, {})


def test_x_duplicate_text_is_403_and_replies_are_recorded(fake):
    [target] = add_mentions(fake, 1)
    body = {"text": "Terima kasih, laporan SGP-2026-000123 kami teruskan.",
            "reply": {"in_reply_to_tweet_id": target["id"]}}
    first = fake.post("/2/tweets", json=body, headers=x_auth())
    assert first.status_code == 201
    assert first.json()["data"]["text"] == body["text"]
    again = fake.post("/2/tweets", json=body, headers=x_auth())
    assert again.status_code == 403
    assert again.json()["detail"] == "You are not allowed to create a Tweet with duplicate content."
    [sent] = fake.get("/_fake/sent").json()["data"]
    assert (sent["platform"], sent["kind"], sent["in_reply_to"]) == ("x", "reply", target["id"])
    own = fake.get(f"/2/users/{ids.x_user_id(X_HANDLE)}/tweets", headers=x_auth(),
                   params={"tweet.fields": "conversation_id,referenced_tweets,in_reply_to_user_id"}).json()
    assert own["data"][0]["conversation_id"] == target["id"]
    assert own["data"][0]["in_reply_to_user_id"] == target["author_id"]


# --- Meta ------------------------------------------------------------------------------


def test_instagram_mentioned_comment_fetch(fake):
    ig_id = ids.ig_user_id(IG_HANDLE)
    created = fake.post("/_fake/instagram/comments", json={
        "account_handle": IG_HANDLE, "text": f"@{IG_HANDLE} lampu jalan mati 😡", "username": "warga.bkl",
        "mention": True, "created_at": "2026-07-24T18:45:03+00:00",
    })
    assert created.status_code == 201
    comment_id = created.json()["id"]
    token = ids.access_token("instagram", IG_HANDLE)
    response = fake.get(f"/{ig_id}", params={
        "fields": f"mentioned_comment.comment_id({comment_id}){{text,timestamp,username}}", "access_token": token,
    })
    assert response.status_code == 200
    assert response.json() == {
        "mentioned_comment": {"text": f"@{IG_HANDLE} lampu jalan mati 😡", "timestamp": "2026-07-24T18:45:03+0000",
                              "username": "warga.bkl", "id": comment_id},
        "id": ig_id,
    }
    fake.post("/_fake/arm", json={"expire_token": token})
    expired = fake.get(f"/v24.0/{ig_id}", params={"fields": "mentioned_comment.comment_id(1){text}",
                                                   "access_token": token})
    error = expired.json()["error"]
    assert (error["type"], error["code"], error["error_subcode"]) == ("OAuthException", 190, 463)


def test_facebook_comments_page_and_reply(fake):
    handle = "pemkot.kotabkl.demo"
    token = ids.access_token("facebook", handle)
    post_id = ids.fb_post_id(handle, 0)
    for i in range(3):
        fake.post("/_fake/facebook/comments", json={"account_handle": handle, "text": f"sampah {i}",
                                                   "post_id": post_id, "author_name": "Warga"})
    feed = fake.get(f"/{ids.page_id(handle)}/feed", params={"access_token": token}).json()
    assert post_id in [p["id"] for p in feed["data"]]
    first = fake.get(f"/{post_id}/comments", params={"access_token": token, "limit": 2}).json()
    assert len(first["data"]) == 2 and "next" in first["paging"]
    rest = fake.get(f"/{post_id}/comments", params={"access_token": token, "limit": 2,
                                                    "after": first["paging"]["cursors"]["after"]}).json()
    assert len(rest["data"]) == 1 and "next" not in rest["paging"]
    reply = fake.post(f"/{first['data'][0]['id']}/comments", data={"message": "Siap, SGP-2026-000001",
                                                                   "access_token": token})
    assert reply.status_code == 200 and reply.json()["id"]


def test_whatsapp_send(fake):
    number = "+6281200000110"
    # Free text only within 24 hours of the person's last message: they wrote first.
    assert fake.post("/_fake/whatsapp/messages", json={"account_handle": number, "from": "6281234567890"}
                     ).status_code == 201
    response = fake.post(f"/{ids.wa_phone_number_id(number)}/messages",
                         headers={"Authorization": f"Bearer {ids.access_token('whatsapp', number)}"},
                         json={"messaging_product": "whatsapp", "to": "6281234567890", "type": "text",
                               "text": {"body": "Laporan diterima"}})
    assert response.status_code == 200
    body = response.json()
    assert body["messaging_product"] == "whatsapp" and body["contacts"][0]["wa_id"] == "6281234567890"
    assert body["messages"][0]["id"].startswith("wamid.")
    assert fake.get("/_fake/sent", params={"platform": "whatsapp"}).json()["data"][0]["to"] == "6281234567890"


# --- YouTube ---------------------------------------------------------------------------


def test_youtube_comment_threads_and_quota(fake):
    channel = ids.youtube_channel_id(YT_HANDLE)
    for i in range(3):
        fake.post("/_fake/youtube/comments", json={"account_handle": YT_HANDLE, "text": f"komentar {i}"})
    params = {"part": "snippet,replies", "allThreadsRelatedToChannelId": channel, "order": "time",
              "maxResults": 2, "key": "fake"}
    first = fake.get("/commentThreads", params=params).json()
    assert len(first["items"]) == 2 and first["nextPageToken"]
    assert first["items"][0]["snippet"]["topLevelComment"]["snippet"]["textDisplay"] == "komentar 2"
    rest = fake.get("/commentThreads", params={**params, "pageToken": first["nextPageToken"]}).json()
    assert len(rest["items"]) == 1 and "nextPageToken" not in rest
    fake.post("/_fake/arm", json={"quota_exceeded": True})
    response = fake.get("/commentThreads", params=params)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == 403 and error["errors"][0]["reason"] == "quotaExceeded"


# --- The citizens, against a live portal -----------------------------------------------


def test_meta_bytes_escape_emoji_like_meta():
    body = meta_bytes({"text": "Lampu jalan mati 😡"})
    assert body == b'{"text":"Lampu jalan mati \\ud83d\\ude21"}'
    assert meta_signature("s", body).startswith("sha256=")


@pytest.mark.django_db(transaction=True)
def test_citizens_deliver_signed_webhooks_the_portal_stores(live_server, settings, fake, fake_url):
    from agencies.models import OfficialAccount
    from platforms.fake.ids import connect_demo_accounts
    from platforms.management.commands.fake_citizens import Command
    from platforms.models import Delivery

    settings.DEBUG = True
    settings.X_CONSUMER_SECRET = "sigap-x-consumer-secret"
    settings.META_APP_SECRET = "sigap-meta-app-secret"
    call_command("seed_demo", quiet=True)
    # seed_demo connected the demo accounts already: a second pass changes nothing.
    assert OfficialAccount.objects.filter(status="connected").exclude(access_token=None).count() > 0
    assert connect_demo_accounts() == 0
    command, out = Command(), io.StringIO()
    call_command(command, count=5, interval=0, seed=11, portal=live_server.url, platform_url=fake_url, stdout=out)
    sent = command.last_sent
    assert len(sent) == 5, out.getvalue()
    statuses = [s for message in sent for s in message.webhook_statuses]
    assert statuses and set(statuses) == {200}, out.getvalue()
    assert Delivery.objects.filter(source="webhook").exists()

    account = OfficialAccount.objects.get(platform="x", handle="pemkot_bkl_dm")
    assert account.external_id == ids.x_user_id("pemkot_bkl_dm") and account.status == "connected"
    fake.post("/_fake/x/posts", json={"author_handle": "rika_bkl", "text": "@pemkot_bkl_dm air mati 3 hari"})
    result = XConnector(client=httpx.Client(base_url=fake_url)).fetch_mentions(account, {})
    [item] = result.items
    assert item.account_ref == account.external_id and item.mentions == ["pemkot_bkl_dm"]
    assert item.author_handle == "rika_bkl" and item.text.endswith("air mati 3 hari")


def test_citizens_refuse_non_loopback_urls():
    with pytest.raises(ValueError, match="loopback"):
        CitizenSimulator(portal="http://example.com", platform_url="http://127.0.0.1:1", x_secret="a",
                         meta_secret="b")


def test_citizens_write_to_the_agencies_with_demo_logins_often(monkeypatch):
    simulator = CitizenSimulator(portal="http://127.0.0.1:1", platform_url="http://127.0.0.1:2", x_secret="a",
                                 meta_secret="b", seed=7)
    drawn = [simulator._target(platform).agency for _ in range(300) for platform in ("x", "instagram")]
    featured = sum(agency in ("dinas-pupr", "dinas-lh") for agency in drawn) / len(drawn)
    assert featured > 0.2  # uniformly over the demo's accounts they would get about 3%
    assert len(set(drawn)) > 20  # and the other agencies still hear from citizens

    waits = []

    class Stop:
        def is_set(self):
            return len(waits) >= 4

        def wait(self, seconds):
            waits.append(seconds)

    monkeypatch.setattr(simulator, "round", lambda budget: [type("Sent", (), {"line": lambda self: "x"})()])
    simulator.run(interval=20.0, stop=Stop(), office=False, quick_start=2)
    assert waits[0] == 1.0 and waits[1] >= 10.0  # the first messages a second apart, then the interval
