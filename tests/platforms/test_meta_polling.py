"""Facebook and Instagram backfill polling: the newest posts/media whose comment count moved,
their comments back to the checkpoint minus an overlap, the same Items as the webhooks (a
comment that comes both ways is one item), the cursor, expired tokens; against recorded-shape
JSON and against the fake platform."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import time_machine

from agencies.models import ConnectionStatus, OfficialAccount
from platforms import polling
from platforms.connectors import meta as metaconn
from platforms.connectors.registry import connector_for
from platforms.fake import ids
from platforms.fake.server import make_server
from platforms.models import Delivery, InboundItem
from tests.factories import AgencyFactory, OfficialAccountFactory
from tests.intake import post_meta

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
COMPARED = ("platform", "external_id", "kind", "event", "account_ref", "author_id", "author_handle", "author_name",
            "text", "thread_key", "parent_id", "root_id", "url", "posted_at", "extra")


def graph_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def summary(total: int) -> dict:
    return {"data": [], "summary": {"order": "chronological", "total_count": total, "can_comment": True}}


class FakeGraph:
    """Answers Graph paths (without the /vNN.N prefix) from a table; a list answers page by
    page, keyed on the `after` cursor."""

    def __init__(self, routes: dict[str, object]):
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path.removeprefix("/v24.0")
        answer = self.routes[path]
        if callable(answer):
            return answer(request)
        if isinstance(answer, dict) and "pages" in answer:
            answer = answer["pages"][request.url.params.get("after", "")]
        return httpx.Response(200, json=answer)

    def paths(self) -> list[str]:
        return [r.url.path.removeprefix("/v24.0") for r in self.requests]


@pytest.fixture
def install(monkeypatch):
    def make(platform: str, routes: dict[str, object]) -> FakeGraph:
        fake = FakeGraph(routes)
        client = httpx.Client(base_url="https://graph.facebook.com/v24.0", transport=httpx.MockTransport(fake))
        monkeypatch.setattr(polling, "connector_for", lambda p: metaconn.MetaConnector(platform, client=client))
        return fake

    return make


# --- Facebook -----------------------------------------------------------------------------


@pytest.fixture
def page(region):
    account = region.pupr_fb
    account.access_token = "page-token-secret"
    account.status = ConnectionStatus.CONNECTED
    account.save()
    return OfficialAccount.objects.get(pk=account.pk)


def fb_world(page_id: str) -> tuple[dict[str, object], dict[str, dict]]:
    post, quiet, visitor = f"{page_id}_300", f"{page_id}_250", f"{page_id}_400"
    c1 = {"id": "300_5001", "message": "Drainase depan rumah mampet", "created_time": graph_time(NOW - timedelta(minutes=45)),
          "from": {"id": "8001", "name": "Budi Warga"}}
    c2 = {"id": "300_5002", "message": "Terima kasih, segera kami cek. SGP-2026-000001",
          "created_time": graph_time(NOW - timedelta(minutes=8)), "from": {"id": page_id, "name": "Dinas PUPR"},
          "parent": {"id": "300_5001"}}
    c3 = {"id": "300_5003", "message": "Sudah seminggu pak", "created_time": graph_time(NOW - timedelta(minutes=3)),
          "from": {"id": "8001", "name": "Budi Warga"}, "parent": {"id": "300_5001"}}
    c0 = {"id": "300_4999", "message": "lama", "created_time": graph_time(NOW - timedelta(hours=5)),
          "from": {"id": "8003", "name": "Lama"}}
    feed = {"data": [
        {"id": visitor, "created_time": graph_time(NOW - timedelta(minutes=5)), "message": "Lampu jalan mati @puprbengkulu",
         "from": {"id": "8002", "name": "Siti Aminah"}, "comments": summary(0)},
        {"id": post, "created_time": graph_time(NOW - timedelta(days=2)), "message": "Info perbaikan jalan",
         "from": {"id": page_id, "name": "Dinas PUPR"}, "permalink_url": "https://www.facebook.com/x",
         "comments": summary(4)},
        {"id": quiet, "created_time": graph_time(NOW - timedelta(days=3)), "message": "Info lama",
         "from": {"id": page_id, "name": "Dinas PUPR"}, "comments": summary(5)},
    ], "paging": {"cursors": {"before": "QVFIUmJ", "after": "QVFIUmE"}, "next": "https://graph.facebook.com/v24.0/next"}}
    routes: dict[str, object] = {
        f"/{page_id}/feed": feed,
        f"/{post}/comments": {"pages": {
            "": {"data": [c3, c2], "paging": {"cursors": {"before": "MQ", "after": "Mg"},
                                              "next": "https://graph.facebook.com/v24.0/next"}},
            "Mg": {"data": [c1, c0], "paging": {"cursors": {"before": "Mw", "after": "NA"},
                                               "next": "https://graph.facebook.com/v24.0/next"}},
            "NA": {"data": []},
        }},
        f"/{visitor}/comments": {"data": []},
        f"/{quiet}/comments": {"data": []},
    }
    return routes, {"c0": c0, "c1": c1, "c2": c2, "c3": c3}


def fb_webhook(page_id: str, comment: dict, *, post_id: str) -> dict:
    created = int(datetime.strptime(comment["created_time"], "%Y-%m-%dT%H:%M:%S%z").timestamp())
    return {"object": "page", "entry": [{"id": page_id, "time": created, "changes": [{"field": "feed", "value": {
        "item": "comment", "verb": "add", "comment_id": comment["id"], "post_id": post_id,
        "parent_id": (comment.get("parent") or {}).get("id") or post_id, "from": comment["from"],
        "created_time": created, "message": comment["message"]}}]}]}


def test_facebook_backfill_reads_moved_posts_back_to_the_overlap(page, install):
    page_id = page.external_id
    routes, _c = fb_world(page_id)
    fake = install("facebook", routes)
    page.cursor = {"since": (NOW - timedelta(minutes=20)).isoformat(),
                   "counts": {f"{page_id}_300": 2, f"{page_id}_250": 5}}
    page.save()
    with time_machine.travel(NOW, tick=False):
        outcome = polling.account_poll(account_id=page.pk)
    assert outcome.status == "polled" and outcome.new_items == 4
    # The quiet post (same count as last round) is not read; the moved one is read page by
    # page until a comment older than the checkpoint minus the overlap.
    assert fake.paths() == [f"/{page_id}/feed", f"/{page_id}_400/comments", f"/{page_id}_300/comments",
                            f"/{page_id}_300/comments"]
    comments = fake.requests[2].url.params
    assert (comments["filter"], comments["order"]) == ("stream", "reverse_chronological")
    assert "parent{id}" in comments["fields"] and "from" in comments["fields"]
    assert fake.requests[3].url.params["after"] == "Mg"
    assert "comments.filter(stream)" in fake.requests[0].url.params["fields"]
    assert fake.requests[0].headers["authorization"] == "Bearer page-token-secret"
    items = {i.external_id: i for i in InboundItem.objects.all()}
    assert set(items) == {f"{page_id}_400", "300_5001", "300_5002", "300_5003"}  # not the old 300_4999
    assert items["300_5001"].kind == "comment" and items["300_5002"].kind == "post"  # the Page's own reply
    assert items[f"{page_id}_400"].kind == "mention"  # a visitor's post on the Page
    assert all(i.account == page for i in items.values())
    page.refresh_from_db()
    assert page.cursor == {"since": (NOW - timedelta(minutes=3)).isoformat(),
                           "counts": {f"{page_id}_400": 0, f"{page_id}_300": 4, f"{page_id}_250": 5}}
    assert Delivery.objects.filter(source="poll").count() == 4
    assert "page-token-secret" not in json.dumps([d.headers for d in Delivery.objects.all()])

    # Next round, nothing moved: only the feed is read, nothing new is stored.
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        assert polling.account_poll(account_id=page.pk).new_items == 0
    assert fake.paths()[4:] == [f"/{page_id}/feed"]


def test_facebook_poll_gives_the_webhooks_items_and_both_dedupe(client, page, install):
    page_id = page.external_id
    routes, c = fb_world(page_id)
    install("facebook", routes)
    post_id = f"{page_id}_300"
    for name in ("c1", "c3"):  # the top-level comment and a reply came by webhook first
        assert post_meta(client, fb_webhook(page_id, c[name], post_id=post_id)).status_code == 200
    assert InboundItem.objects.count() == 2
    page.cursor = {"since": (NOW - timedelta(minutes=20)).isoformat()}
    page.save()
    with time_machine.travel(NOW, tick=False):
        outcome = polling.account_poll(account_id=page.pk)
    assert outcome.new_items == 2  # only the Page's reply and the visitor's post are new
    assert InboundItem.objects.filter(external_id="300_5001").count() == 1
    for name in ("c1", "c2", "c3"):
        webhook = metaconn.parse_webhook(fb_webhook(page_id, c[name], post_id=post_id))[0]
        polled = metaconn.fb_comment_item(c[name], page_id=page_id, post_id=post_id)
        assert {f: getattr(polled, f) for f in COMPARED} == {f: getattr(webhook, f) for f in COMPARED}
    reply = metaconn.fb_comment_item(c["c3"], page_id=page_id, post_id=post_id)
    assert (reply.thread_key, reply.parent_id, reply.root_id) == ("300_5001", "300_5001", post_id)


def test_first_round_reads_one_day_back_only(page, install):
    page_id = page.external_id
    routes, _c = fb_world(page_id)
    install("facebook", routes)
    with time_machine.travel(NOW + timedelta(hours=4, minutes=30), tick=False):
        polling.account_poll(account_id=page.pk)
    # Five hours old is inside the first day: 300_4999 comes too this time.
    assert InboundItem.objects.filter(external_id="300_4999").exists()
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        page.cursor = {}
        page.save()
        InboundItem.objects.all().delete()
        Delivery.objects.all().delete()
        assert polling.account_poll(account_id=page.pk).new_items == 0  # all older than a day


def test_an_expired_page_token_stores_nothing_and_asks_for_a_reconnect(page, install):
    def expired(request):
        return httpx.Response(400, json={"error": {"message": "Error validating access token: Session has expired",
                                                   "type": "OAuthException", "code": 190, "error_subcode": 463,
                                                   "fbtrace_id": "A1b2"}})

    install("facebook", {f"/{page.external_id}/feed": expired})
    assert polling.account_poll(account_id=page.pk).status == "needs_attention"
    page.refresh_from_db()
    assert page.status == ConnectionStatus.NEEDS_ATTENTION and "expired" in page.last_error
    assert page.cursor == {} and not InboundItem.objects.exists()
    assert page.pk not in polling.accounts_due()


def test_facebook_and_instagram_are_polled(page, region):
    assert "facebook" in polling.POLLED_PLATFORMS and "instagram" in polling.POLLED_PLATFORMS
    assert isinstance(connector_for("facebook"), metaconn.MetaConnector)
    assert connector_for("instagram").platform == "instagram"
    assert connector_for("whatsapp") is None
    assert page.pk in polling.accounts_due()
    assert region.dlh_ig.pk not in polling.accounts_due()  # no token: never called


# --- Instagram ----------------------------------------------------------------------------


@pytest.fixture
def ig(region):
    account = region.dlh_ig
    account.access_token = "ig-token-secret"
    account.status = ConnectionStatus.CONNECTED
    account.save()
    return OfficialAccount.objects.get(pk=account.pk)


def ig_world(ig_id: str) -> tuple[dict[str, object], dict[str, dict]]:
    c1 = {"id": "17900000000000501", "text": "min truk sampah gk lewat lagi", "username": "ani.bkl",
          "timestamp": graph_time(NOW - timedelta(minutes=12)), "from": {"id": "9001", "username": "ani.bkl"}}
    c2 = {"id": "17900000000000502", "text": "Baik kak, kami teruskan ke petugas. SGP-2026-000002",
          "username": "dlh.kotabengkulu", "timestamp": graph_time(NOW - timedelta(minutes=6)),
          "from": {"id": ig_id, "username": "dlh.kotabengkulu"}}  # Graph leaves parent_id out of replies{}
    c3 = {"id": "17900000000000503", "text": "masih numpuk", "username": "ani.bkl", "parent_id": c1["id"],
          "timestamp": graph_time(NOW - timedelta(minutes=2)), "from": {"id": "9001", "username": "ani.bkl"}}
    c0 = {"id": "17900000000000400", "text": "lama", "username": "budi", "timestamp": graph_time(NOW - timedelta(hours=6)),
          "from": {"id": "9002", "username": "budi"}}
    routes: dict[str, object] = {
        f"/{ig_id}/media": {"data": [
            {"id": "17800000000000001", "timestamp": graph_time(NOW - timedelta(days=1)), "comments_count": 4,
             "media_product_type": "FEED"},
            {"id": "17800000000000002", "timestamp": graph_time(NOW - timedelta(days=4)), "comments_count": 9,
             "media_product_type": "REELS"},
        ], "paging": {"cursors": {"before": "a", "after": "b"}}},
        "/17800000000000001/comments": {"pages": {
            "": {"data": [{**c1, "replies": {"data": [c2, c3]}}],
                 "paging": {"cursors": {"before": "MQ", "after": "Mg"}, "next": "https://graph.facebook.com/next"}},
            "Mg": {"data": [c0], "paging": {"cursors": {"before": "Mg", "after": "Mw"}}},
        }},
        "/17800000000000002/comments": {"data": []},
    }
    return routes, {"c0": c0, "c1": c1, "c2": c2, "c3": c3}


def ig_webhook(ig_id: str, comment: dict, *, media_id: str, parent_id: str = "") -> dict:
    created = int(datetime.strptime(comment["timestamp"], "%Y-%m-%dT%H:%M:%S%z").timestamp())
    value = {"id": comment["id"], "text": comment["text"], "from": comment["from"],
             "media": {"id": media_id, "media_product_type": "FEED"}}
    if parent_id:
        value["parent_id"] = parent_id
    return {"object": "instagram", "entry": [{"id": ig_id, "time": created, "changes": [
        {"field": "comments", "value": value}]}]}


def test_instagram_backfill_reads_comments_and_replies_of_moved_media(ig, install):
    ig_id = ig.external_id
    routes, c = ig_world(ig_id)
    fake = install("instagram", routes)
    ig.cursor = {"since": (NOW - timedelta(minutes=20)).isoformat(), "counts": {"17800000000000002": 9}}
    ig.save()
    with time_machine.travel(NOW, tick=False):
        assert polling.account_poll(account_id=ig.pk).new_items == 3
    # The order of /comments is not documented: every page of the moved media is read.
    assert fake.paths() == [f"/{ig_id}/media", "/17800000000000001/comments", "/17800000000000001/comments"]
    fields = fake.requests[1].url.params["fields"]
    assert fields.startswith("id,text,timestamp,username,from,parent_id,replies{")
    items = {i.external_id: i for i in InboundItem.objects.all()}
    assert set(items) == {c["c1"]["id"], c["c2"]["id"], c["c3"]["id"]}
    ours = items[c["c2"]["id"]].data
    assert (ours["kind"], ours["parent_id"], ours["thread_key"]) == ("post", c["c1"]["id"], c["c1"]["id"])
    assert items[c["c1"]["id"]].data["author_handle"] == "ani.bkl"
    ig.refresh_from_db()
    assert ig.cursor["counts"] == {"17800000000000001": 4, "17800000000000002": 9}
    assert ig.cursor["since"] == (NOW - timedelta(minutes=2)).isoformat()


def test_instagram_webhook_after_the_poll_adds_nothing_and_the_items_match(client, ig, install):
    ig_id = ig.external_id
    routes, c = ig_world(ig_id)
    install("instagram", routes)
    with time_machine.travel(NOW, tick=False):
        polling.account_poll(account_id=ig.pk)
    before = InboundItem.objects.count()
    media = "17800000000000001"
    webhooks = {"c1": ig_webhook(ig_id, c["c1"], media_id=media),
                "c2": ig_webhook(ig_id, c["c2"], media_id=media, parent_id=c["c1"]["id"]),
                "c3": ig_webhook(ig_id, c["c3"], media_id=media, parent_id=c["c1"]["id"])}
    for payload in webhooks.values():
        response = post_meta(client, payload)
        assert response.status_code == 200 and response.json()["stored"] == 0
    assert InboundItem.objects.count() == before == 4  # a first round: the old comment (6 h) too
    assert Delivery.objects.filter(source="webhook").count() == 3  # kept verbatim all the same
    for name, payload in webhooks.items():
        webhook = metaconn.parse_webhook(payload)[0]
        raw = {"parent_id": c["c1"]["id"], **c[name]} if name == "c2" else c[name]
        polled = metaconn.ig_comment_item(raw, ig_user_id=ig_id, handle=ig.handle, media_id=media,
                                          media_product_type="FEED")
        assert {f: getattr(polled, f) for f in COMPARED} == {f: getattr(webhook, f) for f in COMPARED}


# --- Against the fake platform ------------------------------------------------------------


@pytest.fixture(scope="module")
def fake_url():
    server, thread = make_server(0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def fake(fake_url, settings):
    settings.META_GRAPH_BASE_URL = fake_url
    with httpx.Client(base_url=fake_url, timeout=10) as client:
        client.post("/_fake/reset").raise_for_status()
        yield client


def demo_account(platform: str, handle: str) -> OfficialAccount:
    return OfficialAccountFactory(
        agency=AgencyFactory(), platform=platform, handle=handle, external_id=ids.demo_account_ids(platform, handle),
        access_token=ids.access_token(platform, handle), status=ConnectionStatus.CONNECTED,
    )


def test_fake_platform_facebook_webhook_then_poll_is_one_item(client, fake, region):
    handle = "dinaspupr.kotabkl.demo"
    account = demo_account("facebook", handle)
    post_id = ids.fb_post_id(handle, 1)
    created = fake.post("/_fake/facebook/comments", json={
        "account_handle": handle, "text": "Jalan di depan SD 5 berlubang", "post_id": post_id,
        "author_name": "Rina", "author_id": "8100"}).json()
    reply = fake.post("/_fake/facebook/comments", json={
        "account_handle": handle, "text": "Sudah dua minggu", "parent_id": created["id"], "author_name": "Rina",
        "author_id": "8100"}).json()
    webhook = fb_webhook(account.external_id, {**created, "from": {"id": "8100", "name": "Rina"}}, post_id=post_id)
    assert post_meta(client, webhook).status_code == 200
    assert polling.account_poll(account_id=account.pk).new_items == 1  # the reply only
    assert set(InboundItem.objects.values_list("external_id", flat=True)) == {created["id"], reply["id"]}
    polled = InboundItem.objects.get(external_id=reply["id"]).data
    assert (polled["thread_key"], polled["parent_id"], polled["root_id"]) == (created["id"], created["id"], post_id)
    # Nothing moved: the next round stores nothing.
    assert polling.account_poll(account_id=account.pk).new_items == 0


def test_fake_platform_instagram_poll_then_webhook_is_one_item(client, fake, region):
    handle = "dinaspupr.bkl.demo"
    account = demo_account("instagram", handle)
    media_id = ids.ig_media_id(handle, 0)
    created = fake.post("/_fake/instagram/comments", json={
        "account_handle": handle, "text": "Drainase mampet min", "media_id": media_id, "username": "Warga.Satu"}).json()
    answer = fake.post(f"/{created['id']}/replies", data={"message": "Siap, SGP-2026-000003",
                                                          "access_token": account.access_token}).json()
    outcome = polling.account_poll(account_id=account.pk)
    assert outcome.status == "polled" and outcome.new_items == 2
    ours = InboundItem.objects.get(external_id=answer["id"])
    assert ours.kind == "post" and ours.data["parent_id"] == created["id"]
    payload = {"object": "instagram", "entry": [{"id": account.external_id, "time": int(NOW.timestamp()), "changes": [
        {"field": "comments", "value": {"id": created["id"], "text": created["text"],
                                        "from": created["from"], "media": {"id": media_id, "media_product_type": "FEED"}}}]}]}
    assert post_meta(client, payload).json()["stored"] == 0
    assert InboundItem.objects.filter(external_id=created["id"]).count() == 1
