"""The fake platform: one WSGI application imitating the part of X API v2, the Meta Graph API
(Facebook Pages, Instagram, WhatsApp Cloud API) and YouTube Data API v3 that Sigap's
connectors use, plus a control API (`/_fake/...`) for tests and the citizen generator.

It runs in its own process (`manage.py fake_platform --port 8001`), never inside the portal;
tests start it in-process with `make_server(0)`. The world (the demo accounts, their ids and
tokens) comes from agencies.demo_data through `platforms.fake.ids`; everything else lives in
memory behind one lock and is forgotten on restart or `POST /_fake/reset`. Standard library
only; no database.

Shapes follow /work/shared/PLATFORMS.md: X Problem JSON errors and x-rate-limit-* headers,
snowflake post ids matching created_at, newest-first pages whose next_token is absent on the
last page; Graph `{"data", "paging": {"cursors", "next"}}` and `{"error": {... "code": 190}}`;
YouTube `nextPageToken` and `403 quotaExceeded`.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
from wsgiref.simple_server import make_server as wsgi_make_server

from platforms.fake import ids
from platforms.fake.oauth import FakeOAuth

SNOWFLAKE_EPOCH_MS = 1288834974657
X_MENTIONS_REACHABLE = 800  # only the newest 800 mentions can be read
X_WINDOW_SECONDS = 15 * 60
X_LIMITS = {"me": 75, "user": 900, "mentions": 300, "tweets": 900, "create": 100}
#: Audience and engagement counters grow a little each day from here (daily snapshots show a trend).
COUNTERS_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
DEFAULT_RESET_SECONDS = 30
#: X's refusal of a reply to a post that does not mention the account (self-serve apps since
#: 2026-02-23; the wording of X's older conversation-control refusal, unconfirmed for this rule).
X_REPLY_NOT_ALLOWED = ("Reply to this conversation is not allowed because you have not been mentioned or "
                       "otherwise engaged by the author of the post you are replying to.")
WA_WINDOW = timedelta(hours=24)
#: Armed failures of the next write (`POST /_fake/arm {"next_send": ...}`).
SEND_FAULTS = ("timeout", "error", "refuse")


# --- Requests and responses ------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    base_url: str
    args: dict[str, str] = field(default_factory=dict)  # from the route's regex

    def json(self) -> dict[str, Any]:
        if not self.body:
            return {}
        try:
            value = json.loads(self.body)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def form(self) -> dict[str, str]:
        if "application/x-www-form-urlencoded" in self.headers.get("content-type", ""):
            return dict(parse_qsl(self.body.decode("utf-8", "replace")))
        return {}

    def param(self, name: str, default: str = "") -> str:
        """A parameter from the query string, a form body or a JSON body (Graph takes all)."""
        for source in (self.query, self.form(), self.json()):
            if name in source and source[name] is not None:
                return str(source[name])
        return default

    def bearer(self) -> str:
        auth = self.headers.get("authorization", "")
        return auth[7:].strip() if auth.lower().startswith("bearer ") else ""


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0.0  # seconds to wait before answering (an armed timeout: done, but late)
    followup: Callable[[], Response] | None = None  # run outside the lock, gives the answer


REASONS = {200: "OK", 201: "Created", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error"}


def _problem(status: int, title: str, detail: str = "", **extra: Any) -> Response:
    """X's Problem JSON error."""
    body = {"title": title, "type": "about:blank", "status": status, "detail": detail or title, **extra}
    return Response(status, body, content_type="application/problem+json")


def _graph_error(message: str, *, code: int, subcode: int | None = None, status: int = 400,
                 kind: str = "OAuthException") -> Response:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = base64.b64encode(uuid.uuid4().bytes[:9]).decode()
    return Response(status, {"error": error})


def _youtube_error(status: int, reason: str, message: str, domain: str = "youtube.api") -> Response:
    return Response(status, {"error": {
        "code": status, "message": message,
        "errors": [{"message": message, "domain": domain, "reason": reason}],
    }})


