"""The connectors' outbound side: public replies on X, Facebook, Instagram and YouTube, finding
our own reply again after a send whose outcome is unknown, and WhatsApp text and template
messages; against the fake platform, and with httpx.MockTransport for the error mapping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from platforms.connectors.base import (
    Item,
    RateLimited,
    Refused,
    SendUncertain,
    Sent,
    TokenInvalid,
    Transient,
)
from platforms.connectors.meta import MetaConnector
from platforms.connectors.registry import outbound_connector_for
from platforms.connectors.whatsapp import (
    HEAD_BUTTONS,
    TemplateSpec,
    WhatsAppConnector,
    recipient,
    sigap_templates,
)
from platforms.connectors.x import XConnector, weighted_length
from platforms.connectors.youtube import YouTubeConnector
from platforms.fake import ids
from platforms.fake.server import X_REPLY_NOT_ALLOWED, make_server
from platforms.models import InboundItem
from platforms.services import store_delivery

pytestmark = pytest.mark.django_db

NUMBER = "SGP-2026-000123"
X_HANDLE = "pemkot_bkl_dm"
FB_HANDLE = "pemkot.kotabkl.demo"
IG_HANDLE = "pemkot.bkl.demo"
YT_HANDLE = "pemkot-bkl-demo"
WA_NUMBER = "+6281200000110"
HEAD = "6281299990000"
CITIZEN = "6281234567890"


def account(platform: str, handle: str, *, token: bool = True) -> SimpleNamespace:
    """What the connectors read of an OfficialAccount."""
    return SimpleNamespace(platform=platform, handle=handle, external_id=ids.demo_account_ids(platform, handle),
                           access_token=ids.access_token(platform, handle) if token else None)


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


def connectors(fake_url: str, *, timeout: float = 10.0) -> dict[str, Any]:
    def client() -> httpx.Client:
        return httpx.Client(base_url=fake_url, timeout=timeout)

    return {"x": XConnector(client=client()), "facebook": MetaConnector("facebook", client=client()),
            "instagram": MetaConnector("instagram", client=client()), "youtube": YouTubeConnector(client=client()),
            "whatsapp": WhatsAppConnector(client=client())}


def sent_log(fake: httpx.Client, platform: str) -> list[dict[str, Any]]:
    return fake.get("/_fake/sent", params={"platform": platform}).json()["data"]


def citizen_x_post(fake: httpx.Client, text: str = "jalan rusak di Jl. Suprapto", **extra: Any) -> dict[str, Any]:
    body = {"author_handle": "rika_bkl", "text": text, "mention_handles": [X_HANDLE], **extra}
    response = fake.post("/_fake/x/posts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def store(item: Item) -> None:
    """An item as intake received it (the raw store the connectors look things up in)."""
    store_delivery(platform=item.platform, source="webhook", body=item.external_id.encode(), headers={},
                   items=[item])


def near_now(moment: datetime) -> bool:
    return abs((moment - datetime.now(UTC)).total_seconds()) < 120


# --- X ----------------------------------------------------------------------------------


def test_x_reply_to_a_mention_is_posted_seen_by_the_poller_and_found_again(fake, fake_url):
    x = connectors(fake_url)["x"]
    acc = account("x", X_HANDLE)
    mention = citizen_x_post(fake)
    sent = x.reply(acc, in_reply_to=mention["id"], text=f"Terima kasih, laporan {NUMBER} kami teruskan.")
    assert isinstance(sent, Sent) and sent.external_id.isdigit()
    assert near_now(sent.posted_at)  # the post id's own time
    assert sent.url == f"https://x.com/{X_HANDLE}/status/{sent.external_id}"
    [log] = sent_log(fake, "x")
    assert (log["id"], log["in_reply_to"]) == (sent.external_id, mention["id"])
    # The poller reads our own timeline and sees the reply as ours, in the citizen's thread.
    own = x.fetch_own_posts(acc, {}).items
    ours = next(i for i in own if i.external_id == sent.external_id)
    assert (ours.kind, ours.parent_id, ours.thread_key) == ("post", mention["id"], mention["id"])
    found = x.find_own_reply(acc, in_reply_to=mention["id"], contains=NUMBER)
    assert found is not None and found.external_id == sent.external_id and found.posted_at == sent.posted_at
    assert x.find_own_reply(acc, in_reply_to=mention["id"], contains="SGP-2026-999999") is None


def test_x_refuses_a_reply_to_a_post_that_does_not_mention_us(fake, fake_url):
    x = connectors(fake_url)["x"]
    response = fake.post("/_fake/x/posts", json={"author_handle": "rika_bkl", "text": "jalan rusak lagi"})
    with pytest.raises(Refused, match="not allowed"):
        x.reply(account("x", X_HANDLE), in_reply_to=response.json()["id"], text=f"Laporan {NUMBER}")
    assert sent_log(fake, "x") == []


def test_x_allows_a_reply_in_a_conversation_we_started(fake, fake_url):
    x = connectors(fake_url)["x"]
    acc = account("x", X_HANDLE)
    mention = citizen_x_post(fake)
    ours = x.reply(acc, in_reply_to=mention["id"], text=f"Laporan {NUMBER} diterima.")
    # The citizen answers our own post without @mentioning us: X's rule is the thread's author,
    # and this thread is the citizen's, so a reply to that answer is refused ...
    follow_up = fake.post("/_fake/x/posts", json={"author_handle": "rika_bkl", "text": "kapan diperbaiki?",
                                                  "reply_to": ours.external_id}).json()
    with pytest.raises(Refused):
        x.reply(acc, in_reply_to=follow_up["id"], text=f"Laporan {NUMBER}: besok.")
    # ... while in a conversation our own post started it is allowed.
    own_post = fake.post("/2/tweets", json={"text": "Info layanan hari ini"},
                         headers={"Authorization": f"Bearer {acc.access_token}"}).json()["data"]
    answer = fake.post("/_fake/x/posts", json={"author_handle": "rika_bkl", "text": "air mati di Nusa Indah",
                                               "reply_to": own_post["id"]}).json()
    assert x.reply(acc, in_reply_to=answer["id"], text=f"Laporan {NUMBER} kami teruskan.").external_id


def test_x_timeout_after_sending_is_uncertain_and_the_reply_is_found_not_posted_twice(fake, fake_url):
    acc = account("x", X_HANDLE)
    mention = citizen_x_post(fake)
    fake.post("/_fake/arm", json={"next_send": "timeout", "next_send_platform": "x", "next_send_delay": 1.5})
    impatient = connectors(fake_url, timeout=0.4)["x"]
    with pytest.raises(SendUncertain) as raised:
        impatient.reply(acc, in_reply_to=mention["id"], text=f"Terima kasih, laporan {NUMBER} kami teruskan.")
    assert isinstance(raised.value, Transient)  # retried like any transient failure
    [posted] = sent_log(fake, "x")  # it went out after all
    x = connectors(fake_url)["x"]
    found = x.find_own_reply(acc, in_reply_to=mention["id"], contains=NUMBER)
    assert found is not None and found.external_id == posted["id"]
    assert len(sent_log(fake, "x")) == 1


def test_x_5xx_is_uncertain_nothing_found_then_posted_once(fake, fake_url):
    x = connectors(fake_url)["x"]
    acc = account("x", X_HANDLE)
    mention = citizen_x_post(fake)
    fake.post("/_fake/arm", json={"next_send": "error"})
    with pytest.raises(SendUncertain):
        x.reply(acc, in_reply_to=mention["id"], text=f"Laporan {NUMBER} diterima.")
    assert x.find_own_reply(acc, in_reply_to=mention["id"], contains=NUMBER) is None
    x.reply(acc, in_reply_to=mention["id"], text=f"Laporan {NUMBER} diterima.")
    assert len(sent_log(fake, "x")) == 1


def test_x_armed_refusal_is_refused(fake, fake_url):
    mention = citizen_x_post(fake)
    fake.post("/_fake/arm", json={"next_send": "refuse", "next_send_platform": "x"})
    with pytest.raises(Refused, match="not allowed"):
        connectors(fake_url)["x"].reply(account("x", X_HANDLE), in_reply_to=mention["id"], text=f"Laporan {NUMBER}")
    assert sent_log(fake, "x") == []


def test_x_duplicate_content_after_an_unseen_success_returns_the_reply_already_there(fake, fake_url):
    x = connectors(fake_url)["x"]
    acc = account("x", X_HANDLE)
    mention = citizen_x_post(fake)
    text = f"Terima kasih & salam, laporan {NUMBER} kami teruskan."
    first = x.reply(acc, in_reply_to=mention["id"], text=text)
    again = x.reply(acc, in_reply_to=mention["id"], text=text)  # X answers 403 duplicate content
    assert again.external_id == first.external_id
    assert len(sent_log(fake, "x")) == 1


def test_x_weighted_length_by_the_simple_rule():
    assert weighted_length("a" * 280) == 280
    assert weighted_length("Jalan di Kampung Cina rusak, mohon diperbaiki.") == 46
    assert weighted_length("😡") == 2  # outside the light ranges
    assert weighted_length("日本") == 4
    assert weighted_length("lihat https://sigap.example/aduan/SGP-2026-000123 ya") == 6 + 23 + 3
    assert weighted_length("cafe\u0301") == 4  # NFC: é is one code point


def test_x_too_long_is_refused_before_any_call():
    calls: list[httpx.Request] = []
    x = XConnector(client=mock(calls, lambda r: httpx.Response(201)))
    with pytest.raises(Refused, match="281 of 280"):
        x.reply(account("x", X_HANDLE), in_reply_to="1", text="a" * 281)
    with pytest.raises(Refused, match="too long"):
        x.reply(account("x", X_HANDLE), in_reply_to="1", text="😡" * 141)
    assert calls == []


# --- Facebook ---------------------------------------------------------------------------


def test_facebook_reply_is_a_comment_the_poller_sees_as_ours_and_find_returns(fake, fake_url):
    fb = connectors(fake_url)["facebook"]
    acc = account("facebook", FB_HANDLE)
    post_id = ids.fb_post_id(FB_HANDLE, 0)
    comment = fake.post("/_fake/facebook/comments", json={"account_handle": FB_HANDLE, "post_id": post_id,
                                                         "text": "sampah menumpuk", "author_name": "Warga"}).json()
    sent = fb.reply(acc, in_reply_to=comment["id"], text=f"Laporan {NUMBER} diteruskan ke DLH.")
    assert sent.external_id and near_now(sent.posted_at)
    assert sent.url.startswith(f"https://www.facebook.com/{acc.external_id}/posts/")
    items = fb.fetch_mentions(acc, {}).items
    ours = next(i for i in items if i.external_id == sent.external_id)
    assert (ours.kind, ours.author_id, ours.thread_key) == ("post", acc.external_id, comment["id"])
    found = fb.find_own_reply(acc, in_reply_to=comment["id"], contains=NUMBER)
    assert found is not None and found.external_id == sent.external_id
    assert fb.find_own_reply(acc, in_reply_to=comment["id"], contains="SGP-2026-999999") is None


def test_facebook_reply_to_a_reply_is_found_under_its_top_level_comment(fake, fake_url):
    fb = connectors(fake_url)["facebook"]
    acc = account("facebook", FB_HANDLE)
    post_id = ids.fb_post_id(FB_HANDLE, 0)
    top = fake.post("/_fake/facebook/comments", json={"account_handle": FB_HANDLE, "post_id": post_id,
                                                     "text": "lampu mati"}).json()
    reply = fake.post("/_fake/facebook/comments", json={"account_handle": FB_HANDLE, "parent_id": top["id"],
                                                       "text": "masih mati"}).json()
    store(Item(platform="facebook", external_id=reply["id"], kind="comment", posted_at=datetime.now(UTC),
               account_ref=acc.external_id, thread_key=top["id"], parent_id=top["id"], root_id=post_id))
    sent = fb.reply(acc, in_reply_to=reply["id"], text=f"Laporan {NUMBER} kami cek.")
    found = fb.find_own_reply(acc, in_reply_to=reply["id"], contains=NUMBER)
    assert found is not None and found.external_id == sent.external_id


def test_facebook_reply_to_a_page_post_is_a_top_level_comment(fake, fake_url):
    fb = connectors(fake_url)["facebook"]
    acc = account("facebook", FB_HANDLE)
    post_id = ids.fb_post_id(FB_HANDLE, 1)
    sent = fb.reply(acc, in_reply_to=post_id, text=f"Info: laporan {NUMBER} selesai.")
    assert fb.find_own_reply(acc, in_reply_to=post_id, contains=NUMBER).external_id == sent.external_id


# --- Instagram --------------------------------------------------------------------------


def test_instagram_reply_to_a_comment_on_our_media(fake, fake_url):
    ig = connectors(fake_url)["instagram"]
    acc = account("instagram", IG_HANDLE)
    comment = fake.post("/_fake/instagram/comments", json={"account_handle": IG_HANDLE, "text": "drainase mampet",
                                                          "username": "warga.bkl"}).json()
    sent = ig.reply(acc, in_reply_to=comment["id"], text=f"Laporan {NUMBER} diteruskan.")
    [log] = sent_log(fake, "instagram")
    assert (log["kind"], log["in_reply_to"]) == ("reply", comment["id"])
    items = ig.fetch_mentions(acc, {}).items
    ours = next(i for i in items if i.external_id == sent.external_id)
    assert (ours.kind, ours.thread_key) == ("post", comment["id"])
    assert ig.find_own_reply(acc, in_reply_to=comment["id"], contains=NUMBER).external_id == sent.external_id


def test_instagram_reply_to_a_reply_goes_to_the_top_level_comment(fake, fake_url):
    ig = connectors(fake_url)["instagram"]
    acc = account("instagram", IG_HANDLE)
    top = fake.post("/_fake/instagram/comments", json={"account_handle": IG_HANDLE, "text": "jalan rusak"}).json()
    reply = fake.post("/_fake/instagram/comments", json={"account_handle": IG_HANDLE, "text": "tolong",
                                                        "parent_id": top["id"]}).json()
    store(Item(platform="instagram", external_id=reply["id"], kind="comment", posted_at=datetime.now(UTC),
               account_ref=acc.external_id, thread_key=top["id"], parent_id=top["id"]))
    sent = ig.reply(acc, in_reply_to=reply["id"], text=f"Laporan {NUMBER} diterima.")
    assert sent_log(fake, "instagram")[0]["in_reply_to"] == top["id"]
    assert ig.find_own_reply(acc, in_reply_to=reply["id"], contains=NUMBER).external_id == sent.external_id


def test_instagram_mention_on_someone_elses_media_is_answered_through_mentions(fake, fake_url):
    ig = connectors(fake_url)["instagram"]
    acc = account("instagram", IG_HANDLE)
    mention = fake.post("/_fake/instagram/comments", json={"account_handle": IG_HANDLE, "mention": True,
                                                          "text": f"@{IG_HANDLE} sampah di pasar"}).json()
    store(Item(platform="instagram", external_id=mention["id"], kind="mention", posted_at=datetime.now(UTC),
               account_ref=acc.external_id, thread_key=mention["id"], root_id=mention["media_id"],
               incomplete=True, extra={"comment_id": mention["id"], "media_id": mention["media_id"]}))
    sent = ig.reply(acc, in_reply_to=mention["id"], text=f"Laporan {NUMBER} diteruskan.")
    [log] = sent_log(fake, "instagram")
    assert (log["kind"], log["id"], log["in_reply_to"]) == ("mention_reply", sent.external_id, mention["id"])
    # Someone else's media: our token cannot list its comments, so nothing can be found.
    assert ig.find_own_reply(acc, in_reply_to=mention["id"], contains=NUMBER) is None


# --- YouTube ----------------------------------------------------------------------------


def test_youtube_reply_goes_under_the_top_level_comment_and_is_found(fake, fake_url):
    yt = connectors(fake_url)["youtube"]
    acc = account("youtube", YT_HANDLE)
    top = fake.post("/_fake/youtube/comments", json={"account_handle": YT_HANDLE, "text": "videonya bagus, tapi "
                                                    "jalan di Betungan rusak"}).json()
    follow_up = fake.post("/_fake/youtube/comments", json={"account_handle": YT_HANDLE, "text": "tolong dijawab",
                                                          "parent_id": top["id"]}).json()
    sent = yt.reply(acc, in_reply_to=follow_up["id"], text=f"Laporan {NUMBER} kami teruskan.")
    assert sent.external_id.startswith(top["id"] + ".") and near_now(sent.posted_at)
    assert sent.url.startswith("https://www.youtube.com/watch?v=")
    items = yt.fetch_mentions(acc, {}).items
    ours = next(i for i in items if i.external_id == sent.external_id)
    assert (ours.kind, ours.thread_key) == ("post", top["id"])
    assert yt.find_own_reply(acc, in_reply_to=follow_up["id"], contains=NUMBER).external_id == sent.external_id
    assert yt.find_own_reply(acc, in_reply_to=top["id"], contains="SGP-2026-999999") is None


def test_youtube_timeout_after_sending_then_found(fake, fake_url):
    acc = account("youtube", YT_HANDLE)
    top = fake.post("/_fake/youtube/comments", json={"account_handle": YT_HANDLE, "text": "lampu mati"}).json()
    fake.post("/_fake/arm", json={"next_send": "timeout", "next_send_delay": 1.5})
    with pytest.raises(SendUncertain):
        connectors(fake_url, timeout=0.4)["youtube"].reply(acc, in_reply_to=top["id"], text=f"Laporan {NUMBER}")
    found = connectors(fake_url)["youtube"].find_own_reply(acc, in_reply_to=top["id"], contains=NUMBER)
    assert found is not None and found.external_id == sent_log(fake, "youtube")[0]["id"]


# --- WhatsApp ---------------------------------------------------------------------------


def test_whatsapp_template_to_the_head_carries_the_quick_reply_buttons(fake, fake_url):
    wa = connectors(fake_url)["whatsapp"]
    sent = wa.send_template(account("whatsapp", WA_NUMBER), to="+62 812-9999-0000", template="sigap_tag_kepala",
                            body_params=[NUMBER, "Dinas PUPR", "jalan rusak\n\ndi   Jl. Suprapto"],
                            button_payloads=[f"ACK:{NUMBER}", f"NOTMINE:{NUMBER}"])
    assert sent.external_id.startswith("wamid.") and near_now(sent.posted_at)
    [log] = sent_log(fake, "whatsapp")
    assert (log["kind"], log["template"], log["to"]) == ("template", "sigap_tag_kepala", HEAD)
    assert log["buttons"] == [{"index": 0, "text": "Siap, tindak lanjuti", "payload": f"ACK:{NUMBER}"},
                              {"index": 1, "text": "Bukan wewenang kami", "payload": f"NOTMINE:{NUMBER}"}]
    assert "jalan rusak di Jl. Suprapto" in log["text"]  # whitespace folded: Meta refuses newlines in a parameter
    components = log["payload"]["template"]["components"]
    assert components[1] == {"type": "button", "sub_type": "quick_reply", "index": "0",
                             "parameters": [{"type": "payload", "payload": f"ACK:{NUMBER}"}]}


def test_whatsapp_template_not_approved_is_refused_132001(fake, fake_url):
    wa = connectors(fake_url)["whatsapp"]
    fake.post("/_fake/arm", json={"unapprove_template": "sigap_pengingat"})
    with pytest.raises(Refused, match="132001"):
        wa.send_template(account("whatsapp", WA_NUMBER), to=HEAD, template="sigap_pengingat",
                         body_params=[NUMBER, "Dinas PUPR", "jalan rusak"], button_payloads=[f"ACK:{NUMBER}"])
    with pytest.raises(Refused, match="132001"):
        wa.send_template(account("whatsapp", WA_NUMBER), to=HEAD, template="tidak_terdaftar",
                         body_params=["x"], button_payloads=[])
    assert sent_log(fake, "whatsapp") == []


def test_whatsapp_free_text_outside_the_24_hour_window_is_refused_131047(fake, fake_url):
    wa = connectors(fake_url)["whatsapp"]
    acc = account("whatsapp", WA_NUMBER)
    with pytest.raises(Refused, match="131047"):
        wa.send_text(acc, to=CITIZEN, text=f"Laporan {NUMBER} diterima.")
    stale = (datetime.now(UTC) - timedelta(hours=25)).isoformat()
    fake.post("/_fake/whatsapp/messages", json={"account_handle": WA_NUMBER, "from": CITIZEN, "created_at": stale})
    with pytest.raises(Refused, match="131047"):
        wa.send_text(acc, to=CITIZEN, text=f"Laporan {NUMBER} diterima.")
    fake.post("/_fake/whatsapp/messages", json={"account_handle": WA_NUMBER, "from": CITIZEN})
    assert wa.send_text(acc, to="0812-3456-7890", text=f"Laporan {NUMBER} diterima.").external_id


def test_whatsapp_reply_answers_the_sender_of_the_stored_message_with_context(fake, fake_url):
    wa = outbound_connector_for("whatsapp")
    wa.client = httpx.Client(base_url=fake_url, timeout=10)
    acc = account("whatsapp", WA_NUMBER)
    store(Item(platform="whatsapp", external_id="wamid.CITIZEN1", kind="message", posted_at=datetime.now(UTC),
               account_ref=acc.external_id, author_id=CITIZEN, author_handle=f"+{CITIZEN}", text="air mati"))
    fake.post("/_fake/whatsapp/messages", json={"account_handle": WA_NUMBER, "from": CITIZEN})
    sent = wa.reply(acc, in_reply_to="wamid.CITIZEN1", text=f"Laporan {NUMBER} diteruskan ke PDAM.")
    [log] = sent_log(fake, "whatsapp")
    assert (log["id"], log["to"], log["context_id"], log["kind"]) == (sent.external_id, CITIZEN, "wamid.CITIZEN1",
                                                                      "text")
    with pytest.raises(Refused, match="unknown"):
        wa.reply(acc, in_reply_to="wamid.NEVERSEEN", text="halo")
    assert wa.find_own_reply(acc, in_reply_to="wamid.CITIZEN1", contains=NUMBER) is None


def test_whatsapp_timeout_is_uncertain(fake, fake_url):
    fake.post("/_fake/arm", json={"next_send": "timeout", "next_send_platform": "whatsapp", "next_send_delay": 1.5})
    with pytest.raises(SendUncertain):
        connectors(fake_url, timeout=0.4)["whatsapp"].send_template(
            account("whatsapp", WA_NUMBER), to=HEAD, template="sigap_ringkasan_harian",
            body_params=["23-11-2026", "4", "Dinas PUPR 2"], button_payloads=[])
    assert len(sent_log(fake, "whatsapp")) == 1


def test_template_and_interactive_buttons_at_most_20_characters():
    for spec in sigap_templates().values():
        assert all(1 <= len(text) <= 20 for text in spec.buttons)
    assert sigap_templates()["sigap_tag_kepala"].buttons == HEAD_BUTTONS == ("Siap, tindak lanjuti",
                                                                              "Bukan wewenang kami")
    with pytest.raises(ValueError, match="1 to 20"):
        TemplateSpec("sigap_coba", "Aduan {{1}}", ("Siap, segera tindak lanjuti",))
    with pytest.raises(ValueError, match="placeholders"):
        TemplateSpec("sigap_coba", "Aduan {{2}}")
    calls: list[httpx.Request] = []
    wa = WhatsAppConnector(client=mock(calls, lambda r: httpx.Response(200)))
    with pytest.raises(Refused, match="1 to 20"):
        wa.send_buttons(account("whatsapp", WA_NUMBER), to=HEAD, text="Aduan baru",
                        buttons=[("ACK", "Siap, segera tindak lanjuti")])
    with pytest.raises(Refused, match="3 body parameters"):
        wa.send_template(account("whatsapp", WA_NUMBER), to=HEAD, template="sigap_tag_kepala",
                         body_params=[NUMBER], button_payloads=[f"ACK:{NUMBER}"])
    with pytest.raises(Refused, match="2 quick-reply buttons"):
        wa.send_template(account("whatsapp", WA_NUMBER), to=HEAD, template="sigap_tag_kepala",
                         body_params=[NUMBER, "a", "b"], button_payloads=["A", "B", "C"])
    with pytest.raises(Refused, match="empty template parameter"):
        wa.send_template(account("whatsapp", WA_NUMBER), to=HEAD, template="sigap_tag_kepala",
                         body_params=[NUMBER, " \n", "b"], button_payloads=[])
    assert calls == []


def test_recipient_numbers():
    assert recipient("+62 812-3456-7890") == recipient("0812 3456 7890") == "6281234567890"
    with pytest.raises(Refused):
        recipient("12")


# --- The head's answer, delivered to the portal -------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_head_template_button_press_reaches_the_portal_signed_and_stored(live_server, settings, fake, fake_url):
    settings.META_APP_SECRET = "sigap-meta-app-secret"
    wa = connectors(fake_url)["whatsapp"]
    acc = account("whatsapp", WA_NUMBER)
    ours = wa.send_template(acc, to=HEAD, template="sigap_tag_kepala",
                            body_params=[NUMBER, "Dinas PUPR", "jalan rusak"],
                            button_payloads=[f"ACK:{NUMBER}", f"NOTMINE:{NUMBER}"])
    answer = fake.post("/_fake/whatsapp/reply", json={"context_id": ours.external_id, "button": 1,
                                                      "portal": live_server.url, "name": "Kadis PUPR"})
    assert answer.status_code == 200 and answer.json()["webhook_status"] == 200, answer.text
    message = answer.json()["message"]
    assert message["type"] == "button" and message["context"]["id"] == ours.external_id
    item = InboundItem.objects.get(platform="whatsapp", external_id=message["id"])
    assert item.kind == "message" and item.account_ref == acc.external_id
    assert item.data["text"] == "Bukan wewenang kami"
    assert item.data["author_handle"] == f"+{HEAD}" and item.data["author_name"] == "Kadis PUPR"
    assert item.data["extra"]["button_payload"] == f"NOTMINE:{NUMBER}"
    assert item.data["extra"]["context_id"] == ours.external_id
    # Pressing a button is a message: free text to the head is allowed for the next 24 hours.
    assert wa.send_text(acc, to=HEAD, text=f"Terima kasih, {NUMBER} dikembalikan ke pemilahan.").external_id
    unsigned = fake.post("/_fake/whatsapp/reply", json={"context_id": ours.external_id, "button": 0,
                                                        "portal": live_server.url, "meta_secret": "salah"})
    assert unsigned.json()["webhook_status"] == 403
    assert InboundItem.objects.filter(platform="whatsapp").count() == 1


@pytest.mark.django_db(transaction=True)
def test_head_interactive_button_reply_reaches_the_portal(live_server, settings, fake, fake_url):
    settings.META_APP_SECRET = "sigap-meta-app-secret"
    wa = connectors(fake_url)["whatsapp"]
    acc = account("whatsapp", WA_NUMBER)
    fake.post("/_fake/whatsapp/messages", json={"account_handle": WA_NUMBER, "from": HEAD})
    ours = wa.send_buttons(acc, to=HEAD, text=f"{NUMBER} · Dinas PUPR: jalan rusak",
                           buttons=[(f"ACK:{NUMBER}", HEAD_BUTTONS[0]), (f"NOTMINE:{NUMBER}", HEAD_BUTTONS[1])])
    answer = fake.post("/_fake/whatsapp/reply", json={"context_id": ours.external_id, "payload": f"ACK:{NUMBER}",
                                                      "portal": live_server.url})
    assert answer.json()["webhook_status"] == 200, answer.text
    message = answer.json()["message"]
    assert message["interactive"] == {"type": "button_reply",
                                      "button_reply": {"id": f"ACK:{NUMBER}", "title": "Siap, tindak lanjuti"}}
    item = InboundItem.objects.get(platform="whatsapp", external_id=message["id"])
    assert item.data["extra"]["button_payload"] == f"ACK:{NUMBER}" and item.data["text"] == "Siap, tindak lanjuti"


def test_head_reply_control_endpoint_refuses_unknown_messages_and_foreign_portals(fake, fake_url):
    assert fake.post("/_fake/whatsapp/reply", json={"context_id": "wamid.nope"}).status_code == 400
    sent = connectors(fake_url)["whatsapp"].send_template(
        account("whatsapp", WA_NUMBER), to=HEAD, template="sigap_ringkasan_harian",
        body_params=["23-11-2026", "0", "-"], button_payloads=[])
    no_button = fake.post("/_fake/whatsapp/reply", json={"context_id": sent.external_id, "button": 0,
                                                         "portal": "http://127.0.0.1:1"})
    assert no_button.status_code == 400 and "no such button" in no_button.text
    foreign = fake.post("/_fake/whatsapp/reply", json={"context_id": sent.external_id, "text": "siap",
                                                       "portal": "http://example.com"})
    assert foreign.status_code == 400 and "loopback" in foreign.text


# --- No token, no call ----------------------------------------------------------------------


def mock(calls: list[httpx.Request], answer: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return answer(request)

    return httpx.Client(base_url="https://platform.example", transport=httpx.MockTransport(handler))


def make(platform: str, client: httpx.Client) -> Any:
    return {"x": lambda: XConnector(client=client), "facebook": lambda: MetaConnector("facebook", client=client),
            "instagram": lambda: MetaConnector("instagram", client=client),
            "youtube": lambda: YouTubeConnector(client=client),
            "whatsapp": lambda: WhatsAppConnector(client=client)}[platform]()


HANDLES = {"x": X_HANDLE, "facebook": FB_HANDLE, "instagram": IG_HANDLE, "youtube": YT_HANDLE, "whatsapp": WA_NUMBER}


@pytest.mark.parametrize("platform", list(HANDLES))
def test_no_token_is_refused_without_any_http_call(platform):
    calls: list[httpx.Request] = []
    connector = make(platform, mock(calls, lambda r: httpx.Response(200, json={})))
    acc = account(platform, HANDLES[platform], token=False)
    with pytest.raises(Refused, match="not connected"):
        connector.reply(acc, in_reply_to="17900000000000001", text=f"Laporan {NUMBER}")
    if platform != "whatsapp":
        with pytest.raises(Refused, match="not connected"):
            connector.find_own_reply(acc, in_reply_to="17900000000000001", contains=NUMBER)
    else:
        with pytest.raises(Refused, match="not connected"):
            connector.send_text(acc, to=CITIZEN, text="halo")
        with pytest.raises(Refused, match="not connected"):
            connector.send_template(acc, to=HEAD, template="sigap_tag_kepala", body_params=["a", "b", "c"],
                                    button_payloads=[])
    assert calls == []


def test_outbound_registry():
    assert isinstance(outbound_connector_for("x"), XConnector)
    assert outbound_connector_for("facebook").platform == "facebook"
    assert outbound_connector_for("instagram").platform == "instagram"
    assert isinstance(outbound_connector_for("youtube"), YouTubeConnector)
    assert isinstance(outbound_connector_for("whatsapp"), WhatsAppConnector)
    assert outbound_connector_for("tiktok") is None


# --- Error mapping ------------------------------------------------------------------------


def graph(code: int, status: int = 400, message: str = "error") -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": message, "type": "OAuthException", "code": code,
                                                  "fbtrace_id": "AbC"}})


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"title": "x", "type": "about:blank", "status": status, "detail": detail},
                          headers=headers or {})


def youtube(status: int, reason: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": status, "message": reason,
                                                  "errors": [{"reason": reason, "domain": "youtube.comment"}]}})


def raise_(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc

    return answer


ERRORS: list[tuple[str, Any, type[Exception]]] = [
    ("x", problem(403, X_REPLY_NOT_ALLOWED), Refused),
    ("x", problem(401, "Unauthorized"), TokenInvalid),
    ("x", problem(429, "Too Many Requests", {"x-rate-limit-reset": "9999999999"}), RateLimited),
    ("x", problem(503, "Service Unavailable"), SendUncertain),
    ("x", httpx.Response(201, json={"errors": [{"detail": "suspended"}]}), Refused),
    ("facebook", graph(10, 403, "(#10) Application does not have permission for this action"), Refused),
    ("facebook", graph(200, 403, "(#200) Permissions error"), Refused),
    ("facebook", graph(190, 400, "Error validating access token"), TokenInvalid),
    ("facebook", graph(32, 400, "Page request limit reached"), RateLimited),
    ("facebook", graph(1, 500, "An unknown error has occurred."), SendUncertain),
    ("instagram", graph(10, 403), Refused),
    ("instagram", graph(190, 401), TokenInvalid),
    ("instagram", graph(4, 400), RateLimited),
    ("youtube", youtube(403, "commentsDisabled"), Refused),
    ("youtube", youtube(403, "forbidden"), Refused),
    ("youtube", youtube(401, "authError"), TokenInvalid),
    ("youtube", youtube(403, "quotaExceeded"), RateLimited),
    ("youtube", youtube(503, "backendError"), SendUncertain),
    ("whatsapp", graph(131047, 400, "(#131047) Re-engagement message"), Refused),
    ("whatsapp", graph(132001, 404, "(#132001) Template name does not exist in the translation"), Refused),
    ("whatsapp", graph(131026, 400, "(#131026) Message undeliverable"), Refused),
    ("whatsapp", graph(190, 401, "Session has expired"), TokenInvalid),
    ("whatsapp", graph(130429, 400, "(#130429) Rate limit hit"), RateLimited),
    ("whatsapp", graph(131056, 400, "(#131056) Pair rate limit hit"), RateLimited),
    ("whatsapp", graph(131000, 500, "(#131000) Something went wrong"), SendUncertain),
]


def _send(platform: str, connector: Any) -> Sent:
    if platform == "whatsapp":
        return connector.send_template(account("whatsapp", WA_NUMBER), to=HEAD, template="sigap_tag_kepala",
                                       body_params=[NUMBER, "Dinas PUPR", "jalan rusak"],
                                       button_payloads=[f"ACK:{NUMBER}"])
    return connector.reply(account(platform, HANDLES[platform]), in_reply_to="1790000000000001",
                           text=f"Laporan {NUMBER} diterima.")


@pytest.mark.parametrize(("platform", "response", "expected"), ERRORS,
                         ids=[f"{p}-{r.status_code}-{e.__name__}" for p, r, e in ERRORS])
def test_errors_map_to_the_error_classes(platform, response, expected):
    calls: list[httpx.Request] = []
    connector = make(platform, mock(calls, lambda r: response))
    with pytest.raises(expected) as raised:
        _send(platform, connector)
    assert len(calls) == 1 and calls[0].method == "POST"
    if expected is RateLimited:
        assert raised.value.retry_after >= 1
    if expected is Refused:
        assert not isinstance(raised.value, Transient)


@pytest.mark.parametrize("platform", list(HANDLES))
def test_timeouts_before_and_after_sending_are_told_apart(platform):
    calls: list[httpx.Request] = []
    before = make(platform, mock(calls, raise_(httpx.ConnectTimeout("no route"))))
    with pytest.raises(Transient) as raised:
        _send(platform, before)
    assert not isinstance(raised.value, SendUncertain)  # never left: simply try again
    after = make(platform, mock(calls, raise_(httpx.ReadTimeout("no answer"))))
    with pytest.raises(SendUncertain):
        _send(platform, after)  # may be posted: look for it first
    dropped = make(platform, mock(calls, raise_(httpx.RemoteProtocolError("Server disconnected"))))
    with pytest.raises(SendUncertain):
        _send(platform, dropped)


def test_requests_have_the_documented_shape():
    calls: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/tweets":
            return httpx.Response(201, json={"data": {"id": "2080765813578191303", "text": "t"}})
        if request.url.path.startswith("/comments"):
            return httpx.Response(200, json={"id": "Ug1.a", "snippet": {"videoId": "v", "publishedAt":
                                                                        "2026-07-24T21:23:23Z"}})
        if request.url.path.endswith("/messages"):
            return httpx.Response(200, json={"messages": [{"id": "wamid.X"}]})
        return httpx.Response(200, json={"id": "1_2"})

    x_sent = make("x", mock(calls, answer)).reply(account("x", X_HANDLE), in_reply_to="42", text="halo")
    assert x_sent.posted_at == datetime(2026, 7, 24, 21, 23, 23, tzinfo=UTC)  # from the id, as created_at
    make("facebook", mock(calls, answer)).reply(account("facebook", FB_HANDLE), in_reply_to="9_8", text="halo")
    yt_sent = make("youtube", mock(calls, answer)).reply(account("youtube", YT_HANDLE), in_reply_to="Ug1.b",
                                                         text="halo")
    assert yt_sent.posted_at == datetime(2026, 7, 24, 21, 23, 23, tzinfo=UTC)
    make("whatsapp", mock(calls, answer)).send_text(account("whatsapp", WA_NUMBER), to=CITIZEN, text="halo",
                                                    context_id="wamid.C")
    x_call, fb_call, yt_call, wa_call = calls
    assert x_call.read() == b'{"text":"halo","reply":{"in_reply_to_tweet_id":"42"}}'
    assert x_call.headers["authorization"] == f"Bearer {ids.access_token('x', X_HANDLE)}"
    assert (fb_call.url.path, fb_call.read()) == ("/9_8/comments", b"message=halo")
    assert yt_call.url.params["part"] == "snippet"
    assert yt_call.read() == b'{"snippet":{"parentId":"Ug1","textOriginal":"halo"}}'
    assert wa_call.url.path == f"/{ids.wa_phone_number_id(WA_NUMBER)}/messages"
    assert wa_call.read() == (b'{"messaging_product":"whatsapp","recipient_type":"individual","to":"6281234567890",'
                              b'"type":"text","text":{"body":"halo","preview_url":false},'
                              b'"context":{"message_id":"wamid.C"}}')
