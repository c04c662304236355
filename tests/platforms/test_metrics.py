"""Daily metric snapshots: each account's followers and its recent posts with their likes,
comments, shares and views, one row per day (a second run updates), read from the fake
platform and from recorded-shape JSON; failures, missing tokens and pauses."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from agencies.models import ConnectionStatus, OfficialAccount
from platforms import metrics, tasks
from platforms.connectors import meta as metaconn
from platforms.connectors import x as xconn
from platforms.connectors import youtube as ytconn
from platforms.connectors.base import AccountMetrics, PostData, RecentPosts, Transient
from platforms.fake import ids
from platforms.fake.server import make_server
from platforms.models import AccountMetricSnapshot, Post, PostMetricSnapshot
from tests.factories import AgencyFactory, OfficialAccountFactory

pytestmark = pytest.mark.django_db

DEMO = {"x": "dinkes_bkl_dm", "facebook": "dinkes.kotabkl.demo", "instagram": "dinkes.bkl.demo",
        "youtube": "dinkes-bkl-demo"}


@pytest.fixture(scope="module")
def fake_url():
    server, thread = make_server(0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def fake(fake_url, settings):
    settings.X_API_BASE_URL = settings.META_GRAPH_BASE_URL = settings.YOUTUBE_API_BASE_URL = fake_url
    with httpx.Client(base_url=fake_url, timeout=10) as client:
        client.post("/_fake/reset").raise_for_status()
        yield client


@pytest.fixture
def demo_accounts(db):
    """Dinas Kesehatan's demo accounts, connected to the fake platform."""
    agency = AgencyFactory(name="Dinas Kesehatan", short_name="Dinkes", slug="dinas-kesehatan")
    return {
        platform: OfficialAccountFactory(
            agency=agency, platform=platform, handle=handle, external_id=ids.demo_account_ids(platform, handle),
            access_token=ids.access_token(platform, handle), status=ConnectionStatus.CONNECTED,
        )
        for platform, handle in DEMO.items()
    }


# --- Against the fake platform ---------------------------------------------------------


def test_each_platform_stores_followers_posts_and_their_numbers(fake, demo_accounts):
    for platform, account in demo_accounts.items():
        outcome = metrics.account_metrics_snapshot(account_id=account.pk)
        assert outcome.status == "stored", (platform, outcome.detail)
        assert outcome.posts == outcome.new_posts == ids.OWN_CONTENT_PER_ACCOUNT
    today = timezone.localdate()
    for platform, account in demo_accounts.items():
        snapshot = AccountMetricSnapshot.objects.get(account=account)
        assert snapshot.taken_on == today and snapshot.followers > 1000
        posts = Post.objects.filter(account=account)
        assert posts.count() == ids.OWN_CONTENT_PER_ACCOUNT
        assert {p.platform for p in posts} == {platform} and all(p.source == "api" for p in posts)
        assert all(p.url.startswith("https://") and p.text.startswith("Info layanan") for p in posts)
        for snap in PostMetricSnapshot.objects.filter(post__account=account):
            assert snap.taken_on == today and snap.likes > 0 and snap.comments == 0
            # A number the platform does not give stays empty, never 0.
            assert (snap.views is None) == (platform in ("facebook", "instagram"))
            assert (snap.shares is None) == (platform in ("instagram", "youtube"))
    assert {p.kind for p in Post.objects.filter(platform="youtube")} == {"video"}
    x_snapshot = AccountMetricSnapshot.objects.get(account=demo_accounts["x"])
    assert x_snapshot.following is not None and x_snapshot.posts_count == ids.OWN_CONTENT_PER_ACCOUNT


