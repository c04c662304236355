"""The complaint gate: the complaint page reads the complaint first and then asks
`complaint_visible_to`; every other path filters with `complaint_list_for_user`. The two must
say the same for every kind of person and complaint."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import forget_roles
from complaints import selectors
from tests.factories import (
    AgencyFactory,
    ComplaintFactory,
    MembershipFactory,
    OfficialAccountFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(staff_a, head_a, staff_b, leader, comms, superuser, outsider, agency_a):
    ended = MembershipFactory(agency=agency_a, ended_at=timezone.now()).user
    inactive_person = MembershipFactory(agency=agency_a, user=UserFactory(is_active=False)).user
    closed_agency = AgencyFactory(is_active=False)
    member_of_closed = MembershipFactory(agency=closed_agency).user
    return {
        "anonymous": AnonymousUser(), "staff_a": staff_a, "head_a": head_a, "staff_b": staff_b, "leader": leader,
        "comms": comms, "superuser": superuser, "outsider": outsider, "ended_membership": ended,
        "inactive_person": inactive_person, "member_of_a_closed_agency": member_of_closed,
    }


def test_the_page_gate_and_the_list_rule_agree_for_everyone(people, agency_a, agency_b):
    complaints = {
        "of_a": ComplaintFactory(agency=agency_a), "of_b": ComplaintFactory(agency=agency_b),
        "triage": ComplaintFactory(agency=None, status="triage"),
    }
    expected_visible = {
        "anonymous": set(), "outsider": set(), "ended_membership": set(), "inactive_person": set(),
        "member_of_a_closed_agency": set(), "staff_a": {"of_a"}, "head_a": {"of_a"}, "staff_b": {"of_b"},
        "leader": {"of_a", "of_b", "triage"}, "comms": {"of_a", "of_b", "triage"},
        "superuser": {"of_a", "of_b", "triage"},
    }
    for who, user in people.items():
        for what, complaint in complaints.items():
            by_list = selectors.complaint_list_for_user(user).filter(pk=complaint.pk).exists()
            by_rule = selectors.complaint_visible_to(user, complaint)
            try:
                selectors.complaint_get_for_user(user, complaint.number, for_page=True)
                by_page = True
            except Http404:
                by_page = False
            assert by_list == by_rule == by_page == (what in expected_visible[who]), (who, what)


def test_the_page_gate_forgets_nobody_whose_roles_change(staff_a, agency_a, agency_b):
    complaint = ComplaintFactory(agency=agency_b)
    with pytest.raises(Http404):
        selectors.complaint_get_for_user(staff_a, complaint.number, for_page=True)
    MembershipFactory(agency=agency_b, user=staff_a)
    forget_roles(staff_a)  # as a new request reads them again
    assert selectors.complaint_get_for_user(staff_a, complaint.number, for_page=True).pk == complaint.pk


def test_an_unknown_number_is_a_404_for_everyone(leader):
    with pytest.raises(Http404):
        selectors.complaint_get_for_user(leader, "SGP-2026-999999", for_page=True)


def test_the_page_read_carries_what_the_page_shows_in_one_query(staff_a, agency_a):
    account = OfficialAccountFactory(agency=agency_a, platform="instagram", handle="dinas.contoh")
    complaint = ComplaintFactory(agency=agency_a, account=account, platform="instagram")
    ComplaintFactory(agency=agency_a, merged_into=complaint)
    alone = ComplaintFactory(agency=agency_a)
    selectors.complaint_visible_to(staff_a, complaint)  # roles are read once per request, before this

    with CaptureQueriesContext(connection) as queries:
        found = selectors.complaint_get_for_user(staff_a, complaint.number, for_page=True)
        shown = (found.agency.short_name, found.account.display_handle, found.account.agency_id, found.has_merged,
                 found.text)
    assert len(queries) == 1
    assert shown == (agency_a.short_name, "@dinas.contoh", agency_a.pk, True, complaint.text)
    assert found.status == complaint.status and found.received_at == complaint.received_at
    assert selectors.complaint_get_for_user(staff_a, alone.number, for_page=True).has_merged is False
    # Fields the page does not read are still there when something asks for them.
    assert found.agency.name == agency_a.name
    assert found.account.display_name == account.display_name