# --- Time and ids -------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _parse_iso(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def x_time(moment: datetime) -> str:
    """X writes created_at to the second, with '.000Z'."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def graph_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def youtube_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cursor(value: int) -> str:
    return base64.urlsafe_b64encode(f"fake:{value}".encode()).decode().rstrip("=")


def _uncursor(token: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    prefix, _sep, number = text.partition(":")
    return int(number) if prefix == "fake" and number.isdigit() else None


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


# --- The world ------------------------------------------------------------------------------


@dataclass
class Account:
    platform: str
    handle: str
    id: str
    token: str
    name: str
    agency: str


MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,15})")


class FakePlatform(FakeOAuth):
    """The WSGI application and its in-memory state."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accounts: list[Account] = []
        for row, platform, handle in ids.demo_accounts():
            self.accounts.append(Account(
                platform=platform, handle=handle, id=ids.demo_account_ids(platform, handle),
                token=ids.access_token(platform, handle),
                name=row.get("short_name") or row.get("name") or handle, agency=row["slug"],
            ))
        self.by_token = {a.token: a for a in self.accounts}
        self.by_id = {(a.platform, a.id): a for a in self.accounts}
        self.by_handle = {(a.platform, a.handle): a for a in self.accounts}
        self.routes: list[tuple[str, re.Pattern[str], Callable[[Request], Response]]] = [
            (method, re.compile(f"^{pattern}$"), handler) for method, pattern, handler in self._route_table()
        ]
        self._reset()

    def _route_table(self) -> list[tuple[str, str, Callable[[Request], Response]]]:
        node = r"(?P<node>[0-9A-Za-z_.\-]+)"
        return [
            # control API
            ("GET", r"/_fake/health", self.health),
            ("GET", r"/_fake/accounts", self.list_accounts),
            ("POST", r"/_fake/reset", self.reset),
            *self._oauth_routes(),  # sign-in pages and token endpoints (platforms/fake/oauth.py)
            ("POST", r"/_fake/arm", self.arm),
            ("GET", r"/_fake/sent", self.list_sent),
            ("POST", r"/_fake/x/posts", self.control_x_post),
            ("POST", r"/_fake/(?P<platform>facebook|instagram|youtube)/comments", self.control_comment),
            ("POST", r"/_fake/whatsapp/messages", self.control_wa_inbound),
            ("POST", r"/_fake/whatsapp/reply", self.control_wa_reply),
            # X API v2
            ("GET", r"/2/users/me", self.x_me),
            ("GET", r"/2/users/(?P<user_id>\d+)", self.x_user),
            ("GET", r"/2/users/(?P<user_id>\d+)/(?P<timeline>mentions|tweets)", self.x_timeline),
            ("POST", r"/2/tweets", self.x_create),
            # YouTube Data API v3 (with or without the /youtube/v3 prefix)
            ("GET", r"(?:/youtube/v3)?/commentThreads", self.yt_threads),
            ("GET", r"(?:/youtube/v3)?/channels", self.yt_channels),
            ("GET", r"(?:/youtube/v3)?/playlistItems", self.yt_playlist_items),
            ("GET", r"(?:/youtube/v3)?/videos", self.yt_videos_list),
            ("GET", r"(?:/youtube/v3)?/comments", self.yt_replies),
            ("POST", r"(?:/youtube/v3)?/comments", self.yt_reply),
            # Meta Graph (an optional /vNN.N prefix is dropped before routing)
            ("POST", r"/(?P<node>\d+)/messages", self.wa_send),
            ("GET", rf"/{node}/(?:feed|posts)", self.fb_feed),
            ("GET", rf"/{node}/media", self.ig_media),
            ("GET", rf"/{node}/comments", self.graph_comments),
            ("GET", rf"/{node}/replies", self.graph_comments),
            ("POST", rf"/{node}/comments", self.graph_reply),
            ("POST", rf"/{node}/replies", self.graph_reply),
            ("POST", rf"/{node}/mentions", self.ig_mention_reply),
            ("GET", rf"/{node}", self.graph_node),
        ]

    def _reset(self) -> None:
        self.x_users: dict[str, dict[str, str]] = {}
        self.x_posts: dict[int, dict[str, Any]] = {}
        self.fb_posts: dict[str, dict[str, Any]] = {}
        self.ig_media_items: dict[str, dict[str, Any]] = {}
        self.yt_videos: dict[str, dict[str, Any]] = {}
        self.comments: dict[str, dict[str, Any]] = {}  # facebook, instagram, youtube, by id
        self.sent: list[dict[str, Any]] = []
        self.send_faults: list[dict[str, Any]] = []
        self.wa_inbound: dict[tuple[str, str], datetime] = {}  # (phone-number id, wa_id): last message
        self.wa_templates = _approved_templates()
        self.rate_limited_calls = 0
        self.reset_seconds = DEFAULT_RESET_SECONDS
        self.expired_tokens: set[str] = set()
        self.quota_exceeded = False
        self.empty_pages = 0
        self.windows: dict[tuple[str, str], list[float]] = {}
        self._oauth_reset()
        self.counter = itertools.count(1)
        self._seed_world()

    def _seed_world(self) -> None:
        """Each account's own users, posts, media and videos: the same ids on every start."""
        start = _now().replace(microsecond=0) - timedelta(days=ids.OWN_CONTENT_PER_ACCOUNT + 1)
        for account in self.accounts:
            for n in range(ids.OWN_CONTENT_PER_ACCOUNT):
                when = start + timedelta(days=n, hours=2)
                caption = f"Info layanan {account.name} #{n + 1}. Sampaikan keluhan di kolom komentar."
                if account.platform == "x":
                    self.x_users[account.id] = {"id": account.id, "username": account.handle,
                                                "name": account.name}
                    self._new_x_post(account.id, caption, when)
                elif account.platform == "facebook":
                    post_id = ids.fb_post_id(account.handle, n)
                    self.fb_posts[post_id] = {
                        "id": post_id, "message": caption, "created_time": when,
                        "from": {"id": account.id, "name": account.name}, "_owner": account.id,
                    }
                elif account.platform == "instagram":
                    media_id = ids.ig_media_id(account.handle, n)
                    self.ig_media_items[media_id] = {
                        "id": media_id, "caption": caption, "timestamp": when, "media_type": "IMAGE",
                        "media_product_type": "FEED", "username": account.handle,
                        "permalink": f"https://www.instagram.com/p/{_base36(int(media_id))[:11]}/",
                        "_owner": account.id,
                    }
                elif account.platform == "youtube":
                    video_id = ids.youtube_video_id(account.handle, n)
                    self.yt_videos[video_id] = {"id": video_id, "title": caption, "published": when,
                                                "_owner": account.id}

    # --- WSGI ------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
        path = environ.get("PATH_INFO") or "/"
        if not path.startswith(("/2/", "/_fake/")):
            path = re.sub(r"^/v\d+(?:\.\d+)?(?=/)", "", path)  # Graph version prefix
        request = Request(
            method=environ.get("REQUEST_METHOD", "GET").upper(), path=path,
            query=dict(parse_qsl(environ.get("QUERY_STRING") or "", keep_blank_values=True)),
            headers=headers, body=body, base_url=f"http://{host}",
        )
        response = self.dispatch(request)
        if response.delay > 0:
            time.sleep(response.delay)  # the write is done; the client gives up waiting first
        if isinstance(response.body, str):  # the sign-in pages (HTML) and redirects
            payload = response.body.encode()
        else:
            payload = json.dumps(response.body, ensure_ascii=False).encode()
        status = f"{response.status} {REASONS.get(response.status, 'Status')}"
        start_response(status, [("Content-Type", response.content_type),
                                ("Content-Length", str(len(payload))), *response.headers.items()])
        return [payload]

    def dispatch(self, request: Request) -> Response:
        path_matched = False
        for method, pattern, handler in self.routes:
            match = pattern.match(request.path)
            if not match:
                continue
            path_matched = True
            if method != request.method:
                continue
            request.args = {k: v for k, v in match.groupdict().items() if v is not None}
            with self.lock:
                try:
                    self._oauth_expire(request)
                    response = handler(request)
                except Exception as exc:  # a bug in the fake must not kill the server
                    return Response(500, {"error": f"fake platform error: {type(exc).__name__}: {exc}"})
            if response.followup is not None:  # e.g. a webhook to the portal: not under the lock
                try:
                    return response.followup()
                except Exception as exc:
                    return Response(500, {"error": f"fake platform error: {type(exc).__name__}: {exc}"})
            return response
        if path_matched:
            return Response(405, {"error": f"method {request.method} not allowed on {request.path}"})
        return Response(404, {"error": f"no such endpoint: {request.method} {request.path}"})

    # --- Control API -------------------------------------------------------------------------

    def health(self, request: Request) -> Response:
        return Response(200, {"status": "ok", "accounts": len(self.accounts), "x_posts": len(self.x_posts),
                              "comments": len(self.comments), "sent": len(self.sent)})

    def list_accounts(self, request: Request) -> Response:
        wanted = request.query.get("platform")
        return Response(200, {"data": [
            {"platform": a.platform, "handle": a.handle, "id": a.id, "token": a.token,
             "name": a.name, "agency": a.agency}
            for a in self.accounts if not wanted or a.platform == wanted
        ]})

    def reset(self, request: Request) -> Response:
        self._reset()
        return Response(200, {"reset": True})

    def arm(self, request: Request) -> Response:
        """{"rate_limit": N, "reset_seconds": R}: the next N X calls get 429;
        {"expire_token": "<token>"} (or a list); {"quota_exceeded": true|false};
        {"empty_page_with_next": true|N}: the next X timeline page(s) come back empty with a
        next_token; {"next_send": "timeout"|"error"|"refuse", "next_send_platform": "x"|...
        (default any), "next_send_delay": seconds (timeout, default 3), "next_send_times": N}:
        the next write (reply, comment, WhatsApp send) is posted but answered only after the
        delay, or fails with a 5xx, or is refused, without being posted;
        {"approve_template": name} / {"unapprove_template": name}: WhatsApp templates."""
        body = request.json()
        if body.get("next_send"):
            mode = str(body["next_send"])
            if mode not in SEND_FAULTS:
                return Response(400, {"error": f"next_send: one of {', '.join(SEND_FAULTS)}"})
            self.send_faults.append({"mode": mode, "platform": str(body.get("next_send_platform") or ""),
                                     "delay": float(body.get("next_send_delay") or 3.0),
                                     "times": max(1, int(body.get("next_send_times") or 1))})
        if body.get("approve_template"):
            name = str(body["approve_template"])
            self.wa_templates.setdefault(name, {"params": None, "buttons": (), "body": "", "language": "id"})
        if body.get("unapprove_template"):
            self.wa_templates.pop(str(body["unapprove_template"]), None)
        if "reset_seconds" in body:
            self.reset_seconds = max(1, int(body["reset_seconds"]))
        if "rate_limit" in body:
            self.rate_limited_calls = max(0, int(body["rate_limit"]))
        tokens = body.get("expire_token")
        for token in [tokens] if isinstance(tokens, str) else tokens or []:
            self.expired_tokens.add(str(token))
        if "quota_exceeded" in body:
            self.quota_exceeded = bool(body["quota_exceeded"])
        if "empty_page_with_next" in body:
            self.empty_pages = max(0, int(body["empty_page_with_next"]))  # true: 1
        return Response(200, {
            "rate_limit": self.rate_limited_calls, "reset_seconds": self.reset_seconds,
            "expired_tokens": sorted(self.expired_tokens), "quota_exceeded": self.quota_exceeded,
            "empty_page_with_next": self.empty_pages, "next_send": self.send_faults,
            "approved_templates": sorted(self.wa_templates),
        })

    def list_sent(self, request: Request) -> Response:
        wanted = request.query.get("platform")
        return Response(200, {"data": [s for s in self.sent if not wanted or s["platform"] == wanted]})

    def _record_sent(self, **entry: Any) -> None:
        self.sent.append({"at": _now().isoformat(), **entry})

    def _take_fault(self, platform: str) -> dict[str, Any] | None:
        """The armed failure for this write, if any (used up as it is taken)."""
        for index, fault in enumerate(self.send_faults):
            if fault["platform"] in ("", platform):
                fault["times"] -= 1
                if fault["times"] <= 0:
                    self.send_faults.pop(index)
                return dict(fault)
        return None

    @staticmethod
    def _fault_response(platform: str, mode: str) -> Response:
        """An armed 5xx or refusal, in each platform's own error shape."""
        if platform == "x":
            if mode == "error":
                return _problem(503, "Service Unavailable", "Service Unavailable")
            return _problem(403, "Forbidden", X_REPLY_NOT_ALLOWED)
        if platform == "youtube":
            if mode == "error":
                return _youtube_error(503, "backendError", "Backend Error", domain="global")
            return _youtube_error(403, "forbidden", "The comment could not be created due to insufficient "
                                  "permissions. The request might not be properly authorized.",
                                  domain="youtube.comment")
        if mode == "error":
            if platform == "whatsapp":
                return _graph_error("(#131000) Something went wrong", code=131000, status=500)
            return _graph_error("An unknown error has occurred.", code=1, status=500)
        return _graph_error("(#10) Application does not have permission for this action", code=10, status=403)

    @staticmethod
    def _late(response: Response, fault: dict[str, Any] | None) -> Response:
        if fault and fault["mode"] == "timeout":
            response.delay = fault["delay"]
        return response

    def control_x_post(self, request: Request) -> Response:
        """A post by anybody (a citizen): it shows in the mentions of every account it
        @mentions and in its author's /tweets."""
        body = request.json()
        handle = str(body.get("author_handle") or "").removeprefix("@").lower()
        text = str(body.get("text") or "")
        if not re.fullmatch(r"[a-z0-9_]{1,15}", handle) or not text:
            return Response(400, {"error": "author_handle (X handle) and text are required"})
        author_id = ids.x_user_id(handle)
        known = self.x_users.get(author_id)
        self.x_users[author_id] = {"id": author_id, "username": handle,
                                   "name": str(body.get("author_name") or (known or {}).get("name") or handle)}
        created = _parse_iso(str(body.get("created_at") or "")) or _now()
        for mention in reversed([str(m).removeprefix("@") for m in body.get("mention_handles") or []]):
            if f"@{mention.lower()}" not in text.lower():
                text = f"@{mention} {text}"
        reply_to = str(body.get("reply_to") or "")
        if reply_to and (not reply_to.isdigit() or int(reply_to) not in self.x_posts):
            return Response(400, {"error": f"reply_to {reply_to} is not a known post"})
        post = self._new_x_post(author_id, text, created, reply_to=reply_to)
        return Response(201, {**post, "author": self.x_users[author_id]})

    def control_comment(self, request: Request) -> Response:
        """A citizen's comment on an account's post, media or video (or, for Instagram with
        "mention": true, a comment elsewhere @mentioning the account). Body: account_handle,
        text, author_name / username, author_id, parent_id, post_id / media_id / video_id,
        id, created_at: all but account_handle and text optional."""
        platform = request.args["platform"]
        body = request.json()
        account = self.by_handle.get((platform, ids.normalize(platform, str(body.get("account_handle") or ""))))
        text = str(body.get("text") or body.get("message") or "")
        if account is None or not text:
            return Response(400, {"error": f"account_handle (a demo {platform} account) and text are required"})
        created = _parse_iso(str(body.get("created_at") or "")) or _now()
        author_name = str(body.get("author_name") or body.get("username") or "warga")
        parent_id = str(body.get("parent_id") or "")
        parent = self.comments.get(parent_id) if parent_id else None
        if parent_id and parent is None:
            return Response(400, {"error": f"parent_id {parent_id} is not a known comment"})
        if parent and parent.get("parent_id"):
            parent_id = parent["parent_id"]  # replies hang under the top-level comment
        if platform == "facebook":
            post_id = str(body.get("post_id") or (parent or {}).get("post_id") or ids.fb_post_id(account.handle, 0))
            if post_id not in self.fb_posts:
                return Response(400, {"error": f"post_id {post_id} is not a post of {account.handle}"})
            comment_id = str(body.get("id") or self._fb_comment_id(post_id))
            comment = {"id": comment_id, "message": text, "created_time": created, "post_id": post_id,
                       "parent_id": parent_id, "_owner": account.id,
                       "from": {"id": str(body.get("author_id") or self._person_id("fb", author_name)),
                                "name": author_name}}
        elif platform == "instagram":
            mention = bool(body.get("mention"))
            media_id = str(body.get("media_id") or (parent or {}).get("media_id") or "")
            if not media_id:
                media_id = ids.ig_media_id(account.handle, 0) if not mention else self._numeric_id("179", 17)
            elif not mention and media_id not in self.ig_media_items:
                return Response(400, {"error": f"media_id {media_id} is not a media of {account.handle}"})
            username = str(body.get("username") or author_name).lower()
            comment = {"id": str(body.get("id") or self._numeric_id("178", 17)), "text": text,
                       "timestamp": created, "username": username, "media_id": media_id,
                       "parent_id": parent_id, "_owner": account.id,
                       "mentioned_user_id": account.id if mention else "",
                       "from": {"id": str(body.get("author_id") or self._person_id("ig", username)),
                                "username": username}}
        else:
            video_id = str(body.get("video_id") or (parent or {}).get("video_id")
                           or ids.youtube_video_id(account.handle, 0))
            if video_id not in self.yt_videos:
                return Response(400, {"error": f"video_id {video_id} is not a video of {account.handle}"})
            comment_id = str(body.get("id") or self._youtube_comment_id(parent_id))
            comment = {"id": comment_id, "text": text, "published": created, "video_id": video_id,
                       "parent_id": parent_id, "_owner": account.id, "author_name": author_name,
                       "author_channel_id": str(body.get("author_id") or self._yt_author(author_name))}
        self.comments[comment["id"]] = comment
        return Response(201, self._public(comment))

    # --- X API v2 -------------------------------------------------------------------------------

    def _new_x_post(self, author_id: str, text: str, created: datetime, *, reply_to: str = "") -> dict[str, Any]:
        ms = int(created.timestamp() * 1000)
        sequence = 0
        post_id = ((ms - SNOWFLAKE_EPOCH_MS) << 22) | sequence
        while post_id in self.x_posts:
            sequence += 1
            post_id = ((ms - SNOWFLAKE_EPOCH_MS) << 22) | sequence
        mentions = []
        for match in MENTION_RE.finditer(text):
            username = match.group(1).lower()
            account = self.by_handle.get(("x", username))
            user_id = account.id if account else ids.x_user_id(username)
            mentions.append({"start": match.start(), "end": match.end(), "username": match.group(1), "id": user_id})
        post: dict[str, Any] = {
            "id": str(post_id), "text": text, "created_at": x_time(created), "author_id": author_id,
            "conversation_id": str(post_id), "edit_history_tweet_ids": [str(post_id)], "lang": "in",
        }
        if reply_to:
            parent = self.x_posts[int(reply_to)]
            post["conversation_id"] = parent["conversation_id"]
            post["in_reply_to_user_id"] = parent["author_id"]
            post["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
        if mentions:
            post["entities"] = {"mentions": mentions}
        self.x_posts[post_id] = post
        return post

    def _x_guard(self, request: Request, group: str) -> tuple[Account | None, Response | None, dict[str, str]]:
        """Rate limit (armed or counted per token and endpoint), then the bearer token."""
        token = request.bearer()
        now = time.time()
        limit = X_LIMITS[group]
        window = self.windows.setdefault((token, group), [now, 0])
        if now - window[0] >= X_WINDOW_SECONDS:
            window[:] = [now, 0]
        window[1] += 1
        reset = int(window[0] + X_WINDOW_SECONDS)
        remaining = max(0, limit - window[1])
        if self.rate_limited_calls > 0:
            self.rate_limited_calls -= 1
            reset, remaining = int(now + self.reset_seconds), 0
            headers = self._rate_headers(limit, remaining, reset)
            return None, _problem(429, "Too Many Requests"), headers
        headers = self._rate_headers(limit, remaining, reset)
        if window[1] > limit:
            return None, _problem(429, "Too Many Requests"), headers
        account = self.by_token.get(token)
        if account is None or account.platform != "x" or token in self.expired_tokens:
            return None, _problem(401, "Unauthorized"), headers
        return account, None, headers

    @staticmethod
    def _rate_headers(limit: int, remaining: int, reset: int) -> dict[str, str]:
        return {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": str(remaining),
                "x-rate-limit-reset": str(reset)}

    def x_me(self, request: Request) -> Response:
        account, error, headers = self._x_guard(request, "me")
        if error or account is None:
            return _with_headers(error, headers)
        return Response(200, {"data": {"id": account.id, "name": account.name, "username": account.handle}},
                         headers)

    def x_user(self, request: Request) -> Response:
        """`GET /2/users/:id` (any valid token); `user.fields=public_metrics` adds the counts.
        An unknown id is a 200 with only `errors[]`, as X answers."""
        account, error, headers = self._x_guard(request, "user")
        if error or account is None:
            return _with_headers(error, headers)
        user_id = request.args["user_id"]
        user = self.x_users.get(user_id)
        if user is None:
            return Response(200, {"errors": [{"value": user_id, "detail": f"Could not find user with id: [{user_id}].",
                                              "title": "Not Found Error", "resource_type": "user",
                                              "parameter": "id", "resource_id": user_id,
                                              "type": "https://api.twitter.com/2/problems/resource-not-found"}]},
                            headers)
        data: dict[str, Any] = dict(user)
        if "public_metrics" in _csv(request.query.get("user.fields")):
            owner = self.by_id.get(("x", user_id))
            audience = self._audience(owner) if owner else {"followers_count": 0, "following_count": 0,
                                                            "tweet_count": 0}
            data["public_metrics"] = {"followers_count": audience["followers_count"],
                                      "following_count": audience["following_count"],
                                      "tweet_count": audience["tweet_count"], "listed_count": 3,
                                      "like_count": 0}
        return Response(200, {"data": data}, headers)

    def x_timeline(self, request: Request) -> Response:
        timeline = request.args["timeline"]
        account, error, headers = self._x_guard(request, timeline)
        if error or account is None:
            return _with_headers(error, headers)
        if account.id != request.args["user_id"]:
            return _with_headers(_problem(401, "Unauthorized"), headers)  # another account's token
        q = request.query
        invalid = _invalid_x_params(q)
        if invalid:
            return _with_headers(_problem(400, "Invalid Request", "One or more parameters to your request was invalid.",
                                          errors=[{"parameters": {k: [q[k]]}, "message": m} for k, m in invalid]),
                                 headers)
        max_results = int(q.get("max_results") or 10)
        if timeline == "mentions":
            posts = [p for p in self.x_posts.values()
                     if any(m["id"] == account.id for m in (p.get("entities") or {}).get("mentions", []))
                     and p["author_id"] != account.id]
            posts = sorted(posts, key=lambda p: int(p["id"]), reverse=True)[:X_MENTIONS_REACHABLE]
        else:
            posts = sorted((p for p in self.x_posts.values() if p["author_id"] == account.id),
                           key=lambda p: int(p["id"]), reverse=True)
        below = _uncursor(q["pagination_token"]) if q.get("pagination_token") else None
        if q.get("since_id"):
            posts = [p for p in posts if int(p["id"]) > int(q["since_id"])]
        elif q.get("start_time"):
            start = _parse_iso(q["start_time"])
            posts = [p for p in posts if start is None or _parse_iso(p["created_at"]) >= start]
        if q.get("until_id"):
            posts = [p for p in posts if int(p["id"]) < int(q["until_id"])]
        if q.get("end_time"):
            end = _parse_iso(q["end_time"])
            posts = [p for p in posts if end is None or _parse_iso(p["created_at"]) < end]
        if below is not None:
            posts = [p for p in posts if int(p["id"]) < below]
        if self.empty_pages > 0 and posts:
            self.empty_pages -= 1
            resume = below if below is not None else int(posts[0]["id"]) + 1
            return Response(200, {"meta": {"result_count": 0, "next_token": _cursor(resume)}}, headers)
        page, rest = posts[:max_results], posts[max_results:]
        fields = _csv(q.get("tweet.fields"))
        expansions = _csv(q.get("expansions"))
        body: dict[str, Any] = {}
        if page:
            body["data"] = [_project_post(p, fields) for p in page]
            if "public_metrics" in fields:
                for shown, post in zip(body["data"], page, strict=True):
                    shown["public_metrics"] = self._x_post_metrics(post)
            includes: dict[str, Any] = {}
            if "author_id" in expansions:
                authors = dict.fromkeys(p["author_id"] for p in page)
                includes["users"] = [self.x_users[a] for a in authors if a in self.x_users]
            if "referenced_tweets.id" in expansions:
                refs = dict.fromkeys(r["id"] for p in page for r in p.get("referenced_tweets") or [])
                tweets = [_project_post(self.x_posts[int(r)], fields) for r in refs if int(r) in self.x_posts]
                if tweets:
                    includes["tweets"] = tweets
            if includes:
                body["includes"] = includes
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"] = page[0]["id"]
            meta["oldest_id"] = page[-1]["id"]
        if rest:
            meta["next_token"] = _cursor(int(page[-1]["id"]))
        body["meta"] = meta
        return Response(200, body, headers)

    def x_create(self, request: Request) -> Response:
        account, error, headers = self._x_guard(request, "create")
        headers.update({"x-app-limit-24hour-limit": "10000", "x-app-limit-24hour-remaining": "9999",
                        "x-app-limit-24hour-reset": str(int(time.time()) + 86400)})
        if error or account is None:
            return _with_headers(error, headers)
        body = request.json()
        text = str(body.get("text") or "")
        if not text:
            return _with_headers(_problem(400, "Invalid Request", "text is required"), headers)
        if any(p["author_id"] == account.id and p["text"] == text for p in self.x_posts.values()):
            return _with_headers(_problem(
                403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."), headers)
        reply_to = str((body.get("reply") or {}).get("in_reply_to_tweet_id") or "")
        if reply_to and (not reply_to.isdigit() or int(reply_to) not in self.x_posts):
            return _with_headers(_problem(
                403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you."),
                headers)
        if reply_to and not self._x_may_reply(account, self.x_posts[int(reply_to)]):
            return _with_headers(_problem(403, "Forbidden", X_REPLY_NOT_ALLOWED), headers)
        fault = self._take_fault("x")
        if fault and fault["mode"] != "timeout":
            return _with_headers(self._fault_response("x", fault["mode"]), headers)
        post = self._new_x_post(account.id, text, _now(), reply_to=reply_to)
        self._record_sent(platform="x", kind="reply" if reply_to else "post", account=account.handle,
                          id=post["id"], text=text, in_reply_to=reply_to or None)
        return self._late(Response(201, {"data": {"id": post["id"], "text": text,
                                                  "edit_history_tweet_ids": [post["id"]]}}, headers), fault)

    def _x_may_reply(self, account: Account, target: dict[str, Any]) -> bool:
        """A self-serve app may reply to a post that @mentions the account, to the account's
        own posts, and within a conversation the account started."""
        if target["author_id"] == account.id:
            return True
        if any(m.get("id") == account.id for m in (target.get("entities") or {}).get("mentions") or []):
            return True
        root = self.x_posts.get(int(target["conversation_id"]))
        return root is not None and root["author_id"] == account.id

    # --- Meta Graph ------------------------------------------------------------------------------

    def _graph_account(self, request: Request, owner_id: str, platforms: tuple[str, ...]) -> Account | Response:
        """The account whose token came with the request, if it may act for `owner_id`
        (a token of the same agency may: a Page token reads its linked Instagram account)."""
        token = request.param("access_token") or request.bearer()
        if not token:
            return _graph_error("An active access token must be used to query information about the "
                                "current user.", code=2500)
        if token in self.expired_tokens:
            return _graph_error("Error validating access token: Session has expired. The current time is "
                                "after the expiry time.", code=190, subcode=463)
        account = self.by_token.get(token)
        if account is None or account.platform not in platforms:
            return _graph_error("Invalid OAuth access token - Cannot parse access token", code=190)
        owner = next((a for a in self.accounts if a.id == owner_id and a.platform in platforms), None)
        if owner is None or owner.agency != account.agency:
            return _graph_error("(#200) Permissions error", code=200, status=403)
        return account

    def _unknown_object(self, node: str) -> Response:
        return _graph_error(
            f"Unsupported get request. Object with ID '{node}' does not exist, cannot be loaded due to "
            "missing permissions, or does not support this operation.",
            code=100, subcode=33, kind="GraphMethodException",
        )

    def _graph_page(self, request: Request, items: list[dict[str, Any]]) -> Response:
        limit = min(100, max(1, int(request.query.get("limit") or 25)))
        start = _uncursor(request.query.get("after", "")) or 0
        page = items[start:start + limit]
        fields = request.query.get("fields", "")
        body: dict[str, Any] = {"data": [self._public(item, fields) for item in page]}
        if page:
            paging: dict[str, Any] = {"cursors": {"before": _cursor(start), "after": _cursor(start + len(page))}}
            if start + limit < len(items):
                query = {**request.query, "after": _cursor(start + len(page))}
                paging["next"] = f"{request.base_url}{request.path}?{urlencode(query)}"
            body["paging"] = paging
        return Response(200, body)

    def fb_feed(self, request: Request) -> Response:
        node = request.args["node"]
        if ("facebook", node) not in self.by_id:
            return self._unknown_object(node)
        account = self._graph_account(request, node, ("facebook",))
        if isinstance(account, Response):
            return account
        posts = sorted((p for p in self.fb_posts.values() if p["_owner"] == node),
                       key=lambda p: p["created_time"], reverse=True)
        return self._graph_page(request, [self._fb_post_view(p) for p in posts])

    def ig_media(self, request: Request) -> Response:
        node = request.args["node"]
        if ("instagram", node) not in self.by_id:
            return self._unknown_object(node)
        account = self._graph_account(request, node, ("instagram", "facebook"))
        if isinstance(account, Response):
            return account
        media = sorted((m for m in self.ig_media_items.values() if m["_owner"] == node),
                       key=lambda m: m["timestamp"], reverse=True)
        return self._graph_page(request, [self._ig_media_view(m) for m in media])

    def graph_comments(self, request: Request) -> Response:
        """Comments of a Page post or an Instagram media, replies of a comment."""
        node = request.args["node"]
        if node in self.fb_posts:
            owner = self.fb_posts[node]["_owner"]
            stream = request.query.get("filter") == "stream"
            found = [c for c in self.comments.values() if c.get("post_id") == node and (stream or not c["parent_id"])]
        elif node in self.ig_media_items:
            owner = self.ig_media_items[node]["_owner"]
            found = [c for c in self.comments.values()
                     if c.get("media_id") == node and not c["parent_id"] and not c.get("mentioned_user_id")]
        elif node in self.comments and "video_id" not in self.comments[node]:
            owner = self.comments[node]["_owner"]
            found = [c for c in self.comments.values() if c["parent_id"] == node]
        else:
            return self._unknown_object(node)
        account = self._graph_account(request, owner, ("facebook", "instagram"))
        if isinstance(account, Response):
            return account
        newest_first = request.query.get("order") == "reverse_chronological"
        found.sort(key=lambda c: (c.get("created_time") or c.get("timestamp"), c["id"]), reverse=newest_first)
        if node in self.ig_media_items and "replies" in _graph_fields(request.query.get("fields", "")):
            found = [{**c, "replies": {"data": [self._public(r) for r in sorted(
                (r for r in self.comments.values() if r.get("parent_id") == c["id"]),
                key=lambda r: (r["timestamp"], r["id"]))]}} for c in found]
        return self._graph_page(request, found)

    def graph_node(self, request: Request) -> Response:
        node = request.args["node"]
        fields = request.query.get("fields", "")
        mentioned = re.search(r"mentioned_(comment|media)\.(?:comment_id|media_id)\(([^)]+)\)", fields)
        if mentioned:
            if ("instagram", node) not in self.by_id:
                return self._unknown_object(node)
            account = self._graph_account(request, node, ("instagram", "facebook"))
            if isinstance(account, Response):
                return account
            wanted = mentioned.group(2).strip()
            if mentioned.group(1) == "comment":
                comment = self.comments.get(wanted)
                if not comment or comment.get("mentioned_user_id") != node:
                    return self._unknown_object(wanted)
                value = {"text": comment["text"], "timestamp": graph_time(comment["timestamp"]),
                         "username": comment["username"], "id": comment["id"]}
                return Response(200, {"mentioned_comment": value, "id": node})
            media = self.ig_media_items.get(wanted)
            if media is None:
                return self._unknown_object(wanted)
            return Response(200, {"mentioned_media": {"caption": media["caption"], "id": wanted}, "id": node})
        for platform in ("facebook", "instagram", "whatsapp"):
            account = self.by_id.get((platform, node))
            if account:
                allowed = self._graph_account(request, node, (platform, "facebook", "instagram", "whatsapp"))
                if isinstance(allowed, Response):
                    return allowed
                profile = {"id": node, "name": account.name}
                if platform == "instagram":
                    profile["username"] = account.handle
                if platform == "whatsapp":  # GET /{phone-number-id}: the number and its approved name
                    profile.update(display_phone_number=_display_phone(account.handle), verified_name=account.name,
                                   quality_rating="GREEN")
                profile.update({k: v for k, v in self._audience(account).items() if k in _graph_fields(fields)})
                return Response(200, profile)
        obj = self.fb_posts.get(node) or self.ig_media_items.get(node) or self.comments.get(node)
        if obj is None or "video_id" in obj:
            return self._unknown_object(node)
        allowed = self._graph_account(request, obj["_owner"], ("facebook", "instagram"))
        if isinstance(allowed, Response):
            return allowed
        return Response(200, self._public(obj, fields))

    def graph_reply(self, request: Request) -> Response:
        """POST /{fb-comment-id}/comments, /{fb-post-id}/comments (a top-level comment) or
        /{ig-comment-id}/replies: our reply, visible to the comment reads afterwards."""
        node = request.args["node"]
        target = self.comments.get(node)
        if target is None and node in self.fb_posts and request.path.endswith("/comments"):
            target = {"id": "", "post_id": node, "parent_id": "", "_owner": self.fb_posts[node]["_owner"]}
        if target is None or "video_id" in target:
            return self._unknown_object(node)
        platform = "instagram" if "media_id" in target else "facebook"
        account = self._graph_account(request, target["_owner"], (platform,))
        if isinstance(account, Response):
            return account
        message = request.param("message")
        if not message:
            return _graph_error("(#100) The parameter message is required", code=100)
        fault = self._take_fault(platform)
        if fault and fault["mode"] != "timeout":
            return self._fault_response(platform, fault["mode"])
        top = target["parent_id"] or target["id"]
        owner = self.by_id[(platform, target["_owner"])]
        if platform == "facebook":
            reply = {"id": self._fb_comment_id(target["post_id"]), "message": message, "created_time": _now(),
                     "post_id": target["post_id"], "parent_id": top, "_owner": owner.id,
                     "from": {"id": owner.id, "name": owner.name}}
        else:
            reply = {"id": self._numeric_id("178", 17), "text": message, "timestamp": _now(),
                     "username": owner.handle, "media_id": target["media_id"], "parent_id": top,
                     "_owner": owner.id, "mentioned_user_id": "",
                     "from": {"id": owner.id, "username": owner.handle}}
        self.comments[reply["id"]] = reply
        self._record_sent(platform=platform, kind="reply", account=owner.handle, id=reply["id"],
                          text=message, in_reply_to=node)
        return self._late(Response(200, {"id": reply["id"]}), fault)

    def ig_mention_reply(self, request: Request) -> Response:
        """POST /{ig-user-id}/mentions: our reply to a comment that mentioned us elsewhere."""
        node = request.args["node"]
        if ("instagram", node) not in self.by_id:
            return self._unknown_object(node)
        account = self._graph_account(request, node, ("instagram",))
        if isinstance(account, Response):
            return account
        comment_id, message, media_id = request.param("comment_id"), request.param("message"), request.param("media_id")
        if not media_id or not message:
            return _graph_error("(#100) media_id and message are required", code=100)
        fault = self._take_fault("instagram")
        if fault and fault["mode"] != "timeout":
            return self._fault_response("instagram", fault["mode"])
        reply_id = self._numeric_id("178", 17)
        # On someone else's media: stored (a reply under the mentioning comment, or a comment
        # on the media) but never listed with our own media's comments.
        self.comments[reply_id] = {"id": reply_id, "text": message, "timestamp": _now(), "username": account.handle,
                                   "media_id": media_id, "parent_id": comment_id, "_owner": account.id,
                                   "mentioned_user_id": "", "_foreign_media": True,
                                   "from": {"id": account.id, "username": account.handle}}
        self._record_sent(platform="instagram", kind="mention_reply", account=account.handle, id=reply_id,
                          text=message, in_reply_to=comment_id or media_id)
        return self._late(Response(200, {"id": reply_id}), fault)

    def wa_send(self, request: Request) -> Response:
        node = request.args["node"]
        token = request.bearer() or request.param("access_token")
        account = self.by_token.get(token)
        if token in self.expired_tokens:
            return _graph_error("Error validating access token: Session has expired.", code=190, subcode=463,
                                status=401)
        if account is None or account.platform != "whatsapp":
            return _graph_error("Invalid OAuth access token - Cannot parse access token", code=190, status=401)
        if account.id != node:
            return _graph_error("(#100) Invalid parameter", code=100)
        body = request.json()
        if body.get("messaging_product") != "whatsapp":
            return _graph_error("(#100) The parameter messaging_product is required.", code=100)
        to = re.sub(r"\D", "", str(body.get("to") or ""))
        if not to:
            return _graph_error("(#100) The parameter to is required.", code=100)
        kind = str(body.get("type") or "text")
        extra: dict[str, Any] = {}
        if kind in ("text", "interactive"):
            last = self.wa_inbound.get((account.id, to))
            if last is None or _now() - last > WA_WINDOW:
                return _wa_error(131047, "Re-engagement message", "Message failed to send because more than 24 "
                                 "hours have passed since the customer last replied to this number.")
            text = str((body.get("text") or {}).get("body") or "")
            if kind == "interactive":
                error, text, extra = _wa_interactive(body.get("interactive") or {})
                if error:
                    return error
        elif kind == "template":
            error, text, extra = self._wa_template(body.get("template") or {})
            if error:
                return error
        else:
            return _wa_error(131051, "Unsupported message type", f"Message type {kind} is not supported here.")
        fault = self._take_fault("whatsapp")
        if fault and fault["mode"] != "timeout":
            return self._fault_response("whatsapp", fault["mode"])
        wamid = "wamid." + base64.b64encode(f"{to}-{next(self.counter)}-{uuid.uuid4().hex}".encode()).decode()
        context = str((body.get("context") or {}).get("message_id") or "")
        self._record_sent(platform="whatsapp", kind=kind, account=account.handle, id=wamid, to=to,
                          text=text, payload=body, context_id=context or None, **extra)
        return self._late(Response(200, {"messaging_product": "whatsapp",
                                         "contacts": [{"input": str(body.get("to")), "wa_id": to}],
                                         "messages": [{"id": wamid}]}), fault)

    def _wa_template(self, template: dict[str, Any]) -> tuple[Response | None, str, dict[str, Any]]:
        """An approved template in its language, with as many body parameters as it has and
        a payload for quick-reply buttons it has: the text as rendered and the buttons."""
        name = str(template.get("name") or "")
        language = str((template.get("language") or {}).get("code") or "")
        spec = self.wa_templates.get(name)
        if spec is None or spec["language"] != language:
            return _wa_error(132001, "Template name does not exist in the translation",
                             f"template name ({name}) does not exist in {language or '-'}"), "", {}
        components = [c for c in template.get("components") or [] if isinstance(c, dict)]
        params = [str(p.get("text") or "") for c in components if c.get("type") == "body"
                  for p in c.get("parameters") or []]
        if spec["params"] is not None and len(params) != spec["params"]:
            return _wa_error(132000, "Number of parameters does not match the expected number of params",
                             f"body: number of localizable_params ({len(params)}) does not match the expected "
                             f"number of params ({spec['params']})"), "", {}
        if any(not p.strip() or "\n" in p or "\t" in p or "     " in p for p in params):
            return _wa_error(132018, "There was an issue with the parameters in your template.",
                             "Param text cannot have new-line/tab characters or more than 4 consecutive "
                             "spaces"), "", {}
        buttons = []
        for component in components:
            if component.get("type") != "button" or component.get("sub_type") != "quick_reply":
                continue
            index = int(str(component.get("index") or "0")) if str(component.get("index") or "0").isdigit() else -1
            payload = next((str(p.get("payload") or "") for p in component.get("parameters") or []
                            if p.get("type") == "payload"), "")
            if not 0 <= index < len(spec["buttons"]) or not payload:
                return _wa_error(131009, "Parameter value is not valid",
                                 f"Button at index {index} of type Quick_reply does not exist"), "", {}
            buttons.append({"index": index, "text": spec["buttons"][index], "payload": payload})
        text = re.sub(r"\{\{(\d+)\}\}", lambda m: params[int(m.group(1)) - 1]
                      if int(m.group(1)) <= len(params) else m.group(0), spec["body"]) or " ".join(params)
        return None, text, {"template": name, "buttons": buttons}

    def _wa_account(self, handle_or_id: str) -> Account | None:
        """One of our WhatsApp numbers, by its number (+62…) or its phone-number id."""
        value = handle_or_id.strip()
        if value.isdigit() and ("whatsapp", value) in self.by_id:
            return self.by_id[("whatsapp", value)]
        try:
            return self.by_handle.get(("whatsapp", ids.normalize("whatsapp", value)))
        except Exception:
            return None

    def control_wa_inbound(self, request: Request) -> Response:
        """A person writes to one of our numbers (it opens the 24-hour window for free text).
        Body: account_handle (our number or phone-number id), from (their number), created_at
        (optional). The webhook itself is the citizen generator's to deliver."""
        body = request.json()
        account = self._wa_account(str(body.get("account_handle") or ""))
        sender = re.sub(r"\D", "", str(body.get("from") or ""))
        if account is None or not sender:
            return Response(400, {"error": "account_handle (a demo WhatsApp number) and from are required"})
        at = _parse_iso(str(body.get("created_at") or "")) or _now()
        previous = self.wa_inbound.get((account.id, sender))
        self.wa_inbound[(account.id, sender)] = max(at, previous) if previous else at
        return Response(201, {"phone_number_id": account.id, "from": sender,
                              "window_until": (self.wa_inbound[(account.id, sender)] + WA_WINDOW).isoformat()})

    def control_wa_reply(self, request: Request) -> Response:
        """The head answers one of our messages (`context_id`: the wamid of our template or
        interactive message): `button` (index, default 0) or `payload` picks a button; `text`
        without a button is typed text. Delivered to the portal (`portal`, loopback only,
        default $SIGAP_PORTAL_URL or http://127.0.0.1:8000) as the Cloud API does, signed with
        `meta_secret` (default $META_APP_SECRET or the demo secret): a template's quick reply
        as a `button` message (payload, text), an interactive one as `interactive.button_reply`,
        with `context.id` = our wamid. It also opens the 24-hour window."""
        from platforms.fake.citizens import require_loopback

        body = request.json()
        context_id = str(body.get("context_id") or "")
        ours = next((s for s in reversed(self.sent) if s["platform"] == "whatsapp" and s["id"] == context_id), None)
        if ours is None:
            return Response(400, {"error": f"context_id {context_id!r} is not a WhatsApp message we sent"})
        account = self._wa_account(ours["account"])
        if account is None:
            return Response(400, {"error": "the sending number is gone"})
        try:
            portal = require_loopback(str(body.get("portal") or os.environ.get("SIGAP_PORTAL_URL")
                                          or "http://127.0.0.1:8000"))
        except ValueError as exc:
            return Response(400, {"error": str(exc)})
        secret = str(body.get("meta_secret") or os.environ.get("META_APP_SECRET") or "sigap-meta-app-secret")
        sender = re.sub(r"\D", "", str(body.get("from") or ours["to"]))
        now = _now()
        message: dict[str, Any] = {"from": sender, "timestamp": str(int(now.timestamp())),
                                   "context": {"from": re.sub(r"\D", "", account.handle), "id": context_id}}
        message["id"] = "wamid." + base64.b64encode(f"{sender}-in-{next(self.counter)}-{uuid.uuid4().hex}"
                                                    .encode()).decode()
        typed = str(body.get("text") or "")
        if typed and "button" not in body and "payload" not in body:
            message.update(type="text", text={"body": typed})
        elif ours["kind"] == "template":
            buttons = ours.get("buttons") or []
            chosen = _pick_button(buttons, body, key="payload")
            if chosen is None:
                return Response(400, {"error": "no such button on that template"})
            message.update(type="button", button={"payload": chosen["payload"], "text": chosen["text"]})
        elif ours["kind"] == "interactive":
            chosen = _pick_button(ours.get("buttons") or [], body, key="id")
            if chosen is None:
                return Response(400, {"error": "no such button on that message"})
            message.update(type="interactive", interactive={
                "type": "button_reply", "button_reply": {"id": chosen["id"], "title": chosen["title"]}})
        else:
            return Response(400, {"error": "that message has no buttons: send text"})
        self.wa_inbound[(account.id, sender)] = now
        payload = {"object": "whatsapp_business_account", "entry": [{"id": ids.waba_id(account.handle), "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": re.sub(r"\D", "", account.handle), "phone_number_id": account.id},
                "contacts": [{"profile": {"name": str(body.get("name") or "Kepala OPD")}, "wa_id": sender}],
                "messages": [message]}}]}]}
        return Response(200, {}, followup=lambda: _deliver_meta(portal, secret, payload, message))

    # --- YouTube Data API v3 ------------------------------------------------------------------

    def _youtube_guard(self, request: Request) -> Response | None:
        token = request.bearer()
        if token and (token in self.expired_tokens or token not in self.by_token):
            return _youtube_error(401, "authError", "Request had invalid authentication credentials.",
                                  domain="global")
        if not token and not request.query.get("key"):
            return _youtube_error(403, "forbidden", "The request is missing a valid API key.", domain="global")
        if self.quota_exceeded:
            return _youtube_error(403, "quotaExceeded", "The request cannot be completed because you have "
                                  "exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                                  domain="youtube.quota")
        return None

    def _yt_page(self, request: Request, items: list[dict[str, Any]], kind: str) -> Response:
        limit = min(100, max(1, int(request.query.get("maxResults") or 20)))
        start = _uncursor(request.query.get("pageToken", "")) or 0
        page = items[start:start + limit]
        body: dict[str, Any] = {"kind": f"youtube#{kind}ListResponse", "etag": _etag(page),
                                "pageInfo": {"totalResults": len(page), "resultsPerPage": limit}}
        if start + limit < len(items):
            body["nextPageToken"] = _cursor(start + limit)
        body["items"] = page
        return Response(200, body)

    def yt_threads(self, request: Request) -> Response:
        error = self._youtube_guard(request)
        if error:
            return error
        q = request.query
        channel = q.get("allThreadsRelatedToChannelId") or q.get("channelId") or ""
        if channel and ("youtube", channel) not in self.by_id:
            return _youtube_error(404, "channelNotFound", "The channel identified with the request's "
                                  "<code>allThreadsRelatedToChannelId</code> parameter could not be found.",
                                  domain="youtube.commentThread")
        threads = [c for c in self.comments.values() if "video_id" in c and not c["parent_id"]
                   and (not channel or c["_owner"] == channel)
                   and (not q.get("videoId") or c["video_id"] == q["videoId"])]
        if q.get("moderationStatus", "published") != "published":
            threads = []
        threads.sort(key=lambda c: (c["published"], c["id"]), reverse=True)
        with_replies = "replies" in _csv(q.get("part"))
        items = [self._yt_thread(c, with_replies) for c in threads]
        return self._yt_page(request, items, "commentThread")

    def yt_replies(self, request: Request) -> Response:
        error = self._youtube_guard(request)
        if error:
            return error
        parent = request.query.get("parentId", "")
        found = sorted((c for c in self.comments.values() if "video_id" in c and c["parent_id"] == parent),
                       key=lambda c: (c["published"], c["id"]))
        return self._yt_page(request, [self._yt_comment(c) for c in found], "comment")

    def yt_reply(self, request: Request) -> Response:
        error = self._youtube_guard(request)
        if error:
            return error
        account = self.by_token.get(request.bearer())
        if account is None or account.platform != "youtube":
            return _youtube_error(401, "authError", "Login Required.", domain="global")
        snippet = request.json().get("snippet") or {}
        parent = self.comments.get(str(snippet.get("parentId") or ""))
        text = str(snippet.get("textOriginal") or "")
        if parent is None or "video_id" not in parent or not text:
            return _youtube_error(400, "invalidCommentMetadata", "snippet.parentId and snippet.textOriginal "
                                  "are required.", domain="youtube.comment")
        if parent["parent_id"]:  # threads are one level deep: under the top-level comment
            parent = self.comments[parent["parent_id"]]
        fault = self._take_fault("youtube")
        if fault and fault["mode"] != "timeout":
            return self._fault_response("youtube", fault["mode"])
        reply = {"id": self._youtube_comment_id(parent["id"]), "text": text, "published": _now(),
                 "video_id": parent["video_id"], "parent_id": parent["id"], "_owner": parent["_owner"],
                 "author_name": account.name, "author_channel_id": account.id}
        self.comments[reply["id"]] = reply
        self._record_sent(platform="youtube", kind="reply", account=account.handle, id=reply["id"], text=text,
                          in_reply_to=parent["id"])
        return self._late(Response(200, self._yt_comment(reply)), fault)

    def _yt_comment(self, comment: dict[str, Any]) -> dict[str, Any]:
        stamp = youtube_time(comment["published"])
        snippet: dict[str, Any] = {
            "channelId": comment["_owner"], "videoId": comment["video_id"], "textDisplay": comment["text"],
            "textOriginal": comment["text"], "authorDisplayName": comment["author_name"],
            "authorProfileImageUrl": "https://yt3.ggpht.example/fake.jpg",
            "authorChannelUrl": f"http://www.youtube.com/channel/{comment['author_channel_id']}",
            "authorChannelId": {"value": comment["author_channel_id"]}, "canRate": True,
            "viewerRating": "none", "likeCount": 0, "publishedAt": stamp, "updatedAt": stamp,
        }
        if comment["parent_id"]:
            snippet["parentId"] = comment["parent_id"]
        return {"kind": "youtube#comment", "etag": _etag(comment["id"]), "id": comment["id"], "snippet": snippet}

    def _yt_thread(self, top: dict[str, Any], with_replies: bool) -> dict[str, Any]:
        replies = sorted((c for c in self.comments.values() if c.get("parent_id") == top["id"] and "video_id" in c),
                         key=lambda c: (c["published"], c["id"]))
        thread: dict[str, Any] = {
            "kind": "youtube#commentThread", "etag": _etag(top["id"] + "t"), "id": top["id"],
            "snippet": {"channelId": top["_owner"], "videoId": top["video_id"],
                        "topLevelComment": self._yt_comment(top), "canReply": True,
                        "totalReplyCount": len(replies), "isPublic": True},
        }
        if with_replies and replies:
            thread["replies"] = {"comments": [self._yt_comment(c) for c in replies[-5:]]}
        return thread

    # --- Counters for the daily snapshots ----------------------------------------------------

    def _audience(self, account: Account) -> dict[str, int]:
        followers = _grown(f"followers:{account.platform}:{account.id}", since=COUNTERS_EPOCH, base=1500,
                           per_day=4)
        own = {"x": sum(p["author_id"] == account.id for p in self.x_posts.values()),
               "facebook": sum(p["_owner"] == account.id for p in self.fb_posts.values()),
               "instagram": sum(m["_owner"] == account.id for m in self.ig_media_items.values()),
               "youtube": sum(v["_owner"] == account.id for v in self.yt_videos.values())}.get(account.platform, 0)
        return {"followers_count": followers, "fan_count": followers - followers // 10,
                "follows_count": 120 + followers % 97, "following_count": 120 + followers % 97,
                "media_count": own, "tweet_count": own, "subscriberCount": followers, "videoCount": own}

    def _x_post_metrics(self, post: dict[str, Any]) -> dict[str, int]:
        since = _parse_iso(post["created_at"]) or _now()
        replies = sum(any(r.get("id") == post["id"] for r in p.get("referenced_tweets") or [])
                      for p in self.x_posts.values())
        return {"retweet_count": _grown(f"rt:{post['id']}", since=since, base=2, per_day=1),
                "reply_count": replies, "like_count": _grown(f"like:{post['id']}", since=since, base=10, per_day=6),
                "quote_count": 0, "bookmark_count": _grown(f"bm:{post['id']}", since=since, base=1, per_day=0.5),
                "impression_count": _grown(f"imp:{post['id']}", since=since, base=400, per_day=150)}

    def _fb_post_view(self, post: dict[str, Any]) -> dict[str, Any]:
        """A Page post with what the Graph API adds on request: permalink_url, shares (left
        out at zero), reactions and comments as `{"data": [], "summary": {"total_count"}}`."""
        comments = sum(c.get("post_id") == post["id"] for c in self.comments.values())
        view = {**post, "permalink_url": fb_post_url(post["id"]),
                "reactions": {"data": [], "summary": {"total_count": _grown(
                    f"react:{post['id']}", since=post["created_time"], base=20, per_day=8)}},
                "comments": {"data": [], "summary": {"order": "ranked", "total_count": comments,
                                                     "can_comment": True}}}
        shares = _grown(f"share:{post['id']}", since=post["created_time"], base=1, per_day=1)
        if shares:
            view["shares"] = {"count": shares}
        return view

    def _ig_media_view(self, media: dict[str, Any]) -> dict[str, Any]:
        comments = sum(c.get("media_id") == media["id"] and not c.get("mentioned_user_id")
                       for c in self.comments.values())
        return {**media, "comments_count": comments,
                "like_count": _grown(f"like:{media['id']}", since=media["timestamp"], base=30, per_day=12)}

    def yt_channels(self, request: Request) -> Response:
        error = self._youtube_guard(request)
        if error:
            return error
        wanted = _csv(request.query.get("id"))
        if request.query.get("mine") == "true" and request.bearer() in self.by_token:
            wanted = {self.by_token[request.bearer()].id}
        parts = _csv(request.query.get("part"))
        items = []
        for channel in sorted(wanted):
            account = self.by_id.get(("youtube", channel))
            if account is None:
                continue
            item: dict[str, Any] = {"kind": "youtube#channel", "etag": _etag(channel), "id": channel}
            if "snippet" in parts:  # who signed in (the "Hubungkan" flow asks with mine=true)
                item["snippet"] = {"title": account.name, "description": "", "customUrl": f"@{account.handle}",
                                   "publishedAt": "2019-03-01T02:00:00Z", "country": "ID"}
            if "statistics" in parts:
                audience = self._audience(account)
                item["statistics"] = {"viewCount": str(audience["subscriberCount"] * 37),
                                      "subscriberCount": str(audience["subscriberCount"]),
                                      "hiddenSubscriberCount": False, "videoCount": str(audience["videoCount"])}
            if "contentDetails" in parts:
                item["contentDetails"] = {"relatedPlaylists": {"likes": "", "uploads": "UU" + channel[2:]}}
            items.append(item)
        return Response(200, {"kind": "youtube#channelListResponse", "etag": _etag(items),
                              "pageInfo": {"totalResults": len(items), "resultsPerPage": 5}, "items": items})

    def yt_playlist_items(self, request: Request) -> Response:
        """The uploads playlist ("UU" + the channel id after "UC"), newest first."""
        error = self._youtube_guard(request)
        if error:
            return error
        playlist = request.query.get("playlistId", "")
        channel = "UC" + playlist[2:]
        if not playlist.startswith("UU") or ("youtube", channel) not in self.by_id:
            return _youtube_error(404, "playlistNotFound", "The playlist identified with the request's "
                                  "<code>playlistId</code> parameter cannot be found.", domain="youtube.playlistItem")
        videos = sorted((v for v in self.yt_videos.values() if v["_owner"] == channel),
                        key=lambda v: v["published"], reverse=True)
        items = [{"kind": "youtube#playlistItem", "etag": _etag(v["id"] + "p"), "id": _etag(playlist + v["id"]),
                  "snippet": {"publishedAt": youtube_time(v["published"]), "channelId": channel, "title": v["title"],
                              "playlistId": playlist, "resourceId": {"kind": "youtube#video", "videoId": v["id"]}},
                  "contentDetails": {"videoId": v["id"], "videoPublishedAt": youtube_time(v["published"])}}
                 for v in videos]
        return self._yt_page(request, items, "playlistItem")

    def yt_videos_list(self, request: Request) -> Response:
        error = self._youtube_guard(request)
        if error:
            return error
        items = []
        for video_id in (request.query.get("id") or "").split(","):
            video = self.yt_videos.get(video_id.strip())
            if video is None:
                continue
            comments = sum(c.get("video_id") == video["id"] for c in self.comments.values())
            since = video["published"]
            items.append({"kind": "youtube#video", "etag": _etag(video["id"]), "id": video["id"],
                          "snippet": {"publishedAt": youtube_time(since), "channelId": video["_owner"],
                                      "title": video["title"]},
                          "statistics": {"viewCount": str(_grown(f"view:{video['id']}", since=since, base=200,
                                                                 per_day=90)),
                                         "likeCount": str(_grown(f"like:{video['id']}", since=since, base=8,
                                                                 per_day=3)),
                                         "favoriteCount": "0", "commentCount": str(comments)}})
        return Response(200, {"kind": "youtube#videoListResponse", "etag": _etag(items),
                              "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
                              "items": items})

    # --- Helpers ------------------------------------------------------------------------------

    def _numeric_id(self, prefix: str, length: int) -> str:
        seed = hashlib.sha256(f"{prefix}:{next(self.counter)}:{uuid.uuid4()}".encode()).digest()
        return prefix + str(int.from_bytes(seed, "big"))[: length - len(prefix)]

    def _fb_comment_id(self, post_id: str) -> str:
        return f"{post_id.partition('_')[2] or post_id}_{self._numeric_id('1', 16)}"

    def _youtube_comment_id(self, parent_id: str) -> str:
        token = base64.urlsafe_b64encode(uuid.uuid4().bytes + uuid.uuid4().bytes).decode()
        return f"{parent_id}.{token[:22]}" if parent_id else f"Ug{token[:24]}4AaABAg"

    @staticmethod
    def _person_id(kind: str, name: str) -> str:
        return str(int.from_bytes(hashlib.sha256(f"{kind}:{name}".encode()).digest(), "big"))[:16]

    @staticmethod
    def _yt_author(name: str) -> str:
        return "UC" + base64.urlsafe_b64encode(hashlib.sha256(f"yt:{name}".encode()).digest()).decode()[:22]

    @staticmethod
    def _public(obj: dict[str, Any], fields: str = "") -> dict[str, Any]:
        """The Graph shape of a stored object (internal keys dropped, times formatted),
        limited to the requested fields (id always)."""
        out: dict[str, Any] = {}
        for key, value in obj.items():
            if key.startswith("_") or key in {"mentioned_user_id"}:
                continue
            if isinstance(value, datetime):
                value = graph_time(value)
            if key == "parent_id":
                if not value:
                    continue
                if "message" in obj:  # Facebook writes parent{id}
                    key, value = "parent", {"id": value}
            out[key] = value
        wanted = _graph_fields(fields)
        if wanted:
            out = {k: v for k, v in out.items() if k in wanted or k == "id"}
        return out


def _grown(key: str, *, since: datetime, base: int, per_day: float) -> int:
    """A counter that starts between `base` and 2·`base` (fixed per key) and grows about
    `per_day` a day since `since`: the same on every start, a little higher each day."""
    seed = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")
    days = max(0.0, (_now() - since).total_seconds() / 86400)
    return base + seed % max(1, base) + int(days * per_day * (0.8 + (seed % 5) / 10))


def fb_post_url(post_id: str) -> str:
    page_id, _sep, post = post_id.partition("_")
    return f"https://www.facebook.com/{page_id}/posts/{post or page_id}"


def _approved_templates() -> dict[str, dict[str, Any]]:
    """The WhatsApp templates approved on the fake: the ones Sigap registers."""
    from platforms.connectors.whatsapp import sigap_templates

    return {name: {"params": spec.params, "buttons": spec.buttons, "body": spec.body, "language": spec.language}
            for name, spec in sigap_templates().items()}


def _wa_error(code: int, title: str, details: str, *, status: int = 400) -> Response:
    """The Cloud API's error: Graph's envelope with `error_data.details`."""
    return Response(status, {"error": {
        "message": f"(#{code}) {title}", "type": "OAuthException", "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": details},
        "fbtrace_id": base64.b64encode(uuid.uuid4().bytes[:9]).decode(),
    }})


