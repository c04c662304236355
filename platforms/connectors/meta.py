"""Meta's webhooks, one endpoint for three objects: Facebook Pages (`page`), Instagram
professional accounts (`instagram`) and the WhatsApp Cloud API (`whatsapp_business_account`).

Parsing is lenient: `entry[].changes[]`, `entry[].messaging[]` and the app dashboard's test
form (`field`/`value` directly in `entry[]`) are all read; unknown keys are ignored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from platforms.connectors.base import Item, parse_time

_VERBS = {"add": "create", "edited": "edit", "edit": "edit", "remove": "remove", "hide": "remove",
          "delete": "remove"}


def _changes(entry: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(field, value) of each change whose value is an object, in both delivery forms."""
    changes = [c for c in entry.get("changes") or [] if isinstance(c, dict)]
    if not changes and "field" in entry:
        changes = [{"field": entry["field"], "value": entry.get("value")}]
    return [(str(c.get("field") or ""), c["value"]) for c in changes if isinstance(c.get("value"), dict)]


def _entry_time(entry: dict[str, Any]) -> datetime:
    return parse_time(entry.get("time")) or datetime.now(UTC)


def parse_webhook(payload: dict[str, Any]) -> list[Item]:
    obj = payload.get("object")
    items: list[Item] = []
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict):
            continue
        if obj == "page":
            items += _page_entry(entry)
        elif obj == "instagram":
            items += _instagram_entry(entry)
        elif obj == "whatsapp_business_account":
            items += _whatsapp_entry(entry)
    return items


# --- Facebook Pages -------------------------------------------------------------------


def fb_comment_url(post_id: str, comment_id: str = "") -> str:
    page_id, _sep, post = post_id.partition("_")
    base = f"https://www.facebook.com/{page_id}/posts/{post or page_id}"
    return f"{base}?comment_id={comment_id.rpartition('_')[2]}" if comment_id else base


def _page_entry(entry: dict[str, Any]) -> list[Item]:
    page_id = str(entry.get("id") or "")
    items: list[Item] = []
    for field, value in _changes(entry):
        verb = _VERBS.get(str(value.get("verb") or "add"))
        if verb is None:
            continue  # unhide and the like
        sender = value.get("from") or {}
        author_id = str(sender.get("id") or value.get("sender_id") or "")
        post_id = str(value.get("post_id") or "")
        comment_id = str(value.get("comment_id") or "")
        posted_at = parse_time(value.get("created_time")) or _entry_time(entry)
        if field == "mention":
            # A mention carries no author nor text: fetched before it is processed.
            external_id = comment_id or post_id
            if external_id:
                items.append(Item(
                    platform="facebook", external_id=external_id, kind="mention", event=verb,
                    posted_at=posted_at, account_ref=page_id, thread_key=external_id,
                    root_id=post_id, url=fb_comment_url(post_id, comment_id), incomplete=True,
                    extra={"item": value.get("item")},
                ))
            continue
        if field != "feed":
            continue
        item_type = value.get("item")
        ours = bool(author_id) and author_id == page_id
        if item_type == "comment" and comment_id:
            parent_id = str(value.get("parent_id") or post_id)
            top_level = parent_id == post_id
            items.append(Item(
                platform="facebook", external_id=comment_id, kind="post" if ours else "comment",
                event=verb, posted_at=posted_at, account_ref=page_id, author_id=author_id,
                author_name=str(sender.get("name") or ""), text=str(value.get("message") or ""),
                thread_key=comment_id if top_level else parent_id, parent_id=parent_id,
                root_id=post_id, url=fb_comment_url(post_id, comment_id),
                extra={"edited_at": str(entry.get("time") or "")} if verb == "edit" else {},
            ))
        elif item_type in {"post", "status", "photo", "video", "share"} and post_id:
            items.append(Item(
                platform="facebook", external_id=post_id, kind="post" if ours else "mention",
                event=verb, posted_at=posted_at, account_ref=page_id, author_id=author_id,
                author_name=str(sender.get("name") or ""), text=str(value.get("message") or ""),
                thread_key=post_id, root_id=post_id, url=fb_comment_url(post_id),
            ))
    for event in entry.get("messaging") or []:
        item = _messaging_event(event, platform="facebook", account_ref=page_id)
        if item:
            items.append(item)
    return items