def test_twice_a_day_updates_the_rows_and_the_next_day_adds_a_trend(fake, demo_accounts):
    account = demo_accounts["instagram"]
    start = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        metrics.account_metrics_snapshot(account_id=account.pk)
    fake.post("/_fake/instagram/comments", json={"account_handle": DEMO["instagram"], "text": "mantap",
                                                 "media_id": ids.ig_media_id(DEMO["instagram"], 0)})
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        metrics.account_metrics_snapshot(account_id=account.pk)
    assert AccountMetricSnapshot.objects.filter(account=account).count() == 1
    assert Post.objects.filter(account=account).count() == 3
    assert PostMetricSnapshot.objects.count() == 3
    updated = PostMetricSnapshot.objects.get(post__external_id=ids.ig_media_id(DEMO["instagram"], 0))
    assert updated.comments == 1 and updated.taken_at == start + timedelta(minutes=5)
    first_day = AccountMetricSnapshot.objects.get(account=account)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        metrics.account_metrics_snapshot(account_id=account.pk)
    days = list(AccountMetricSnapshot.objects.filter(account=account).order_by("taken_on"))
    assert len(days) == 2 and days[1].taken_on == first_day.taken_on + timedelta(days=1)
    assert days[1].followers > days[0].followers
    likes = list(PostMetricSnapshot.objects.filter(post=updated.post).order_by("taken_on").values_list("likes", flat=True))
    assert len(likes) == 2 and likes[1] > likes[0]


def test_one_account_failing_never_stops_the_others(fake, demo_accounts, django_capture_on_commit_callbacks):
    fake.post("/_fake/arm", json={"expire_token": ids.access_token("facebook", DEMO["facebook"])})
    dispatched = tasks.snapshot_due_accounts()  # eager in tests: each account's task runs here
    assert dispatched == 4
    assert set(AccountMetricSnapshot.objects.values_list("account__platform", flat=True)) == {
        "x", "instagram", "youtube"}
    facebook = OfficialAccount.objects.get(pk=demo_accounts["facebook"].pk)
    assert facebook.status == ConnectionStatus.NEEDS_ATTENTION and "expired" in facebook.last_error
    assert not Post.objects.filter(platform="facebook").exists()
    # The catch-up run takes only the accounts still without today's snapshot, and not one
    # that waits for a person to reconnect it.
    assert metrics.accounts_for_snapshot(only_missing=True) == []
    assert tasks.snapshot_due_accounts() == 0


