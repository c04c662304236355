"""GET /api/v1/complaints/ and /api/v1/complaints/{number}/ as DESIGN.md defines them, with
the same gates as the pages: anonymous 401, outsiders 404, agencies see only their own."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

import pytest
from rest_framework.authtoken.models import Token

from complaints.models import Complaint

pytestmark = pytest.mark.django_db
_seq = count(1)


def make(agency, *, received_at, category="complaint", platform="x", status="dispatched", **extra):
    n = next(_seq)
    return Complaint.objects.create(
        number=f"SGP-{received_at.year}-{n:06d}", platform=platform, external_id=str(1900000000000000000 + n),
        thread_key=str(n), author_id=str(n), author_handle="warga_bkl", author_name="Warga Bengkulu",
        text=f"aduan {n}", category=category, agency=agency, routing_reason="kata kunci: drainase",
        status=status if agency else "triage", received_at=received_at, last_message_at=received_at,
        url=f"https://x.com/warga_bkl/status/{n}", **extra,
    )


@pytest.fixture
def complaints(agency_a, agency_b):
    return {
        "a1": make(agency_a, received_at=datetime(2026, 11, 1, 1, 0, tzinfo=UTC)),  # 1 Nov 08.00 WIB
        "a2": make(agency_a, received_at=datetime(2026, 11, 30, 16, 59, tzinfo=UTC), category="question",
                   platform="instagram"),  # 30 Nov 23.59 WIB
        "b1": make(agency_b, received_at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC)),  # 1 Dec 00.00 WIB
        "triage": make(None, received_at=datetime(2026, 10, 31, 16, 59, tzinfo=UTC)),  # 31 Oct 23.59 WIB
    }


def numbers(response):
    return {row["number"] for row in response.json()["results"]}


def test_anonymous_gets_401(client, complaints):
    assert client.get("/api/v1/complaints/").status_code == 401
    assert client.get(f"/api/v1/complaints/{complaints['a1'].number}/").status_code == 401


def test_outsider_gets_404(client_for, outsider, complaints):
    client = client_for(outsider)
    assert client.get("/api/v1/complaints/").status_code == 404
    assert client.get(f"/api/v1/complaints/{complaints['a1'].number}/").status_code == 404


def test_agency_people_see_only_their_agencys_complaints(client_for, staff_a, head_a, staff_b, complaints):
    for person in (staff_a, head_a):
        assert numbers(client_for(person).get("/api/v1/complaints/")) == {complaints["a1"].number, complaints["a2"].number}
    client = client_for(staff_b)
    assert numbers(client.get("/api/v1/complaints/")) == {complaints["b1"].number}
    assert client.get(f"/api/v1/complaints/{complaints['a1'].number}/").status_code == 404
    assert client.get(f"/api/v1/complaints/{complaints['triage'].number}/").status_code == 404


def test_region_wide_roles_see_everything_including_triage(client_for, leader, comms, superuser, complaints):
    for person in (leader, comms, superuser):
        assert numbers(client_for(person).get("/api/v1/complaints/")) == {c.number for c in complaints.values()}


def test_the_fields_of_a_complaint(client_for, leader, complaints):
    row = client_for(leader).get(f"/api/v1/complaints/{complaints['a1'].number}/").json()
    assert row == {
        "number": complaints["a1"].number, "platform": "x", "external_id": complaints["a1"].external_id,
        "author": {"name": "Warga Bengkulu", "handle": "warga_bkl"}, "text": complaints["a1"].text,
        "category": "complaint", "agency": "dinas-pupr", "routing_reason": "kata kunci: drainase",
        "status": "dispatched", "received_at": "2026-11-01T08:00:00+07:00", "first_response_at": None,
        "first_response_working_minutes": None, "first_response_calendar_minutes": None,
        "within_target": None, "url": complaints["a1"].url,
    }
    assert isinstance(row["external_id"], str)
    triage = client_for(leader).get(f"/api/v1/complaints/{complaints['triage'].number}/").json()
    assert triage["agency"] is None and triage["status"] == "triage"


def test_filters(client_for, leader, complaints):
    client = client_for(leader)
    assert numbers(client.get("/api/v1/complaints/", {"agency": "dinas-pupr"})) == {complaints["a1"].number, complaints["a2"].number}
    assert numbers(client.get("/api/v1/complaints/", {"category": "question"})) == {complaints["a2"].number}
    assert numbers(client.get("/api/v1/complaints/", {"platform": "instagram"})) == {complaints["a2"].number}
    assert numbers(client.get("/api/v1/complaints/", {"status": "triage"})) == {complaints["triage"].number}


def test_received_dates_are_whole_wib_days_and_inclusive(client_for, leader, complaints):
    client = client_for(leader)
    november = client.get("/api/v1/complaints/", {"received_after": "2026-11-01", "received_before": "2026-11-30"})
    assert numbers(november) == {complaints["a1"].number, complaints["a2"].number}
    exact = client.get("/api/v1/complaints/", {"received_after": "2026-11-01T08:00:00+07:00",
                                                "received_before": "2026-11-01T08:00:00+07:00"})
    assert numbers(exact) == {complaints["a1"].number}


def test_bad_dates_are_a_clear_400(client_for, leader, complaints):
    response = client_for(leader).get("/api/v1/complaints/", {"received_after": "kemarin"})
    assert response.status_code == 400
    assert "received_after" in response.json()


def test_page_size_up_to_500(client_for, leader, agency_a):
    for n in range(3):
        make(agency_a, received_at=datetime(2026, 11, 2, n, tzinfo=UTC))
    client = client_for(leader)
    body = client.get("/api/v1/complaints/", {"page_size": 2}).json()
    assert len(body["results"]) == 2 and body["next"]
    assert len(client.get("/api/v1/complaints/", {"page_size": 5000}).json()["results"]) == 3


def test_token_auth_and_read_only(client, staff_a, complaints):
    token = Token.objects.create(user=staff_a)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/complaints/", **auth).status_code == 200
    assert client.post("/api/v1/complaints/", {}, **auth).status_code == 405
    assert client.delete(f"/api/v1/complaints/{complaints['a1'].number}/", **auth).status_code == 405


def test_newest_first(client_for, leader, complaints):
    rows = client_for(leader).get("/api/v1/complaints/").json()["results"]
    received = [r["received_at"] for r in rows]
    assert received == sorted(received, reverse=True)
