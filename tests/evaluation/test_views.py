"""The evaluation's pages: who sees what (anonymous, outsider, juror, agency people, leader,
comms), the rubric form, refused attempts through the pages (403/404 and logged), the jury page,
the progress fragment, and the exports (XLSX cells, PDF text)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from rankings.evaluation import services
from rankings.evaluation.models import EventKind, PeriodStatus
from tests.evaluation.conftest import score_all
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _url(name: str, period, *args) -> str:
    return reverse(f"evaluation:{name}", args=[period.pk, *args])


def _computed(contest, comms):
    score_all(contest)
    run = services.run_start(period=contest["period"], actor=comms)
    services.run_compute(run.pk)
    return contest["period"]


def test_anonymous_people_go_to_sign_in(client_for, contest):
    period = contest["period"]
    client = client_for(None)
    for url in (reverse("evaluation:list"), _url("period", period), _url("results", period),
                _url("report_card", period, "dinas-a"), _url("jury_scores", period), reverse("evaluation:jury_home")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.post(_url("freeze", period)).status_code == 302


def test_outsiders_and_jurors_see_nothing_but_their_own(client_for, contest, comms, outsider):
    period = _computed(contest, comms)
    juror = contest["jurors"][0]
    # (client_for signs the one test client in as that person: call it before each request.)
    for person in (outsider, juror):
        for url in (reverse("evaluation:list"), _url("period", period), _url("results", period),
                    _url("report_card", period, "dinas-a"), _url("export_pdf", period), reverse("complaints:inbox")):
            assert client_for(person).get(url).status_code == 404, url
    assert client_for(outsider).get(_url("jury_scores", period)).status_code == 404
    assert client_for(juror).get(_url("jury_scores", period)).status_code == 200
    assert client_for(juror).get(reverse("api-leaderboard"),
                                 {"start": "2026-01-01", "end": "2026-12-31"}).status_code in (403, 404)
    # After signing in a juror lands on their scoring, with a menu of one item.
    response = client_for(juror).get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:jury_home")
    body = client_for(juror).get(reverse("evaluation:jury_home")).content.decode()
    assert period.name in body and reverse("complaints:inbox") not in body


def test_agency_people_see_results_once_announced_and_only_their_report_card(client_for, contest, comms, time_machine):
    period = _computed(contest, comms)
    head = contest["heads"]["A"]
    staff = MembershipFactory(agency=contest["agencies"]["A"], role="staff").user
    assert client_for(head).get(_url("results", period)).status_code == 404  # still being prepared
    assert client_for(head).get(_url("report_card", period, "dinas-a")).status_code == 404
    assert client_for(head).get(_url("period", period)).status_code == 403
    services.provisional_publish(period=period, actor=comms)
    for person in (head, staff):
        assert client_for(person).get(_url("results", period)).status_code == 200
        assert client_for(person).get(_url("report_card", period, "dinas-a")).status_code == 200
        assert client_for(person).get(_url("report_card", period, "dinas-b")).status_code == 404
    body = client_for(head).get(_url("report_card", period, "dinas-a")).content.decode()
    assert "89,00" in body and 'name="criterion"' in body  # the head may object while the window is open
    assert 'name="criterion"' not in client_for(staff).get(_url("report_card", period, "dinas-a")).content.decode()


def test_the_leader_reads_results_but_does_not_run_the_period(client_for, contest, comms, leader):
    period = _computed(contest, comms)
    client = client_for(leader)
    assert client.get(_url("results", period)).status_code == 200
    assert client.get(_url("period", period)).status_code == 403
    assert client.post(_url("provisional", period)).status_code == 403
    period.refresh_from_db()
    assert period.status == PeriodStatus.DRAFT
    assert period.events.filter(kind=EventKind.REFUSED, actor=leader, summary="provisional").exists()


def test_freezing_through_the_page_by_a_head_is_refused_and_logged(client_for, contest, comms, outsider, time_machine):
    period = _computed(contest, comms)
    period = services.provisional_publish(period=period, actor=comms)
    time_machine.move_to(period.objection_deadline + timedelta(minutes=1))
    head = contest["heads"]["A"]
    assert client_for(head).post(_url("freeze", period)).status_code == 403
    assert client_for(outsider).post(_url("freeze", period)).status_code == 404
    assert client_for(head).post(_url("unfreeze", period), {"reason": "x"}).status_code == 403
    refused = list(period.events.filter(kind=EventKind.REFUSED).values_list("actor", "summary"))
    assert refused == [(head.pk, "freeze"), (outsider.pk, "freeze"), (head.pk, "unfreeze")]
    period.refresh_from_db()
    assert period.status == PeriodStatus.PROVISIONAL
    response = client_for(comms).post(_url("freeze", period), follow=True)
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.status == PeriodStatus.FROZEN


def test_scores_posted_by_someone_else_than_the_juror_are_refused_and_logged(client_for, contest, comms):
    period = contest["period"]
    k3 = period.criteria.get(code="K3")
    a = contest["agencies"]["A"]
    head = contest["heads"]["A"]
    response = client_for(head).post(_url("jury_scores", period), {f"score-{a.pk}-{k3.pk}": "100",
                                                                   f"why-{a.pk}-{k3.pk}": "terbaik"})
    assert response.status_code == 404
    assert not period.jurors.filter(scores__isnull=False).exists()
    assert period.events.filter(kind=EventKind.REFUSED, actor=head, summary="jury scores").exists()


def test_a_juror_saves_submits_then_sees_the_others(client_for, contest, comms):
    period = contest["period"]
    first, second = contest["jurors"]
    k3 = period.criteria.get(code="K3")
    agencies = contest["agencies"]
    def client():
        return client_for(first)

    half = {f"score-{agencies['A'].pk}-{k3.pk}": "70", f"why-{agencies['A'].pk}-{k3.pk}": "rapi"}
    assert client().post(_url("jury_scores", period), {**half, "save": ""}).status_code == 302
    response = client().post(_url("jury_scores", period), {**half, "submit": ""})
    assert response.status_code == 400 and "3" in response.content.decode()  # three scores missing
    bad = client().post(_url("jury_scores", period), {f"score-{agencies['B'].pk}-{k3.pk}": "101",
                                                   f"why-{agencies['B'].pk}-{k3.pk}": "x"})
    assert bad.status_code == 400
    # The second juror submits; the first, not yet submitted, does not see their scores.
    score_second = {f"score-{a.pk}-{k3.pk}": "60" for a in agencies.values()}
    score_second.update({f"why-{a.pk}-{k3.pk}": "cukup" for a in agencies.values()})
    assert client_for(second).post(_url("jury_scores", period), {**score_second, "submit": ""}).status_code == 302
    assert "cukup" not in client().get(_url("jury_scores", period)).content.decode()
    mine = {f"score-{a.pk}-{k3.pk}": "80" for a in agencies.values()}
    mine.update({f"why-{a.pk}-{k3.pk}": "baik" for a in agencies.values()})
    assert client().post(_url("jury_scores", period), {**mine, "submit": ""}).status_code == 302
    body = client().get(_url("jury_scores", period)).content.decode()
    assert "cukup" in body and "disabled" in body


def test_the_rubric_form_refuses_weights_not_adding_up(client_for, contest, comms, settings):
    period = contest["period"]
    client = client_for(comms)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "3", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for i, (code, weight, source, indicator) in enumerate([("K1", "50", "auto", "within_target"),
                                                           ("K2", "30", "auto", "response_median"),
                                                           ("K3", "19", "jury", "")]):
        data.update({f"form-{i}-aspect": "Aspek", f"form-{i}-code": code, f"form-{i}-name": code,
                     f"form-{i}-weight": weight, f"form-{i}-source": source, f"form-{i}-indicator": indicator})
    body = client.post(_url("criteria", period), data, follow=True).content.decode()
    assert "must add up to 100%; they add up to 99%" in body
    assert sorted(period.criteria.values_list("code", "weight")) == [("K1", 50), ("K2", 30), ("K3", 20)]
    data["form-2-weight"] = "20"
    data["form-1-name"] = "Median tanggapan (menit kerja)"
    assert client.post(_url("criteria", period), data).status_code == 302
    assert period.criteria.get(code="K2").name == "Median tanggapan (menit kerja)"


def test_comms_creates_a_period_with_the_default_rubric(client_for, comms, agency_a):
    response = client_for(comms).post(reverse("evaluation:create"), {
        "name": "Penilaian 2026", "start": "2026-01-01", "end": "2026-12-31", "normalisation": "minmax",
        "jury_aggregate": "trimmed", "objection_days": "7"})
    assert response.status_code == 302
    period = services.EvaluationPeriod.objects.get(name="Penilaian 2026")
    assert sum(period.criteria.values_list("weight", flat=True)) == 100
    assert list(period.agencies.all()) == [agency_a]
    assert client_for(comms).get(response["Location"]).status_code == 200


def test_the_progress_fragment_follows_the_run(client_for, contest, comms):
    period = contest["period"]
    client = client_for(comms)
    assert 'value="' not in client.get(_url("progress", period)).content.decode()  # nothing computed yet
    run = services.run_start(period=period, actor=comms)
    body = client.get(_url("progress", period), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="0"' in body
    services.run_compute(run.pk)
    response = client.get(_url("progress", period), {"was": "running"}, HTTP_HX_REQUEST="true")
    assert 'value="100"' in response.content.decode() and "hx-trigger" not in response.content.decode()
    assert response["HX-Refresh"] == "true"


def test_the_exports_hold_the_ranking(client_for, contest, comms):
    period = _computed(contest, comms)
    client = client_for(comms)
    pdf = client.get(_url("export_pdf", period))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dinas A" in text and "89,00" in text and "45,00" in text and "9,10" in text
    assert "NIP" in text and period.name in text
    book = load_workbook(io.BytesIO(client.get(_url("export_xlsx", period)).content))
    rows = [r for r in book.worksheets[0].iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert [(r[0], r[2], r[3]) for r in rows] == [(1, "Dinas A", 89.0), (2, "Dinas B", 45.0), (2, "Dinas C", 45.0),
                                                  (4, "Dinas D", 9.1)]
    assert len(list(book.worksheets[2].iter_rows())) == 1 + 8  # header + every jury score
