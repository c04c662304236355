"""YouTube Data API v3: no push for comments, so `commentThreads.list` with
`allThreadsRelatedToChannelId` is polled newest first. There is no "since": pages are read
until a page ends before the last checkpoint minus an overlap window. A used-up daily quota
(`403 quotaExceeded`, not 429) pauses the account until midnight Pacific Time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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
    QuotaExceeded,
    RateLimited,
    RecentPosts,
    Refused,
    Sent,
    TokenInvalid,
    Transient,
    classify_http_error,
    count,
    parse_time,
    require_token,
    send_request,
    uncertain_if_transient,
)

PLATFORM = "youtube"
OVERLAP = timedelta(minutes=30)
PAGE_CAP = 10
PACIFIC = ZoneInfo("America/Los_Angeles")
UPLOADS_PAGE_CAP = 4  # 50 uploads a page: 200 videos a month is more than any agency posts
MAX_COMMENT_LENGTH = 10000
FIND_PAGE_CAP = 3  # pages of 100 replies read when looking for our own reply (1 unit each)


def quota_resets_at(now: datetime) -> datetime:
    """The next midnight in Pacific Time (14.00 WIB in summer, 15.00 WIB in winter)."""
    local = now.astimezone(PACIFIC)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=PACIFIC)
    return midnight.astimezone(UTC)


def comment_url(video_id: str, comment_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}&lc={comment_id}"


def _comment_item(comment: dict[str, Any], *, channel_id: str, thread_id: str, video_id: str) -> Item | None:
    snippet = comment.get("snippet") or {}
    comment_id = str(comment.get("id") or "")
    posted = parse_time(snippet.get("publishedAt"))
    if not comment_id or posted is None:
        return None
    author_channel = str((snippet.get("authorChannelId") or {}).get("value") or "")
    parent = str(snippet.get("parentId") or "")
    return Item(
        platform=PLATFORM, external_id=comment_id,
        kind="post" if author_channel and author_channel == channel_id else "comment",
        posted_at=posted, account_ref=channel_id, author_id=author_channel,
        author_name=str(snippet.get("authorDisplayName") or ""),
        text=str(snippet.get("textDisplay") or snippet.get("textOriginal") or ""),
        thread_key=thread_id, parent_id=parent or video_id, root_id=video_id,
        url=comment_url(video_id, comment_id),
    )


def parse_threads_page(body: dict[str, Any], *, channel_id: str) -> list[Item]:
    items: list[Item] = []
    for thread in body.get("items") or []:
        snippet = thread.get("snippet") or {}
        video_id = str(snippet.get("videoId") or "")
        thread_id = str(thread.get("id") or "")
        top = snippet.get("topLevelComment")
        for comment in [top, *((thread.get("replies") or {}).get("comments") or [])]:
            if isinstance(comment, dict):
                item = _comment_item(comment, channel_id=channel_id, thread_id=thread_id, video_id=video_id)
                if item:
                    items.append(item)
    return items


def _error(response: httpx.Response) -> Exception:
    try:
        error = (response.json() or {}).get("error") or {}
    except ValueError:
        error = {}
    reasons = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
    if response.status_code == 403 and reasons & {"quotaExceeded", "dailyLimitExceeded"}:
        return QuotaExceeded(quota_resets_at(timezone.now()), "YouTube daily quota used up")
    if response.status_code == 401 or "authError" in reasons:
        return TokenInvalid(str(error.get("message") or "HTTP 401")[:200])
    if response.status_code == 403:
        return Refused(", ".join(sorted(r for r in reasons if r)) or "HTTP 403")
    return classify_http_error(response)


def top_comment_id(comment_id: str) -> str:
    """YouTube threads are one level deep and a reply's id is `<top-level id>.<reply id>`:
    a reply to a reply is posted under the top-level comment."""
    return comment_id.split(".", 1)[0]


def _send_error(response: httpx.Response) -> Exception:
    """A failed write: a used-up daily quota waits until it resets (RateLimited, so that a
    send is retried then, not given up); 5xx may have posted."""
    error = _error(response)
    if isinstance(error, QuotaExceeded):
        return RateLimited(max(60.0, (error.until - timezone.now()).total_seconds()), str(error))
    return uncertain_if_transient(error) if isinstance(error, Transient) else error


class YouTubeConnector:
    platform = PLATFORM

    def reply(self, account: Any, *, in_reply_to: str, text: str) -> Sent:
        """`comments.insert` (`POST /comments?part=snippet`, 50 units) with snippet.parentId
        the top-level comment. `403 commentsDisabled`/`forbidden`: Refused."""
        token = require_token(account)
        if not text.strip():
            raise Refused("empty text")
        if len(text) > MAX_COMMENT_LENGTH:
            raise Refused(f"too long for YouTube: {len(text)} of {MAX_COMMENT_LENGTH} characters")
        response = send_request(
            self.client, "POST", "/comments", params={"part": "snippet"},
            json={"snippet": {"parentId": top_comment_id(in_reply_to), "textOriginal": text}},
            headers={"Authorization": f"Bearer {token}"},
        )
        if response.status_code != 200:
            raise _send_error(response)
        sent = _sent(response.json())
        if sent is None:
            raise Refused("no comment id in the answer")
        return sent

    def find_own_reply(self, account: Any, *, in_reply_to: str, contains: str) -> Sent | None:
        """Our reply in the thread (`comments.list?parentId=`, 1 unit a page) whose text
        contains `contains`, by our channel id."""
        require_token(account)
        params: dict[str, Any] = {"part": "snippet", "parentId": top_comment_id(in_reply_to),
                                  "maxResults": 100, "textFormat": "plainText"}
        for _page in range(FIND_PAGE_CAP):
            try:
                body = self._get_json("/comments", account, params)
            except QuotaExceeded as exc:
                raise RateLimited(max(60.0, (exc.until - timezone.now()).total_seconds()), str(exc)) from exc
            for comment in body.get("items") or []:
                snippet = comment.get("snippet") or {}
                author = str((snippet.get("authorChannelId") or {}).get("value") or "")
                text = str(snippet.get("textOriginal") or snippet.get("textDisplay") or "")
                if author == str(account.external_id) and contains in text:
                    return _sent(comment)
            token = body.get("nextPageToken")
            if not token:
                return None
            params["pageToken"] = token
        return None

    def __init__(self, client: httpx.Client | None = None) -> None:
        self.client = client or httpx.Client(base_url=settings.YOUTUBE_API_BASE_URL, timeout=HTTP_TIMEOUT)

    def parse_webhook(self, payload: dict[str, Any]) -> list[Item]:
        return []  # YouTube offers no push for comments

    def fetch_own_posts(self, account: Any, cursor: dict[str, Any]) -> PollResult:
        return PollResult(pages=[], cursor=cursor)

    def fetch_mentions(self, account: Any, cursor: dict[str, Any]) -> PollResult:
        checkpoint = parse_time(cursor.get("published_after"))
        floor = (checkpoint - OVERLAP) if checkpoint else timezone.now() - timedelta(days=1)
        params: dict[str, Any] = {
            "part": "snippet,replies", "allThreadsRelatedToChannelId": account.external_id,
            "order": "time", "maxResults": 100, "textFormat": "plainText",
        }
        pages: list[Page] = []
        newest = checkpoint
        for _page in range(PAGE_CAP):
            try:
                response = self.client.get("/commentThreads", params=params,
                                           headers={"Authorization": f"Bearer {account.access_token}"})
            except httpx.HTTPError as exc:
                raise Transient(type(exc).__name__) from exc
            if response.status_code != 200:
                raise _error(response)
            body = response.json()
            items = parse_threads_page(body, channel_id=str(account.external_id))
            pages.append(Page(url=str(response.request.url), body=response.content, items=items))
            stamps = [i.posted_at for i in items]
            if stamps and (newest is None or max(stamps) > newest):
                newest = max(stamps)
            tops = [parse_time(((t.get("snippet") or {}).get("topLevelComment") or {}).get("snippet", {}).get("publishedAt"))
                    for t in body.get("items") or []]
            tops = [t for t in tops if t]
            token = body.get("nextPageToken")
            if not token or (tops and min(tops) < floor):
                break  # newest first: this page already reaches below the window
            params["pageToken"] = token
        new_cursor = dict(cursor)
        if newest is not None:
            new_cursor["published_after"] = newest.isoformat()
        return PollResult(pages=pages, cursor=new_cursor)

    def _get_json(self, path: str, account: Any, params: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.client.get(path, params=params,
                                       headers={"Authorization": f"Bearer {account.access_token}"})
        except httpx.HTTPError as exc:
            raise Transient(type(exc).__name__) from exc
        if response.status_code != 200:
            raise _error(response)
        return response.json()

    def _channel(self, account: Any, part: str) -> dict[str, Any]:
        body = self._get_json("/channels", account, {"part": part, "id": account.external_id})
        items = body.get("items") or []
        if not items:
            raise Refused(f"channel {account.external_id} not found")
        return items[0]

    def fetch_account_metrics(self, account: Any) -> AccountMetrics:
        """`channels.list part=statistics` (1 unit): subscribers (None when the channel hides
        them) and videos."""
        statistics = self._channel(account, "statistics").get("statistics") or {}
        hidden = statistics.get("hiddenSubscriberCount") is True
        return AccountMetrics(followers=None if hidden else count(statistics.get("subscriberCount")),
                              posts_count=count(statistics.get("videoCount")))

    def fetch_recent_posts(self, account: Any, since: datetime) -> RecentPosts:
        """Uploads since `since`: the channel's uploads playlist (`playlistItems.list`, newest
        first) and their numbers (`videos.list part=statistics`, 50 ids a call), 1 unit each."""
        details = self._channel(account, "contentDetails").get("contentDetails") or {}
        uploads = str((details.get("relatedPlaylists") or {}).get("uploads") or "")
        if not uploads:
            return RecentPosts(posts=[])
        params: dict[str, Any] = {"part": "contentDetails", "playlistId": uploads, "maxResults": 50}
        published: dict[str, datetime] = {}
        complete = False
        for _page in range(UPLOADS_PAGE_CAP):
            body = self._get_json("/playlistItems", account, params)
            older_seen = False
            for entry in body.get("items") or []:
                content = entry.get("contentDetails") or {}
                video_id = str(content.get("videoId") or "")
                when = parse_time(content.get("videoPublishedAt"))
                if not video_id or when is None:
                    continue  # private or deleted: no publication time
                if when < since:
                    older_seen = True
                    continue
                published[video_id] = when
            token = body.get("nextPageToken")
            if not token or older_seen:
                complete = True
                break
            params["pageToken"] = token
        posts: list[PostData] = []
        ids = list(published)
        for start in range(0, len(ids), 50):
            body = self._get_json("/videos", account, {"part": "snippet,statistics",
                                                        "id": ",".join(ids[start:start + 50])})
            for video in body.get("items") or []:
                video_id = str(video.get("id") or "")
                if video_id not in published:
                    continue
                snippet, statistics = video.get("snippet") or {}, video.get("statistics") or {}
                posts.append(PostData(
                    external_id=video_id, published_at=published[video_id], kind="video",
                    text=str(snippet.get("title") or ""), url=f"https://www.youtube.com/watch?v={video_id}",
                    likes=count(statistics.get("likeCount")), comments=count(statistics.get("commentCount")),
                    views=count(statistics.get("viewCount")),
                ))
        return RecentPosts(posts=posts, complete=complete)


def _sent(comment: dict[str, Any]) -> Sent | None:
    comment_id = str(comment.get("id") or "")
    if not comment_id:
        return None
    snippet = comment.get("snippet") or {}
    video_id = str(snippet.get("videoId") or "")
    return Sent(external_id=comment_id, posted_at=parse_time(snippet.get("publishedAt")) or timezone.now(),
                url=comment_url(video_id, comment_id) if video_id else "")
