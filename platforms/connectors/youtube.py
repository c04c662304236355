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
    Item,
    Page,
    PollResult,
    QuotaExceeded,
    Refused,
    TokenInvalid,
    Transient,
    classify_http_error,
    parse_time,
)

PLATFORM = "youtube"
OVERLAP = timedelta(minutes=30)
PAGE_CAP = 10
PACIFIC = ZoneInfo("America/Los_Angeles")


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


class YouTubeConnector:
    platform = PLATFORM

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
