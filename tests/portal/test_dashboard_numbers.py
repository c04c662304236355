"""The dashboard by role: an agency's numbers of today and its rank this month; the region at a
glance for the mayor's office; the number of queries does not grow with the complaints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rankings import rollups
from tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def _complaints(agency, n, *, overdue=0):
    now = timezone.now()
    made = []
    for i in range(n):
        received = now - timedelta(minutes=5 + i)
        made.append(ComplaintFactory(agency=agency, received_at=received, handed_at=received,
                                     due_at=now - timedelta(minutes=1) if i < overdue else now + timedelta(hours=1)))
    return made


def test_staff_see_their_agencys_numbers_and_rank(client_for, staff_a, agency_a, agency_b):
    _complaints(agency_a, 3, overdue=1)
    _complaints(agency_b, 2)
    answered = _complaints(agency_a, 1)[0]
    answered.first_response_at = timezone.now()
    answered.first_response_working_minutes = 12
    answered.within_target = True
    answered.status = "in_progress"
    answered.save()
    rollups.rebuild()
    response = client_for(staff_a).get("/dashboard/")
    numbers = response.context["numbers"]
    assert (numbers.open, numbers.overdue, numbers.answered_today, numbers.median_week_minutes) == (4, 1, 1, 12)
    body = response.content.decode()
    ranks = response.context["my_ranks"]
    assert [r["row"].agency_id for r in ranks] == [agency_a.pk] and ranks[0]["total"] == 2
    assert ranks[0]["row"].rank == 1  # 1 of 4 within target beats 0 of 2
    assert ranks[0]["shared_with"] == 0 and "sama dengan" not in body
    assert "/leaderboard/" in body and "/complaints/?status=open&amp;overdue=on" in body


def test_a_rank_shared_by_a_tie_says_so(client_for, staff_a, agency_a, agency_b):
    from tests.factories import AgencyFactory

    for agency in (agency_a, agency_b, AgencyFactory()):
        _complaints(agency, 2)  # nobody answered: the same score, one shared rank
    rollups.rebuild()
    body = client_for(staff_a).get("/dashboard/").content.decode()
    assert "<strong>1</strong> dari 3 (sama dengan 2 OPD lain yang nilainya sama)" in body


def test_the_mayors_office_sees_the_region(client_for, leader, agency_a, agency_b):
    _complaints(agency_a, 2, overdue=2)
    _complaints(agency_b, 1)
    response = client_for(leader).get("/dashboard/")
    region = response.context["region"]
    assert region.totals["overdue"] == 2 and region.totals["open"] == 3
    assert [c.agency_id for c in region.overdue_list] == [agency_a.pk, agency_a.pk]
    assert "numbers" not in response.context


def test_the_region_table_says_when_it_shows_only_part_of_the_agencies(client_for, leader, agency_a):
    from tests.factories import AgencyFactory

    client = client_for(leader)
    _complaints(agency_a, 1)
    body = client.get("/dashboard/").content.decode()
    assert "Ditampilkan 25 OPD" not in body and ">Jumlah<" in body
    for _ in range(26):
        _complaints(AgencyFactory(), 1)
    body = client.get("/dashboard/").content.decode()
    assert "Ditampilkan 25 OPD dengan aduan lewat batas waktu dan terbuka terbanyak, dari 27 OPD." in body
    assert ">Jumlah seluruh 27 OPD<" in body


@pytest.mark.parametrize("persona", ["staff_a", "leader"])
def test_queries_do_not_grow_with_the_complaints(client_for, request, persona, agency_a, agency_b):
    client = client_for(request.getfixturevalue(persona))
    _complaints(agency_a, 5, overdue=2)
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboard/")
    _complaints(agency_a, 45, overdue=20)
    _complaints(agency_b, 30, overdue=10)
    with CaptureQueriesContext(connection) as many:
        client.get("/dashboard/")
    assert len(many) == len(few)