def _wa_interactive(interactive: dict[str, Any]) -> tuple[Response | None, str, dict[str, Any]]:
    """Reply buttons: at most 3, titles of 1 to 20 characters, unique ids."""
    buttons = [b.get("reply") or {} for b in (interactive.get("action") or {}).get("buttons") or []]
    titles = [str(b.get("title") or "") for b in buttons]
    ids_ = [str(b.get("id") or "") for b in buttons]
    if (interactive.get("type") != "button" or not 1 <= len(buttons) <= 3
            or any(not t or len(t) > 20 for t in titles) or any(not i for i in ids_) or len(set(ids_)) != len(ids_)):
        return _wa_error(131009, "Parameter value is not valid",
                         "Buttons: 1 to 3, each with a unique id and a title of 1 to 20 characters"), "", {}
    text = str((interactive.get("body") or {}).get("text") or "")
    return None, text, {"buttons": [{"id": i, "title": t} for i, t in zip(ids_, titles, strict=True)]}


def _pick_button(buttons: list[dict[str, Any]], body: dict[str, Any], *, key: str) -> dict[str, Any] | None:
    if body.get("payload") is not None:
        return next((b for b in buttons if b.get(key) == str(body["payload"])), None)
    index = body.get("button", 0)
    if not str(index).isdigit() or int(index) >= len(buttons):
        return None
    return buttons[int(index)]


