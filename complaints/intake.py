"""From a stored inbound item to a complaint: dedupe -> thread -> classify -> route.

`items_process` is what the Celery task calls. It claims a batch of items (rows locked and
skipped by other workers, so two workers never work on one item), does all their writes and
marks them processed in one transaction: a worker killed midway leaves nothing behind, and
the items are claimed again after CLAIM_TIMEOUT by the beat job that re-queues stale items.
If anything in a batch fails, the batch is rolled back and each item is processed alone by
`item_process` (its own claim and transaction), so one bad item never holds up the others."""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from agencies.models import OfficialAccount, Platform
from complaints import responses, routing, services
from complaints.classify import classify
from complaints.models import Complaint, Message, Status, ThreadLock
from complaints.routing import route
from complaints.text import mentions_in
from platforms.connectors.base import Item, PlatformError, TokenInvalid
from platforms.models import InboundItem

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=3)
#: Items processed in one transaction. Big enough to share the per-transaction costs, small
#: enough that a rolled-back batch costs little.
BATCH_SIZE = 200
WHATSAPP_WINDOW = timedelta(hours=24)
#: A reply whose parent has not arrived yet waits this many attempts before it is settled.
DEFER_ATTEMPTS = 5


class Deferred(Exception):
    """Not processable yet (its parent has not arrived): try again later."""


@dataclass
class _Lookups:
    """What processing reads again and again — messages by post id, complaints by thread —
    read for a whole batch in two queries and kept up to date as the batch writes. Outside a
    batch (`prefetched` false) every look-up goes to the database."""

    prefetched: bool = False
    messages: dict[tuple[str, str], Message | None] = field(default_factory=dict)
    threads: dict[tuple[str, str], Complaint | None] = field(default_factory=dict)

    def message(self, platform: str, external_id: str) -> Message | None:
        key = (platform, external_id)
        if key not in self.messages:
            if self.prefetched and external_id:
                return None
            self.messages[key] = (
                Message.objects.select_related("complaint").filter(platform=platform, external_id=external_id)
                .first()
            )
        return self.messages[key]

    def thread(self, platform: str, thread_key: str) -> Complaint | None:
        key = (platform, thread_key)
        if key not in self.threads:
            if self.prefetched:
                return None
            self.threads[key] = Complaint.objects.filter(platform=platform, thread_key=thread_key).first()
        return self.threads[key]

    def added(self, complaint: Complaint, message: Message | None = None) -> None:
        self.threads[(complaint.platform, complaint.thread_key)] = complaint
        if message is not None:
            self.messages[(message.platform, message.external_id)] = message

    @classmethod
    def for_items(cls, items: list[Item]) -> _Lookups:
        lookups = cls(prefetched=True)
        by_platform: dict[str, tuple[set[str], set[str]]] = {}
        for item in items:
            ids, threads = by_platform.setdefault(item.platform, (set(), set()))
            ids.update(i for i in (item.external_id, item.parent_id) if i)
            accounts = _official_accounts(item.platform)
            threads.update(k for k in (item.thread_key, _thread_key(item, accounts)) if k)
        for platform, (ids, threads) in by_platform.items():
            for external_id in ids:
                lookups.messages[(platform, external_id)] = None
            for message in Message.objects.select_related("complaint").filter(
                    platform=platform, external_id__in=ids):
                lookups.messages[(platform, message.external_id)] = message
            for thread_key in threads:
                lookups.threads[(platform, thread_key)] = None
            for complaint in Complaint.objects.filter(platform=platform, thread_key__in=threads):
                lookups.threads[(platform, complaint.thread_key)] = complaint
        return lookups


