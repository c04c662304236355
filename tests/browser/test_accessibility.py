"""The main pages checked by axe-core (the engine browsers' accessibility tools use) against
WCAG 2.1 A and AA — labels, names, contrast, landmarks, ids — at desktop and 360 px phone width,
for each kind of person; and the complaint page used with the keyboard alone: a skip link first,
the focus always visible, an action opened and sent without a mouse."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from accounts.services import head_assign
from agencies.models import PersonHandle
from complaints.models import Dispatch, Message
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_agency_pages import sign_in
from tests.browser.test_inbox_flow import _complaint, desk  # noqa: F401 (a fixture)
from tests.factories import AgencyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
AXE = Axe()


def _violations(page: Page, where: str) -> list[str]:
    """Each violation as one readable line per element, at both widths."""
    found = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        results = AXE.run(page, options=WCAG_AA).response
        for violation in results["violations"]:
            for node in violation["nodes"]:
                found.append(f"{where} [{label}] {violation['id']} ({violation['impact']}): "
                             f"{' '.join(node['target'])} — {node['failureSummary'].splitlines()[-1].strip()}")
    page.set_viewport_size(DESKTOP)
    return found


@pytest.fixture
def region(desk):  # noqa: F811 (the fixture imported above)
    complaint = _complaint(desk, "Jalan berlubang di depan SDN 12 Kota Bengkulu sudah dua minggu belum ditambal.")
    Message.objects.create(complaint=complaint, platform="x", external_id="balasan-1", is_citizen=False,
                           text="Terima kasih, sedang kami cek.", posted_at=complaint.received_at,
                           author_user=desk["staff"], url="https://x.com/dinaspupr_bkl/status/2")
    Dispatch.objects.create(complaint=complaint, purpose="reply", channel="platform", key="tolak-1",
                            account=desk["account"], status="manual", text="Mohon maaf, kami cek hari ini.",
                            error="Platform menolak balasan: akun dibatasi.", requested_by=desk["staff"])
    # Long handles and addresses, which must wrap rather than widen the page on a phone.
    PersonHandle.objects.create(user=desk["head"], platform="instagram", handle="hendra.fiktif.kepala.dinas.pupr")
    desk["agency"].website = "https://dinas-pekerjaan-umum-dan-penataan-ruang.bengkulukota.go.id"
    desk["agency"].save()
    leader = UserFactory(email="walikota@contoh.test", full_name="Wali Kota Contoh", is_leader=True)
    comms = UserFactory(email="diskominfo@contoh.test", full_name="Petugas Diskominfo", is_comms=True)
    kominfo = AgencyFactory(name="Dinas Komunikasi dan Informatika", short_name="Diskominfo", slug="diskominfo")
    head_assign(agency=kominfo, user=comms, position_title="Kepala Diskominfo")
    return {**desk, "complaint": complaint, "leader": leader, "comms": comms}


def _audit(page: Page, pages: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, path in pages:
        response = page.goto(path)
        assert response is not None and response.status == 200, (where, response and response.status)
        found += _violations(page, where)
    return found


def test_the_main_pages_meet_wcag_aa(new_page, region: dict[str, Any], live_server):
    complaint = region["complaint"]
    found = []

    anonymous = new_page()
    found += _audit(anonymous, [("login", "/accounts/login/")])

    staff = new_page()
    sign_in(staff, region["staff"].email, live_server.url)
    found += _audit(staff, [
        ("dashboard (staff)", "/dashboard/"), ("inbox", "/complaints/"),
        ("inbox searched", "/complaints/?q=jalan&status=all"),
        ("complaint page", f"/complaints/{complaint.number}/"),
        ("notifications", "/notifications/"), ("posts", f"/agencies/{region['agency'].slug}/posts/"),
        ("leaderboard", "/leaderboard/"),
    ])
    staff.goto(f"/complaints/{complaint.number}/")
    staff.locator("#action-assign summary").click()
    expect(staff.locator("#action-assign form")).to_be_visible()
    found += _violations(staff, "complaint page, assign form open")

    head = new_page()
    sign_in(head, region["head"].email, live_server.url)
    found += _audit(head, [("agency settings", f"/agencies/{region['agency'].slug}/settings/")])

    leader = new_page()
    sign_in(leader, region["leader"].email, live_server.url)
    found += _audit(leader, [("dashboard (leader)", "/dashboard/"), ("inbox (leader)", "/complaints/")])

    comms = new_page()
    sign_in(comms, region["comms"].email, live_server.url)
    found += _audit(comms, [("agencies", "/agencies/"), ("people", "/manage/people/"),
                            ("calendar proposals", "/calendar-proposals/"), ("evaluations", "/evaluations/"),
                            ("coverage", "/coverage/")])

    assert found == [], "\n".join(found)



def test_the_audit_finds_what_it_is_for(new_page, region, live_server):
    """The check above can fail: an image without a text and pale text are reported."""
    page = new_page()
    sign_in(page, region["staff"].email, live_server.url)
    page.evaluate("""document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="/static/img/favicon.svg"><p style="color:#ccc;background:#fff">pucat</p>')""")
    found = _violations(page, "planted")
    assert any(" image-alt (critical): " in line for line in found)
    assert any(" color-contrast (serious): " in line for line in found)


