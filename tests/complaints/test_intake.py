"""From stored items to complaints: threading, routing, duplicates, out-of-order deliveries,
edits and removals, WhatsApp windows, our own replies, and exactly-once processing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from complaints.intake import item_claim, item_process
from complaints.models import Complaint, EventKind, Message, TimelineEvent
from platforms.connectors.x import parse_timeline_page, snowflake_time
from platforms.models import InboundItem
from platforms.services import stale_item_ids, store_delivery
from tests.intake import post_meta, post_x, snowflake, whatsapp_payload, x_event, x_post

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)  # Monday 14.05 WIB


def _mention(client, region, *, post_id, text, mentions=(), account=None, **kwargs):
    account = account or region.hub_x
    post = x_post(post_id=post_id, text=text, mentions=list(mentions), **kwargs)
    assert post_x(client, x_event(post, for_user=account.external_id)).status_code == 200
    return post


def test_a_mention_of_an_agency_account_opens_a_complaint_routed_to_it(client, region, run_items):
    _mention(client, region, post_id=snowflake(T0), text="@pupr_bkl jln depan SD 12 berlubang parah min 😡",
             mentions=["pupr_bkl"], account=region.pupr_x)
    assert run_items() == ["opened"]
    complaint = Complaint.objects.get()
    assert complaint.number == "SGP-2026-000001"
    assert complaint.agency == region.pupr
    assert complaint.routing_reason == "menyebut @pupr_bkl"
    assert complaint.status == "dispatched"
    assert complaint.received_at == T0 and complaint.handed_at == T0
    assert complaint.author_handle == "warga_bkl" and complaint.author_name == "Warga Bengkulu"
    assert complaint.url == f"https://x.com/warga_bkl/status/{complaint.external_id}"
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds == [EventKind.RECEIVED, EventKind.ROUTED]


def test_a_message_to_a_hub_account_is_routed_by_its_content(client, region, run_items):
    _mention(client, region, post_id=snowflake(T0), text="@pemkotbkl sampah numpuk di pasar, bau bgt",
             mentions=["pemkotbkl"])
    run_items()
    complaint = Complaint.objects.get()
    assert complaint.agency == region.dlh
    assert complaint.routing_reason == "kata kunci: sampah"


def test_whole_words_only(client, region, run_items):
    # "sampahnya" would match inside a word; "jalan rusakan" is not "jalan rusak".
    _mention(client, region, post_id=snowflake(T0), text="@pemkotbkl kapan jalan rusakan itu diperbaiki",
             mentions=["pemkotbkl"])
    run_items()
    assert Complaint.objects.get().agency is None


def test_a_topic_keyword_beats_a_place_name(client, region, run_items):
    _mention(client, region, post_id=snowflake(T0), text="@pemkotbkl drainase mampet di Selebar",
             mentions=["pemkotbkl"])
    run_items()
    assert Complaint.objects.get().agency == region.pupr


def test_a_place_name_routes_when_nothing_else_does(client, region, run_items):
    _mention(client, region, post_id=snowflake(T0),
             text="@pemkotbkl tolong pak, sudah seminggu gelap dan rawan di Selebar, mohon ditindak",
             mentions=["pemkotbkl"])
    run_items()
    complaint = Complaint.objects.get()
    assert complaint.agency == region.dlh and complaint.routing_reason == "nama tempat: selebar"


def test_no_clue_goes_to_triage(client, region, run_items):
    _mention(client, region, post_id=snowflake(T0), text="@pemkotbkl tolong dong pak", mentions=["pemkotbkl"])
    run_items()
    complaint = Complaint.objects.get()
    assert complaint.agency is None and complaint.status == "triage"
    assert list(complaint.events.values_list("kind", flat=True)) == ["received", "triaged"]


def test_a_hub_account_mention_does_not_route_to_the_mayors_office(client, region, run_items):
    _mention(client, region, post_id=snowflake(T0), text="@pemkotbkl @dlh_kotabkl sampah belum diangkut",
             mentions=["pemkotbkl", "dlh_kotabkl"])
    run_items()
    complaint = Complaint.objects.get()
    assert complaint.agency == region.dlh and complaint.routing_reason == "menyebut @dlh_kotabkl"


def test_replies_in_the_same_conversation_join_one_complaint(client, region, run_items):
    first = snowflake(T0)
    _mention(client, region, post_id=first, text="@pupr_bkl jalan rusak di Sawah Lebar", mentions=["pupr_bkl"],
             account=region.pupr_x)
    _mention(client, region, post_id=snowflake(T0 + timedelta(minutes=3)), text="@pupr_bkl ini fotonya",
             mentions=["pupr_bkl"], account=region.pupr_x, conversation_id=first, reply_to=first,
             created_at=T0 + timedelta(minutes=3))
    run_items()
    complaint = Complaint.objects.get()
    assert complaint.messages.count() == 2
    assert complaint.external_id == first


def test_a_reply_delivered_before_its_parent_still_makes_one_complaint(client, region, run_items):
    first = snowflake(T0)
    second = snowflake(T0 + timedelta(minutes=2))
    _mention(client, region, post_id=second, text="@pupr_bkl tolong segera ya", mentions=["pupr_bkl"],
             account=region.pupr_x, conversation_id=first, reply_to=first, created_at=T0 + timedelta(minutes=2))
    run_items()
    _mention(client, region, post_id=first, text="@pupr_bkl jalan rusak di depan pasar", mentions=["pupr_bkl"],
             account=region.pupr_x)
    run_items()
    complaint = Complaint.objects.get()
    assert complaint.messages.count() == 2
    # The citizen first wrote at T0: that is when the complaint was received.
    assert complaint.received_at == T0
    assert complaint.external_id == first
    assert complaint.text == "@pupr_bkl jalan rusak di depan pasar"


def test_the_same_item_processed_twice_gives_one_result(client, region):
    _mention(client, region, post_id=snowflake(T0), text="@pupr_bkl drainase", mentions=["pupr_bkl"],
             account=region.pupr_x)
    item = InboundItem.objects.get()
    assert item_process(item_id=item.pk) == "opened"
    assert item_process(item_id=item.pk) == "skipped"
    assert Complaint.objects.count() == 1 and Message.objects.count() == 1


def test_two_workers_cannot_claim_one_item(client, region):
    _mention(client, region, post_id=snowflake(T0), text="@pupr_bkl drainase", mentions=["pupr_bkl"],
             account=region.pupr_x)
    item = InboundItem.objects.get()
    assert item_claim(item.pk) is True
    assert item_claim(item.pk) is False
    assert item_process(item_id=item.pk) == "skipped"  # the other worker holds it


def test_a_worker_killed_mid_task_leaves_the_item_to_be_processed_exactly_once(client, region):
    _mention(client, region, post_id=snowflake(T0), text="@pupr_bkl drainase", mentions=["pupr_bkl"],
             account=region.pupr_x)
    item = InboundItem.objects.get()
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        assert item_claim(item.pk)  # ... and the worker dies before committing anything
        assert not Complaint.objects.exists()
        assert item.pk not in stale_item_ids()
        traveller.shift(timedelta(minutes=4))
        assert stale_item_ids() == [item.pk]  # the beat job queues it again
        assert item_process(item_id=item.pk) == "opened"
        assert item_process(item_id=item.pk) == "skipped"
    assert Complaint.objects.count() == 1


def test_a_processing_error_releases_the_item_for_a_retry(client, region, monkeypatch):
    from complaints import intake

    _mention(client, region, post_id=snowflake(T0), text="@pupr_bkl drainase", mentions=["pupr_bkl"],
             account=region.pupr_x)
    item = InboundItem.objects.get()

    def boom(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(intake, "_apply_citizen", boom)
    with pytest.raises(RuntimeError):
        item_process(item_id=item.pk)
    item.refresh_from_db()
    assert item.processed_at is None and item.claimed_at is None and "database hiccup" in item.last_error
    assert not Complaint.objects.exists()
    monkeypatch.undo()
    assert item_process(item_id=item.pk) == "opened"


def test_the_agencys_own_reply_is_recorded_on_the_thread_not_as_a_complaint(client, region, run_items):
    first = snowflake(T0)
    _mention(client, region, post_id=first, text="@pupr_bkl drainase mampet", mentions=["pupr_bkl"],
             account=region.pupr_x)
    reply = x_post(post_id=snowflake(T0 + timedelta(minutes=20)), text="@warga_bkl baik, segera kami cek",
                   author_id=region.pupr_x.external_id, conversation_id=first, reply_to=first,
                   created_at=T0 + timedelta(minutes=20))
    post_x(client, x_event(reply, for_user=region.pupr_x.external_id, event_type="post.create", username="pupr_bkl"))
    assert run_items() == ["opened", "first response"]
    complaint = Complaint.objects.get()
    ours = complaint.messages.get(is_citizen=False)
    assert ours.from_account == region.pupr_x
    assert complaint.events.filter(kind=EventKind.REPLY).count() == 1


def test_our_reply_before_the_citizens_post_waits_for_it(client, region, run_items):
    first = snowflake(T0)
    reply = x_post(post_id=snowflake(T0 + timedelta(minutes=20)), text="@warga_bkl siap kami cek",
                   author_id=region.pupr_x.external_id, conversation_id=first, reply_to=first,
                   created_at=T0 + timedelta(minutes=20))
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False) as traveller:
        post_x(client, x_event(reply, for_user=region.pupr_x.external_id, event_type="post.create"))
        assert run_items() == ["deferred"]
        _mention(client, region, post_id=first, text="@pupr_bkl drainase mampet", mentions=["pupr_bkl"],
                 account=region.pupr_x)
        assert run_items() == ["deferred", "opened"]  # the worker met them in this order
        traveller.shift(timedelta(minutes=5))
        assert run_items() == ["first response"]  # re-queued by the beat job
    assert Complaint.objects.get().messages.filter(is_citizen=False).count() == 1


def test_an_agencys_own_top_level_post_is_not_a_complaint(client, region, run_items):
    own = x_post(post_id=snowflake(T0), text="Hari ini perbaikan jalan di Jl. Soeprapto",
                 author_id=region.pupr_x.external_id)
    post_x(client, x_event(own, for_user=region.pupr_x.external_id, event_type="post.create"))
    assert run_items() == ["own post"]
    assert not Complaint.objects.exists()


def test_citizens_replying_to_an_agency_post_each_get_their_own_complaint(client, region, run_items):
    root = snowflake(T0)
    for n, author in enumerate(("701", "702"), start=1):
        post = x_post(post_id=snowflake(T0 + timedelta(minutes=n)), text="drainase di rumah saya mampet",
                      author_id=author, conversation_id=root, reply_to=root, created_at=T0 + timedelta(minutes=n))
        post_x(client, x_event(post, for_user=region.pupr_x.external_id, event_type="post.reply.create",
                               username=f"warga{author}"))
    run_items()
    assert Complaint.objects.count() == 2
    assert set(Complaint.objects.values_list("agency__slug", flat=True)) == {"dinas-pupr"}


def test_facebook_comment_edit_keeps_the_old_text_on_the_timeline(client, region, run_items):
    def change(verb, message):
        return {"object": "page", "entry": [{"id": region.pupr_fb.external_id, "time": 1795395900, "changes": [
            {"field": "feed", "value": {"item": "comment", "verb": verb, "comment_id": "200_301",
                                        "post_id": "200000000000001_300", "parent_id": "200000000000001_300",
                                        "from": {"id": "8001", "name": "Budi Warga"}, "created_time": 1795395900,
                                        "message": message}}]}]}

    post_meta(client, change("add", "Drainase depan rumah mampet"))
    run_items()
    post_meta(client, change("edited", "Drainase depan rumah mampet, sudah seminggu"))
    assert run_items() == ["edited"]
    complaint = Complaint.objects.get()
    assert complaint.agency == region.pupr  # written on the agency's own page
    assert complaint.text == "Drainase depan rumah mampet, sudah seminggu"
    event = complaint.events.get(kind=EventKind.EDITED)
    assert event.data["old_text"] == "Drainase depan rumah mampet"
    post_meta(client, change("remove", ""))
    assert run_items() == ["removed"]
    message = Message.objects.get()
    assert message.removed_at is not None and message.text  # marked, never erased
    complaint.refresh_from_db()
    assert complaint.removed_at is not None


def test_instagram_comment_on_an_agency_account_routes_to_it(client, region, run_items):
    payload = {"object": "instagram", "entry": [{"id": region.dlh_ig.external_id, "time": 1795395900, "changes": [
        {"field": "comments", "value": {"id": "17900000000000111", "text": "min truk sampah gk lewat lagi, udh 5 hari numpuk di depan rumah",
                                        "from": {"id": "9001", "username": "Ani.Bkl"},
                                        "media": {"id": "17800000000000001", "media_product_type": "FEED"}}}]}]}
    post_meta(client, payload)
    run_items()
    complaint = Complaint.objects.get()
    assert complaint.agency == region.dlh
    assert complaint.author_handle == "ani.bkl"
    assert complaint.routing_reason == "ditulis di akun @dlh.kotabengkulu"


def test_whatsapp_messages_within_24_hours_join_one_complaint(client, region, run_items):
    t = 1795395900
    post_meta(client, whatsapp_payload(wamid="wamid.1", text="Sampah di gang kami belum diangkut", timestamp=t))
    post_meta(client, whatsapp_payload(wamid="wamid.2", text="sudah 4 hari pak", timestamp=t + 3600))
    post_meta(client, whatsapp_payload(wamid="wamid.3", text="sampah lagi, belum diangkut", timestamp=t + 26 * 3600))
    run_items()
    assert Complaint.objects.count() == 2
    first = Complaint.objects.order_by("received_at").first()
    assert first.messages.count() == 2 and first.agency == region.dlh


def test_a_message_from_a_registered_heads_number_is_not_a_complaint(client, region, run_items):
    post_meta(client, whatsapp_payload(wamid="wamid.H1", text="Siap, tindak lanjuti", wa_id="6281299990000"))
    assert run_items() == ["head message without a tag"]
    assert not Complaint.objects.exists()


def test_complaint_numbers_restart_each_year_in_wib(client, region, run_items):
    # 16.30 UTC on 31 December is 23.30 WIB (2026); 17.10 UTC is 00.10 WIB on 1 January (2027).
    for n, moment in enumerate([datetime(2026, 12, 31, 16, 30, tzinfo=UTC), datetime(2026, 12, 31, 17, 10, tzinfo=UTC)]):
        _mention(client, region, post_id=snowflake(moment), text=f"@pupr_bkl drainase {n}", mentions=["pupr_bkl"],
                 account=region.pupr_x, author_id=f"80{n}", created_at=moment)
    run_items()
    assert sorted(Complaint.objects.values_list("number", flat=True)) == ["SGP-2026-000001", "SGP-2027-000001"]


def test_the_recorded_x_response_imports(region, run_items):
    path = Path(__file__).resolve().parents[1] / "data" / "x_v2_users_mentions_recorded.json"
    body = path.read_bytes()
    items = parse_timeline_page(json.loads(body), account_ref=region.hub_x.external_id, kind="mention")
    assert len(items) == len(json.loads(body)["data"]) > 0
    for item in items:
        # Fields that were not asked for are absent: the time comes from the id.
        assert item.posted_at == snowflake_time(item.external_id)
        assert item.posted_at.year == 2022
        assert item.thread_key == item.external_id
    store_delivery(platform="x", source="poll", body=body, headers={}, items=items, account=region.hub_x)
    outcomes = run_items()
    assert outcomes.count("opened") + outcomes.count("joined") == len(items)
    assert Complaint.objects.count() == len(items)
    assert TimelineEvent.objects.filter(kind="received").count() == len(items)


def test_a_thread_opened_by_another_worker_meanwhile_loses_no_message(client, region, monkeypatch):
    """Two workers both find no complaint for a thread and both open one: the loser gets the
    unique-thread error. Its message must not be dropped as a 'duplicate': it tries again."""
    from django.db import IntegrityError

    from complaints import intake

    _mention(client, region, post_id=snowflake(T0), text="@pupr_bkl drainase mampet", mentions=["pupr_bkl"],
             account=region.pupr_x)
    item = InboundItem.objects.get()
    real = intake._apply_citizen
    calls = []

    def collide_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint complaint_one_per_thread")
        return real(*args, **kwargs)

    monkeypatch.setattr(intake, "_apply_citizen", collide_once)
    assert item_process(item_id=item.pk) == "opened"
    assert len(calls) == 2
    assert Message.objects.filter(external_id=item.external_id).exists()
    item.refresh_from_db()
    assert item.processed_at is not None


def test_a_polled_page_newest_first_still_makes_the_first_post_the_complaint(region, run_items):
    """X pages run newest first: a bystander's reply on the same page must not become the
    complaint's author or its received time."""
    from platforms.connectors.x import parse_timeline_page

    root = snowflake(T0)
    reply = snowflake(T0 + timedelta(minutes=5))
    body = {"data": [
        x_post(post_id=reply, text="@pupr_bkl iya di sini juga", author_id="777", conversation_id=root,
               reply_to=root, created_at=T0 + timedelta(minutes=5), mentions=["pupr_bkl"]),
        x_post(post_id=root, text="@pupr_bkl jalan rusak di Betungan", author_id="555", mentions=["pupr_bkl"]),
    ], "includes": {"users": [{"id": "555", "username": "warga_bkl", "name": "Warga"},
                              {"id": "777", "username": "tetangga", "name": "Tetangga"}]}}
    items = parse_timeline_page(body, account_ref=region.pupr_x.external_id, kind="mention")
    store_delivery(platform="x", source="poll", body=json.dumps(body).encode(), headers={}, items=items,
                   account=region.pupr_x)
    run_items()
    complaint = Complaint.objects.get()
    assert (complaint.author_id, complaint.received_at, complaint.external_id) == ("555", T0, root)
    assert complaint.messages.count() == 2


