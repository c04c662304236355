"""Meta's webhooks, one endpoint for three objects: Facebook Pages (`page`), Instagram
professional accounts (`instagram`) and the WhatsApp Cloud API (`whatsapp_business_account`).

Parsing is lenient: `entry[].changes[]`, `entry[].messaging[]` and the app dashboard's test
form (`field`/`value` directly in `entry[]`) are all read; unknown keys are ignored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from platforms.connectors.base import (
    AccountMetrics,
    Item,
    Page,
    PollResult,
    PostData,
    RecentPosts,
    Refused,
    Sent,
    count,
    parse_time,
    require_token,
    send_request,
    stored_item,
    uncertain_if_transient,
)

#: Backfill polling (the webhooks are the main road; some never arrive): every round reads the
#: newest posts/media of the account and, for those whose comment count moved since the last
#: round (all of them the first time), their comments back to the checkpoint minus OVERLAP.
OVERLAP = timedelta(minutes=30)
FIRST_ROUND = timedelta(days=1)  # no checkpoint yet: nothing older becomes a complaint
POSTS_PER_ROUND = 25
COMMENT_PAGE_CAP = 10
RECENT_PAGE_CAP = 8  # own posts for the daily snapshots: up to 800 a month
FB_FEED_FIELDS = "id,created_time,message,from,permalink_url,comments.filter(stream).limit(0).summary(true)"
FB_COMMENT_FIELDS = "id,message,created_time,from,parent{id}"
IG_MEDIA_FIELDS = "id,timestamp,comments_count,media_product_type"
IG_COMMENT_FIELDS = "id,text,timestamp,username,from,parent_id"
FB_POST_FIELDS = ("id,created_time,message,permalink_url,shares,"
                  "reactions.limit(0).summary(true),comments.filter(stream).limit(0).summary(true)")
IG_OWN_MEDIA_FIELDS = "id,caption,timestamp,permalink,like_count,comments_count,media_type,media_product_type"

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
    if code in (1, 2) or response.status_code >= 500:  # unknown error, service temporarily down
        return Transient(message)
    return Refused(message)  # 10 and 200-299 (permission), 100 (bad parameter), 368 (blocked)...


#: What one comment may hold (characters): Facebook 8,000, Instagram 2,200.
COMMENT_LIMITS = {"facebook": 8000, "instagram": 2200}
FIND_PAGE_CAP = 3  # pages of 100 comments read when looking for our own reply


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

    def parse_webhook(self, payload: dict[str, Any]) -> list[Item]:
        return [item for item in parse_webhook(payload) if item.platform == self.platform]

    # --- Replies --------------------------------------------------------------------

    def reply(self, account: Any, *, in_reply_to: str, text: str) -> Sent:
        """Facebook: `POST /{comment-or-post-id}/comments` (message). Instagram: a comment on
        our media `POST /{ig-comment-id}/replies`; an item intake stored as a mention (a
        comment or caption on someone else's media) `POST /{ig-user-id}/mentions` with
        media_id and comment_id. Instagram replies are one level deep: a reply to a reply goes
        to its top-level comment. Page/Instagram token (pages_manage_engagement,
        instagram_manage_comments); no token or a too long text: Refused without a call.
        Only people who interacted with the Page can be @tagged on Facebook: the caller names
        the agency's Page there."""
        token = require_token(account)
        limit = COMMENT_LIMITS[self.platform]
        if not text.strip():
            raise Refused("empty text")
        if len(text) > limit:
            raise Refused(f"too long for {self.platform}: {len(text)} of {limit} characters")
        path, data = self._reply_target(account, in_reply_to)
        response = send_request(self.client, "POST", path, data={**data, "message": text},
                                headers={"Authorization": f"Bearer {token}"})
        if response.status_code == 200:
            try:
                comment_id = str((response.json() or {}).get("id") or "")
            except ValueError:
                comment_id = ""
            if not comment_id:
                raise Refused("no id in the answer")
            return Sent(external_id=comment_id, posted_at=timezone.now(), url=self._comment_url(account, comment_id))
        raise uncertain_if_transient(graph_error(response))

    def _reply_target(self, account: Any, in_reply_to: str) -> tuple[str, dict[str, str]]:
        if self.platform == "facebook":
            return f"/{in_reply_to}/comments", {}
        item = stored_item("instagram", in_reply_to)
        if item is not None and item.kind == "mention":
            data = {"media_id": str(item.extra.get("media_id") or item.root_id or "")}
            if item.extra.get("comment_id"):
                data["comment_id"] = str(item.extra["comment_id"])
            return f"/{account.external_id}/mentions", data
        return f"/{_ig_top_comment(item, in_reply_to)}/replies", {}

    def _comment_url(self, account: Any, comment_id: str) -> str:
        post, sep, comment = comment_id.partition("_")
        if self.platform != "facebook" or not sep:
            return ""  # Instagram comments have no link of their own
        return fb_comment_url(f"{account.external_id}_{post}", comment)

    def find_own_reply(self, account: Any, *, in_reply_to: str, contains: str) -> Sent | None:
        """Our comment under `in_reply_to` whose text contains `contains`: Facebook
        `GET /{id}/comments?fields=from,message,created_time` (and, for a reply, its
        top-level comment, where Facebook files replies to replies) filtered on our Page id;
        Instagram `GET /{ig-comment-id}/replies` filtered on our account. A reply to an
        Instagram mention sits on someone else's media, whose comments our token cannot list:
        None (the caller then posts again)."""
        require_token(account)
        item = stored_item(self.platform, in_reply_to)
        if self.platform == "instagram":
            if item is not None and item.kind == "mention":
                return None
            nodes = [(_ig_top_comment(item, in_reply_to), "replies")]
            fields, text_key, stamp_key = "id,text,timestamp,username,from", "text", "timestamp"
        else:
            nodes = [(in_reply_to, "comments")]
            if item is not None and item.thread_key and item.thread_key != in_reply_to:
                nodes.append((item.thread_key, "comments"))
            fields, text_key, stamp_key = "id,from,message,created_time", "message", "created_time"
        ours = str(account.external_id or "")
        handle = str(account.handle or "").lower()
        for node, edge in nodes:
            params = {"fields": fields, "limit": "100", "order": "reverse_chronological"}
            for _url, _raw, body in self._edge(f"/{node}/{edge}", account, params, page_cap=FIND_PAGE_CAP):
                for comment in body.get("data") or []:
                    sender = comment.get("from") or {}
                    mine = str(sender.get("id") or "") == ours or (
                        self.platform == "instagram" and handle
                        and str(sender.get("username") or comment.get("username") or "").lower() == handle)
                    if mine and contains in str(comment.get(text_key) or "") and comment.get("id"):
                        comment_id = str(comment["id"])
                        return self._sent(account, comment_id, parse_time(comment.get(stamp_key)))
        return None

    def _sent(self, account: Any, comment_id: str, posted_at: datetime | None) -> Sent:
        return Sent(external_id=comment_id, posted_at=posted_at or timezone.now(),
                    url=self._comment_url(account, comment_id))

    def _fetch(self, path: str, account: Any, params: dict[str, Any]) -> tuple[str, bytes, dict[str, Any]]:
        """One Graph GET: (its URL, the body verbatim, the body parsed)."""
        import httpx

        from platforms.connectors.base import Transient

        try:
            response = self.client.get(path, params=params,
                                       headers={"Authorization": f"Bearer {account.access_token}"})
        except httpx.HTTPError as exc:
            raise Transient(type(exc).__name__) from exc
        if response.status_code != 200:
            raise graph_error(response)
        return str(response.request.url), response.content, response.json()

    def _edge(self, path: str, account: Any, params: dict[str, Any], *, page_cap: int):
        """The pages of a Graph edge, following `paging.cursors.after` while `paging.next` is
        there (the generator's caller stops early when the pages get too old)."""
        params = dict(params)
        for _page in range(page_cap):
            url, raw, body = self._fetch(path, account, params)
            yield url, raw, body
            paging = body.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return
            params["after"] = after

    # --- Daily snapshots ------------------------------------------------------------

    def fetch_account_metrics(self, account: Any) -> AccountMetrics:
        """Facebook: `GET /{page-id}?fields=followers_count,fan_count` (fan_count, the Page's
        likes, where followers are not given); Instagram: followers_count, follows_count,
        media_count."""
        if self.platform == "instagram":
            body = self._get(f"/{account.external_id}", account,
                             {"fields": "followers_count,follows_count,media_count"})
            return AccountMetrics(followers=count(body.get("followers_count")),
                                  following=count(body.get("follows_count")),
                                  posts_count=count(body.get("media_count")))
        body = self._get(f"/{account.external_id}", account, {"fields": "followers_count,fan_count"})
        followers = count(body.get("followers_count"))
        return AccountMetrics(followers=followers if followers is not None else count(body.get("fan_count")))

    def fetch_recent_posts(self, account: Any, since: datetime) -> RecentPosts:
        """The Page's own posts (`/{page-id}/posts`) or the account's media
        (`/{ig-user-id}/media`) published since `since`, newest first, with their numbers.
        Facebook gives no views without Insights; Instagram no shares nor views."""
        if self.platform == "instagram":
            path, fields, stamp = f"/{account.external_id}/media", IG_OWN_MEDIA_FIELDS, "timestamp"
        else:
            path, fields, stamp = f"/{account.external_id}/posts", FB_POST_FIELDS, "created_time"
        params = {"fields": fields, "limit": "100", "since": str(int(since.timestamp()))}
        posts: list[PostData] = []
        pages = 0
        for _url, _raw, body in self._edge(path, account, params, page_cap=RECENT_PAGE_CAP):
            pages += 1
            older_seen = False
            for raw in body.get("data") or []:
                published = parse_time(raw.get(stamp))
                if not raw.get("id") or published is None:
                    continue
                if published < since:
                    older_seen = True
                    continue
                posts.append(self._post_data(raw, published))
            paging = body.get("paging") or {}
            if older_seen or not paging.get("next"):
                return RecentPosts(posts=posts, complete=True)
        return RecentPosts(posts=posts, complete=pages < RECENT_PAGE_CAP)

    def _post_data(self, raw: dict[str, Any], published: datetime) -> PostData:
        if self.platform == "instagram":
            return PostData(
                external_id=str(raw["id"]), published_at=published, kind=ig_kind(raw),
                text=str(raw.get("caption") or ""), url=str(raw.get("permalink") or ""),
                likes=count(raw.get("like_count")), comments=count(raw.get("comments_count")),
            )
        shares = raw.get("shares")
        return PostData(
            external_id=str(raw["id"]), published_at=published, text=str(raw.get("message") or ""),
            url=str(raw.get("permalink_url") or "") or fb_comment_url(str(raw["id"])),
            likes=_summary_total(raw.get("reactions")), comments=_summary_total(raw.get("comments")),
            # The Graph API leaves `shares` out when nobody shared the post.
            shares=count((shares or {}).get("count")) if isinstance(shares, dict) else 0,
        )

    # --- Backfill polling -----------------------------------------------------------

    def fetch_own_posts(self, account: Any, cursor: dict[str, Any]) -> PollResult:
        return PollResult(pages=[], cursor=cursor)  # read by the daily snapshot (fetch_recent_posts)

    def fetch_mentions(self, account: Any, cursor: dict[str, Any]) -> PollResult:
        """Comments on the account's newest posts/media (and visitors' posts on a Page) newer
        than the checkpoint minus OVERLAP, as the same Items the webhooks give: webhook and
        poll dedupe on the comment id. Cursor: `since` (the newest comment time seen) and
        `counts` (each recent post's comment count at the last round)."""
        checkpoint = parse_time(cursor.get("since"))
        floor = checkpoint - OVERLAP if checkpoint else timezone.now() - FIRST_ROUND
        known = cursor.get("counts") or {}
        if self.platform == "instagram":
            pages, counts = self._instagram_backfill(account, floor, known)
        else:
            pages, counts = self._facebook_backfill(account, floor, known)
        stamps = [item.posted_at for page in pages for item in page.items]
        newest = max([*stamps, *([checkpoint] if checkpoint else [])], default=None)
        new_cursor = {**cursor, "counts": counts}
        if newest is not None:
            new_cursor["since"] = newest.astimezone(UTC).isoformat()
        return PollResult(pages=pages, cursor=new_cursor)

    def _facebook_backfill(self, account: Any, floor: datetime, known: dict[str, Any]
                           ) -> tuple[list[Page], dict[str, int]]:
        page_id = str(account.external_id)
        url, raw, body = self._fetch(f"/{page_id}/feed", account,
                                     {"fields": FB_FEED_FIELDS, "limit": str(POSTS_PER_ROUND)})
        visitors = [i for i in (fb_visitor_post_item(p, page_id=page_id) for p in body.get("data") or [])
                    if i and i.posted_at >= floor]
        pages = [Page(url=url, body=raw, items=visitors)]
        counts: dict[str, int] = {}
        for post in body.get("data") or []:
            post_id = str(post.get("id") or "")
            total = _summary_total(post.get("comments"))
            if not post_id:
                continue
            if total is not None:
                counts[post_id] = total
            if total is not None and known.get(post_id) == total:
                continue  # no comment since the last round
            params = {"filter": "stream", "order": "reverse_chronological", "fields": FB_COMMENT_FIELDS,
                      "limit": "100"}
            for c_url, c_raw, c_body in self._edge(f"/{post_id}/comments", account, params,
                                                   page_cap=COMMENT_PAGE_CAP):
                found = [fb_comment_item(c, page_id=page_id, post_id=post_id) for c in c_body.get("data") or []]
                found = [i for i in found if i]
                pages.append(Page(url=c_url, body=c_raw, items=[i for i in found if i.posted_at >= floor]))
                if any(i.posted_at < floor for i in found):
                    break  # newest first: the rest is older still
        return pages, counts

    def _instagram_backfill(self, account: Any, floor: datetime, known: dict[str, Any]
                            ) -> tuple[list[Page], dict[str, int]]:
        ig_user_id = str(account.external_id)
        url, raw, body = self._fetch(f"/{ig_user_id}/media", account,
                                     {"fields": IG_MEDIA_FIELDS, "limit": str(POSTS_PER_ROUND)})
        pages = [Page(url=url, body=raw, items=[])]
        counts: dict[str, int] = {}
        fields = f"{IG_COMMENT_FIELDS},replies{{{IG_COMMENT_FIELDS}}}"
        for media in body.get("data") or []:
            media_id = str(media.get("id") or "")
            total = count(media.get("comments_count"))
            if not media_id:
                continue
            if total is not None:
                counts[media_id] = total
            if total is not None and known.get(media_id) == total:
                continue
            product = media.get("media_product_type")
            # The order of /comments is not documented: read every page (capped), keep the recent.
            for c_url, c_raw, c_body in self._edge(f"/{media_id}/comments", account,
                                                   {"fields": fields, "limit": "50"}, page_cap=COMMENT_PAGE_CAP):
                items: list[Item] = []
                for comment in c_body.get("data") or []:
                    replies = [{"parent_id": comment.get("id"), **reply}
                               for reply in (comment.get("replies") or {}).get("data") or []]
                    for raw_comment in [comment, *replies]:
                        item = ig_comment_item(raw_comment, ig_user_id=ig_user_id, handle=str(account.handle),
                                               media_id=media_id, media_product_type=product)
                        if item and item.posted_at >= floor:
                            items.append(item)
                pages.append(Page(url=c_url, body=c_raw, items=items))
        return pages, counts

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


def _summary_total(edge: Any) -> int | None:
    """`comments.summary(true)` and `reactions.summary(true)` come as
    `{"data": [...], "summary": {"total_count": N}}`."""
    if not isinstance(edge, dict):
        return None
    return count((edge.get("summary") or {}).get("total_count"))


def fb_comment_item(comment: dict[str, Any], *, page_id: str, post_id: str) -> Item | None:
    """A comment read from `/{post-id}/comments?filter=stream` in the shape `_page_entry`
    gives the same comment from the webhook (same id, thread, kind), so that both dedupe."""
    comment_id = str(comment.get("id") or "")
    posted_at = parse_time(comment.get("created_time"))
    if not comment_id or posted_at is None:
        return None
    sender = comment.get("from") or {}
    author_id = str(sender.get("id") or "")
    parent_id = str((comment.get("parent") or {}).get("id") or "") or post_id
    top_level = parent_id == post_id
    return Item(
        platform="facebook", external_id=comment_id,
        kind="post" if author_id and author_id == page_id else "comment",
        posted_at=posted_at, account_ref=page_id, author_id=author_id,
        author_name=str(sender.get("name") or ""), text=str(comment.get("message") or ""),
        thread_key=comment_id if top_level else parent_id, parent_id=parent_id, root_id=post_id,
        url=fb_comment_url(post_id, comment_id),
    )


def fb_visitor_post_item(post: dict[str, Any], *, page_id: str) -> Item | None:
    """A visitor's post on the Page's feed, as `_page_entry` gives it (a mention); the Page's
    own posts are not mentions and are read by the daily snapshot instead."""
    post_id = str(post.get("id") or "")
    sender = post.get("from") or {}
    author_id = str(sender.get("id") or "")
    posted_at = parse_time(post.get("created_time"))
    if not post_id or posted_at is None or not author_id or author_id == page_id:
        return None
    return Item(
        platform="facebook", external_id=post_id, kind="mention", posted_at=posted_at,
        account_ref=page_id, author_id=author_id, author_name=str(sender.get("name") or ""),
        text=str(post.get("message") or ""), thread_key=post_id, root_id=post_id, url=fb_comment_url(post_id),
    )


def ig_comment_item(comment: dict[str, Any], *, ig_user_id: str, handle: str, media_id: str,
                    media_product_type: str | None) -> Item | None:
    """A comment read from `/{ig-media-id}/comments` (or its `replies`) in the shape
    `_instagram_entry` gives the same comment from the webhook."""
    comment_id = str(comment.get("id") or "")
    posted_at = parse_time(comment.get("timestamp"))
    if not comment_id or posted_at is None:
        return None
    sender = comment.get("from") or {}
    author_id = str(sender.get("id") or "")
    username = str(sender.get("username") or comment.get("username") or "").lower()
    parent_id = str(comment.get("parent_id") or "")
    ours = (bool(author_id) and author_id == ig_user_id) or (bool(username) and username == handle.lower())
    return Item(
        platform="instagram", external_id=comment_id, kind="post" if ours else "comment",
        posted_at=posted_at, account_ref=ig_user_id, author_id=author_id, author_handle=username,
        text=str(comment.get("text") or ""), thread_key=parent_id or comment_id,
        parent_id=parent_id or media_id, root_id=media_id,
        extra={"media_product_type": media_product_type} if media_product_type else {},
    )


def ig_kind(media: dict[str, Any]) -> str:
    if str(media.get("media_product_type") or "") == "REELS":
        return "reel"
    return "video" if str(media.get("media_type") or "") == "VIDEO" else "post"


def _completed(item: Item, *, posted_at: datetime | None, **values: str) -> Item:
    from dataclasses import replace

    return replace(item, incomplete=False, posted_at=posted_at or item.posted_at,
                   **{k: v for k, v in values.items() if v})


def _ig_top_comment(item: Item | None, comment_id: str) -> str:
    """The top-level comment of an Instagram comment as intake stored it (a reply's thread
    is its top-level comment); the id itself when unknown."""
    if item is not None and item.thread_key and item.thread_key != comment_id:
        return item.thread_key
    return comment_id
