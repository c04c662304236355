"""X (API v2): mentions by polling `GET /2/users/:id/mentions`, the account's own posts by
`GET /2/users/:id/tweets`, and webhooks of the X Activity API (and, for old recordings, the
Account Activity API's `tweet_create_events`)."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone

from platforms.connectors.base import (
    HTTP_TIMEOUT,
    AccountMetrics,
    Item,
    Page,
    PollResult,
    PostData,
    RecentPosts,
    Refused,
    Sent,
    Transient,
    classify_http_error,
    count,
    parse_time,
    require_token,
    send_request,
    uncertain_if_transient,
)

PLATFORM = "x"
TWEET_FIELDS = "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,lang"
EXPANSIONS = "author_id,referenced_tweets.id"
USER_FIELDS = "username,name"
MAX_RESULTS = 100
PAGE_CAP = 8  # only the newest 800 mentions are reachable anyway
#: Mentions are indexed late: every round re-reads this window and relies on dedupe.
OVERLAP = timedelta(minutes=15)
#: The account's own posts with their public numbers (retweets are not the agency's posts).
OWN_POST_FIELDS = "created_at,public_metrics,conversation_id,in_reply_to_user_id,referenced_tweets"
OWN_POSTS_PAGE_CAP = 10
SNOWFLAKE_EPOCH_MS = 1288834974657
#: A post holds 280 weighted characters (X's "Counting characters", twitter-text v3).
MAX_WEIGHTED_LENGTH = 280
URL_WEIGHT = 23  # every link is shortened to a t.co link of this length
#: Code points that weigh 1 (Latin, the usual punctuation and spaces); every other weighs 2.
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)
#: Looking for our own reply after an uncertain send: the newest pages of our own posts.
FIND_PAGE_CAP = 3
DUPLICATE_DETAIL = "duplicate content"


def snowflake_time(post_id: str | int) -> datetime:
    """When an X post was created, read from its id (ms since epoch = (id >> 22) + offset)."""
    ms = (int(post_id) >> 22) + SNOWFLAKE_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def snowflake_for_time(moment: datetime) -> int:
    """The smallest id an X post created at `moment` can have (for since_id overlap)."""
    ms = int(moment.timestamp() * 1000)
    return max(0, (ms - SNOWFLAKE_EPOCH_MS) << 22)


def weighted_length(text: str) -> int:
    """The length X counts, by a simple rule: the text in NFC, each link 23, each code point
    in the light ranges 1 and every other 2. X counts an emoji sequence as 2 whatever its
    code points; counting each (with joiners and variation selectors) errs long, never short:
    a text this rule accepts is never refused for its length."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    for part, link in _split_links(text):
        if link:
            total += URL_WEIGHT
            continue
        for char in part:
            point = ord(char)
            total += 1 if any(low <= point <= high for low, high in LIGHT_RANGES) else 2
    return total


