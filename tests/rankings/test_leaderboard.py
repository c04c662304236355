"""The leaderboard against a case worked out by hand (tests/rankings/scenario.py), through the
rollups, straight from the complaints, and through the API; its validation and access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.models import Complaint
from rankings import rollups
from rankings.contract import Filters
from rankings.leaderboard import as_api_row, leaderboard, leaderboard_from_complaints
from tests.factories import MembershipFactory, UserFactory
from tests.rankings import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    agencies = scenario.build()
    rollups.rebuild()
    return agencies


def test_the_clock_gives_the_hand_worked_minutes(city):
    for slug, minutes in scenario.MINUTES.items():
        got = list(Complaint.objects.filter(agency__slug=slug, category__in=["complaint", "question"])
                   .exclude(status__in=["archived", "out_of_scope"])
                   .filter(received_at__gte=scenario.at(21, 0), received_at__lt=scenario.at(28, 0))
                   .order_by("pk").values_list("first_response_working_minutes", flat=True))
        assert got == minutes, slug


@pytest.mark.parametrize("compute", [leaderboard, leaderboard_from_complaints], ids=["rollups", "complaints"])
def test_every_figure_equals_the_hand_worked_board(city, compute):
    board = compute(scenario.PERIOD, now=scenario.NOW)
    rows = {r.agency_slug: r for r in board.rows}
    for slug, expected in scenario.EXPECTED.items():
        row = rows[slug]
        for name, value in expected.items():
            got = getattr(row, name)
            if name == "score" and value is not None:
                assert got == pytest.approx(value, abs=5e-5), (slug, name)
            else:
                assert got == value, (slug, name, got)
    assert [r.agency_slug for r in board.ranked] == scenario.RANKED
    assert [r.agency_slug for r in board.unranked] == ["dinas-e"]
    assert board.region_median_first_response_minutes == scenario.REGION_MEDIAN


def test_the_api_gives_the_same_figures(city, client_for, leader, time_machine):
    time_machine.move_to(scenario.NOW)
    response = client_for(leader).get(reverse("api-leaderboard"), {"start": "2026-12-21", "end": "2026-12-27"})
    assert response.status_code == 200
    body = response.json()
    rows = {r["agency"]: r for r in body["rows"]}
    assert len(rows) == 6 and body["region_median_first_response_minutes"] == scenario.REGION_MEDIAN
    for slug, expected in scenario.EXPECTED.items():
        for name, value in expected.items():
            if name == "score" and value is not None:
                assert rows[slug][name] == pytest.approx(value, abs=5e-5)
            else:
                assert rows[slug][name] == value, (slug, name)


def test_a_platform_filter_narrows_the_rows(city):
    Complaint.objects.filter(agency__slug="dinas-b", first_response_working_minutes=60).update(platform="instagram")
    rollups.rebuild()
    board = leaderboard(scenario.PERIOD, Filters(platform="instagram"), now=scenario.NOW)
    rows = {r.agency_slug: r for r in board.rows}
    assert rows["dinas-b"].received == 1 and rows["dinas-b"].rank == 1
    assert rows["dinas-a"].received == 0 and rows["dinas-a"].rank is None


def test_a_period_still_running_counts_open_and_overdue_now(city):
    # Wednesday 23 at 12:30: A's case received Tuesday 10:00 is past due and unanswered; the
    # case received Wednesday 15:00 has not arrived yet.
    board = leaderboard_from_complaints(scenario.PERIOD, now=scenario.at(23, 12, 30))
    rows = {r.agency_slug: r for r in board.rows}
    assert rows["dinas-a"].overdue == 1
    assert leaderboard(scenario.PERIOD, now=scenario.at(23, 12, 30)).rows[0].overdue == board.rows[0].overdue


@pytest.mark.parametrize("params, message", [
    ({"start": "2026-12-27", "end": "2026-12-21"}, "before the start"),
    ({"start": "2026-13-01", "end": "2026-12-21"}, "start"),
    ({"start": "2020-01-01", "end": "2026-12-21"}, "3 years"),
    ({"end": "2026-12-21"}, "start"),
    ({"start": "2026-12-01", "end": "2026-12-21", "platform": "myspace"}, "platform"),
])
def test_bad_periods_are_refused_clearly(client_for, leader, params, message, settings):
    client = client_for(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages in their English msgids
    response = client.get(reverse("api-leaderboard"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_access(city, client, client_for, leader, comms):
    url = reverse("api-leaderboard")
    params = {"start": "2026-12-21", "end": "2026-12-27"}
    assert client.get(url, params).status_code in (401, 403)
    outsider = UserFactory()
    assert client_for(outsider).get(url, params).status_code == 404
    assert len(client_for(comms).get(url, params).json()["rows"]) == len(scenario.EXPECTED)
    head = MembershipFactory(agency=city["dinas-c"], role="head").user
    body = client_for(head).get(url, params).json()
    assert [r["agency"] for r in body["rows"]] == ["dinas-c"]
    assert body["rows"][0]["rank"] == 2 and body["region_median_first_response_minutes"] == scenario.REGION_MEDIAN
    staff = MembershipFactory(agency=city["dinas-a"], role="staff").user
    assert [r["agency"] for r in client_for(staff).get(url, params).json()["rows"]] == ["dinas-a"]


def test_a_period_of_whole_months_reads_the_monthly_rows_and_agrees(city):
    from datetime import date

    from rankings.contract import Period
    from rankings.models import MonthlyRollup

    # A, B, C, D: complaints on X; F: complaints and a question on X; and each over all platforms
    # and categories (what the unfiltered board reads).
    assert MonthlyRollup.objects.filter(month=date(2026, 12, 1)).count() == 4 + 2 + 5
    for period in (Period(date(2026, 12, 1), date(2026, 12, 31)), Period(date(2026, 11, 1), date(2027, 1, 31)),
                   Period(date(2026, 12, 20), date(2027, 1, 2))):
        rows = [as_api_row(r) for r in leaderboard(period, now=scenario.NOW, trend=True).rows]
        assert rows == [as_api_row(r) for r in leaderboard_from_complaints(period, now=scenario.NOW).rows]
    december = {r.agency_slug: r for r in leaderboard(Period(date(2026, 12, 1), date(2026, 12, 31)),
                                                      now=scenario.NOW, trend=True).rows}
    assert december["dinas-c"].received == 3 + 2  # and those of Sunday 20 and Monday 28 December
    assert [share for _week, share in december["dinas-b"].trend if share is not None] == [1.0]
