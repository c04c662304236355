"""The webhook contract: signature over the raw body first (bad or missing: 403, nothing
stored anywhere), then size, content type and JSON (4xx, nothing stored), then stored before
the 200 — also for accounts not registered yet — and duplicates stored once."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from complaints.models import Complaint, Message, TimelineEvent
from platforms.models import Delivery, InboundItem
from platforms.signatures import meta_signature, x_signature
from tests.intake import (
    META_SECRET,
    post_meta,
    post_x,
    whatsapp_payload,
    x_event,
    x_post,
)

pytestmark = pytest.mark.django_db

BODY_X = (
    b'{"data":{"event_uuid":"2080765813578191303","event_type":"post.mention.create",'
    b'"filter":{"user_id":"1111111111111111111"},"payload":{"id":"2080765813578191303",'
    b'"text":"@dinaspupr_kota jalan berlubang"}}}'
)
BODY_M = (
    b'{"object":"instagram","entry":[{"id":"17841400000000001","time":1767225600,"changes":'
    b'[{"field":"comments","value":{"id":"17900000000000001","text":"Lampu jalan mati '
    b'\\ud83d\\ude21"}}]}]}'
)


def _nothing_stored() -> bool:
    return not (Delivery.objects.exists() or InboundItem.objects.exists() or Complaint.objects.exists()
                or Message.objects.exists() or TimelineEvent.objects.exists())


def test_x_crc_answers_with_the_hmac_of_the_token(client, region):
    response = client.get("/webhooks/x/", {"crc_token": "sigap-crc-0001"})
    assert response.status_code == 200
    assert response.json() == {"response_token": "sha256=sK96OXlsIE3vOv1tiOfLbaD5E2w80/57WmxJRbBLM7A="}


def test_x_crc_without_a_token_is_400(client, region):
    assert client.get("/webhooks/x/").status_code == 400


def test_x_event_of_an_unregistered_account_is_stored_unmatched(client, region):
    response = post_x(client, BODY_X)
    assert response.status_code == 200
    delivery = Delivery.objects.get()
    assert bytes(delivery.body) == BODY_X  # verbatim
    item = InboundItem.objects.get()
    assert (item.platform, item.external_id, item.kind, item.account_id) == ("x", "2080765813578191303", "mention", None)
    assert item.account_ref == "1111111111111111111"
    # The time comes from the snowflake id when created_at is absent.
    assert item.posted_at.isoformat().startswith("2026-07-24T21:23:23.373")


def test_an_item_is_stored_with_the_account_that_holds_its_platform_id_now(client, region):
    # comms reconnects the X account to another agency's row between two deliveries: the second
    # item must carry the new row (processing trusts the stored account), and a deleted row
    # must never be attached.
    from agencies.models import OfficialAccount

    ref = region.pupr_x.external_id
    first = x_post(post_id="2080765813578191303", text="jalan depan rumah hancur", author_id="801")
    assert post_x(client, x_event(first, for_user=ref)).status_code == 200
    assert InboundItem.objects.get().account_id == region.pupr_x.pk
    OfficialAccount.objects.filter(pk=region.pupr_x.pk).update(external_id=None)
    OfficialAccount.objects.filter(pk=region.dlh_x.pk).update(external_id=ref)
    second = x_post(post_id="2080765813578191399", text="sampah numpuk", author_id="802")
    assert post_x(client, x_event(second, for_user=ref)).status_code == 200
    assert InboundItem.objects.latest("pk").account_id == region.dlh_x.pk


@pytest.mark.parametrize("signature", [None, "", "sha256=AAAA", x_signature("wrong-secret", BODY_X)])
def test_x_bad_or_missing_signature_is_403_and_nothing_is_stored(client, region, signature):
    response = post_x(client, BODY_X, signature=signature)
    assert response.status_code == 403
    assert _nothing_stored()


def test_meta_signature_is_checked_over_the_raw_escaped_bytes(client, region):
    response = post_meta(client, BODY_M)
    assert response.status_code == 200, response.content
    item = InboundItem.objects.get()
    assert item.data["text"] == "Lampu jalan mati \U0001F621"


def test_meta_reserialised_body_signature_is_refused(client, region):
    reserialised = json.dumps(json.loads(BODY_M), ensure_ascii=False, separators=(",", ":")).encode()
    response = post_meta(client, BODY_M, signature=meta_signature(META_SECRET, reserialised))
    assert response.status_code == 403
    assert _nothing_stored()


@pytest.mark.parametrize("signature", [None, "sha256=00", meta_signature("other", BODY_M)])
def test_meta_bad_signature_is_403(client, region, signature):
    assert post_meta(client, BODY_M, signature=signature).status_code == 403
    assert _nothing_stored()


def test_meta_verification_handshake(client, region):
    ok = client.get("/webhooks/meta/", {"hub.mode": "subscribe", "hub.verify_token": "sigap-meta-verify-token",
                                        "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get("/webhooks/meta/", {"hub.mode": "subscribe", "hub.verify_token": "nope",
                                           "hub.challenge": "1158201444"})
    assert wrong.status_code == 403


def test_malformed_json_with_a_good_signature_is_400_and_nothing_is_stored(client, region):
    body = b'{"object": "page", "entry": ['
    assert post_meta(client, body).status_code == 400
    assert _nothing_stored()


def test_wrong_content_type_is_415_and_nothing_is_stored(client, region):
    assert post_meta(client, BODY_M, content_type="text/plain").status_code == 415
    assert _nothing_stored()


def test_body_over_one_megabyte_is_413_and_nothing_is_stored(client, region):
    big = json.dumps({"object": "page", "entry": [], "pad": "x" * (1024 * 1024)}).encode()
    assert post_meta(client, big).status_code == 413
    assert _nothing_stored()


def test_unknown_object_is_400(client, region):
    assert post_meta(client, {"object": "permissions", "entry": []}).status_code == 400
    assert _nothing_stored()


def test_get_or_post_only(client, region):
    assert client.put("/webhooks/x/").status_code == 405
    assert client.delete("/webhooks/meta/").status_code == 405


def test_a_duplicate_delivery_is_stored_once(client, region):
    first = post_x(client, BODY_X)
    second = post_x(client, BODY_X)
    assert first.status_code == second.status_code == 200
    assert second.json() == {"stored": 0, "duplicate": True}
    assert Delivery.objects.count() == 1 and InboundItem.objects.count() == 1


def test_the_same_post_in_two_deliveries_is_one_item(client, region):
    post = x_post(post_id="1900000000000000001", text="@pupr_bkl jalan rusak", mentions=["pupr_bkl"])
    post_x(client, x_event(post, for_user=region.pupr_x.external_id))
    again = json.loads(x_event(post, for_user=region.pupr_x.external_id))
    again["data"]["event_uuid"] = "-99"  # a redelivery differs in its envelope only
    post_x(client, json.dumps(again).encode())
    assert Delivery.objects.count() == 2
    assert InboundItem.objects.count() == 1


def test_stored_before_acknowledged_even_when_the_broker_is_down(client, region, monkeypatch, django_capture_on_commit_callbacks):
    from platforms import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.process_items, "delay", broker_down)
    post = x_post(post_id="1900000000000000002", text="@pupr_bkl drainase mampet", mentions=["pupr_bkl"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_x(client, x_event(post, for_user=region.pupr_x.external_id))
    assert response.status_code == 200
    item = InboundItem.objects.get()
    assert item.processed_at is None  # waits in the database for the beat job
    assert item.account == region.pupr_x


def test_nothing_is_written_when_the_signature_fails_even_inside_a_transaction(client, region):
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM platforms_delivery")
        before = cursor.fetchone()[0]
    post_x(client, BODY_X, signature="sha256=forged")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM platforms_delivery")
        assert cursor.fetchone()[0] == before


def test_whatsapp_statuses_are_recorded_and_never_become_complaints(client, region, run_items):
    payload = {"object": "whatsapp_business_account", "entry": [{"id": "waba", "changes": [{"field": "messages", "value": {
        "metadata": {"phone_number_id": region.hub_wa.external_id},
        "statuses": [{"id": "wamid.OURS1", "status": "delivered", "timestamp": "1795395900", "recipient_id": "6281"}]}}]}]}
    assert post_meta(client, payload).status_code == 200
    item = InboundItem.objects.get()
    assert (item.kind, item.event_key) == ("status", "status:delivered")
    assert run_items() == ["status"]
    assert not Complaint.objects.exists()


def test_whatsapp_message_is_stored_with_its_sender(client, region):
    assert post_meta(client, whatsapp_payload(wamid="wamid.A1", text="Air PDAM mati 3 hari")).status_code == 200
    item = InboundItem.objects.get()
    assert item.account == region.hub_wa
    assert item.data["author_handle"] == "+6281234567890"
    assert item.data["text"] == "Air PDAM mati 3 hari"
