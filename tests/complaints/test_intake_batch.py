"""Batches: the worker processes stored items a few hundred at a time in one transaction.
The result must be exactly what processing them one by one gives; a bad item must not hold up
the others; two workers never process one item; and the cost per item stays small."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints import intake
from complaints.intake import item_process, items_claim, items_process
from complaints.models import Complaint, ComplaintCounter, Message, TimelineEvent
from platforms.models import InboundItem
from tests.intake import post_meta, post_x, snowflake, whatsapp_payload, x_event, x_post

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)  # Monday 14.05 WIB
WA_T0 = 1795395900


def _deliver_scenario(client, region) -> None:
    """A morning's mix: mentions to agencies and the hub, a thread with a citizen's follow-up
    and the agency's reply, a reply stored before the post it answers, a WhatsApp
    conversation and a second one elsewhere, an edit and a removal, a duplicate delivery."""
    def mention(minute, text, *, author="555", account=None, reply_to=None, conversation=None, kind=None):
        account = account or region.hub_x
        post = x_post(post_id=snowflake(T0 + timedelta(minutes=minute)), text=text, author_id=author,
                      created_at=T0 + timedelta(minutes=minute), reply_to=reply_to,
                      conversation_id=conversation, mentions=[h[1:] for h in text.split() if h.startswith("@")])
        body = x_event(post, for_user=account.external_id, event_type=kind or "post.mention.create")
        assert post_x(client, body).status_code == 200
        return post["id"], body

    first, _ = mention(0, "@pupr_bkl drainase mampet di depan SD 5", account=region.pupr_x)
    mention(1, "@pemkotbkl sampah numpuk di pasar minggu", author="556")
    mention(2, "@pemkotbkl ini fotonya min", author="555", reply_to=first, conversation=first)
    reply = x_post(post_id=snowflake(T0 + timedelta(minutes=9)), text="@warga_bkl siap, kami cek hari ini",
                   author_id=region.pupr_x.external_id, conversation_id=first, reply_to=first,
                   created_at=T0 + timedelta(minutes=9))
    post_x(client, x_event(reply, for_user=region.pupr_x.external_id, event_type="post.create"))
    _, duplicate = mention(4, "@pemkotbkl sampah di selebar tidak diangkut", author="557")
    assert post_x(client, duplicate).status_code == 200  # the platform delivers it twice
    mention(6, "@pemkotbkl kapan ada pasar murah?", author="558")
    post_meta(client, whatsapp_payload(wamid="wamid.B1", text="Jalan rusak di Jl. Merapi", timestamp=WA_T0))
    post_meta(client, whatsapp_payload(wamid="wamid.B2", text="Sudah 2 bulan tidak diperbaiki",
                                       timestamp=WA_T0 + 300))
    post_meta(client, whatsapp_payload(wamid="wamid.B3", text="Lampu jalan mati", wa_id="6281299991111",
                                       timestamp=WA_T0 + 60, name="Pak Budi"))
    # An Instagram comment, then its edit and another comment's removal.
    def ig(verb, comment_id, text, when):
        return {"object": "instagram", "entry": [{"id": region.dlh_ig.external_id, "time": when, "changes": [
            {"field": "comments", "value": {"id": comment_id, "text": text, "verb": verb,
                                            "from": {"id": "777", "username": "warga.ig"},
                                            "media": {"id": "18000000000000001"}}}]}]}
    post_meta(client, ig("add", "17900000000000001", "sampah di sungai bengkulu", WA_T0 + 120))
    post_meta(client, ig("edited", "17900000000000001", "sampah di sungai bengkulu, tolong", WA_T0 + 180))
    post_meta(client, ig("add", "17900000000000002", "bau sampah tiap pagi", WA_T0 + 200))
    post_meta(client, ig("remove", "17900000000000002", "", WA_T0 + 400))


def _snapshot() -> dict[str, list]:
    """Everything processing wrote, numbers aside (a batch numbers in the order citizens wrote,
    one by one in the order items were stored)."""
    complaints = sorted(
        (c.platform, c.thread_key, c.external_id, c.agency.slug if c.agency else "", c.status,
         c.received_at, c.handed_at, c.text, c.category, c.routing_reason, c.last_message_at,
         c.removed_at is not None)
        for c in Complaint.objects.select_related("agency")
    )
    messages = sorted(
        (m.platform, m.external_id, m.complaint.thread_key, m.is_citizen, m.text, m.posted_at,
         m.edited_at is not None, m.removed_at is not None)
        for m in Message.objects.select_related("complaint")
    )
    events = sorted(
        (e.complaint.thread_key, e.kind, e.summary, e.at, sorted(e.data.items()))
        for e in TimelineEvent.objects.select_related("complaint")
    )
    return {"complaints": complaints, "messages": messages, "events": events}


def _reset_processing() -> None:
    TimelineEvent.objects.all().delete()
    Message.objects.all().delete()
    Complaint.objects.all().delete()
    ComplaintCounter.objects.all().delete()
    InboundItem.objects.update(processed_at=None, claimed_at=None, attempts=0, last_error="")


def _one_by_one() -> None:
    for _round in range(6):  # deferred items are taken again, as the re-queue job does
        ids = list(InboundItem.objects.filter(processed_at__isnull=True).order_by("pk").values_list("pk", flat=True))
        for item_id in ids:
            item_process(item_id=item_id)


@time_machine.travel(T0 + timedelta(minutes=30), tick=False)
def test_a_batch_gives_exactly_what_one_by_one_processing_gives(client, region):
    _deliver_scenario(client, region)
    _one_by_one()
    expected = _snapshot()
    assert len(expected["complaints"]) == 8
    assert not InboundItem.objects.filter(processed_at__isnull=True).exists()

    _reset_processing()
    ids = list(InboundItem.objects.order_by("pk").values_list("pk", flat=True))
    outcomes = items_process(item_ids=ids)
    assert not InboundItem.objects.filter(processed_at__isnull=True).exists()
    assert outcomes["opened"] == 8 and outcomes["first response"] == 1
    assert _snapshot() == expected
    numbers = list(Complaint.objects.order_by("received_at", "pk").values_list("number", flat=True))
    assert numbers == [f"SGP-2026-{n:06d}" for n in range(1, 9)]


@time_machine.travel(T0 + timedelta(minutes=30), tick=False)
def test_numbers_follow_the_time_citizens_wrote_without_gaps(client, region):
    for minute in (5, 1, 3):  # stored out of order
        post = x_post(post_id=snowflake(T0 + timedelta(minutes=minute)), text="@pupr_bkl jalan rusak",
                      created_at=T0 + timedelta(minutes=minute), author_id=str(600 + minute))
        post_x(client, x_event(post, for_user=region.pupr_x.external_id))
    items_process(item_ids=list(InboundItem.objects.values_list("pk", flat=True)))
    numbers = list(Complaint.objects.order_by("received_at").values_list("number", flat=True))
    assert numbers == ["SGP-2026-000001", "SGP-2026-000002", "SGP-2026-000003"]
    assert ComplaintCounter.objects.get(year=2026).last == 3


@time_machine.travel(T0 + timedelta(minutes=30), tick=False)
def test_one_bad_item_does_not_hold_up_the_others(client, region, monkeypatch):
    for minute in range(3):
        post = x_post(post_id=snowflake(T0 + timedelta(minutes=minute)), text="@pupr_bkl drainase mampet",
                      created_at=T0 + timedelta(minutes=minute), author_id=str(700 + minute))
        post_x(client, x_event(post, for_user=region.pupr_x.external_id))
    bad = InboundItem.objects.order_by("pk")[1]
    real_apply = intake._apply

    def failing_apply(row, item, lookups):
        if row.pk == bad.pk:
            raise ValueError("malformed item")
        return real_apply(row, item, lookups)

    monkeypatch.setattr(intake, "_apply", failing_apply)
    outcomes = items_process(item_ids=list(InboundItem.objects.values_list("pk", flat=True)))
    assert outcomes == {"opened": 2, "failed": 1}
    assert Complaint.objects.count() == 2
    bad.refresh_from_db()
    assert bad.processed_at is None and bad.claimed_at is None
    assert "malformed item" in bad.last_error  # shown on the coverage page; re-queued by beat
    assert list(Complaint.objects.values_list("number", flat=True).order_by("number")) == [
        "SGP-2026-000001", "SGP-2026-000002"]


@time_machine.travel(T0 + timedelta(minutes=30), tick=False)
def test_a_reply_whose_parent_never_came_is_deferred_and_the_rest_go_through(client, region):
    # It answers a post inside a conversation; that post has not come (yet).
    orphan = x_post(post_id=snowflake(T0 + timedelta(minutes=2)), text="@pemkotbkl ini fotonya",
                    reply_to=snowflake(T0, 1), conversation_id=snowflake(T0), created_at=T0 + timedelta(minutes=2))
    post_x(client, x_event(orphan, for_user=region.hub_x.external_id))
    fine = x_post(post_id=snowflake(T0 + timedelta(minutes=3)), text="@pupr_bkl jalan rusak", author_id="801",
                  created_at=T0 + timedelta(minutes=3))
    post_x(client, x_event(fine, for_user=region.pupr_x.external_id))
    outcomes = items_process(item_ids=list(InboundItem.objects.values_list("pk", flat=True)))
    assert outcomes == {"deferred": 1, "opened": 1}
    waiting = InboundItem.objects.get(external_id=orphan["id"])
    assert waiting.processed_at is None and waiting.claimed_at is None
    assert waiting.last_error.startswith("deferred:")


def test_a_claimed_item_is_not_claimed_again_by_another_worker(client, region):
    post = x_post(post_id=snowflake(T0), text="@pupr_bkl jalan rusak")
    post_x(client, x_event(post, for_user=region.pupr_x.external_id))
    item_id = InboundItem.objects.get().pk
    assert items_claim([item_id]) == [item_id]
    assert items_claim([item_id]) == []  # the second worker skips it
    assert items_process(item_ids=[item_id]) == {"skipped": 1}
    assert not Complaint.objects.exists()


def _three_mentions(client, region) -> list[int]:
    """Three one-item webhooks a minute apart; the ids of their stored items."""
    ids = []
    for minute in range(3):
        post = x_post(post_id=snowflake(T0 + timedelta(minutes=minute)), text="@pupr_bkl jalan rusak",
                      author_id=str(900 + minute), created_at=T0 + timedelta(minutes=minute))
        post_x(client, x_event(post, for_user=region.pupr_x.external_id))
        ids.append(InboundItem.objects.latest("pk").pk)
    return ids


@time_machine.travel(T0 + timedelta(minutes=30), tick=False)
def test_a_task_takes_along_items_waiting_for_their_first_try_but_not_retries(client, region):
    ids = _three_mentions(client, region)
    InboundItem.objects.filter(pk=ids[2]).update(attempts=1, last_error="deferred: earlier")
    outcomes = items_process(item_ids=[ids[0]])
    assert outcomes == {"opened": 2}
    assert set(InboundItem.objects.filter(processed_at__isnull=False).values_list("pk", flat=True)) == set(ids[:2])


@time_machine.travel(T0 + timedelta(minutes=30), tick=False)
def test_a_task_whose_items_were_taken_already_does_not_look_for_waiting_ones(client, region):
    # A burst of one-item webhooks: the first task drains the others; their own tasks then
    # find their items done and must not run the look-up of waiting items (it is what costs).
    ids = _three_mentions(client, region)
    assert items_process(item_ids=[ids[0]]) == {"opened": 3}
    late = x_post(post_id=snowflake(T0 + timedelta(minutes=5)), text="@pupr_bkl lampu mati",
                  author_id="999", created_at=T0 + timedelta(minutes=5))
    post_x(client, x_event(late, for_user=region.pupr_x.external_id))
    waiting = InboundItem.objects.latest("pk")
    with CaptureQueriesContext(connection) as queries:
        assert items_process(item_ids=[ids[1]]) == {"skipped": 1}
    assert not any("ORDER BY" in q["sql"] for q in queries.captured_queries), [q["sql"] for q in queries]
    waiting.refresh_from_db()
    assert waiting.claimed_at is None and waiting.processed_at is None  # left for its own task
    assert items_process(item_ids=[waiting.pk]) == {"opened": 1}


@time_machine.travel(T0 + timedelta(hours=2), tick=False)
def test_a_batch_costs_about_one_query_per_new_complaint(client, region):
    for n in range(100):
        post = x_post(post_id=snowflake(T0 + timedelta(seconds=n)), text="@pupr_bkl drainase mampet",
                      author_id=str(1000 + n), created_at=T0 + timedelta(seconds=n))
        post_x(client, x_event(post, for_user=region.pupr_x.external_id))
    ids = list(InboundItem.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        assert items_process(item_ids=ids) == {"opened": 100}
    # One INSERT per complaint; messages and events in bulk; the rest is per batch.
    assert len(queries) <= 100 + 30, "\n".join(q["sql"][:120] for q in queries.captured_queries)


@time_machine.travel(T0 + timedelta(minutes=30), tick=False)
def test_in_a_batch_a_post_is_processed_before_the_reply_stored_ahead_of_it(client, region):
    parent = x_post(post_id=snowflake(T0), text="@pemkotbkl sampah di selebar tidak diangkut", author_id="557")
    reply = x_post(post_id=snowflake(T0 + timedelta(minutes=1)), text="@pemkotbkl sudah seminggu",
                   author_id="557", reply_to=parent["id"], conversation_id=parent["id"],
                   created_at=T0 + timedelta(minutes=1))
    post_x(client, x_event(reply, for_user=region.hub_x.external_id))
    post_x(client, x_event(parent, for_user=region.hub_x.external_id))
    assert items_process(item_ids=list(InboundItem.objects.values_list("pk", flat=True))) == {
        "opened": 1, "joined": 1}
    complaint = Complaint.objects.get()
    assert complaint.external_id == parent["id"] and complaint.agency == region.dlh
    assert complaint.routing_reason == "kata kunci: sampah"
