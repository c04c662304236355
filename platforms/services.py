"""Writes to the raw inbound store. What a platform sent is stored before it is acknowledged
(webhooks) or before the cursor moves (polling); processing is queued after the commit."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from agencies.models import OfficialAccount
from platforms.connectors.base import Item
from platforms.models import Delivery, InboundItem

logger = logging.getLogger(__name__)

#: Headers worth keeping beside a delivery (never Authorization or cookies).
KEPT_HEADERS = (
    "content-type", "user-agent", "x-twitter-webhooks-signature", "x-hub-signature-256",
    "x-rate-limit-remaining", "x-rate-limit-reset", "x-business-use-case-usage", "x-sigap-url",
)


#: After this many failed attempts an item is left for a person (shown on the coverage page).
MAX_ATTEMPTS = 8


@dataclass
class StoreResult:
    delivery: Delivery
    delivery_created: bool
    new_item_ids: list[int]


def accounts_by_ref(platform: str, refs: Iterable[str]) -> dict[str, OfficialAccount]:
    """The official accounts the items name, read on every delivery: the account stored on an
    item is the one processing uses, so it must be the current one (a per-process cache could
    keep a platform id that has just moved to another account, or a deleted row)."""
    refs = {r for r in refs if r}
    if not refs:
        return {}
    return {
        a.external_id: a
        for a in OfficialAccount.objects.filter(platform=platform, external_id__in=refs)
        # Decrypting tokens costs more than the rest of storing: never load them here.
        .only("pk", "platform", "external_id", "agency_id")
    }


def store_delivery(
    *, platform: str, source: str, body: bytes, headers: dict[str, str], items: list[Item],
    account: OfficialAccount | None = None,
) -> StoreResult:
    """Store the body verbatim (once per distinct body) and each item once per event; queue
    the new items' processing when the transaction commits."""
    digest = hashlib.sha256(body).hexdigest()
    # Platforms page newest first: store and queue oldest first, so that a reply is usually
    # processed after the post it answers.
    items = sorted(items, key=lambda i: (i.posted_at, i.external_id))
    kept = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    refs = accounts_by_ref(platform, (i.account_ref for i in items))
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    body_sha256=digest, platform=platform, source=source, body=body, headers=kept,
                    account=account, item_count=len(items),
                )
        except IntegrityError:  # the very same body came before: nothing new
            return StoreResult(delivery=Delivery.objects.get(body_sha256=digest), delivery_created=False,
                               new_item_ids=[])
        rows = [
            InboundItem(
                platform=item.platform, external_id=item.external_id, kind=item.kind, event=item.event,
                event_key=item.event_key, delivery=delivery,
                account=refs.get(item.account_ref) or (account if not item.account_ref else None),
                account_ref=item.account_ref, posted_at=item.posted_at, data=item.to_json(),
            )
            for item in items
        ]
        # An event that came before (another delivery of it) is skipped: exactly one row. The
        # rows this delivery added are the ones that point at it.
        InboundItem.objects.bulk_create(rows, ignore_conflicts=True)
        new_ids = list(
            InboundItem.objects.filter(delivery=delivery).order_by("posted_at", "external_id", "pk")
            .values_list("pk", flat=True)
        ) if rows else []
        if new_ids:
            transaction.on_commit(lambda: enqueue_items(new_ids))
        created = True
    return StoreResult(delivery=delivery, delivery_created=created, new_item_ids=new_ids)


def enqueue_items(item_ids: list[int]) -> None:
    """Queue processing; a broker that is down loses nothing: the items stay unprocessed and
    `requeue_stale_items` (beat) queues them again."""
    from complaints.intake import BATCH_SIZE
    from platforms.tasks import process_items

    for start in range(0, len(item_ids), BATCH_SIZE):
        try:
            process_items.delay(item_ids[start:start + BATCH_SIZE])
        except Exception:  # kombu raises transport-specific errors when the broker is down
            logger.warning("broker unreachable: %d items stay queued in the database", len(item_ids) - start)
            return


def stale_item_ids(*, older_than_seconds: int = 180, limit: int = 1000) -> list[int]:
    """Items still unprocessed a while after they arrived (a worker killed mid-task, a lost
    message): unclaimed, or claimed by a worker that has not finished in time."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        InboundItem.objects.filter(
            processed_at__isnull=True, received_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS
        )
        .exclude(claimed_at__gt=cutoff)
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