def test_whatsapp_to_another_number_or_after_resolution_opens_a_new_complaint(client, region, run_items):
    from tests.factories import OfficialAccountFactory

    dlh_wa = OfficialAccountFactory(agency=region.dlh, platform="whatsapp", handle="+6281100000001",
                                    external_id="100000000000002")
    t = 1795395900
    post_meta(client, whatsapp_payload(wamid="wamid.R1", text="Sampah belum diangkut", timestamp=t))
    run_items()
    Complaint.objects.update(status="resolved")
    post_meta(client, whatsapp_payload(wamid="wamid.R2", text="Sampah lagi belum diangkut", timestamp=t + 600))
    post_meta(client, whatsapp_payload(wamid="wamid.R3", text="Truk sampah tidak datang", timestamp=t + 900,
                                       phone_number_id=dlh_wa.external_id))
    run_items()
    assert Complaint.objects.count() == 3


def test_direct_messages_and_the_pages_answers_share_one_conversation(client, region, run_items):
    def dm(mid, sender, recipient, text, ms):
        return {"object": "page", "entry": [{"id": region.pupr_fb.external_id, "time": ms // 1000, "messaging": [
            {"sender": {"id": sender}, "recipient": {"id": recipient}, "timestamp": ms,
             "message": {"mid": mid, "text": text}}]}]}

    page, citizen, ms = region.pupr_fb.external_id, "9001", 1795395900000
    post_meta(client, dm("m.1", citizen, page, "Min, drainase depan rumah mampet", ms))
    post_meta(client, dm("m.2", page, citizen, "Baik, kami cek besok pagi", ms + 60_000))  # the page's echo
    post_meta(client, dm("m.3", citizen, page, "Terima kasih min", ms + 120_000))
    assert run_items() == ["opened", "first response", "joined"]
    complaint = Complaint.objects.get()
    assert complaint.messages.filter(is_citizen=False, from_account=region.pupr_fb).count() == 1
    # Two days later the same citizen writes about something else: a new conversation.
    post_meta(client, dm("m.4", citizen, page, "Lampu jalan di gang kami mati", ms + 2 * 86_400_000))
    assert run_items() == ["opened"]
    assert Complaint.objects.count() == 2


