"""The leaderboard in a real browser: the mayor's office opens it, picks a date range, drills
down to an agency's complaints and one complaint's page; screenshots of the page (1280 and
360 px) and of the A4 print view go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rankings import rollups
from tests.browser.test_agency_pages import sign_in, watch
from tests.rankings import scenario

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_mayors_office_ranks_drills_down_and_prints(new_page, screenshot, leader, live_server):
    scenario.build()
    rollups.rebuild()
    page = new_page()
    problems = watch(page)
    sign_in(page, leader.email, live_server.url)
    page.locator("nav.mainnav a[href='/leaderboard/']").click()
    expect(page.locator("h1")).to_be_visible()

    page.fill("#id_start", "2026-12-21")
    page.fill("#id_end", "2026-12-27")
    page.locator("form.leaderboard-filters button[type=submit]").click()
    rows = page.locator("table.leaderboard tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("Dinas B")
    expect(rows.nth(3)).to_contain_text("Dinas A")
    expect(rows.nth(4)).to_contain_text("Dinas F")
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshot(page, "leaderboard")

    page.locator("table.leaderboard a", has_text="Dinas A").click()
    inbox_rows = page.locator("tr.inbox-row")
    expect(inbox_rows).to_have_count(10)
    inbox_rows.first.locator("a.inbox-number").click()
    expect(page.locator("body")).to_contain_text("SGP-")
    assert "/complaints/SGP-" in page.url

    page.goto("/leaderboard/print/?start=2026-12-21&end=2026-12-27")
    page.emulate_media(media="print")
    expect(page.locator("table.leaderboard")).to_contain_text("Dinas B")
    page.screenshot(path=str(_print_path()), full_page=True)
    assert problems == []


def _print_path():
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / "leaderboard-print.png"