def _messaging_event(event: dict[str, Any], *, platform: str, account_ref: str) -> Item | None:
    message = event.get("message") or {}
    mid = str(message.get("mid") or "")
    if not mid:
        return None
    sender = str((event.get("sender") or {}).get("id") or "")
    recipient = str((event.get("recipient") or {}).get("id") or "")
    citizen = recipient if sender == account_ref else sender  # our echo answers the recipient
    timestamp = event.get("timestamp")
    posted_at = (datetime.fromtimestamp(int(timestamp) / 1000, tz=UTC)
                 if str(timestamp or "").isdigit() else datetime.now(UTC))
    return Item(
        platform=platform, external_id=mid, kind="post" if sender == account_ref else "message",
        event="remove" if message.get("is_deleted") else "create", posted_at=posted_at,
        account_ref=account_ref, author_id=sender, text=str(message.get("text") or ""),
        thread_key=f"dm:{account_ref}:{citizen}", extra={"dm_with": citizen},
    )


# --- Instagram ------------------------------------------------------------------------


def _instagram_entry(entry: dict[str, Any]) -> list[Item]:
    ig_user_id = str(entry.get("id") or "")
    items: list[Item] = []
    for field, value in _changes(entry):
        posted_at = parse_time(value.get("timestamp")) or _entry_time(entry)
        if field == "mentions":
            # No text in a mention webhook: fetched at once through mentioned_comment/media.
            comment_id = str(value.get("comment_id") or "")
            media_id = str(value.get("media_id") or "")
            external_id = comment_id or media_id
            if external_id:
                items.append(Item(
                    platform="instagram", external_id=external_id, kind="mention",
                    posted_at=posted_at, account_ref=ig_user_id, thread_key=external_id,
                    root_id=media_id, incomplete=True,
                    extra={"comment_id": comment_id, "media_id": media_id},
                ))
        elif field in {"comments", "live_comments"}:
            comment_id = str(value.get("id") or "")
            if not comment_id:
                continue
            sender = value.get("from") or {}
            media = value.get("media") or {}
            parent_id = str(value.get("parent_id") or "")
            author_id = str(sender.get("id") or "")
            items.append(Item(
                platform="instagram", external_id=comment_id,
                kind="post" if author_id and author_id == ig_user_id else "comment",
                posted_at=posted_at, account_ref=ig_user_id, author_id=author_id,
                author_handle=str(sender.get("username") or "").lower(),
                text=str(value.get("text") or ""), thread_key=parent_id or comment_id,
                parent_id=parent_id or str(media.get("id") or ""), root_id=str(media.get("id") or ""),
                extra={"media_product_type": media.get("media_product_type")} if media else {},
            ))
    for event in entry.get("messaging") or []:
        item = _messaging_event(event, platform="instagram", account_ref=ig_user_id)
        if item:
            items.append(item)
    return items


# --- WhatsApp Cloud API ---------------------------------------------------------------


