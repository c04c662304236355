"""GET /api/v1/leaderboard/: negative cases and who sees which rows (the hand-worked figures
themselves are asserted in test_leaderboard.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rankings import rollups
from tests.factories import AgencyFactory, ComplaintFactory, MembershipFactory, UserFactory
from tests.rankings import scenario

pytestmark = pytest.mark.django_db

URL = "/api/v1/leaderboard/"
WEEK = {"start": "2026-12-21", "end": "2026-12-27"}


@pytest.fixture
def two_agencies(db):
    a = AgencyFactory(slug="dinas-api-a", name="Dinas API A")
    b = AgencyFactory(slug="dinas-api-b", name="Dinas API B")
    for agency, answered in ((a, True), (b, False)):
        ComplaintFactory(agency=agency, received_at=scenario.at(21, 8), status="in_progress" if answered else "dispatched",
                         first_response_at=scenario.at(21, 8, 10) if answered else None,
                         first_response_working_minutes=10 if answered else None, within_target=answered or None)
    rollups.rebuild()  # the refresh runs on commit, which a test's transaction never reaches
    return a, b


def test_the_url_is_the_documented_one():
    assert reverse("api-leaderboard") == URL


def test_anonymous_gets_401(client):
    assert client.get(URL, WEEK).status_code == 401


def test_a_user_without_a_role_gets_404_like_the_other_endpoints(client_for):
    assert client_for(UserFactory()).get(URL, WEEK).status_code == 404
    assert client_for(UserFactory()).get("/api/v1/complaints/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "comms", "superuser"])
def test_the_region_wide_see_every_row(two_agencies, client_for, who, request):
    user = UserFactory(is_superuser=True) if who == "superuser" else request.getfixturevalue(who)
    body = client_for(user).get(URL, WEEK).json()
    rows = {r["agency"]: r for r in body["rows"]}
    assert {"dinas-api-a", "dinas-api-b"} <= set(rows)
    assert rows["dinas-api-a"]["rank"] == 1 and rows["dinas-api-b"]["rank"] == 2
    assert rows["dinas-api-b"]["score"] == 0.0
    assert body["region_median_first_response_minutes"] == 10.0
    assert body["start"] == "2026-12-21" and body["end"] == "2026-12-27" and "Wilson" in body["rule"]


@pytest.mark.parametrize("role", ["head", "staff"])
def test_an_agencys_people_get_their_own_row_and_the_region_median_only(two_agencies, client_for, role):
    _a, b = two_agencies
    user = MembershipFactory(agency=b, role=role).user
    body = client_for(user).get(URL, WEEK).json()
    assert [r["agency"] for r in body["rows"]] == ["dinas-api-b"]
    assert body["rows"][0]["rank"] == 2 and body["region_median_first_response_minutes"] == 10.0
    assert "dinas-api-a" not in str(body)


def test_someone_in_two_agencies_gets_both_rows(two_agencies, client_for):
    a, b = two_agencies
    user = MembershipFactory(agency=a, role="staff").user
    MembershipFactory(agency=b, role="staff", user=user)
    assert sorted(r["agency"] for r in client_for(user).get(URL, WEEK).json()["rows"]) == ["dinas-api-a", "dinas-api-b"]


def test_unranked_rows_have_null_rank_and_score(two_agencies, client_for, leader):
    AgencyFactory(slug="dinas-api-idle", name="Dinas API Idle")
    rows = {r["agency"]: r for r in client_for(leader).get(URL, WEEK).json()["rows"]}
    assert rows["dinas-api-idle"]["received"] == 0
    assert rows["dinas-api-idle"]["rank"] is None and rows["dinas-api-idle"]["score"] is None


def test_filters_narrow_and_are_echoed(two_agencies, client_for, leader):
    body = client_for(leader).get(URL, {**WEEK, "platform": "instagram", "category": "question"}).json()
    assert body["platform"] == "instagram" and body["category"] == "question"
    assert all(r["received"] == 0 for r in body["rows"])


@pytest.mark.parametrize("params, field", [
    ({**WEEK, "category": "praise"}, "category"),
    ({**WEEK, "start": "21-12-2026"}, "start"),
    ({"start": "2026-12-21"}, "end"),
    ({"start": "2024-01-01", "end": "2027-01-04"}, "end"),  # 1100 days: over three years
])
def test_bad_input_is_400_naming_the_field(client_for, leader, params, field):
    response = client_for(leader).get(URL, params)
    assert response.status_code == 400 and field in response.json()


def test_three_years_is_the_limit(client_for, leader):
    assert client_for(leader).get(URL, {"start": "2024-01-01", "end": "2026-12-31"}).status_code == 200


def test_only_get(client_for, leader):
    assert client_for(leader).post(URL, WEEK).status_code == 405


def test_the_schema_documents_it(client_for, leader):
    schema = client_for(leader).get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/leaderboard/" in schema and "median_first_response_minutes" in schema
