"""The agency's own pages in a real browser: the notification bell that counts without a
reload, the notifications page and e-mail settings, the posts page with a post logged by
hand, the settings page (inviting staff, proposing working hours) and the communications
office approving the proposal. Screenshots at 1280 and 360 px go to
test-artifacts/screenshots/ for a human to look at."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.services import head_assign, staff_add
from agencies.models import CalendarProposal, WeeklySchedule
from complaints.models import Complaint, NotificationKind
from complaints.notify import notify
from platforms.models import AccountMetricSnapshot, Post, PostMetricSnapshot, PostSource
from tests.factories import AgencyFactory, OfficialAccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def agency(settings) -> dict[str, Any]:
    settings.SIGAP_NOTIFICATION_POLL_SECONDS = 1
    pupr = AgencyFactory(name="Dinas Pekerjaan Umum dan Penataan Ruang", short_name="Dinas PUPR", slug="dinas-pupr")
    x = OfficialAccountFactory(agency=pupr, platform="x", handle="dinaspupr_bkl", external_id="101")
    ig = OfficialAccountFactory(agency=pupr, platform="instagram", handle="dinas.pupr.kotabengkulu", external_id="102")
    OfficialAccountFactory(agency=pupr, platform="tiktok", handle="dinaspupr.bkl")
    head = UserFactory(email="kepala.pupr@contoh.test", full_name="Ir. Hendra Fiktif, M.T.")
    head_assign(agency=pupr, user=head, position_title="Kepala Dinas")
    staff = UserFactory(email="staf.pupr@contoh.test", full_name="Sari Wulandari")
    staff_add(agency=pupr, user=staff)
    comms = UserFactory(email="diskominfo@contoh.test", full_name="Petugas Diskominfo", is_comms=True)
    now = timezone.now()
    today = timezone.localdate()
    texts = [
        "Perbaikan Jalan Sudirman dimulai hari ini. Mohon maaf atas ketidaknyamanannya, pengendara diminta "
        "melewati jalur alternatif lewat Jalan Suprapto.",
        "Normalisasi drainase di Kelurahan Pasar Melintang selesai 80%.",
        "Jadwal pengaspalan minggu depan: Jl. Hibrida, Jl. Semangka, Jl. Timur Indah.",
    ]
    for i, text in enumerate(texts):
        post = Post.objects.create(account=x if i != 1 else ig, platform="x" if i != 1 else "instagram",
                                   external_id=f"90{i}", text=text, url=f"https://x.com/dinaspupr_bkl/status/90{i}",
                                   published_at=now - timedelta(days=i * 2 + 1, hours=3))
        for day in range(6):
            PostMetricSnapshot.objects.create(post=post, taken_on=today - timedelta(days=5 - day),
                                              likes=40 * (i + 1) + day * 9 * (3 - i), comments=day + i,
                                              shares=day // 2, views=None if i == 1 else 1500 + day * 700)
    for account, base in ((x, 12840), (ig, 30215)):
        for day in range(0, 90, 3):
            AccountMetricSnapshot.objects.create(account=account, taken_on=today - timedelta(days=89 - day),
                                                 followers=base + day * 7 + (day % 9) * 3)
    complaint = Complaint.objects.create(
        number="SGP-2026-000123", platform="x", external_id="77", thread_key="77", text="Jalan berlubang di depan SDN 12",
        category="complaint", agency=pupr, status="dispatched", received_at=now - timedelta(hours=2),
        last_message_at=now - timedelta(hours=2))
    notify(user=head, kind=NotificationKind.TAG, complaint=complaint, key="tag:1",
           text="Aduan baru SGP-2026-000123 untuk Dinas PUPR: \"Jalan berlubang di depan SDN 12\"")
    notify(user=head, kind=NotificationKind.MENTION, complaint=complaint, key="mention:1",
           text="Sari Wulandari menyebut Anda di SGP-2026-000123: mohon arahan Bapak untuk perbaikan.")
    return {"agency": pupr, "head": head, "staff": staff, "comms": comms, "complaint": complaint}


def sign_in(page: Page, email: str, live_url: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_url}/dashboard/")


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return problems


def test_the_head_follows_the_bell_and_sets_e_mail(new_page, screenshot, agency, live_server):
    page = new_page()
    problems = watch(page)
    sign_in(page, agency["head"].email, live_server.url)

    bell = page.locator("#notification-bell")
    expect(bell.locator(".bell-count")).to_have_text("2")
    # A new notification appears on the bell without reloading the page.
    notify(user=agency["head"], kind=NotificationKind.HANDOFF, complaint=agency["complaint"], key="handoff:1",
           text="SGP-2026-000123 dialihkan ke Dinas PUPR oleh Diskominfo: lokasi di jalan kota.")
    expect(page.locator("#notification-bell .bell-count")).to_have_text("3", timeout=5000)

    page.locator("#notification-bell").click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    expect(page.locator(".notification-unread")).to_have_count(3)
    expect(page.locator(".notification").first).to_contain_text("dialihkan ke Dinas PUPR")
    screenshot(page, "notifications")

    page.locator("form[action='/notifications/read-all/'] button").click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    expect(page.locator(".notification-unread")).to_have_count(0)
    expect(page.locator("#notification-bell .bell-count")).to_have_count(0)

    page.locator("a[href='/notifications/settings/']").first.click()
    page.wait_for_url(f"{live_server.url}/notifications/settings/")
    page.locator("input[name=email_kinds][value=mention]").check()
    page.locator("input[name=email_kinds][value=handoff]").check()
    screenshot(page, "notification-settings")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/notifications/settings/")
    expect(page.locator("input[name=email_kinds][value=mention]")).to_be_checked()
    expect(page.locator("input[name=email_kinds][value=tag]")).not_to_be_checked()
    assert problems == []


def test_staff_read_the_posts_and_log_a_tiktok_video(new_page, screenshot, agency, live_server):
    page = new_page()
    problems = watch(page)
    sign_in(page, agency["staff"].email, live_server.url)

    page.goto("/agencies/dinas-pupr/")
    page.locator("main a[href='/agencies/dinas-pupr/posts/']").click()
    page.wait_for_url(f"{live_server.url}/agencies/dinas-pupr/posts/")
    expect(page.locator("table.posts tbody tr")).to_have_count(3)
    expect(page.locator("table.posts svg.spark")).to_have_count(3)
    expect(page.locator("main")).to_contain_text("Perbaikan Jalan Sudirman")
    screenshot(page, "posts")

    page.locator("a[href='/agencies/dinas-pupr/posts/new/']").click()
    expect(page.locator("#id_account option:checked")).to_contain_text("dinaspupr.bkl")  # TikTok first
    page.select_option("#id_kind", "video")
    yesterday = timezone.localtime() - timedelta(days=1)
    page.fill("#id_published_at", yesterday.strftime("%Y-%m-%dT19:30"))
    page.fill("#id_url", "https://www.tiktok.com/@dinaspupr.bkl/video/7300000000000000001")
    page.fill("#id_text", "Gotong royong membersihkan drainase Jalan Ahmad Yani bersama warga.")
    page.fill("#id_likes", "1250")
    page.fill("#id_views", "18400")
    screenshot(page, "post-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/agencies/dinas-pupr/posts/")
    expect(page.locator("table.posts tbody tr")).to_have_count(4)
    row = page.locator("table.posts tbody tr", has_text="Gotong royong")
    expect(row).to_contain_text("1.250")
    post = Post.objects.get(url__contains="7300000000000000001")
    assert (post.source, post.platform, post.created_by) == (PostSource.MANUAL, "tiktok", agency["staff"])
    assert problems == []


def test_the_head_invites_staff_saves_a_template_and_proposes_hours_which_comms_approves(new_page, screenshot, agency, live_server):
    page = new_page()
    problems = watch(page)
    sign_in(page, agency["head"].email, live_server.url)

    page.goto("/agencies/dinas-pupr/")
    page.locator("main a[href='/agencies/dinas-pupr/settings/']").click()
    page.wait_for_url(f"{live_server.url}/agencies/dinas-pupr/settings/")
    page.fill("#id_invite-email", "rina.baru@contoh.test")
    page.fill("#id_invite-full_name", "Rina Baru")
    page.locator("form[action$='/staff/invite/'] button").click()
    page.wait_for_url(f"{live_server.url}/agencies/dinas-pupr/settings/")
    expect(page.locator(".people-list")).to_contain_text("Rina Baru")

    page.locator("#templates summary").click()
    page.fill("#id_template-title", "Sedang ditindaklanjuti")
    page.fill("#id_template-text", "Terima kasih, {author}. Aduan {number} sudah kami terima dan sedang dicek "
                                   "petugas {agency} di lapangan.")
    page.locator("form[action$='/templates/new/'] button").click()
    page.wait_for_url(f"{live_server.url}/agencies/dinas-pupr/settings/#templates")
    expect(page.locator(".template-list")).to_contain_text("Sedang ditindaklanjuti")
    screenshot(page, "agency-settings")

    page.locator("a[href$='/proposals/new/schedule/']").click()
    page.fill("#id_day_5", "08.00–12.00")
    page.fill("#id_reason", "Pelayanan pengaduan hari Sabtu sesuai SK Kepala Dinas No. 12/2026.")
    screenshot(page, "proposal-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/agencies/dinas-pupr/settings/")
    expect(page.locator(".proposal-pending")).to_contain_text("08.00–12.00")
    assert not WeeklySchedule.objects.filter(agency=agency["agency"]).exists()

    comms_page = new_page()
    comms_problems = watch(comms_page)
    sign_in(comms_page, agency["comms"].email, live_server.url)
    comms_page.locator("nav.mainnav a[href='/calendar-proposals/']").click()
    comms_page.wait_for_url(f"{live_server.url}/calendar-proposals/")
    expect(comms_page.locator("tr.changed")).to_have_count(1)  # only Saturday changes
    screenshot(comms_page, "proposal-review")
    comms_page.locator(".proposal-review button[formaction$='/approve/']").click()
    comms_page.wait_for_url(f"{live_server.url}/calendar-proposals/")
    expect(comms_page.locator(".proposal-review")).to_have_count(0)

    proposal = CalendarProposal.objects.get()
    assert proposal.status == "approved"
    schedule = WeeklySchedule.objects.get(agency=agency["agency"])
    assert schedule.valid_from == timezone.localdate()
    assert schedule.hours["5"] == [["08:00", "12:00"]]
    assert problems == []
    assert comms_problems == []
