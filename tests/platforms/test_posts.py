"""The agency's posts page (platforms/posts/): who sees it, the numbers and trends it shows,
and posts logged, corrected, removed and restored by hand (audited)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import AccountMetricSnapshot, Post, PostMetricSnapshot, PostSource
from platforms.templatetags.sigap_charts import sparkline
from tests.factories import OfficialAccountFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # Monday 10.00 WIB
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(agency_a, agency_b, staff_a, head_a, staff_b):
    x = OfficialAccountFactory(agency=agency_a, platform="x", handle="dinaspupr_bkl", external_id="101")
    tiktok = OfficialAccountFactory(agency=agency_a, platform="tiktok", handle="dinaspupr.bkl")
    dlh_x = OfficialAccountFactory(agency=agency_b, platform="x", handle="dlh_bkl", external_id="202")
    read = Post.objects.create(account=x, platform="x", external_id="9001", text="Perbaikan jalan Sudirman dimulai",
                               url="https://x.com/dinaspupr_bkl/status/9001", published_at=NOW - timedelta(days=3))
    for day, likes in enumerate([10, 25, 40]):
        PostMetricSnapshot.objects.create(post=read, taken_on=date(2026, 11, 21) + timedelta(days=day),
                                          likes=likes, comments=day, shares=1, views=1000 * (day + 1))
    manual = Post.objects.create(account=tiktok, platform="tiktok", text="Video gotong royong drainase",
                                 url="https://www.tiktok.com/@dinaspupr.bkl/video/1", source=PostSource.MANUAL,
                                 published_at=NOW - timedelta(days=1), created_by=staff_a)
    other = Post.objects.create(account=dlh_x, platform="x", external_id="9002", text="Jadwal angkut sampah DLH",
                                url="https://x.com/dlh_bkl/status/9002", published_at=NOW - timedelta(days=1))
    for day, followers in [(0, 1200), (30, 1250), (60, 1300)]:
        AccountMetricSnapshot.objects.create(account=x, taken_on=date(2026, 9, 1) + timedelta(days=day),
                                             followers=followers)
    return {"agency": agency_a, "x": x, "tiktok": tiktok, "read": read, "manual": manual, "other": other,
            "dlh_x": dlh_x}


def url(name: str, world: dict, post: Post | None = None, slug: str | None = None) -> str:
    slug = slug or world["agency"].slug
    if name in ("list", "create"):
        return reverse(f"posts:{name}", kwargs={"slug": slug})
    return reverse(f"posts:{name}", kwargs={"slug": slug, "pk": (post or world["manual"]).pk})


def log_form(world: dict, **overrides: object) -> dict[str, object]:
    data = {"account": world["tiktok"].pk, "kind": "video", "published_at": "2026-11-22T19:30",
            "url": "https://www.tiktok.com/@dinaspupr.bkl/video/2", "text": "Pantauan banjir malam ini",
            "external_id": "", "likes": "120", "comments": "8", "shares": "", "views": "4500"}
    data.update(overrides)
    return data


# --- Gates ----------------------------------------------------------------------------

WRITES = ["remove", "restore"]
PAGES = ["list", "create", "edit"]


@pytest.mark.parametrize("name", PAGES + WRITES)
def test_anonymous_is_sent_to_sign_in(name, world, client_for):
    client = client_for(None)
    response = client.post(url(name, world)) if name in WRITES else client.get(url(name, world))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("name", PAGES + WRITES)
def test_outsider_and_another_agencys_staff_get_404(name, world, client_for, outsider, staff_b):
    for person in (outsider, staff_b):
        client = client_for(person)
        response = client.post(url(name, world)) if name in WRITES else client.get(url(name, world))
        assert response.status_code == 404
    world["manual"].refresh_from_db()
    assert world["manual"].removed_at is None


def test_unknown_agency_or_post_is_404(world, client_for, staff_a, comms):
    assert client_for(comms).get(url("list", world, slug="tidak-ada")).status_code == 404
    # A post of another agency through this agency's address.
    assert client_for(staff_a).get(url("edit", world, post=world["other"])).status_code == 404
    assert client_for(comms).post(url("remove", world, post=world["other"], slug=world["agency"].slug)).status_code == 404


@pytest.mark.parametrize("name", ["create", "edit"])
def test_the_leader_reads_but_does_not_log(name, world, client_for, leader):
    client = client_for(leader)
    assert client.get(url("list", world)).status_code == 200
    assert client.get(url(name, world)).status_code == 403
    assert client.post(url(name, world), log_form(world)).status_code == 403
    assert client.post(url("remove", world)).status_code == 403
    assert Post.objects.count() == 3


def test_posts_read_from_the_platform_are_not_corrected_by_hand(world, client_for, staff_a):
    client = client_for(staff_a)
    assert client.get(url("edit", world, post=world["read"])).status_code == 403
    assert client.post(url("remove", world, post=world["read"])).status_code == 403
    world["read"].refresh_from_db()
    assert world["read"].removed_at is None


def test_wrong_methods(world, client_for, staff_a):
    client = client_for(staff_a)
    assert client.get(url("remove", world)).status_code == 405
    assert client.get(url("restore", world)).status_code == 405
    assert client.post(url("list", world)).status_code == 405


# --- The page -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "leader", "comms"])
def test_the_page_shows_posts_numbers_trends_and_followers(persona, world, client_for, request):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url("list", world))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Perbaikan jalan Sudirman dimulai" in body
    assert 'href="https://x.com/dinaspupr_bkl/status/9001"' in body
    assert "20 Nov 2026 10.00 WIB" in body  # published, in the region's time zone
    assert "Jadwal angkut sampah DLH" not in body  # another agency's post
    rows = {row.post.pk: row for row in response.context["rows"]}
    read = rows[world["read"].pk]
    assert (read.latest.likes, read.latest.comments, read.latest.shares, read.latest.views) == (40, 2, 1, 3000)
    assert read.interactions == [11, 27, 43]
    assert rows[world["manual"].pk].latest is None
    assert body.count('<svg class="spark') == 2  # the post's interactions and the account's followers
    audience = {a.account.pk: a for a in response.context["audiences"]}
    assert audience[world["x"].pk].latest.followers == 1300
    assert audience[world["x"].pk].change == 100
    assert audience[world["tiktok"].pk].latest is None
    assert "+100" in body
    assert ("Log a post" in body or "Catat Unggahan" in body) == (persona != "leader")


def test_removed_posts_are_hidden_unless_asked_for(world, client_for, staff_a):
    Post.objects.filter(pk=world["manual"].pk).update(removed_at=NOW)
    client = client_for(staff_a)
    default = client.get(url("list", world))
    with_removed = client.get(url("list", world), {"removed": "on"})
    assert [r.post.pk for r in default.context["rows"]] == [world["read"].pk]
    assert [r.post.pk for r in with_removed.context["rows"]] == [world["manual"].pk, world["read"].pk]


def test_filter_by_account(world, client_for, staff_a):
    response = client_for(staff_a).get(url("list", world), {"account": world["tiktok"].pk})
    assert [r.post.pk for r in response.context["rows"]] == [world["manual"].pk]


def test_the_page_costs_the_same_queries_for_few_or_many_posts(world, client_for, staff_a):
    client = client_for(staff_a)
    with CaptureQueriesContext(connection) as few:
        client.get(url("list", world))
    for i in range(20):
        post = Post.objects.create(account=world["x"], platform="x", external_id=f"99{i}", text=f"unggahan {i}",
                                   published_at=NOW - timedelta(hours=i + 1))
        PostMetricSnapshot.objects.create(post=post, taken_on=date(2026, 11, 22), likes=i)
        PostMetricSnapshot.objects.create(post=post, taken_on=date(2026, 11, 23), likes=i + 1)
    with CaptureQueriesContext(connection) as many:
        client.get(url("list", world))
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Logging by hand ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "comms"])
def test_a_post_is_logged_by_hand_with_todays_numbers(persona, world, client_for, request):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    form_page = client.get(url("create", world))
    assert form_page.context["form"].initial["account"] == world["tiktok"].pk  # TikTok first: it has no API

    response = client.post(url("create", world), log_form(world))

    assert response.status_code == 302
    post = Post.objects.get(url="https://www.tiktok.com/@dinaspupr.bkl/video/2")
    assert post.source == PostSource.MANUAL
    assert post.platform == "tiktok"
    assert post.created_by == user
    assert post.external_id is None
    assert post.published_at == datetime(2026, 11, 22, 12, 30, tzinfo=UTC)  # 19.30 WIB
    snapshot = post.snapshots.get()
    assert (snapshot.taken_on, snapshot.likes, snapshot.comments, snapshot.shares, snapshot.views) == (
        date(2026, 11, 23), 120, 8, None, 4500)
    assert LogEntry.objects.get_for_object(post).filter(actor=user, action=LogEntry.Action.CREATE).exists()


def test_a_post_on_a_platform_with_an_api_is_still_marked_manual(world, client_for, staff_a):
    response = client_for(staff_a).post(url("create", world), log_form(
        world, account=world["x"].pk, url="https://x.com/dinaspupr_bkl/status/9100", external_id="9100",
        likes="", comments="", views=""))
    assert response.status_code == 302
    post = Post.objects.get(external_id="9100")
    assert (post.platform, post.source) == ("x", PostSource.MANUAL)
    assert not post.snapshots.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"published_at": "2026-11-24T10:00"}, "published_at"),  # tomorrow
    ({"published_at": "kemarin"}, "published_at"),
    ({"url": ""}, "url"),
    ({"url": "bukan alamat"}, "url"),
    ({"url": "https://www.tiktok.com/@dinaspupr.bkl/video/1"}, "url"),  # logged already
    ({"account": "dlh"}, "account"),
    ({"likes": "-3"}, "likes"),
    ({"external_id": "9001", "account": "x"}, "external_id"),  # the platform's post already in Sigap
])
def test_bad_input_is_refused_and_nothing_is_stored(overrides, field, world, client_for, staff_a):
    if overrides.get("account") == "dlh":
        overrides["account"] = world["dlh_x"].pk
    elif overrides.get("account") == "x":
        overrides["account"] = world["x"].pk
    response = client_for(staff_a).post(url("create", world), log_form(world, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Post.objects.count() == 3
    assert PostMetricSnapshot.objects.count() == 3


def test_a_post_logged_by_hand_is_corrected_and_audited(world, client_for, head_a):
    client = client_for(head_a)
    page = client.get(url("edit", world))
    assert page.status_code == 200

    response = client.post(url("edit", world), log_form(
        world, url=world["manual"].url, text="Video gotong royong drainase Kelurahan Pasar Melintang",
        published_at="2026-11-22T08:15", likes="300"))

    assert response.status_code == 302
    post = world["manual"]
    post.refresh_from_db()
    assert post.text == "Video gotong royong drainase Kelurahan Pasar Melintang"
    assert post.published_at == datetime(2026, 11, 22, 1, 15, tzinfo=UTC)
    assert post.created_by.pk != head_a.pk  # who logged it first stays
    entry = LogEntry.objects.get_for_object(post).filter(actor=head_a, action=LogEntry.Action.UPDATE).get()
    assert "text" in entry.changes_dict
    assert post.snapshots.get(taken_on=date(2026, 11, 23)).likes == 300

    # The same numbers again the same day update today's row; nothing changed: no audit row.
    client.post(url("edit", world), log_form(
        world, url=post.url, text=post.text, published_at="2026-11-22T08:15", likes="310"))
    assert post.snapshots.count() == 1
    assert post.snapshots.get().likes == 310
    assert LogEntry.objects.get_for_object(post).filter(action=LogEntry.Action.UPDATE).count() == 1


def test_remove_marks_the_time_and_restore_undoes_it(world, client_for, staff_a):
    client = client_for(staff_a)
    response = client.post(url("remove", world))
    assert response.status_code == 302
    post = world["manual"]
    post.refresh_from_db()
    assert post.removed_at == NOW
    assert Post.objects.filter(pk=post.pk).exists()  # kept, only marked
    assert LogEntry.objects.get_for_object(post).filter(actor=staff_a, action=LogEntry.Action.UPDATE).exists()

    client.post(url("restore", world))
    post.refresh_from_db()
    assert post.removed_at is None


# --- The sparkline --------------------------------------------------------------------


def test_sparkline_draws_the_readings_and_says_what_it_shows():
    assert sparkline([]) == ""
    assert sparkline([None, 5, None]) == ""
    svg = sparkline([10, None, 30, 20], "Pengikut", 100, 20)
    assert svg.startswith('<svg class="spark spark-up"')
    assert 'aria-label="Pengikut: from 10 to 20"' in svg or 'aria-label="Pengikut: dari 10 ke 20"' in svg
    points = svg.split('points="')[1].split('"')[0].split()
    assert len(points) == 3  # the day without a reading is skipped
    assert points[0] == "2.0,18.0" and points[1] == "66.0,2.0"  # lowest at the bottom, highest at the top
    assert "<script" not in svg
    assert "spark-down" in sparkline([5, 3])
    assert 'points="2.0,12.0 94.0,12.0"' in sparkline([7, 7])  # flat: a line through the middle
