"""What every connector speaks: Sigap's own shape of an inbound item, the result of a poll,
the errors a platform call can end in, and the Connector protocol."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx
from django.utils.dateparse import parse_datetime

# Short connect timeout: a platform that does not answer must not hold a worker.
HTTP_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


@dataclass
class Item:
    """One inbound thing in Sigap's shape, whatever the platform."""

    platform: str
    external_id: str
    kind: str  # mention, comment, reply, message, post, status (platforms.models.ItemKind)
    posted_at: datetime
    account_ref: str = ""  # the platform id of our account concerned
    event: str = "create"  # create, edit, remove
    author_id: str = ""
    author_handle: str = ""
    author_name: str = ""
    text: str = ""
    thread_key: str = ""  # the conversation: X conversation id, FB/IG top-level comment id
    parent_id: str = ""  # the post this one answers
    root_id: str = ""  # the post at the top (our post for a comment)
    mentions: list[str] = field(default_factory=list)  # lowercase handles without '@'
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    incomplete: bool = False  # text must still be fetched (an Instagram mention)

    @property
    def event_key(self) -> str:
        if self.event == "edit":
            # The edit's own time where the platform gives one (an edit back to an earlier
            # text is a new event), and the text.
            stamp = hashlib.sha256(f"{self.extra.get('edited_at', '')}|{self.text}".encode()).hexdigest()[:16]
            return f"edit:{stamp}"
        if self.kind == "status":
            return f"status:{self.extra.get('status', '')}"
        return self.event

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["posted_at"] = self.posted_at.astimezone(UTC).isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        values = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        values["posted_at"] = parse_datetime(data["posted_at"])
        return cls(**values)


@dataclass
class Page:
    """One HTTP answer of a poll, kept verbatim in the raw store with the items it carried."""

    url: str
    body: bytes
    items: list[Item] = field(default_factory=list)


@dataclass
class PollResult:
    pages: list[Page]
    cursor: dict[str, Any]  # the new cursor: saved only after the items are stored

    @property
    def items(self) -> list[Item]:
        return [item for page in self.pages for item in page.items]


@dataclass
class AccountMetrics:
    """An account's audience as the platform tells it today (None: not given)."""

    followers: int | None
    following: int | None = None
    posts_count: int | None = None


@dataclass
class PostData:
    """One of the account's own posts with its public numbers as read now (None: the platform
    does not give that number, e.g. views of a Facebook post without Insights)."""

    external_id: str
    published_at: datetime
    kind: str = "post"  # post, reply, video, reel (platforms.models.PostKind)
    text: str = ""
    url: str = ""
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    views: int | None = None


@dataclass
class RecentPosts:
    """The account's posts published since a moment. `complete` is False when reading stopped
    at a page cap, so that a post missing from the list is not taken for a removed one."""

    posts: list[PostData]
    complete: bool = True


def count(value: Any) -> int | None:
    """A platform's counter (YouTube sends strings) as an int; None when absent."""
    if value is None or value == "":
        return None
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return None


class PlatformError(Exception):
    """A platform call failed."""


class Transient(PlatformError):
    """5xx, timeout, connection refused: retry with backoff."""


class RateLimited(PlatformError):
    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(message)
        self.retry_after = max(1.0, retry_after)


class QuotaExceeded(PlatformError):
    """A daily quota (YouTube): pause the account until `until`."""

    def __init__(self, until: datetime, message: str = "quota exceeded") -> None:
        super().__init__(message)
        self.until = until


class SendUncertain(Transient):
    """A write timed out (or the connection dropped, or the platform answered 5xx) after the
    request went out: it may have been posted. Look for our own reply before posting again."""


class TokenInvalid(PlatformError):
    """Expired or revoked access (401, Meta error 190): a person must reconnect."""


class Refused(PlatformError):
    """The platform said no for good (permission, policy): do not retry."""