def _focus_shows(page: Page) -> dict[str, Any]:
    """Where the focus is, and whether it looks different from the same element unfocused."""
    return page.evaluate("""() => {
        const el = document.activeElement, box = el.getBoundingClientRect();
        const look = () => { const s = getComputedStyle(el);
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor].join('|'); };
        const focused = look();
        el.blur();
        const plain = look();
        el.focus();
        return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.id || '').trim().slice(0, 40),
                cls: String(el.className), shown: focused !== plain,
                visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                    && box.top < innerHeight && box.left < innerWidth};
    }""")


def test_the_complaint_page_works_with_the_keyboard_alone(new_page, region, live_server):
    complaint = region["complaint"]
    page = new_page()
    sign_in(page, region["staff"].email, live_server.url)
    page.goto(f"/complaints/{complaint.number}/")

    page.keyboard.press("Tab")
    first = _focus_shows(page)
    assert "skip-link" in first["cls"] and first["visible"], first  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"

    # Every stop of the Tab key shows where the focus is, down to the assign button.
    unseen, stops = [], 0
    while True:
        page.keyboard.press("Tab")
        stops += 1
        focus = _focus_shows(page)
        if not focus["shown"]:
            unseen.append(focus)
        if page.evaluate("document.activeElement.closest('#action-assign') !== null"):
            break
        assert stops < 60, "the assign action is not reachable with Tab"
    assert unseen == []

    button = page.locator("#action-assign > summary")
    before = button.bounding_box()
    page.keyboard.press("Enter")  # opens the action; its form is fetched
    select = page.locator("#action-assign select[name=assignee]")
    expect(select).to_be_visible()
    # The button stays where it was and the form opens below the whole bar.
    assert button.bounding_box() == before
    bar = page.locator(".actionbar > summary, .actionbar details > summary").evaluate_all(
        "els => Math.max(...els.map(e => e.getBoundingClientRect().bottom))")
    assert select.bounding_box()["y"] > bar
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "assignee"
    select.select_option(label="Budi Santoso")  # as the arrow keys would
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    expect(page.locator("[data-assignee]")).to_contain_text("Budi Santoso")


def _wider_than_the_phone(page: Page) -> list[str]:
    """The elements that reach past a 360 px screen (the page then scrolls sideways)."""
    return page.evaluate("""() => {
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.right > innerWidth + 1 && box.width > 0 && getComputedStyle(el).position !== 'fixed'
                && !el.closest('.table-wrap, .chart-scroll, [data-scrolls]')) {
                out.push(`${el.tagName.toLowerCase()}.${String(el.className).replace(/ /g, '.')}`
                         + ` right=${Math.round(box.right)}`);
            }
        }
        return out.slice(0, 12);
    }""")


def test_no_page_scrolls_sideways_or_crowds_its_labels_on_a_phone(new_page, region, live_server):
    found = {}
    for person, paths in (
        ("comms", ["/agencies/", f"/agencies/{region['agency'].slug}/", "/manage/people/", "/coverage/",
                   "/calendar-proposals/", "/evaluations/"]),
        ("leader", ["/dashboard/", "/leaderboard/", "/leaderboard/print/", "/complaints/"]),
        ("head", [f"/agencies/{region['agency'].slug}/settings/", "/notifications/"]),
        ("staff", ["/dashboard/", "/complaints/", f"/complaints/{region['complaint'].number}/",
                   f"/agencies/{region['agency'].slug}/posts/"]),
    ):
        page = new_page()
        sign_in(page, region[person].email, live_server.url)
        page.set_viewport_size(PHONE)
        for path in paths:
            page.goto(path)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > PHONE["width"]:
                found[f"{person} {path} ({wide} px)"] = _wider_than_the_phone(page)
            # A table turned into labelled cards: each cell keeps room for its label.
            crowded = page.evaluate("""() => [...document.querySelectorAll('table.responsive td[data-label]')]
                .filter(td => td.dataset.label && td.offsetParent !== null
                              && parseFloat(getComputedStyle(td).paddingLeft) < 100)
                .map(td => td.dataset.label).slice(0, 5)""")
            if crowded:
                found[f"{person} {path}: labels over their cells"] = crowded
    assert found == {}, "\n".join(f"{where}: {', '.join(elements)}" for where, elements in found.items())