def test_an_x_reply_inside_a_thread_waits_for_its_parent(client, region, run_items):
    root = snowflake(T0)  # the agency's own post
    first = snowflake(T0 + timedelta(minutes=1))
    follow = snowflake(T0 + timedelta(minutes=2))
    own = x_post(post_id=root, text="Perbaikan jalan minggu ini", author_id=region.pupr_x.external_id)
    post_x(client, x_event(own, for_user=region.pupr_x.external_id, event_type="post.create"))
    with time_machine.travel(T0 + timedelta(minutes=3), tick=False):
        reply2 = x_post(post_id=follow, text="ini fotonya", author_id="555", conversation_id=root, reply_to=first,
                        created_at=T0 + timedelta(minutes=2))
        post_x(client, x_event(reply2, for_user=region.pupr_x.external_id, event_type="post.mention.create"))
        assert run_items() == ["own post", "deferred"]
        reply1 = x_post(post_id=first, text="jalan depan rumah saya belum", author_id="555", conversation_id=root,
                        reply_to=root, created_at=T0 + timedelta(minutes=1))
        post_x(client, x_event(reply1, for_user=region.pupr_x.external_id, event_type="post.reply.create"))
        assert run_items() == ["deferred", "opened"]  # met in this order by the worker
        assert run_items() == ["joined"]  # re-queued by the beat job, it joins its parent's thread
    complaint = Complaint.objects.get()
    assert complaint.external_id == first and complaint.messages.count() == 2