def _split_links(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in URL_RE.finditer(text):
        parts += [(text[position:match.start()], False), (match.group(0), True)]
        position = match.end()
    parts.append((text[position:], False))
    return parts


def post_url(post_id: str, username: str = "") -> str:
    if username:
        return f"https://x.com/{username}/status/{post_id}"
    return f"https://x.com/i/web/status/{post_id}"


def _mentions(entities: dict[str, Any] | None) -> list[str]:
    if not entities:
        return []
    found = []
    for mention in entities.get("mentions") or entities.get("user_mentions") or []:
        name = mention.get("username") or mention.get("screen_name")
        if name:
            found.append(str(name).lower())
    return found


def parse_v2_post(
    post: dict[str, Any], *, account_ref: str, users: dict[str, dict[str, Any]], kind: str = "mention"
) -> Item | None:
    """An X API v2 post object (poll or Activity API payload). Lenient: fields that were not
    asked for are absent, so the time falls back to the id and the thread to the post."""
    post_id = str(post.get("id") or "")
    if not post_id.isdigit():
        return None
    author_id = str(post.get("author_id") or "")
    author = users.get(author_id, {})
    parent = str(post.get("in_reply_to_tweet_id") or "")
    for ref in post.get("referenced_tweets") or []:
        if ref.get("type") == "replied_to" and ref.get("id"):
            parent = str(ref["id"])
    if author_id and account_ref and author_id == account_ref:
        kind = "post"
    username = str(author.get("username") or "")
    return Item(
        platform=PLATFORM,
        external_id=post_id,
        kind=kind,
        posted_at=parse_time(post.get("created_at")) or snowflake_time(post_id),
        account_ref=account_ref,
        author_id=author_id,
        author_handle=username.lower(),
        author_name=str(author.get("name") or ""),
        text=str(post.get("text") or ""),
        thread_key=str(post.get("conversation_id") or post_id),
        parent_id=parent,
        mentions=_mentions(post.get("entities")),
        url=post_url(post_id, username),
        extra={k: str(post[k]) for k in ("lang", "in_reply_to_user_id") if post.get(k)},
    )


def parse_v1_tweet(tweet: dict[str, Any], *, account_ref: str) -> Item | None:
    """A v1.1 tweet from the (deprecated) Account Activity API's tweet_create_events."""
    post_id = str(tweet.get("id_str") or tweet.get("id") or "")
    if not post_id.isdigit():
        return None
    user = tweet.get("user") or {}
    author_id = str(user.get("id_str") or user.get("id") or "")
    extended = tweet.get("extended_tweet") or {}
    text = extended.get("full_text") or tweet.get("full_text") or tweet.get("text") or ""
    username = str(user.get("screen_name") or "")
    return Item(
        platform=PLATFORM,
        external_id=post_id,
        kind="post" if author_id and author_id == account_ref else "mention",
        posted_at=parse_time(tweet.get("created_at")) or snowflake_time(post_id),
        account_ref=account_ref,
        author_id=author_id,
        author_handle=username.lower(),
        author_name=str(user.get("name") or ""),
        text=str(text),
        # v1.1 has no conversation id: a reply joins its parent's thread through parent_id.
        thread_key=str(tweet.get("in_reply_to_status_id_str") or post_id),
        parent_id=str(tweet.get("in_reply_to_status_id_str") or ""),
        mentions=_mentions(extended.get("entities") or tweet.get("entities")),
        url=post_url(post_id, username),
    )


_ACTIVITY_KINDS = {
    "post.mention.create": "mention",
    "post.reply.create": "comment",
    "post.create": "post",
}


def parse_webhook(payload: dict[str, Any]) -> list[Item]:
    items: list[Item] = []
    if "tweet_create_events" in payload:
        account_ref = str(payload.get("for_user_id") or "")
        for tweet in payload.get("tweet_create_events") or []:
            item = parse_v1_tweet(tweet, account_ref=account_ref)
            if item:
                items.append(item)
        return items
    envelopes = payload.get("data")
    if isinstance(envelopes, dict):
        envelopes = [envelopes]
    for envelope in envelopes or []:
        if not isinstance(envelope, dict):
            continue
        kind = _ACTIVITY_KINDS.get(str(envelope.get("event_type") or ""))
        post = envelope.get("payload")
        if kind is None or not isinstance(post, dict):
            continue  # oauth.revoke and other events carry no post
        account_ref = str((envelope.get("filter") or {}).get("user_id") or "")
        includes = envelope.get("includes") or payload.get("includes") or {}
        users = {str(u.get("id")): u for u in includes.get("users") or [] if isinstance(u, dict)}
        item = parse_v2_post(post, account_ref=account_ref, users=users, kind=kind)
        if item:
            item.extra["event_uuid"] = str(envelope.get("event_uuid") or "")
            items.append(item)
    return items


def parse_timeline_page(body: dict[str, Any], *, account_ref: str, kind: str) -> list[Item]:
    users = {str(u.get("id")): u for u in (body.get("includes") or {}).get("users") or []}
    items = []
    for post in body.get("data") or []:
        item = parse_v2_post(post, account_ref=account_ref, users=users, kind=kind)
        if item:
            items.append(item)
    return items


class XOutbound:
    """Replies on X: `POST /2/tweets` with `reply.in_reply_to_tweet_id` and a user token."""

    client: httpx.Client

    def reply(self, account: Any, *, in_reply_to: str, text: str) -> Sent:
        """Post `text` under the post `in_reply_to`. Refused before any call when the account
        has no token or the text is longer than 280 weighted characters (the caller shortens).
        Since 2026-02-23 X refuses (403) a self-serve app's reply to a post that does not
        @mention the account: that is a Refused, a task for a person."""
        token = require_token(account)
        length = weighted_length(text)
        if not text.strip():
            raise Refused("empty text")
        if length > MAX_WEIGHTED_LENGTH:
            raise Refused(f"too long for X: {length} of {MAX_WEIGHTED_LENGTH} weighted characters")
        if not str(in_reply_to).isdigit():
            raise Refused(f"not an X post id: {in_reply_to!r}")
        response = send_request(self.client, "POST", "/2/tweets",
                                json={"text": text, "reply": {"in_reply_to_tweet_id": str(in_reply_to)}},
                                headers={"Authorization": f"Bearer {token}"})
        if response.status_code in (200, 201):
            data = _json(response).get("data")
            if isinstance(data, dict) and str(data.get("id") or "").isdigit():
                post_id = str(data["id"])
                # The answer has no created_at; the id carries the time, and created_at is that
                # time to the second (what polling will read for the same post).
                return Sent(external_id=post_id, posted_at=snowflake_time(post_id).replace(microsecond=0),
                            url=post_url(post_id, str(account.handle or "")))
            errors = _json(response).get("errors") or [{}]  # a 2xx can carry only errors[]
            raise Refused(str(errors[0].get("detail") or errors[0].get("title") or "no post id")[:200])
        error = uncertain_if_transient(classify_http_error(response))
        if isinstance(error, Refused) and DUPLICATE_DETAIL in str(error).lower():
            # The same text again: an earlier try may have posted it after all.
            found = self.find_own_reply(account, in_reply_to=in_reply_to, contains=text)
            if found is not None:
                return found
        raise error

    def find_own_reply(self, account: Any, *, in_reply_to: str, contains: str) -> Sent | None:
        """Our reply to `in_reply_to` whose text contains `contains` (the complaint number),
        from the account's own newest posts (`GET /2/users/:id/tweets`): only posts newer than
        the one replied to (since_id), at most FIND_PAGE_CAP pages of 100. X writes &, < and >
        as HTML entities in `text`: compared unescaped."""
        token = require_token(account)
        params: dict[str, Any] = {"max_results": MAX_RESULTS, "tweet.fields": "referenced_tweets,created_at"}
        if str(in_reply_to).isdigit():
            params["since_id"] = str(in_reply_to)
        wanted = html.unescape(contains)
        for _page in range(FIND_PAGE_CAP):
            try:
                response = self.client.get(f"/2/users/{account.external_id}/tweets", params=params,
                                           headers={"Authorization": f"Bearer {token}"})
            except httpx.HTTPError as exc:
                raise Transient(type(exc).__name__) from exc
            if response.status_code != 200:
                raise classify_http_error(response)
            body = _json(response)
            for post in body.get("data") or []:
                replied_to = {str(ref.get("id")) for ref in post.get("referenced_tweets") or []
                              if ref.get("type") == "replied_to"}
                if str(in_reply_to) in replied_to and wanted in html.unescape(str(post.get("text") or "")):
                    post_id = str(post["id"])
                    return Sent(external_id=post_id,
                                posted_at=parse_time(post.get("created_at")) or snowflake_time(post_id),
                                url=post_url(post_id, str(account.handle or "")))
            token_next = (body.get("meta") or {}).get("next_token")
            if not token_next:
                return None
            params["pagination_token"] = token_next
        return None


class XConnector(XOutbound):
    platform = PLATFORM

    def __init__(self, client: httpx.Client | None = None) -> None:
        self.client = client or httpx.Client(base_url=settings.X_API_BASE_URL, timeout=HTTP_TIMEOUT)

    def parse_webhook(self, payload: dict[str, Any]) -> list[Item]:
        return parse_webhook(payload)

    def fetch_mentions(self, account: Any, cursor: dict[str, Any]) -> PollResult:
        return self._timeline(account, cursor, path="mentions", cursor_key="since_id", kind="mention")

    def fetch_own_posts(self, account: Any, cursor: dict[str, Any]) -> PollResult:
        return self._timeline(account, cursor, path="tweets", cursor_key="own_since_id", kind="post")

    def _timeline(
        self, account: Any, cursor: dict[str, Any], *, path: str, cursor_key: str, kind: str
    ) -> PollResult:
        params: dict[str, Any] = {
            "max_results": MAX_RESULTS, "tweet.fields": TWEET_FIELDS, "expansions": EXPANSIONS,
            "user.fields": USER_FIELDS,
        }
        checkpoint = cursor.get(cursor_key)
        if checkpoint:
            overlap_floor = snowflake_for_time(timezone.now() - OVERLAP)
            params["since_id"] = str(min(int(checkpoint), overlap_floor))
        else:
            params["start_time"] = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pages: list[Page] = []
        newest: str | None = None
        for _page in range(PAGE_CAP):
            url = f"/2/users/{account.external_id}/{path}"
            try:
                response = self.client.get(
                    url, params=params, headers={"Authorization": f"Bearer {account.access_token}"}
                )
            except httpx.HTTPError as exc:
                raise Transient(f"{type(exc).__name__}") from exc
            if response.status_code != 200:
                raise classify_http_error(response)
            body = response.json()
            pages.append(Page(
                url=str(response.request.url), body=response.content,
                items=parse_timeline_page(body, account_ref=str(account.external_id), kind=kind),
            ))
            meta = body.get("meta") or {}
            if newest is None and meta.get("newest_id"):
                newest = str(meta["newest_id"])
            token = meta.get("next_token")
            if not token:  # stop on a missing next_token, not on result_count 0
                break
            params["pagination_token"] = token
        new_cursor = dict(cursor)
        if newest and (not checkpoint or int(newest) > int(checkpoint)):
            new_cursor[cursor_key] = newest
        return PollResult(pages=pages, cursor=new_cursor)

    def _get_json(self, url: str, account: Any, params: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.client.get(url, params=params,
                                       headers={"Authorization": f"Bearer {account.access_token}"})
        except httpx.HTTPError as exc:
            raise Transient(f"{type(exc).__name__}") from exc
        if response.status_code != 200:
            raise classify_http_error(response)
        return response.json()

    def fetch_account_metrics(self, account: Any) -> AccountMetrics:
        """`GET /2/users/:id?user.fields=public_metrics`."""
        body = self._get_json(f"/2/users/{account.external_id}", account, {"user.fields": "public_metrics"})
        data = body.get("data")
        if not isinstance(data, dict):  # a 200 can carry only errors[] (user suspended, not found)
            errors = body.get("errors") or [{}]
            raise Refused(str(errors[0].get("detail") or errors[0].get("title") or "no user data")[:200])
        metrics = data.get("public_metrics") or {}
        return AccountMetrics(followers=count(metrics.get("followers_count")),
                              following=count(metrics.get("following_count")),
                              posts_count=count(metrics.get("tweet_count")))

    def fetch_recent_posts(self, account: Any, since: datetime) -> RecentPosts:
        """The account's own posts and replies since `since` (`GET /2/users/:id/tweets`,
        retweets excluded), newest first, following next_token until it is absent."""
        params: dict[str, Any] = {
            "max_results": MAX_RESULTS, "tweet.fields": OWN_POST_FIELDS, "exclude": "retweets",
            "start_time": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        posts: list[PostData] = []
        for _page in range(OWN_POSTS_PAGE_CAP):
            body = self._get_json(f"/2/users/{account.external_id}/tweets", account, params)
            posts += [p for p in (own_post(raw, handle=account.handle) for raw in body.get("data") or []) if p]
            token = (body.get("meta") or {}).get("next_token")
            if not token:
                return RecentPosts(posts=posts, complete=True)
            params["pagination_token"] = token
        return RecentPosts(posts=posts, complete=False)


def own_post(post: dict[str, Any], *, handle: str = "") -> PostData | None:
    """An X v2 post of the account's own timeline with its public_metrics: a reply (also the
    next part of the account's own thread) is kind reply; likes, replies, reposts + quotes and
    impressions are its likes, comments, shares and views."""
    post_id = str(post.get("id") or "")
    if not post_id.isdigit():
        return None
    replying = post.get("in_reply_to_user_id") or any(
        ref.get("type") == "replied_to" for ref in post.get("referenced_tweets") or [])
    metrics = post.get("public_metrics") or {}
    reposts, quotes = count(metrics.get("retweet_count")), count(metrics.get("quote_count"))
    return PostData(
        external_id=post_id, published_at=parse_time(post.get("created_at")) or snowflake_time(post_id),
        kind="reply" if replying else "post", text=str(post.get("text") or ""), url=post_url(post_id, handle),
        likes=count(metrics.get("like_count")), comments=count(metrics.get("reply_count")),
        shares=None if reposts is None and quotes is None else (reposts or 0) + (quotes or 0),
        views=count(metrics.get("impression_count")),
    )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
