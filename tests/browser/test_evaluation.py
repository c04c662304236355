"""The year-end evaluation in a real browser: the communications office creates a period,
invites a juror and runs the computation with its progress bar; the juror scores; comms
announces the provisional result, freezes, publishes, and downloads the PDF (opened: the
ranking is in it) and the XLSX. Screenshots of the main pages at 1280 and 360 px."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.models import User
from rankings import rollups
from rankings.evaluation.models import EvaluationPeriod, PeriodStatus
from tests.factories import AgencyFactory, ComplaintFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "kata-sandi-uji-123"
WIB = ZoneInfo("Asia/Jakarta")


def sign_in(page: Page, email: str, landing: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{landing}")


def test_comms_runs_an_evaluation_a_juror_scores_and_the_result_is_published(new_page, screenshot, live_server):
    year = timezone.localdate().year
    agencies = [AgencyFactory(name=f"Dinas {n}", short_name=f"Dinas {n}", slug=f"dinas-{n.lower()}")
                for n in ("Kesehatan", "Pendidikan", "Perhubungan")]
    start = datetime(year, 3, 2, 9, 0, tzinfo=WIB)
    for index, agency in enumerate(agencies):  # different speeds, so that the system scores differ
        for i in range(6):
            at = start + timedelta(days=i)
            minutes = 20 + index * 40 + i * 5
            ComplaintFactory(agency=agency, received_at=at, handed_at=at, status="in_progress",
                             first_response_at=at + timedelta(minutes=minutes), first_response_working_minutes=minutes,
                             within_target=minutes <= 60, response_target_minutes=60)
    rollups.rebuild()
    UserFactory(email="diskominfo@contoh.test", full_name="Petugas Diskominfo", is_comms=True)

    comms = new_page()
    sign_in(comms, "diskominfo@contoh.test", "/dashboard/")
    comms.goto("/evaluations/")
    comms.get_by_role("link", name="Periode penilaian baru").click()
    comms.fill("#id_name", f"OPD Pengelola Media Sosial Terbaik {year}")
    comms.fill("#id_start", f"{year}-01-01")
    comms.fill("#id_end", f"{year}-12-31")
    comms.get_by_role("button", name="Buat").click()
    expect(comms.locator("[data-period-status]")).to_have_text("Disiapkan")
    expect(comms.locator("tfoot")).to_contain_text("100%")

    # A juror from the university, for two of the three agencies.
    comms.get_by_text("Undang juri").click()
    comms.fill("#id_full_name", "Dr. Rina Akademisi")
    comms.fill("#id_email", "rina@kampus.ac.id")
    for agency in agencies[:2]:
        comms.get_by_label(agency.name).check()
    comms.locator("form[action$='/jurors/'] button[type=submit]").click()
    expect(comms.locator(".people-list")).to_contain_text("Dr. Rina Akademisi")
    juror = User.objects.get(email="rina@kampus.ac.id")
    assert not juror.has_usable_password()  # the invitation e-mail lets her choose one
    juror.set_password(PASSWORD)
    juror.save()

    jury = new_page()
    sign_in(jury, "rina@kampus.ac.id", "/evaluations/jury/")
    jury.get_by_role("link", name=f"OPD Pengelola Media Sosial Terbaik {year}").click()
    inputs = jury.locator("input[type=number]")
    assert inputs.count() == 2 * 6  # two agencies, six jury indicators of the default rubric
    for i in range(inputs.count()):
        inputs.nth(i).fill(str(90 - i * 3))
    for i, field in enumerate(jury.locator("input[type=text][name^=why-]").all()):
        field.fill(f"Konten informatif dan rapi ({i + 1})")
    screenshot(jury, "evaluation-jury")
    jury.get_by_role("button", name="Serahkan nilai final").click()
    expect(jury.locator(".messages")).to_contain_text("Nilai diserahkan")
    expect(jury.locator("input[type=number]").first).to_be_disabled()

    # The computation, with its progress bar.
    comms.reload()
    comms.get_by_role("button", name="Hitung sekarang").click()
    expect(comms.locator("[data-run-status]")).to_have_attribute("data-run-status", "done")
    expect(comms.locator("#run-bar")).to_have_attribute("value", "100")
    expect(comms.locator(".result-preview li")).to_have_count(3)
    screenshot(comms, "evaluation-period")

    comms.get_by_role("button", name="Umumkan hasil sementara").click()
    expect(comms.locator("[data-period-status]")).to_have_text("Hasil sementara (masa sanggah)")
    # ...the objection period passes without objections.
    EvaluationPeriod.objects.update(objection_deadline=timezone.now() - timedelta(minutes=1))
    comms.reload()
    comms.get_by_role("button", name="Kunci Nilai").click()
    expect(comms.locator("[data-period-status]")).to_have_text("Nilai Dikunci")
    comms.get_by_role("button", name="Umumkan hasil").click()
    expect(comms.locator("[data-period-status]")).to_have_text("Diumumkan")
    assert EvaluationPeriod.objects.get().status == PeriodStatus.PUBLISHED

    comms.get_by_role("link", name="Hasil", exact=True).first.click()
    expect(comms.locator(".podium-step")).to_have_count(3)
    first = comms.locator(".podium-1 strong").inner_text()
    screenshot(comms, "evaluation-results")
    with comms.expect_download() as pdf_download:
        comms.get_by_role("link", name="PDF").click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_download.value.path().read_bytes())).pages)
    assert first in text and "Peringkat" in text and "NIP" in text
    with comms.expect_download() as xlsx_download:
        comms.get_by_role("link", name="XLSX").click()
    book = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    ranked = [r for r in book.worksheets[0].iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert len(ranked) == 3 and ranked[0][0] == 1

    comms.locator("table a", has_text=agencies[0].name).click()
    expect(comms.locator("h1")).to_contain_text("Rapor OPD")
    screenshot(comms, "evaluation-report-card")
