"""From a stored inbound item to a complaint: dedupe -> thread -> classify -> route.

`item_process` is what the Celery task calls. It claims the item (compare-and-set, so two
workers never work on one item), does all its writes and marks the item processed in one
transaction: a worker killed midway leaves nothing behind, and the item is claimed again
after CLAIM_TIMEOUT by the beat job that re-queues stale items."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Membership, Role, User
from agencies.models import OfficialAccount, Platform
from complaints import services
from complaints.classify import classify
from complaints.models import Complaint, Message, Status, ThreadLock
from complaints.routing import route
from platforms.connectors.base import Item, PlatformError, TokenInvalid
from platforms.models import InboundItem

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=3)
WHATSAPP_WINDOW = timedelta(hours=24)
#: A reply whose parent has not arrived yet waits this many attempts before it is settled.
DEFER_ATTEMPTS = 5


class Deferred(Exception):
    """Not processable yet (its parent has not arrived): try again later."""


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
                outcome = _apply(row, item)
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


def _apply(row: InboundItem, item: Item) -> str:
    if item.kind == "status":
        return "status"  # our own sends' delivery reports: kept in the raw store, never complaints
    if item.incomplete:
        raise Deferred("the platform sent no text yet; fetch it first")  # _complete did not run
    account = row.account
    if account is None and item.account_ref:
        account = OfficialAccount.objects.select_related("agency").filter(
            platform=item.platform, external_id=item.account_ref).first()
        if account is not None:
            InboundItem.objects.filter(pk=row.pk).update(account=account)
    accounts = _official_accounts(item.platform)
    if item.event in ("edit", "remove"):
        return _apply_change(row, item)
    author_account = _author_account(item, accounts)
    if author_account is not None:
        return _apply_official(row, item, author_account)
    if item.platform == Platform.WHATSAPP and _is_head_number(item.author_handle):
        return "head message"  # heads answer their tags; never a citizen's complaint
    return _apply_citizen(item, account, accounts, attempts=row.attempts)


def _apply_change(row: InboundItem, item: Item) -> str:
    message = Message.objects.select_related("complaint").filter(
        platform=item.platform, external_id=item.external_id).first()
    if message is None:
        if row.attempts < DEFER_ATTEMPTS:
            raise Deferred(f"{item.event} before the post itself")
        if item.event == "edit":
            # The post never came on its own: the edited text is the post.
            account = row.account
            return _apply_citizen(replace(item, event="create"), account, _official_accounts(item.platform))
        return "removed before seen"
    if item.event == "edit":
        services.message_edit(message=message, item=item)
        return "edited"
    services.message_remove(message=message, item=item)
    return "removed"


def _apply_official(row: InboundItem, item: Item, author: OfficialAccount) -> str:
    """A post by an official account: a reply in a complaint's thread, or its own post."""
    complaint = _complaint_for_parent(item)
    if complaint is None and item.thread_key.startswith("dm:"):
        complaint = _windowed_complaint(item.thread_key, item)
    elif complaint is None and item.thread_key and item.thread_key != item.external_id:
        complaint = Complaint.objects.filter(platform=item.platform, thread_key=item.thread_key).first()
    if complaint is None:
        if item.parent_id and row.attempts < DEFER_ATTEMPTS and _is_recent(item):
            raise Deferred("reply before the post it answers")
        return "own post"
    if Message.objects.filter(platform=item.platform, external_id=item.external_id).exists():
        return "duplicate"
    services.complaint_add_message(complaint=complaint, item=item, from_account=author)
    return "official reply"


def _is_recent(item: Item) -> bool:
    return timezone.now() - item.posted_at < timedelta(days=2)


def _complaint_for_parent(item: Item) -> Complaint | None:
    if not item.parent_id:
        return None
    parent = Message.objects.select_related("complaint").filter(
        platform=item.platform, external_id=item.parent_id).first()
    return parent.complaint if parent else None


def _is_head_number(number: str) -> bool:
    if not number:
        return False
    heads = Membership.objects.active().filter(role=Role.HEAD).values("user_id")
    return User.objects.filter(pk__in=heads, phone=number).exists()


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
    item: Item, account: OfficialAccount | None, accounts: dict[str, OfficialAccount],
    *, attempts: int = DEFER_ATTEMPTS,
) -> str:
    if Message.objects.filter(platform=item.platform, external_id=item.external_id).exists():
        return "duplicate"
    complaint = _complaint_for_parent(item)
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
        complaint = Complaint.objects.filter(platform=item.platform, thread_key=thread_key).first()
    if complaint is not None:
        services.complaint_add_message(complaint=complaint, item=item)
        return "joined"
    category = classify(item.text)
    routed = route(platform=item.platform, text=item.text, mentions=item.mentions, account=account,
                   category=category)
    services.complaint_open(
        item=item, thread_key=thread_key, account=account, category=category,
        agency=routed.agency, routing_reason=routed.reason,
    )
    return "opened"
