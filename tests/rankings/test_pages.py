"""The leaderboard page, exports and print view: figures against the hand-worked board,
access by role, bad periods."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rankings import rollups
from tests.factories import MembershipFactory, UserFactory
from tests.rankings import scenario

pytestmark = pytest.mark.django_db
PARAMS = {"start": "2026-12-21", "end": "2026-12-27"}


@pytest.fixture
def city(db, time_machine):
    time_machine.move_to(scenario.NOW)
    agencies = scenario.build()
    rollups.rebuild()
    return agencies


def test_anonymous_people_go_to_sign_in(client):
    for name in ("leaderboard", "print", "export_csv", "export_xlsx"):
        response = client.get(reverse(f"rankings:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_numbers_take_the_decimal_mark_of_the_language(city, client_for, leader, settings):
    client = client_for(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("rankings:leaderboard"), PARAMS).content.decode()
    assert "61.0" in body and "35.4" in body and "43.8" in body  # rounded as in Indonesian, with a point
    assert "61,0" not in body


def test_outsiders_get_404(client_for):
    client = client_for(UserFactory())
    for name in ("leaderboard", "print", "export_csv", "export_xlsx"):
        assert client.get(reverse(f"rankings:{name}"), PARAMS).status_code == 404


def test_the_mayors_office_sees_every_agency_in_rank_order(city, client_for, leader):
    body = client_for(leader).get(reverse("rankings:leaderboard"), PARAMS).content.decode()
    order = [body.index(f">Dinas {x}</a>") for x in "BCDA"]
    assert order == sorted(order)
    assert "61,0" in body and "35,4" in body and "43,8" in body  # scores (60.97, 35.42, 43.85), decimal comma
    assert "Dinas E" in body.split("leaderboard")[-1]  # listed apart, no rank
    assert "<svg" in body and "Wilson" in body


def test_a_head_sees_only_their_row_their_rank_and_the_region_median(city, client_for):
    head = MembershipFactory(agency=city["dinas-c"], role="head").user
    body = client_for(head).get(reverse("rankings:leaderboard"), PARAMS).content.decode()
    assert ">Dinas C</a>" in body and ">Dinas B</a>" not in body and ">Dinas A</a>" not in body
    assert "2 of 5" in body or "2 dari 5" in body
    assert "40 min" in body or "40 menit" in body  # the region's median


def test_bad_ranges_are_a_clear_400(city, client_for, leader):
    response = client_for(leader).get(reverse("rankings:leaderboard"), {"start": "2026-12-27", "end": "2026-12-21"})
    assert response.status_code == 400
    assert "before the start" in response.content.decode() or "sebelum" in response.content.decode()
    assert client_for(leader).get(reverse("rankings:export_csv"), {"start": "2026-12-27"}).status_code == 400


def test_drill_down_opens_the_agencys_complaints_of_the_period(city, client_for, leader):
    client = client_for(leader)
    body = client.get(reverse("rankings:leaderboard"), PARAMS).content.decode()
    start = body.index('href="/complaints/?agency=dinas-a')
    link = body[start + 6:body.index('"', start + 6)].replace("&amp;", "&")
    inbox = client.get(link).content.decode()
    # Nine counted plus the archived one (the inbox shows every status): none from the 28th.
    assert inbox.count('class="inbox-row') == 10


def test_csv_and_xlsx_hold_the_hand_worked_figures(city, client_for, leader):
    client = client_for(leader)
    response = client.get(reverse("rankings:export_csv"), PARAMS)
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_slug = {r[1]: r for r in rows[1:]}
    assert by_slug["dinas-a"][:8] == ["4", "dinas-a", "Dinas A", "9", "8", "6", "66.7", "47.5"]
    assert by_slug["dinas-e"][0] == ""
    book = load_workbook(io.BytesIO(client.get(reverse("rankings:export_xlsx"), PARAMS).content))
    sheet = book.active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = {row[0]: row[1] for row in cells[1:7] if row[0]}
    assert len(header) == 5 and "Wilson" in str(list(header.values())[-1])
    assert "21-12-2026" in str(list(header.values())[1])
    table = next(i for i, row in enumerate(cells) if i and not any(row)) + 1  # the header after the blank row
    data = {row[1]: row for row in cells[table + 1:]}
    for slug, expected in scenario.EXPECTED.items():
        row = data[slug]
        assert row[0] == expected["rank"] and row[3] == expected["received"]
        assert row[7] == expected["median_first_response_minutes"]
        assert row[8] == expected["p90_first_response_minutes"]
        assert row[14] == (None if expected["score"] is None else round(expected["score"], 2))


def test_print_view_is_a_plain_a4_page(city, client_for, comms):
    body = client_for(comms).get(reverse("rankings:print"), PARAMS).content.decode()
    assert "@page" not in body  # in the stylesheet
    assert "Pemerintah Kota Bengkulu" in body and "Dinas B" in body and "mainnav" not in body
    assert re.search(r"Dibuat pada: \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB</p>", body)  # the time says its zone