def items_claim(item_ids: list[int], *, drain: int = 0) -> list[int]:
    """Claim the given items that are still to do, and up to `drain` more items waiting for
    their first try (a burst of webhooks then shares batches instead of one task each). Rows
    another worker holds are skipped, not waited for. A task none of whose items is left (an
    earlier batch drained them) does not drain: the batch that took its items took the waiting
    ones too, and the look-up of waiting items is the costly part of a claim."""
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    with transaction.atomic():
        pending = InboundItem.objects.filter(processed_at__isnull=True).select_for_update(skip_locked=True)
        ids = list(pending.filter(claimable, pk__in=item_ids).values_list("pk", flat=True))
        if drain > 0 and ids:
            ids += list(
                pending.filter(claimed_at__isnull=True, attempts=0).exclude(pk__in=item_ids)
                .order_by("received_at", "pk").values_list("pk", flat=True)[:drain]
            )
        if ids:
            InboundItem.objects.filter(pk__in=ids).update(claimed_at=now, attempts=F("attempts") + 1)
    return ids


def items_process(*, item_ids: list[int], drain: bool = True) -> Counter[str]:
    """Process stored items in batches; returns how many came to each outcome. Safe to call
    twice and from several workers at once."""
    outcomes: Counter[str] = Counter()
    for start in range(0, len(item_ids), BATCH_SIZE):
        chunk = item_ids[start:start + BATCH_SIZE]
        claimed = items_claim(chunk, drain=BATCH_SIZE - len(chunk) if drain else 0)
        outcomes["skipped"] += len(set(chunk) - set(claimed))
        if claimed:
            outcomes.update(_batch_process(claimed))
    return +outcomes  # without zero counts


def _batch_process(item_ids: list[int]) -> Counter[str]:
    rows = list(
        InboundItem.objects.select_related("account__agency")
        .defer("account__access_token", "account__refresh_token", "account__cursor")
        .filter(pk__in=item_ids).order_by("posted_at", "pk")
    )
    outcomes: Counter[str] = Counter()
    alone = [row.pk for row in rows if row.data.get("incomplete")]  # a platform call first
    batch = [(row, Item.from_json(row.data)) for row in rows if not row.data.get("incomplete")]
    deferred: dict[int, str] = {}
    try:
        with transaction.atomic(), services.buffered_writes():
            lookups = _Lookups.for_items([item for _row, item in batch])
            for row, item in batch:
                try:
                    outcomes[_apply(row, item, lookups)] += 1
                except Deferred as exc:
                    deferred[row.pk] = f"deferred: {exc}"
            done = [row.pk for row, _item in batch if row.pk not in deferred]
            InboundItem.objects.filter(pk__in=done).update(processed_at=timezone.now(), last_error="")
    except Exception as exc:
        # Another worker opened one of these threads a moment ago, or one item is bad: each
        # item again on its own, so that the others go through and the bad one is recorded.
        logger.info("batch of %d items rolled back (%r); processing them one by one", len(batch), exc)
        outcomes.clear()
        alone = [row.pk for row in rows]
        deferred = {}
    InboundItem.objects.filter(pk__in=alone).update(claimed_at=None)
    for reason, ids in _grouped(deferred).items():
        InboundItem.objects.filter(pk__in=ids).update(claimed_at=None, last_error=reason)
    outcomes["deferred"] += len(deferred)
    for item_id in alone:
        try:
            outcomes[item_process(item_id=item_id)] += 1
        except Exception:
            logger.exception("inbound item %s failed; it is retried by the re-queue job", item_id)
            outcomes["failed"] += 1
    return +outcomes