@dataclass
class Sent:
    """What a platform write produced."""

    external_id: str  # the platform's id of what we posted (post id / comment id / wamid)
    posted_at: datetime  # the platform's timestamp if it returns one, else now
    url: str = ""


class OutboundConnector(Protocol):
    """Writing on a platform: a public reply under a post or comment (a message with context
    on WhatsApp), and finding that reply again after a send whose outcome is unknown."""

    platform: str

    def reply(self, account: Any, *, in_reply_to: str, text: str) -> Sent: ...

    def find_own_reply(self, account: Any, *, in_reply_to: str, contains: str) -> Sent | None: ...


class Connector(OutboundConnector, Protocol):
    platform: str

    def fetch_mentions(self, account: Any, cursor: dict[str, Any]) -> PollResult: ...

    def fetch_own_posts(self, account: Any, cursor: dict[str, Any]) -> PollResult: ...

    def parse_webhook(self, payload: dict[str, Any]) -> list[Item]: ...

    def fetch_account_metrics(self, account: Any) -> AccountMetrics: ...

    def fetch_recent_posts(self, account: Any, since: datetime) -> RecentPosts: ...


def require_token(account: Any) -> str:
    """The account's access token; without one no call is made at all."""
    token = getattr(account, "access_token", None)
    if not token:
        raise Refused("not connected")
    return str(token)


#: Failures that prove the request never left: safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol,
             httpx.ProxyError)


def send_request(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One platform write (not idempotent). A failure before the request went out is Transient;
    one after it (no answer in time, connection dropped mid-way) is SendUncertain."""
    try:
        return client.request(method, url, **kwargs)
    except _NOT_SENT as exc:
        raise Transient(f"{type(exc).__name__} (not sent)") from exc
    except httpx.HTTPError as exc:
        raise SendUncertain(f"{type(exc).__name__} after sending") from exc


def uncertain_if_transient(error: PlatformError) -> PlatformError:
    """A 5xx answer to a write does not prove nothing was posted (PLATFORMS.md: after a
    timeout or 5xx look for our reply before re-posting)."""
    if isinstance(error, Transient) and not isinstance(error, SendUncertain):
        return SendUncertain(str(error))
    return error


def stored_item(platform: str, external_id: str) -> Item | None:
    """An item as intake received it (the raw store), for what a reply needs to know beyond
    the id: the WhatsApp sender to answer, whether an Instagram item was a mention on someone
    else's media, the top-level comment of a reply."""
    from platforms.models import InboundItem

    row = (InboundItem.objects.filter(platform=platform, external_id=external_id)
           .exclude(event="remove").order_by("pk").only("data").first())
    return Item.from_json(row.data) if row else None


def parse_time(value: Any) -> datetime | None:
    """Platform timestamps: ISO 8601 (X '…000Z', YouTube with or without ms), Graph
    '2026-07-24T18:45:03+0000', unix seconds (Meta webhooks int, WhatsApp string)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return datetime.fromtimestamp(int(value), tz=UTC)
    text = str(value).strip()
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 -> +00:00
    parsed = parse_datetime(text.replace("Z", "+00:00"))
    if parsed is None:
        try:
            parsed = datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")  # X v1.1
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def classify_http_error(response: httpx.Response) -> PlatformError:
    """The common part of every platform's error handling."""
    status = response.status_code
    if status == 429:
        reset = response.headers.get("x-rate-limit-reset")
        retry_after = response.headers.get("retry-after")
        wait = 60.0
        if retry_after and retry_after.isdigit():
            wait = float(retry_after)
        elif reset and reset.isdigit():
            wait = max(1.0, int(reset) - datetime.now(UTC).timestamp())
        return RateLimited(wait)
    if status == 401:
        return TokenInvalid(f"HTTP 401: {_detail(response)}")
    if status >= 500:
        return Transient(f"HTTP {status}")
    return Refused(f"HTTP {status}: {_detail(response)}")


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("message", ""))[:200]
        return str(body.get("detail") or body.get("title") or "")[:200]
    return ""
