"""A person's first minutes with Sigap in a real browser: the communications office signs in
through the login form, looks at the dashboard and the agency directory (filtered live by
htmx) and opens an agency; agency staff are kept out of the people pages. Screenshots at
desktop and phone width go to test-artifacts/screenshots/ for a human to look at."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.services import head_assign, staff_add
from tests.factories import AgencyFactory, OfficialAccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def region() -> dict[str, Any]:
    pupr = AgencyFactory(name="Dinas Pekerjaan Umum dan Penataan Ruang", short_name="Dinas PUPR", slug="dinas-pupr",
                         expected_platforms=["x", "instagram", "facebook", "youtube"])
    dlh = AgencyFactory(name="Dinas Lingkungan Hidup", short_name="DLH", slug="dinas-lh")
    kecamatan = AgencyFactory(name="Kecamatan Ratu Samban", short_name="Kec. Ratu Samban",
                              slug="kecamatan-ratu-samban", kind="kecamatan")
    OfficialAccountFactory(agency=pupr, platform="x", handle="dinaspupr_bkl")
    OfficialAccountFactory(agency=pupr, platform="instagram", handle="dinas.pupr.kotabengkulu")
    OfficialAccountFactory(agency=pupr, platform="whatsapp", handle="+6281234567890")
    OfficialAccountFactory(agency=dlh, platform="instagram", handle="dlh.kotabengkulu")
    OfficialAccountFactory(agency=kecamatan, platform="facebook", handle="kecamatan.ratusamban")
    head = UserFactory(email="kepala.pupr@contoh.test", full_name="Ir. Hendra Fiktif, M.T.", phone="+6281200099001")
    head_assign(agency=pupr, user=head, position_title="Kepala Dinas Pekerjaan Umum dan Penataan Ruang")
    staff_b = UserFactory(email="staf.dlh@contoh.test", full_name="Yoga Contoh Pratama")
    staff_add(agency=dlh, user=staff_b)
    comms = UserFactory(email="diskominfo@contoh.test", full_name="Petugas Diskominfo", is_comms=True)
    return {"pupr": pupr, "dlh": dlh, "kecamatan": kecamatan, "staff_b": staff_b, "comms": comms}


def _sign_in(page: Page, email: str) -> None:
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def _broken_responses(page: Page) -> list[str]:
    broken: list[str] = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return broken


def test_comms_walks_through_dashboard_directory_and_an_agency(new_page, screenshot, region, live_server):
    page = new_page()
    broken = _broken_responses(page)
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    # Login page
    page.goto("/accounts/login/")
    expect(page.locator("input[name=login]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    screenshot(page, "login")

    # Sign in through the real form
    _sign_in(page, region["comms"].email)
    page.wait_for_url(f"{live_server.url}/dashboard/")
    expect(page.locator("h1")).to_contain_text("Petugas")
    expect(page.locator(".stat")).to_have_count(3)
    expect(page.locator(".stat .value").first).to_have_text("3")  # active agencies
    expect(page.locator("nav.mainnav")).to_be_visible()
    screenshot(page, "dashboard")

    # The agency directory
    page.locator("nav.mainnav a[href='/agencies/']").click()
    page.wait_for_url(f"{live_server.url}/agencies/")
    rows = page.locator("#agency-rows tbody tr")
    expect(rows).to_have_count(3)
    screenshot(page, "agency-list")

    # Typing in the search box filters the list without a page load (htmx)
    with page.expect_request(
        lambda r: "/agencies/?" in r.url and "q=PUPR" in r.url and r.headers.get("hx-request") == "true"
    ):
        page.locator("#id_q").press_sequentially("PUPR", delay=30)
    expect(rows).to_have_count(1)
    expect(page.locator("#agency-rows")).to_contain_text("Dinas PUPR")
    expect(page.locator("#agency-rows")).not_to_contain_text("Lingkungan")
    expect(page).to_have_url(re.compile(r"/agencies/\?.*q=PUPR"))  # hx-push-url
    expect(page.locator("h1")).to_have_count(1)  # only the rows were swapped

    # Open the agency
    page.locator("#agency-rows a", has_text="Dinas PUPR").click()
    page.wait_for_url(f"{live_server.url}/agencies/dinas-pupr/")
    expect(page.locator("h1")).to_have_text("Dinas Pekerjaan Umum dan Penataan Ruang")
    expect(page.locator("main")).to_contain_text("Ir. Hendra Fiktif, M.T.")
    expect(page.locator("main")).to_contain_text("kepala.pupr@contoh.test")  # comms sees contacts
    expect(page.locator("main")).to_contain_text("dinaspupr_bkl")
    screenshot(page, "agency-detail")

    assert broken == []
    assert console_errors == []


def test_agency_staff_are_kept_out_of_the_people_pages(new_page, screenshot, region, live_server):
    page = new_page()
    page.goto("/accounts/login/")
    _sign_in(page, region["staff_b"].email)
    page.wait_for_url(f"{live_server.url}/dashboard/")
    expect(page.locator("main")).to_contain_text("Dinas Lingkungan Hidup")
    expect(page.locator("h2", has_text="OPD hari ini")).to_have_count(0)  # no region-wide numbers
    expect(page.locator(".dashboard-numbers .stat")).to_have_count(6)  # the agency's own
    # The menu offers them no way in either.
    expect(page.locator("nav.mainnav a[href='/manage/people/']")).to_have_count(0)

    # A member with a role that does not include registering people: 403 (STYLE.md rule 4);
    # a page that does not exist for them: 404.
    response = page.goto("/manage/people/")
    assert response is not None
    assert response.status == 403
    expect(page.locator("body")).not_to_contain_text(region["comms"].email)
    screenshot(page, "people-forbidden")

    response = page.goto("/agencies/no-such-agency/")
    assert response is not None
    assert response.status == 404
    screenshot(page, "not-found")


def test_someone_without_a_role_signs_in_and_sees_nothing(new_page, region, live_server):
    UserFactory(email="orang.luar@contoh.test", full_name="Orang Luar")
    page = new_page()
    page.goto("/accounts/login/")
    _sign_in(page, "orang.luar@contoh.test")

    page.wait_for_url(f"{live_server.url}/dashboard/")
    response = page.goto("/agencies/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Dinas PUPR")