def _grouped(reasons: dict[int, str]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for item_id, reason in reasons.items():
        grouped.setdefault(reason[:1000], []).append(item_id)
    return grouped


def item_claim(item_id: int) -> bool:
    now = timezone.now()
    return bool(
        InboundItem.objects.filter(pk=item_id, processed_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def item_process(*, item_id: int) -> str:
    """Process one stored item; returns what became of it. Safe to call twice."""
    if not item_claim(item_id):
        return "skipped"
    row = (
        InboundItem.objects.select_related("account__agency")
        .defer("account__access_token", "account__refresh_token")  # decrypting costs; not needed
        .get(pk=item_id)
    )
    item = Item.from_json(row.data)
    if item.incomplete:
        # Outside the transaction: a platform call must not hold the database.
        try:
            item = _complete(row, item)
        except Deferred as exc:
            InboundItem.objects.filter(pk=item_id).update(claimed_at=None, last_error=f"deferred: {exc}")
            return "deferred"
        except PlatformError as exc:
            if isinstance(exc, TokenInvalid) and row.account is not None:
                from platforms.polling import account_needs_attention

                account_needs_attention(row.account, f"access expired or revoked: {exc}")
            InboundItem.objects.filter(pk=item_id).update(claimed_at=None, last_error=f"fetch failed: {exc}"[:1000])
            return "deferred"
        InboundItem.objects.filter(pk=item_id).update(data=item.to_json())
    for attempt in range(3):
        try:
            with transaction.atomic():
                outcome = _apply(row, item, _Lookups())
                InboundItem.objects.filter(pk=item_id).update(processed_at=timezone.now(), last_error="")
            return outcome
        except Deferred as exc:
            InboundItem.objects.filter(pk=item_id).update(claimed_at=None, last_error=f"deferred: {exc}")
            return "deferred"
        except IntegrityError as exc:
            if Message.objects.filter(platform=item.platform, external_id=item.external_id).exists():
                # Another worker stored this very message: one result, as wanted.
                InboundItem.objects.filter(pk=item_id).update(processed_at=timezone.now())
                return "duplicate"
            # Another worker opened the same thread a moment ago: try again, and join it.
            if attempt == 2:
                InboundItem.objects.filter(pk=item_id).update(claimed_at=None, last_error=repr(exc)[:1000])
                raise
        except Exception as exc:
            InboundItem.objects.filter(pk=item_id).update(claimed_at=None, last_error=repr(exc)[:1000])
            raise
    raise AssertionError("unreachable: the third IntegrityError is raised")


def _complete(row: InboundItem, item: Item) -> Item:
    """Fetch the text a mention webhook leaves out, with the receiving account's token."""
    from platforms.connectors.meta import MetaConnector

    account = row.account or OfficialAccount.objects.filter(
        platform=item.platform, external_id=item.account_ref).first()
    if account is None or not account.has_token or item.platform not in ("instagram", "facebook"):
        raise Deferred("the mention's text can be fetched once its account is connected")
    return MetaConnector(item.platform).complete(account, item)


_accounts_cache: dict[str, tuple[float, dict[str, OfficialAccount]]] = {}
_ACCOUNTS_TTL = 30.0


def _official_accounts(platform: str) -> dict[str, OfficialAccount]:
    """Official accounts by platform id and by handle (both keys), kept for a few seconds per
    process: every item needs them, and they change rarely (a new account counts within
    _ACCOUNTS_TTL seconds)."""
    cached = _accounts_cache.get(platform)
    if cached is not None and time.monotonic() - cached[0] < _ACCOUNTS_TTL:
        return cached[1]
    accounts: dict[str, OfficialAccount] = {}
    for account in (OfficialAccount.objects.select_related("agency").filter(platform=platform)
                    .defer("access_token", "refresh_token", "cursor")):
        if account.external_id:
            accounts[f"id:{account.external_id}"] = account
        accounts[f"handle:{account.handle}"] = account
    _accounts_cache[platform] = (time.monotonic(), accounts)
    return accounts


def clear_accounts_cache() -> None:
    _accounts_cache.clear()


def _author_account(item: Item, accounts: dict[str, OfficialAccount]) -> OfficialAccount | None:
    if item.author_id and f"id:{item.author_id}" in accounts:
        return accounts[f"id:{item.author_id}"]
    handle = item.author_handle.lstrip("@").lower()
    if handle and item.platform != Platform.WHATSAPP and f"handle:{handle}" in accounts:
        return accounts[f"handle:{handle}"]
    return None


def _apply(row: InboundItem, item: Item, lookups: _Lookups) -> str:
    if item.kind == "status":
        # Delivery reports of what we sent: never complaints; the head's acknowledgment time
        # counts from the tag's delivery.
        return responses.whatsapp_status_recorded(wamid=item.external_id, status=str(item.extra.get("status")),
                                                  at=item.posted_at)
    if item.incomplete:
        raise Deferred("the platform sent no text yet; fetch it first")  # _complete did not run
    account = row.account
    accounts = _official_accounts(item.platform)
    if account is None and item.account_ref:
        account = accounts.get(f"id:{item.account_ref}")
        if account is not None:
            InboundItem.objects.filter(pk=row.pk).update(account=account)
    if item.event in ("edit", "remove"):
        return _apply_change(row, item, lookups)
    author_account = _author_account(item, accounts)
    if author_account is not None:
        return _apply_official(row, item, lookups, account=author_account, agency=author_account.agency)
    if item.platform == Platform.WHATSAPP:
        head = responses.head_of_number(item.author_handle) if item.author_handle else None
        if head is not None:
            # Heads answer their tags; never a citizen's complaint.
            return responses.head_message_recorded(
                number=item.author_handle, text=item.text, payload=str(item.extra.get("button_payload") or ""),
                context_id=str(item.extra.get("context_id") or ""), external_id=item.external_id,
                at=item.posted_at)
    else:
        head_handle = routing.person_of_handle(item.platform, item.author_handle.lstrip("@").lower())
        if head_handle is not None:  # a head answering with their own registered handle
            user_id, agency = head_handle
            return _apply_official(row, item, lookups, agency=agency, author_user_id=user_id)
    return _apply_citizen(item, account, accounts, lookups, attempts=row.attempts)


def _apply_change(row: InboundItem, item: Item, lookups: _Lookups) -> str:
    services.buffer_flush()  # the message edited may have been written earlier in this batch
    message = lookups.message(item.platform, item.external_id)
    if message is not None and message.pk is None:  # opened earlier in this batch
        message = Message.objects.select_related("complaint").get(platform=item.platform,
                                                                  external_id=item.external_id)
    if message is None:
        if row.attempts < DEFER_ATTEMPTS:
            raise Deferred(f"{item.event} before the post itself")
        if item.event == "edit":
            # The post never came on its own: the edited text is the post.
            account = row.account
            return _apply_citizen(replace(item, event="create"), account, _official_accounts(item.platform),
                                  lookups)
        return "removed before seen"
    if item.event == "edit":
        services.message_edit(message=message, item=item)
        return "edited"
    services.message_remove(message=message, item=item)
    return "removed"


def _apply_official(
    row: InboundItem, item: Item, lookups: _Lookups, *, agency: Any, account: OfficialAccount | None = None,
    author_user_id: int | None = None,
) -> str:
    """A post by an official account or a head's own handle: a reply in a complaint's thread
    (maybe the agency's first response, or the mayor's tag), or its own post."""
    complaint = _complaint_for_parent(item, lookups)
    if complaint is None and item.thread_key.startswith("dm:"):
        complaint = _windowed_complaint(item.thread_key, item)
    elif complaint is None and item.thread_key and item.thread_key != item.external_id:
        complaint = lookups.thread(item.platform, item.thread_key)
    if complaint is None:
        if item.parent_id and row.attempts < DEFER_ATTEMPTS and _is_recent(item):
            raise Deferred("reply before the post it answers")
        return "own post"
    if lookups.message(item.platform, item.external_id) is not None:
        return "duplicate"  # e.g. Sigap's own tag or a reply sent from the portal, recorded when sent
    if account is not None and responses.tag_in_flight(complaint, account):
        raise Deferred("Sigap is posting on this thread: wait for the platform's id of its post")
    message = services.complaint_add_message(complaint=complaint, item=item, from_account=account,
                                             author_user=author_user_id and User(pk=author_user_id))
    lookups.added(complaint, message)
    mentioned = routing.agencies_mentioned(item.platform, [*item.mentions, *mentions_in(item.text)])
    outcome = responses.official_post_recorded(complaint=complaint, message=message, agency=agency,
                                               mentioned=mentioned)
    return "official reply" if outcome in ("reply", "other agency reply", "hub reply") else outcome


def _is_recent(item: Item) -> bool:
    return timezone.now() - item.posted_at < timedelta(days=2)


def _complaint_for_parent(item: Item, lookups: _Lookups) -> Complaint | None:
    if not item.parent_id:
        return None
    parent = lookups.message(item.platform, item.parent_id)
    if parent is None:
        return None
    # The thread's complaint as this batch knows it (kept current), else the parent's own.
    return lookups.threads.get((parent.complaint.platform, parent.complaint.thread_key)) or parent.complaint


def _thread_key(item: Item, accounts: dict[str, OfficialAccount]) -> str:
    """The conversation the message belongs to. Under an official account's own post every
    citizen has a thread of their own; elsewhere the platform's conversation is the thread."""
    if item.platform == Platform.X:
        to_user = str(item.extra.get("in_reply_to_user_id") or "")
        root_is_ours = item.kind == "comment" or (
            to_user and f"id:{to_user}" in accounts and item.parent_id == item.thread_key
        )
        if root_is_ours and item.thread_key:
            return f"{item.thread_key}:{item.author_id}"
    return item.thread_key or item.external_id


#: A citizen's message never joins a closed complaint: it opens a new one.
CLOSED = (Status.RESOLVED, Status.OUT_OF_SCOPE, Status.ARCHIVED)


def _window_base(item: Item) -> str:
    """Conversations without a thread id (WhatsApp, direct messages): the same person writing
    to the same account within 24 hours. Empty for threaded platforms."""
    if item.platform == Platform.WHATSAPP:
        return f"wa:{item.account_ref}:{item.author_id}"
    if item.thread_key.startswith("dm:"):
        return item.thread_key
    return ""


def _windowed_complaint(base: str, item: Item) -> Complaint | None:
    return (
        Complaint.objects.filter(
            platform=item.platform, thread_key__startswith=f"{base}:",
            last_message_at__gte=item.posted_at - WHATSAPP_WINDOW,
            last_message_at__lte=item.posted_at + WHATSAPP_WINDOW,
        ).exclude(status__in=CLOSED).order_by("-last_message_at").first()
    )


def _apply_citizen(
    item: Item, account: OfficialAccount | None, accounts: dict[str, OfficialAccount], lookups: _Lookups,
    *, attempts: int = DEFER_ATTEMPTS,
) -> str:
    if lookups.message(item.platform, item.external_id) is not None:
        return "duplicate"
    complaint = _complaint_for_parent(item, lookups)
    thread_key = _thread_key(item, accounts)
    base = _window_base(item)
    if base:
        ThreadLock.objects.get_or_create(key=base)
        ThreadLock.objects.select_for_update().get(key=base)
        complaint = _windowed_complaint(base, item)
        thread_key = f"{base}:{item.external_id}"
    elif complaint is None:
        if (item.platform == Platform.X and item.parent_id and item.parent_id != item.thread_key
                and attempts < DEFER_ATTEMPTS and _is_recent(item)):
            # A reply inside a thread whose parent has not come yet: its parent decides the
            # thread (under an agency's post each citizen has their own).
            raise Deferred("reply before the post it answers")
        complaint = lookups.thread(item.platform, thread_key)
    if complaint is not None:
        message = services.complaint_add_message(complaint=complaint, item=item)
        lookups.added(complaint, message)
        return "joined"
    category = classify(item.text)
    routed = route(platform=item.platform, text=item.text, mentions=item.mentions, account=account,
                   category=category)
    complaint = services.complaint_open(
        item=item, thread_key=thread_key, account=account, category=category,
        agency=routed.agency, routing_reason=routed.reason,
    )
    lookups.added(complaint)
    lookups.messages[(item.platform, item.external_id)] = complaint.messages.model(
        complaint=complaint, platform=item.platform, external_id=item.external_id)
    return "opened"
