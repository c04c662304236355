"""Shared by the intake tests (fixtures re-exported in tests/conftest.py). A small region: Dinas PUPR and DLH with their X accounts, the mayor's
office (a hub) with X and WhatsApp accounts, routing keywords, and helpers that deliver
signed webhooks the way the platforms do."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from agencies.models import OfficialAccount
from complaints import routing
from platforms.signatures import meta_signature, x_signature
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    OfficialAccountFactory,
    RoutingRuleFactory,
)

X_SECRET = "sigap-x-consumer-secret"
META_SECRET = "sigap-meta-app-secret"


@dataclass
class Region:
    pupr: Any
    dlh: Any
    hub: Any
    pupr_x: OfficialAccount
    dlh_x: OfficialAccount
    dlh_ig: OfficialAccount
    hub_x: OfficialAccount
    hub_wa: OfficialAccount
    pupr_fb: OfficialAccount


@pytest.fixture
def region(db, settings) -> Region:
    settings.X_CONSUMER_SECRET = X_SECRET
    settings.META_APP_SECRET = META_SECRET
    settings.META_VERIFY_TOKEN = "sigap-meta-verify-token"
    pupr = AgencyFactory(name="Dinas PUPR Kota Bengkulu", short_name="Dinas PUPR", slug="dinas-pupr")
    dlh = AgencyFactory(name="Dinas Lingkungan Hidup Kota Bengkulu", short_name="DLH", slug="dinas-lh")
    hub = AgencyFactory(name="Pemerintah Kota Bengkulu", short_name="Pemkot", slug="pemkot", kind="pimpinan")
    region = Region(
        pupr=pupr, dlh=dlh, hub=hub,
        pupr_x=OfficialAccountFactory(agency=pupr, platform="x", handle="pupr_bkl", external_id="1000000000000000001"),
        dlh_x=OfficialAccountFactory(agency=dlh, platform="x", handle="dlh_kotabkl", external_id="1000000000000000002"),
        dlh_ig=OfficialAccountFactory(agency=dlh, platform="instagram", handle="dlh.kotabengkulu", external_id="17841400000000002"),
        hub_x=OfficialAccountFactory(agency=hub, platform="x", handle="pemkotbkl", external_id="1000000000000000009"),
        hub_wa=OfficialAccountFactory(agency=hub, platform="whatsapp", handle="+6281100000000", external_id="100000000000001"),
        pupr_fb=OfficialAccountFactory(agency=pupr, platform="facebook", handle="puprbengkulu", external_id="200000000000001"),
    )
    RoutingRuleFactory(agency=pupr, phrase="jalan rusak")
    RoutingRuleFactory(agency=pupr, phrase="drainase")
    RoutingRuleFactory(agency=dlh, phrase="sampah")
    RoutingRuleFactory(agency=dlh, phrase="selebar", kind="place")
    routing.clear_cache()
    MembershipFactory(agency=pupr, role="head", user__phone="+6281299990000")
    return region


def snowflake(moment: datetime, sequence: int = 0) -> str:
    ms = int(moment.timestamp() * 1000)
    return str(((ms - 1288834974657) << 22) | sequence)


def x_post(*, post_id: str, text: str, author_id: str = "555", username: str = "warga_bkl",
           created_at: datetime | None = None, conversation_id: str | None = None,
           reply_to: str | None = None, mentions: list[str] | None = None) -> dict[str, Any]:
    post: dict[str, Any] = {
        "id": post_id, "text": text, "author_id": author_id,
        "conversation_id": conversation_id or post_id,
        "created_at": (created_at or datetime(2026, 11, 23, 7, 5, tzinfo=UTC)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "entities": {"mentions": [{"username": m, "id": "1"} for m in (mentions or [])]},
    }
    if reply_to:
        post["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
    return post


def x_event(post: dict[str, Any], *, for_user: str, event_type: str = "post.mention.create",
            username: str = "warga_bkl", name: str = "Warga Bengkulu") -> bytes:
    envelope = {"data": {"event_uuid": f"-{post['id']}", "event_type": event_type,
                         "filter": {"user_id": for_user}, "payload": post,
                         "includes": {"users": [{"id": post["author_id"], "username": username, "name": name}]}}}
    return json.dumps(envelope).encode()


def post_x(client: Client, body: bytes, *, signature: str | None = "auto") -> Any:
    headers = {}
    if signature == "auto":
        headers["HTTP_X_TWITTER_WEBHOOKS_SIGNATURE"] = x_signature(X_SECRET, body)
    elif signature is not None:
        headers["HTTP_X_TWITTER_WEBHOOKS_SIGNATURE"] = signature
    return client.post("/webhooks/x/", data=body, content_type="application/json", **headers)


def post_meta(client: Client, payload: dict[str, Any] | bytes, *, signature: str | None = "auto",
              content_type: str = "application/json") -> Any:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {}
    if signature == "auto":
        headers["HTTP_X_HUB_SIGNATURE_256"] = meta_signature(META_SECRET, body)
    elif signature is not None:
        headers["HTTP_X_HUB_SIGNATURE_256"] = signature
    return client.post("/webhooks/meta/", data=body, content_type=content_type, **headers)


def whatsapp_payload(*, wamid: str, text: str, wa_id: str = "6281234567890", timestamp: int = 1795395900,
                     phone_number_id: str = "100000000000001", name: str = "Ibu Sari",
                     extra: dict[str, Any] | None = None) -> dict[str, Any]:
    message = {"from": wa_id, "id": wamid, "timestamp": str(timestamp), "type": "text", "text": {"body": text}}
    message.update(extra or {})
    return {"object": "whatsapp_business_account", "entry": [{"id": "waba-1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": phone_number_id},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}], "messages": [message]}}]}]}


@pytest.fixture
def run_items():
    """Process every unprocessed item, as the worker would (oldest first)."""
    from complaints.intake import item_process
    from platforms.models import InboundItem

    def run() -> list[str]:
        ids = InboundItem.objects.filter(processed_at__isnull=True).order_by("pk").values_list("pk", flat=True)
        return [item_process(item_id=i) for i in list(ids)]

    return run