def _deliver_meta(portal: str, secret: str, payload: dict[str, Any], message: dict[str, Any]) -> Response:
    """POST a Meta webhook to the portal as Meta sends it (the citizen generator's bytes and
    signature)."""
    import httpx

    from platforms.fake.citizens import meta_bytes
    from platforms.signatures import meta_signature

    body = meta_bytes(payload)
    try:
        answer = httpx.post(f"{portal}/webhooks/meta/", content=body, timeout=15.0,
                            headers={"Content-Type": "application/json",
                                     "X-Hub-Signature-256": meta_signature(secret, body)})
    except httpx.HTTPError as exc:
        return Response(502, {"error": f"portal unreachable: {type(exc).__name__}", "message": message})
    return Response(200, {"webhook_status": answer.status_code, "message": message, "payload": payload})


def _display_phone(number: str) -> str:
    """+6281200000112 -> "+62 812-0000-0112", as the Cloud API writes display_phone_number."""
    local = number.removeprefix("+62")
    return f"+62 {local[:3]}-{local[3:7]}-{local[7:]}"


def _with_headers(response: Response | None, headers: dict[str, str]) -> Response:
    assert response is not None
    response.headers.update(headers)
    return response


def _csv(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


def _graph_fields(fields: str) -> set[str]:
    """Top-level names of a Graph `fields` value: `id,message,parent{id},from` -> {...}."""
    names, depth, current = set(), 0, ""
    for char in fields + ",":
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
        elif char == "," and depth == 0:
            name = re.split(r"[.{(]", current.strip(), maxsplit=1)[0]
            if name:
                names.add(name)
            current = ""
            continue
        current += char
    return names


def _invalid_x_params(query: dict[str, str]) -> list[tuple[str, str]]:
    problems = []
    raw = query.get("max_results")
    if raw is not None and (not raw.isdigit() or not 1 <= int(raw) <= 100):
        problems.append(("max_results", f"The `max_results` query parameter value [{raw}] is not between 5 and 100"))
    for key in ("since_id", "until_id"):
        if query.get(key) and not query[key].isdigit():
            problems.append((key, f"The `{key}` query parameter value [{query[key]}] is not valid"))
    if query.get("pagination_token") and _uncursor(query["pagination_token"]) is None:
        problems.append(("pagination_token", "The `pagination_token` query parameter value is not valid"))
    return problems


#: Fields X returns without tweet.fields.
X_DEFAULT_FIELDS = ("id", "text", "edit_history_tweet_ids")


def _project_post(post: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    return {k: v for k, v in post.items() if k in X_DEFAULT_FIELDS or k in fields}


def _etag(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, default=str).encode()).hexdigest()[:27]


# --- Serving ------------------------------------------------------------------------------------


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class LoggingHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        print(f"[fake-platform] {self.address_string()} {format % args}", flush=True)


def make_server(port: int = 0, host: str = "127.0.0.1", *, quiet: bool = True,
                app: FakePlatform | None = None) -> tuple[ThreadingWSGIServer, threading.Thread]:
    """Start the fake platform in a background thread (port 0: a free one; read it from
    `server.server_port`). Stop it with `server.shutdown(); server.server_close()`."""
    server = wsgi_make_server(host, port, app or FakePlatform(), server_class=ThreadingWSGIServer,
                              handler_class=QuietHandler if quiet else LoggingHandler)
    thread = threading.Thread(target=server.serve_forever, name=f"fake-platform-{server.server_port}",
                              daemon=True)
    thread.start()
    return server, thread