def whatsapp_text(message: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The readable text of an inbound WhatsApp message, and what else matters about it."""
    kind = str(message.get("type") or "")
    extra: dict[str, Any] = {"type": kind}
    if kind == "text":
        return str((message.get("text") or {}).get("body") or ""), extra
    if kind in {"image", "video", "document"}:
        media = message.get(kind) or {}
        extra["media_id"] = media.get("id")
        return str(media.get("caption") or ""), extra
    if kind == "location":
        loc = message.get("location") or {}
        extra["location"] = {k: loc.get(k) for k in ("latitude", "longitude", "name", "address")}
        label = " ".join(str(loc.get(k) or "") for k in ("name", "address")).strip()
        return label or f"{loc.get('latitude')}, {loc.get('longitude')}", extra
    if kind == "button":
        button = message.get("button") or {}
        extra["button_payload"] = button.get("payload")
        return str(button.get("text") or ""), extra
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        extra["button_payload"] = reply.get("id")
        return str(reply.get("title") or ""), extra
    return "", extra


def _whatsapp_entry(entry: dict[str, Any]) -> list[Item]:
    items: list[Item] = []
    for field, value in _changes(entry):
        if field != "messages":
            continue
        phone_number_id = str((value.get("metadata") or {}).get("phone_number_id") or "")
        contacts = {str(c.get("wa_id") or ""): c for c in value.get("contacts") or [] if isinstance(c, dict)}
        for message in value.get("messages") or []:
            wamid = str(message.get("id") or "")
            if not wamid:
                continue
            wa_id = str(message.get("from") or "")
            contact = contacts.get(wa_id, {})
            text, extra = whatsapp_text(message)
            context_id = str((message.get("context") or {}).get("id") or "")
            if context_id:
                extra["context_id"] = context_id
            items.append(Item(
                platform="whatsapp", external_id=wamid, kind="message",
                posted_at=parse_time(message.get("timestamp")) or datetime.now(UTC),
                account_ref=phone_number_id,
                author_id=str(contact.get("user_id") or message.get("from_user_id") or wa_id),
                author_handle=f"+{wa_id}" if wa_id and not wa_id.startswith("+") else wa_id,
                author_name=str((contact.get("profile") or {}).get("name") or ""),
                text=text, extra=extra,
            ))
        for status in value.get("statuses") or []:
            status_id = str(status.get("id") or "")
            if not status_id:
                continue
            items.append(Item(
                platform="whatsapp", external_id=status_id, kind="status",
                posted_at=parse_time(status.get("timestamp")) or datetime.now(UTC),
                account_ref=phone_number_id, author_handle=str(status.get("recipient_id") or ""),
                extra={"status": status.get("status"), "errors": status.get("errors") or []},
            ))
    return items


# --- Reading from the Graph API -------------------------------------------------------


def graph_error(response: Any) -> Exception:
    """Meta's error body: 190 is an expired or revoked token; throttling codes wait."""
    from platforms.connectors.base import RateLimited, Refused, TokenInvalid, Transient

    try:
        error = (response.json() or {}).get("error") or {}
    except ValueError:
        error = {}
    code = error.get("code")
    message = str(error.get("message") or f"HTTP {response.status_code}")[:200]
    if code == 190 or response.status_code == 401:
        return TokenInvalid(message)
    if code in (4, 17, 32, 613, 80001, 80002) or response.status_code == 429:
        return RateLimited(300.0, message)
    if response.status_code >= 500:
        return Transient(message)
    return Refused(message)


class MetaConnector:
    """Graph API reads for Facebook Pages and Instagram professional accounts."""

    def __init__(self, platform: str, client: Any = None) -> None:
        import httpx
        from django.conf import settings

        from platforms.connectors.base import HTTP_TIMEOUT

        self.platform = platform
        self.client = client or httpx.Client(base_url=settings.META_GRAPH_BASE_URL, timeout=HTTP_TIMEOUT)

    def _get(self, path: str, account: Any, params: dict[str, str]) -> dict[str, Any]:
        import httpx

        from platforms.connectors.base import Transient

        try:
            response = self.client.get(path, params=params,
                                       headers={"Authorization": f"Bearer {account.access_token}"})
        except httpx.HTTPError as exc:
            raise Transient(type(exc).__name__) from exc
        if response.status_code != 200:
            raise graph_error(response)
        return response.json()

    def complete(self, account: Any, item: Item) -> Item:
        """Fill in what a mention webhook leaves out (Meta keeps no copy: fetch at once)."""
        if self.platform == "instagram":
            comment_id = str(item.extra.get("comment_id") or "")
            media_id = str(item.extra.get("media_id") or item.root_id or "")
            if comment_id:
                body = self._get(f"/{account.external_id}", account, {
                    "fields": f"mentioned_comment.comment_id({comment_id}){{text,timestamp,username}}"})
                found = body.get("mentioned_comment") or {}
                text, author = str(found.get("text") or ""), str(found.get("username") or "")
                posted = parse_time(found.get("timestamp"))
            else:
                body = self._get(f"/{account.external_id}", account, {
                    "fields": f"mentioned_media.media_id({media_id}){{caption,timestamp,username}}"})
                found = body.get("mentioned_media") or {}
                text, author = str(found.get("caption") or ""), str(found.get("username") or "")
                posted = parse_time(found.get("timestamp"))
            return _completed(item, text=text, author_handle=author.lower(), posted_at=posted)
        body = self._get(f"/{item.external_id}", account, {"fields": "message,from,created_time"})
        sender = body.get("from") or {}
        return _completed(item, text=str(body.get("message") or ""), author_id=str(sender.get("id") or ""),
                          author_name=str(sender.get("name") or ""), posted_at=parse_time(body.get("created_time")))


def _completed(item: Item, *, posted_at: datetime | None, **values: str) -> Item:
    from dataclasses import replace

    return replace(item, incomplete=False, posted_at=posted_at or item.posted_at,
                   **{k: v for k, v in values.items() if v})