def test_the_command_prints_a_line_per_account_and_goes_on_after_an_error(fake, demo_accounts, monkeypatch):
    real = metrics.connector_for

    def flaky(platform):
        if platform == "youtube":
            class Down:
                def fetch_account_metrics(self, account):
                    raise Transient("ConnectTimeout")
            return Down()
        return real(platform)

    monkeypatch.setattr(metrics, "connector_for", flaky)
    no_token = OfficialAccountFactory(agency=demo_accounts["x"].agency, platform="x", handle="dinkes_lama")
    out = io.StringIO()
    call_command("snapshot_metrics", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 6 and lines[-1] == "Accounts snapshotted: 3 of 5."
    assert any("YouTube" in line and "error Transient: ConnectTimeout" in line for line in lines)
    assert any("@dinkes_lama" in line and "skipped (not connected)" in line for line in lines)
    assert any("Instagram" in line and "stored: " in line and "3 posts (3 new, 0 removed)" in line for line in lines)
    assert not AccountMetricSnapshot.objects.filter(account=no_token).exists()
    out = io.StringIO()
    call_command("snapshot_metrics", "--account", str(demo_accounts["x"].pk), stdout=out)
    assert out.getvalue().splitlines()[-1] == "Accounts snapshotted: 1 of 1."
    assert AccountMetricSnapshot.objects.filter(account=demo_accounts["x"]).count() == 1


# --- Without the network: who is called ----------------------------------------------


class Recorder:
    """A connector that answers from memory and records who it was asked about."""

    def __init__(self, posts=None, *, complete=True):
        self.calls: list[str] = []
        self.posts = posts or []
        self.complete = complete

    def fetch_account_metrics(self, account):
        self.calls.append(account.handle)
        return AccountMetrics(followers=1200, following=10, posts_count=len(self.posts))

    def fetch_recent_posts(self, account, since):
        return RecentPosts(posts=list(self.posts), complete=self.complete)


@pytest.fixture
def recorder(monkeypatch):
    holder = Recorder()
    monkeypatch.setattr(metrics, "connector_for", lambda platform: holder)
    return holder


@pytest.fixture
def x_account(region):
    account = region.pupr_x
    account.access_token = "user-token-secret"
    account.save()
    return account


def test_an_account_without_a_token_is_never_called(region, recorder):
    outcome = metrics.account_metrics_snapshot(account_id=region.dlh_x.pk)
    assert (outcome.status, outcome.detail) == ("skipped", "not connected")
    assert recorder.calls == []
    assert region.dlh_x.pk not in metrics.accounts_for_snapshot()
    assert not AccountMetricSnapshot.objects.exists()


def test_a_paused_account_is_skipped_until_its_pause_ends(x_account, recorder):
    now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    x_account.paused_until = now + timedelta(hours=3)
    x_account.save()
    with time_machine.travel(now, tick=False):
        assert metrics.account_metrics_snapshot(account_id=x_account.pk).status == "paused"
        assert x_account.pk not in metrics.accounts_for_snapshot()
    assert recorder.calls == []
    with time_machine.travel(now + timedelta(hours=4), tick=False):
        assert x_account.pk in metrics.accounts_for_snapshot()
        assert metrics.account_metrics_snapshot(account_id=x_account.pk).status == "stored"
    assert recorder.calls == ["pupr_bkl"]


def test_inactive_tiktok_and_whatsapp_accounts_are_not_read(region, recorder):
    tiktok = OfficialAccountFactory(agency=region.pupr, platform="tiktok", handle="pupr.bkl", access_token="t")
    region.hub_wa.access_token = "wa-token"
    region.hub_wa.save()
    for account in (tiktok, region.hub_wa):
        assert metrics.account_metrics_snapshot(account_id=account.pk).status == "skipped"
    assert recorder.calls == []


def test_snapshot_day_is_the_regions_date(x_account, recorder):
    # 18:30 UTC is 01:30 WIB the next day: the night's run writes the new day.
    with time_machine.travel(datetime(2026, 11, 23, 18, 30, tzinfo=UTC), tick=False):
        metrics.account_metrics_snapshot(account_id=x_account.pk)
    assert AccountMetricSnapshot.objects.get().taken_on.isoformat() == "2026-11-24"


def test_a_post_gone_from_a_complete_list_is_marked_removed_and_unmarked_when_back(x_account, recorder):
    now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    kept = PostData(external_id="2000000000000000001", published_at=now - timedelta(days=2), text="Info banjir",
                    likes=5, comments=1, shares=0, views=100)
    gone = PostData(external_id="2000000000000000002", published_at=now - timedelta(days=3), text="Info jalan")
    recorder.posts = [kept, gone]
    with time_machine.travel(now, tick=False):
        metrics.account_metrics_snapshot(account_id=x_account.pk)
    recorder.posts = [kept]
    recorder.complete = False  # stopped at a page cap: nothing concluded
    with time_machine.travel(now + timedelta(days=1), tick=False):
        assert metrics.account_metrics_snapshot(account_id=x_account.pk).removed == 0
    assert Post.objects.get(external_id=gone.external_id).removed_at is None
    recorder.complete = True
    with time_machine.travel(now + timedelta(days=1, hours=1), tick=False):
        assert metrics.account_metrics_snapshot(account_id=x_account.pk).removed == 1
    assert Post.objects.get(external_id=gone.external_id).removed_at == now + timedelta(days=1, hours=1)
    recorder.posts = [kept, gone]
    with time_machine.travel(now + timedelta(days=2), tick=False):
        metrics.account_metrics_snapshot(account_id=x_account.pk)
    assert Post.objects.get(external_id=gone.external_id).removed_at is None
    # Posts older than the window are left as they are.
    recorder.posts = []
    with time_machine.travel(now + timedelta(days=40), tick=False):
        assert metrics.account_metrics_snapshot(account_id=x_account.pk).removed == 0


def test_the_night_run_is_scheduled_at_one_in_the_morning_region_time():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["snapshot-metrics"]
    assert schedule["task"] == "platforms.tasks.snapshot_due_accounts"
    assert django_settings.TIME_ZONE == "Asia/Jakarta"
    assert 18 in schedule["schedule"].hour  # 01:00 WIB = 18:00 UTC (Celery runs in UTC)
    assert len(schedule["schedule"].hour) == 4 and schedule["schedule"].minute == {0}


@pytest.mark.postgres
def test_the_upsert_holds_on_postgres(x_account, recorder):
    recorder.posts = [PostData(external_id="2000000000000000003", published_at=timezone.now() - timedelta(days=1),
                               likes=1)]
    metrics.account_metrics_snapshot(account_id=x_account.pk)
    recorder.posts[0].likes = 7
    metrics.account_metrics_snapshot(account_id=x_account.pk)
    assert PostMetricSnapshot.objects.get().likes == 7
    assert AccountMetricSnapshot.objects.count() == 1


# --- Recorded-shape JSON ---------------------------------------------------------------


def mock_client(routes: dict[str, dict], requests: list[httpx.Request], base: str) -> httpx.Client:
    prefix = httpx.URL(base).path.rstrip("/")  # /v24.0, /youtube/v3: the client keeps it

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        assert request.url.path.startswith(prefix)
        return httpx.Response(200, json=routes[request.url.path.removeprefix(prefix)])

    return httpx.Client(base_url=base, transport=httpx.MockTransport(handler))


def test_x_public_metrics_are_read_from_users_and_tweets(x_account):
    requests: list[httpx.Request] = []
    client = mock_client({
        f"/2/users/{x_account.external_id}": {"data": {"id": x_account.external_id, "name": "Dinas PUPR",
                                                        "username": "pupr_bkl", "public_metrics": {
                                                            "followers_count": 15231, "following_count": 210,
                                                            "tweet_count": 4120, "listed_count": 12, "like_count": 88}}},
        f"/2/users/{x_account.external_id}/tweets": {
            "data": [
                {"id": "2080765813578191303", "text": "@warga_bkl Terima kasih, sudah kami teruskan.",
                 "created_at": "2026-07-24T21:23:23.000Z", "conversation_id": "2080765813578191000",
                 "in_reply_to_user_id": "555", "edit_history_tweet_ids": ["2080765813578191303"],
                 "public_metrics": {"retweet_count": 0, "reply_count": 1, "like_count": 2, "quote_count": 0,
                                    "bookmark_count": 0, "impression_count": 57}},
                {"id": "2080759927403446272", "text": "Perbaikan jalan Sudirman mulai Senin.",
                 "created_at": "2026-07-24T21:00:00.000Z", "conversation_id": "2080759927403446272",
                 "edit_history_tweet_ids": ["2080759927403446272"],
                 "public_metrics": {"retweet_count": 12, "reply_count": 9, "like_count": 140, "quote_count": 3,
                                    "bookmark_count": 4, "impression_count": 5210}},
            ],
            "meta": {"result_count": 2, "newest_id": "2080765813578191303", "oldest_id": "2080759927403446272"},
        },
    }, requests, "https://api.x.com")
    connector = xconn.XConnector(client=client)
    assert connector.fetch_account_metrics(x_account) == AccountMetrics(followers=15231, following=210,
                                                                        posts_count=4120)
    since = datetime(2026, 7, 1, tzinfo=UTC)
    recent = connector.fetch_recent_posts(x_account, since)
    assert recent.complete
    reply, post = recent.posts
    assert (reply.kind, reply.likes, reply.comments, reply.shares, reply.views) == ("reply", 2, 1, 0, 57)
    assert (post.kind, post.likes, post.comments, post.shares, post.views) == ("post", 140, 9, 15, 5210)
    assert post.url == "https://x.com/pupr_bkl/status/2080759927403446272"
    assert post.published_at == datetime(2026, 7, 24, 21, 0, tzinfo=UTC)
    params = requests[1].url.params
    assert params["start_time"] == "2026-07-01T00:00:00Z" and params["exclude"] == "retweets"
    assert {"created_at", "public_metrics", "conversation_id", "in_reply_to_user_id"} <= set(
        params["tweet.fields"].split(","))
    assert requests[0].url.params["user.fields"] == "public_metrics"
    assert requests[0].headers["authorization"] == "Bearer user-token-secret"


def test_x_user_answer_with_only_errors_is_a_refusal(x_account):
    from platforms.connectors.base import Refused

    client = mock_client({f"/2/users/{x_account.external_id}": {"errors": [
        {"detail": "User has been suspended: [pupr_bkl].", "title": "Forbidden"}]}}, [], "https://api.x.com")
    with pytest.raises(Refused, match="suspended"):
        xconn.XConnector(client=client).fetch_account_metrics(x_account)


def test_facebook_page_posts_with_reactions_comments_and_shares(region):
    account = region.pupr_fb
    account.access_token = "page-token"
    requests: list[httpx.Request] = []
    page = account.external_id
    client = mock_client({
        f"/{page}": {"followers_count": 48210, "fan_count": 45002, "id": page},
        f"/{page}/posts": {"data": [
            {"id": f"{page}_1200", "created_time": "2026-11-20T03:00:00+0000", "message": "Jadwal pengaspalan",
             "permalink_url": f"https://www.facebook.com/{page}/posts/pfbid0abc",
             "shares": {"count": 14},
             "reactions": {"data": [], "summary": {"total_count": 321, "viewer_reaction": "NONE"}},
             "comments": {"data": [], "summary": {"order": "ranked", "total_count": 45, "can_comment": True}}},
            {"id": f"{page}_1100", "created_time": "2026-11-18T03:00:00+0000",
             "reactions": {"data": [], "summary": {"total_count": 3}},
             "comments": {"data": [], "summary": {"total_count": 0}}},
            {"id": f"{page}_900", "created_time": "2026-10-01T03:00:00+0000"},
        ], "paging": {"cursors": {"before": "b", "after": "a"}, "next": "https://graph.facebook.com/next"}},
    }, requests, "https://graph.facebook.com/v24.0")
    connector = metaconn.MetaConnector("facebook", client=client)
    assert connector.fetch_account_metrics(account).followers == 48210
    recent = connector.fetch_recent_posts(account, datetime(2026, 10, 24, tzinfo=UTC))
    assert recent.complete and [p.external_id for p in recent.posts] == [f"{page}_1200", f"{page}_1100"]
    first, quiet = recent.posts
    assert (first.likes, first.comments, first.shares, first.views) == (321, 45, 14, None)
    assert first.url == f"https://www.facebook.com/{page}/posts/pfbid0abc" and first.text == "Jadwal pengaspalan"
    assert (quiet.shares, quiet.url) == (0, f"https://www.facebook.com/{page}/posts/1100")  # no shares key: 0
    fields = requests[1].url.params["fields"]
    for name in ("created_time", "message", "permalink_url", "shares", "reactions", "comments"):
        assert name in fields
    assert len(requests) == 2  # the page reached older posts: no second page


def test_instagram_media_kinds_and_hidden_like_counts(region):
    account = region.dlh_ig
    account.access_token = "ig-token"
    ig = account.external_id
    client = mock_client({
        f"/{ig}": {"followers_count": 9120, "follows_count": 77, "media_count": 803, "id": ig},
        f"/{ig}/media": {"data": [
            {"id": "17900000000000301", "caption": "Kerja bakti", "timestamp": "2026-11-22T02:00:00+0000",
             "permalink": "https://www.instagram.com/reel/DAbc/", "like_count": 410, "comments_count": 12,
             "media_type": "VIDEO", "media_product_type": "REELS"},
            {"id": "17900000000000302", "timestamp": "2026-11-21T02:00:00+0000",
             "permalink": "https://www.instagram.com/p/DAbd/", "comments_count": 2,
             "media_type": "CAROUSEL_ALBUM", "media_product_type": "FEED"},  # likes hidden by the owner
        ], "paging": {"cursors": {"before": "b", "after": "a"}}},
    }, [], "https://graph.facebook.com/v24.0")
    connector = metaconn.MetaConnector("instagram", client=client)
    assert connector.fetch_account_metrics(account) == AccountMetrics(followers=9120, following=77, posts_count=803)
    reel, album = connector.fetch_recent_posts(account, datetime(2026, 11, 1, tzinfo=UTC)).posts
    assert (reel.kind, reel.likes, reel.comments, reel.shares, reel.views) == ("reel", 410, 12, None, None)
    assert (album.kind, album.likes, album.comments) == ("post", None, 2)


def test_youtube_statistics_uploads_and_videos(region):
    account = OfficialAccountFactory(agency=region.pupr, platform="youtube", handle="dinaspupr-bkl",
                                     external_id="UCabcdefghijklmnopqrstuv", access_token="yt-token")
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        path, params = request.url.path, request.url.params
        if path == "/youtube/v3/channels" and params["part"] == "statistics":
            body = {"items": [{"id": account.external_id, "statistics": {
                "viewCount": "120345", "subscriberCount": "2310", "hiddenSubscriberCount": False, "videoCount": "88"}}]}
        elif path == "/youtube/v3/channels":
            body = {"items": [{"id": account.external_id, "contentDetails": {
                "relatedPlaylists": {"likes": "", "uploads": "UUabcdefghijklmnopqrstuv"}}}]}
        elif path == "/youtube/v3/playlistItems":
            body = {"items": [
                {"contentDetails": {"videoId": "vid00000001", "videoPublishedAt": "2026-11-20T05:00:00Z"}},
                {"contentDetails": {"videoId": "vid00000002", "videoPublishedAt": "2026-11-02T05:00:00.123Z"}},
                {"contentDetails": {"videoId": "vid00000000", "videoPublishedAt": "2026-09-01T05:00:00Z"}},
            ], "nextPageToken": "CAUQAA"}
        else:
            body = {"items": [
                {"id": "vid00000001", "snippet": {"title": "Musrenbang kecamatan"},
                 "statistics": {"viewCount": "1532", "likeCount": "41", "favoriteCount": "0", "commentCount": "7"}},
                {"id": "vid00000002", "snippet": {"title": "Sosialisasi"},
                 "statistics": {"viewCount": "300", "favoriteCount": "0"}},  # likes hidden, comments off
            ]}
        return httpx.Response(200, json=body)

    client = httpx.Client(base_url="https://www.googleapis.com/youtube/v3", transport=httpx.MockTransport(handler))
    connector = ytconn.YouTubeConnector(client=client)
    assert connector.fetch_account_metrics(account) == AccountMetrics(followers=2310, posts_count=88)
    recent = connector.fetch_recent_posts(account, datetime(2026, 10, 24, tzinfo=UTC))
    assert recent.complete  # the page reached older uploads: no second page
    first, second = recent.posts
    assert (first.kind, first.views, first.likes, first.comments, first.shares) == ("video", 1532, 41, 7, None)
    assert first.url == "https://www.youtube.com/watch?v=vid00000001" and first.text == "Musrenbang kecamatan"
    assert (second.likes, second.comments, second.views) == (None, None, 300)
    assert requests[-1].url.params["id"] == "vid00000001,vid00000002"
    assert "statistics" in requests[-1].url.params["part"]
    assert len(requests) == 4


def test_youtube_hidden_subscribers_are_unknown_not_zero(region):
    account = OfficialAccountFactory(agency=region.pupr, platform="youtube", handle="pupr-hidden",
                                     external_id="UCzzzzzzzzzzzzzzzzzzzzzz", access_token="yt-token")
    client = mock_client({"/channels": {"items": [{"id": account.external_id, "statistics": {
        "viewCount": "10", "hiddenSubscriberCount": True, "videoCount": "2"}}]}}, [],
        "https://www.googleapis.com/youtube/v3")
    assert ytconn.YouTubeConnector(client=client).fetch_account_metrics(account).followers is None


def test_a_used_up_youtube_quota_pauses_the_account(region, monkeypatch):
    account = OfficialAccountFactory(agency=region.pupr, platform="youtube", handle="pupr-quota",
                                     external_id="UCqqqqqqqqqqqqqqqqqqqqqq", access_token="yt-token")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"error": {"code": 403, "message": "quota", "errors": [
            {"reason": "quotaExceeded", "domain": "youtube.quota"}]}})

    client = httpx.Client(base_url="https://www.googleapis.com/youtube/v3", transport=httpx.MockTransport(handler))
    monkeypatch.setattr(metrics, "connector_for", lambda platform: ytconn.YouTubeConnector(client=client))
    now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        assert metrics.account_metrics_snapshot(account_id=account.pk).status == "paused"
    account.refresh_from_db()
    assert account.paused_until == ytconn.quota_resets_at(now)
    assert account.status != ConnectionStatus.NEEDS_ATTENTION


def test_a_short_rate_limit_is_retried_a_long_one_left_to_the_catch_up(x_account, monkeypatch):
    from platforms.connectors.base import RateLimited

    class Limited:
        wait = 30.0

        def fetch_account_metrics(self, account):
            raise RateLimited(self.wait)

    limited = Limited()
    monkeypatch.setattr(metrics, "connector_for", lambda platform: limited)
    outcome = metrics.account_metrics_snapshot(account_id=x_account.pk)
    assert (outcome.status, outcome.retry_after) == ("retry", 30.0)
    limited.wait = 3600.0
    assert metrics.account_metrics_snapshot(account_id=x_account.pk).status == "failed"
    x_account.refresh_from_db()
    assert x_account.paused_until is None  # intake polling is not held up by the metrics' limit
    assert x_account.pk in metrics.accounts_for_snapshot()
