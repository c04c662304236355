"""The agency workspace in real browsers: a new complaint appears in the open inbox without a
reload; staff reply with a saved template through the connector and see the reply on the
timeline and the clock stop; a note @mentioning the head reaches the head's bell; staff of
another agency get 404; two people acting on one complaint at once lose nothing.
Screenshots at 1280 and 360 px go to test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.services import head_assign, staff_add
from complaints.clock import complaint_clock_refresh
from complaints.models import Complaint, EventKind, Notification
from platforms.connectors.base import Sent
from tests.browser.test_agency_pages import sign_in, watch
from tests.factories import (
    AgencyFactory,
    ComplaintFactory,
    OfficialAccountFactory,
    ReplyTemplateFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


class Platform:
    """Stands in for X: records what Sigap posted."""

    def __init__(self) -> None:
        self.posted: list[tuple[str, str]] = []

    def reply(self, account: Any, *, in_reply_to: str, text: str) -> Sent:
        self.posted.append((in_reply_to, text))
        return Sent(external_id=f"77{len(self.posted):017d}", posted_at=datetime.now(UTC),
                    url="https://x.com/dinaspupr_bkl/status/1")

    def find_own_reply(self, account: Any, *, in_reply_to: str, contains: str) -> Sent | None:
        return None


@pytest.fixture
def desk(settings, monkeypatch) -> dict[str, Any]:
    settings.SIGAP_INBOX_POLL_SECONDS = 1
    settings.SIGAP_NOTIFICATION_POLL_SECONDS = 1
    platform = Platform()
    monkeypatch.setattr("platforms.connectors.registry.outbound_connector_for", lambda name: platform)
    pupr = AgencyFactory(name="Dinas Pekerjaan Umum dan Penataan Ruang", short_name="Dinas PUPR", slug="dinas-pupr",
                         calendar="24x7")
    account = OfficialAccountFactory(agency=pupr, platform="x", handle="dinaspupr_bkl", external_id="101")
    account.access_token = "token-uji"
    account.save()
    head = UserFactory(email="kepala.pupr@contoh.test", full_name="Ir. Hendra Fiktif, M.T.")
    head_assign(agency=pupr, user=head, position_title="Kepala Dinas")
    staff = UserFactory(email="sari@contoh.test", full_name="Sari Wulandari")
    staff_add(agency=pupr, user=staff)
    colleague = UserFactory(email="budi@contoh.test", full_name="Budi Santoso")
    staff_add(agency=pupr, user=colleague)
    dlh = AgencyFactory(name="Dinas Lingkungan Hidup", short_name="DLH", slug="dlh")
    outsider = UserFactory(email="staf.dlh@contoh.test", full_name="Staf DLH")
    staff_add(agency=dlh, user=outsider)
    ReplyTemplateFactory(agency=pupr, title="Sedang dicek",
                         text="Terima kasih, Kak {author}. Aduan {number} sudah kami terima; petugas Dinas PUPR "
                              "mengecek ke lokasi hari ini.")
    return {"agency": pupr, "account": account, "head": head, "staff": staff, "colleague": colleague,
            "outsider": outsider, "platform": platform}


def _complaint(desk: dict[str, Any], text: str, minutes_ago: int = 20) -> Complaint:
    received = timezone.now() - timedelta(minutes=minutes_ago)
    complaint = ComplaintFactory(agency=desk["agency"], account=desk["account"], received_at=received,
                                 handed_at=received, text=text, author_name="Rahmat Hidayat", author_handle="rahmat_bkl")
    complaint_clock_refresh(complaint=complaint)
    complaint.refresh_from_db()
    return complaint


def test_staff_see_a_new_complaint_arrive_and_answer_it_with_a_template(new_page, screenshot, desk, live_server):
    _complaint(desk, "Lampu jalan di Jl. Suprapto mati sejak tiga hari, gelap sekali kalau malam.", minutes_ago=90)
    page = new_page()
    problems = watch(page)
    sign_in(page, desk["staff"].email, live_server.url)
    screenshot(page, "dashboard-staff")
    page.locator("nav.mainnav a[href='/complaints/']").click()
    expect(page.locator("tr.inbox-row")).to_have_count(1)

    fresh = _complaint(desk, "Jalan berlubang di depan SDN 12 Kota Bengkulu sudah dua minggu belum ditambal.", 5)
    row = page.locator(f"tr.inbox-row[data-number='{fresh.number}']")
    expect(row).to_be_visible(timeout=8000)  # polled in, no reload
    expect(row).to_contain_text("Baru")
    expect(page.locator(".inbox-count")).to_have_text("1 aduan · 1 baru sejak halaman dibuka")
    screenshot(page, "inbox")

    row.locator("a.inbox-number").click()
    page.wait_for_url(f"**/complaints/{fresh.number}/")
    page.locator("button[data-template-for='id_reply_text']", has_text="Sedang dicek").click()
    expect(page.locator("#id_reply_text")).to_have_value(
        f"Terima kasih, Kak Rahmat Hidayat. Aduan {fresh.number} sudah kami terima; petugas Dinas PUPR "
        "mengecek ke lokasi hari ini.")
    expect(page.locator("#reply-counter")).to_contain_text("/ 280")
    page.locator("#composer button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Balasan terkirim di platform")
    expect(page.locator("[data-first-response]")).not_to_contain_text("belum")
    screenshot(page, "complaint-answered")

    fresh.refresh_from_db()
    assert desk["platform"].posted == [(fresh.external_id, page.locator("#id_reply_text").input_value() or
                                        desk["platform"].posted[0][1])]
    assert "Aduan " + fresh.number in desk["platform"].posted[0][1]
    assert fresh.status == "in_progress" and fresh.first_response_at is not None
    assert fresh.first_response_working_minutes is not None and fresh.within_target is True
    assert problems == []


def test_a_note_mentions_the_head_who_sees_it_on_the_bell(new_page, screenshot, desk, live_server):
    complaint = _complaint(desk, "Drainase mampet di Jl. Hibrida, air masuk rumah warga.")
    staff = new_page()
    sign_in(staff, desk["staff"].email, live_server.url)
    staff.goto(f"/complaints/{complaint.number}/")
    staff.locator("button.mention[data-mention='@kepala.pupr']").click()
    staff.locator("#id_note_text").press("End")
    staff.locator("#id_note_text").type(" mohon arahan, perlu alat berat.")
    staff.locator("form[action$='/note/'] button[type=submit]").click()
    expect(staff.locator("body")).to_contain_text("1 rekan diberi tahu")

    head = new_page()
    sign_in(head, desk["head"].email, live_server.url)
    expect(head.locator("#notification-bell .bell-count")).to_have_text("1")
    head.locator("#notification-bell").click()
    expect(head.locator("main")).to_contain_text(complaint.number)
    screenshot(head, "notifications-head")
    assert Notification.objects.get(user=desk["head"]).kind == "mention"


def test_staff_of_another_agency_get_404(new_page, desk, live_server):
    complaint = _complaint(desk, "Trotoar rusak di depan pasar.")
    page = new_page()
    sign_in(page, desk["outsider"].email, live_server.url)
    response = page.goto(f"/complaints/{complaint.number}/")
    assert response.status == 404
    page.goto("/complaints/")
    expect(page.locator("tr.inbox-row")).to_have_count(0)


def test_two_people_act_at_once_and_neither_action_is_lost(new_page, screenshot, desk, live_server):
    complaint = _complaint(desk, "Pohon tumbang menutup jalan di Kelurahan Padang Harapan.")
    sari, budi = new_page(), new_page()
    sign_in(sari, desk["staff"].email, live_server.url)
    sign_in(budi, desk["colleague"].email, live_server.url)
    for page in (sari, budi):
        page.goto(f"/complaints/{complaint.number}/")

    # Sari assigns it to Budi; Budi, on the page he opened before, changes the category.
    sari.locator("#action-assign summary").click()
    sari.locator("#id_assign_assignee").select_option(label="Budi Santoso")  # the form, fetched on opening
    screenshot(sari, "complaint-assign-open")
    sari.locator("form[action$='/assign/'] button[type=submit]").click()
    expect(sari.locator("body")).to_contain_text("Ditugaskan ke Budi Santoso")

    budi.locator("#action-category summary").click()
    budi.locator("#id_category_category").select_option("question")
    budi.locator("form[action$='/category/'] button[type=submit]").click()
    # Budi is told that Sari changed it meanwhile; his change was not applied blindly...
    expect(budi.locator("body")).to_contain_text("Baru saja diubah oleh Sari Wulandari")
    screenshot(budi, "complaint-conflict")
    complaint.refresh_from_db()
    assert complaint.assignee == desk["colleague"] and complaint.category == "complaint"
    # ...and sending it again from the refreshed page applies it: both actions stand.
    if not budi.locator("#id_category_category").is_visible():
        budi.locator("#action-category summary").click()
    budi.locator("#id_category_category").select_option("question")
    budi.locator("form[action$='/category/'] button[type=submit]").click()
    expect(budi.locator("body")).to_contain_text("Jenis diubah")
    complaint.refresh_from_db()
    assert complaint.assignee == desk["colleague"] and complaint.category == "question"
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert EventKind.ASSIGNED in kinds and EventKind.CATEGORY in kinds
