"""Proposals to change an agency's working week or first-response target: its head (or the
communications office) proposes on the settings page, the communications office approves or
rejects on its queue, and an approval applies from its own date on."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from agencies.models import (
    CalendarKind,
    CalendarProposal,
    ProposalKind,
    ProposalStatus,
    ResponseTarget,
    WeeklySchedule,
)
from agencies.selectors import first_response_targets_in_force, week_in_force
from agencies.services import (
    ProposalDecided,
    calendar_proposal_approve,
    calendar_proposal_create,
    calendar_proposal_withdraw,
)

pytestmark = pytest.mark.django_db

APPROVAL = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # Monday 23 November 2026, 10.00 WIB
LOGIN = "/accounts/login/"
SCHEDULE_FORM = {
    "day_0": "07.00–12.00, 13.00–16.00", "day_1": "07:00-12:00,13:00-16:00", "day_2": "07.00–12.00, 13.00–16.00",
    "day_3": "07.00–12.00, 13.00–16.00", "day_4": "07.00–11.30, 13.00–16.30", "day_5": "08.00–12.00", "day_6": "",
    "reason": "Pelayanan Sabtu sesuai SK Kepala Dinas No. 12/2026",
}
WEEK = {"0": [["07:00", "12:00"], ["13:00", "16:00"]], "1": [["07:00", "12:00"], ["13:00", "16:00"]],
        "2": [["07:00", "12:00"], ["13:00", "16:00"]], "3": [["07:00", "12:00"], ["13:00", "16:00"]],
        "4": [["07:00", "11:30"], ["13:00", "16:30"]], "5": [["08:00", "12:00"]], "6": []}


@pytest.fixture
def proposal(agency_a, head_a):
    return calendar_proposal_create(agency=agency_a, actor=head_a, kind=ProposalKind.SCHEDULE, hours=WEEK,
                                    reason="Pelayanan Sabtu")


@pytest.fixture
def target_proposal(agency_a, head_a):
    return calendar_proposal_create(agency=agency_a, actor=head_a, kind=ProposalKind.TARGET, category="question",
                                    first_response_minutes=120, reason="Pertanyaan perlu cek data dulu")


def propose_url(agency, kind: str) -> str:
    return reverse(f"agency_settings:propose_{kind}", kwargs={"slug": agency.slug})


# --- Gates ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["schedule", "target"])
def test_who_may_propose(kind, agency_a, client_for, outsider, staff_a, staff_b, leader, head_a, comms):
    target = propose_url(agency_a, kind)
    assert client_for(None).get(target)["Location"].startswith(LOGIN)
    assert client_for(outsider).get(target).status_code == 404
    assert client_for(staff_b).get(target).status_code == 404
    assert client_for(staff_a).get(target).status_code == 403
    assert client_for(leader).get(target).status_code == 403
    assert client_for(staff_a).post(target, SCHEDULE_FORM).status_code == 403
    assert client_for(head_a).get(target).status_code == 200
    assert client_for(comms).get(target).status_code == 200
    assert not CalendarProposal.objects.exists()


def test_who_may_review(client_for, outsider, staff_a, head_a, leader, comms, superuser, proposal):
    review = reverse("proposals:review")
    approve = reverse("proposals:approve", args=[proposal.pk])
    reject = reverse("proposals:reject", args=[proposal.pk])
    assert client_for(None).get(review)["Location"].startswith(LOGIN)
    assert client_for(None).post(approve)["Location"].startswith(LOGIN)
    assert client_for(outsider).get(review).status_code == 404
    assert client_for(outsider).post(approve).status_code == 404
    for person in (staff_a, head_a, leader):
        assert client_for(person).get(review).status_code == 403
        assert client_for(person).post(approve).status_code == 403
        assert client_for(person).post(reject, {f"p{proposal.pk}-note": "tidak"}).status_code == 403
    assert client_for(comms).get(review).status_code == 200
    assert client_for(superuser).get(review).status_code == 200
    assert client_for(comms).get(approve).status_code == 405
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not WeeklySchedule.objects.filter(agency__isnull=False).exists()


def test_withdraw_gates(client_for, agency_a, agency_b, staff_a, staff_b, leader, proposal, head_a):
    url = reverse("agency_settings:proposal_withdraw", kwargs={"slug": agency_a.slug, "pk": proposal.pk})
    assert client_for(staff_b).post(url).status_code == 404
    assert client_for(staff_a).post(url).status_code == 403
    assert client_for(leader).post(url).status_code == 403
    # Through another agency's address: not that agency's proposal.
    other = reverse("agency_settings:proposal_withdraw", kwargs={"slug": agency_b.slug, "pk": proposal.pk})
    assert client_for(leader).post(other).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert client_for(head_a).post(url).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_a_proposal_through_another_agencys_address_is_404(client_for, comms, agency_b, proposal):
    url = reverse("agency_settings:proposal_withdraw", kwargs={"slug": agency_b.slug, "pk": proposal.pk})
    assert client_for(comms).post(url).status_code == 404


# --- Proposing ------------------------------------------------------------------------


def test_the_form_starts_from_the_hours_in_force(client_for, head_a, agency_a):
    form = client_for(head_a).get(propose_url(agency_a, "schedule")).context["form"]
    assert form.initial["day_0"] == "07.30–12.00, 13.00–16.00"  # the region's civil-service week
    assert form.initial["day_4"] == "07.30–11.30, 13.00–16.30"
    assert form.initial["day_5"] == ""


def test_a_proposal_that_changes_nothing_is_refused(client_for, head_a, agency_a):
    client = client_for(head_a)
    form = client.get(propose_url(agency_a, "schedule")).context["form"]
    unchanged = {name: value for name, value in form.initial.items() if name.startswith("day_")}
    response = client.post(propose_url(agency_a, "schedule"), {**unchanged, "reason": "dibuka Sabtu pagi"})
    assert response.status_code == 200
    assert "Ini sudah jam kerja yang berlaku: ubah salah satu harinya dulu." in response.content.decode()
    assert not CalendarProposal.objects.exists()
    changed = {**unchanged, "day_5": "08.00–12.00", "reason": "dibuka Sabtu pagi"}
    assert client.post(propose_url(agency_a, "schedule"), changed).status_code == 302


def test_the_head_proposes_a_week_and_nothing_changes_yet(client_for, head_a, agency_a):
    response = client_for(head_a).post(propose_url(agency_a, "schedule"), SCHEDULE_FORM)

    assert response.status_code == 302
    proposal = CalendarProposal.objects.get()
    assert (proposal.kind, proposal.status, proposal.proposed_by) == ("schedule", "pending", head_a)
    assert proposal.hours == WEEK
    assert not WeeklySchedule.objects.filter(agency=agency_a).exists()
    assert week_in_force(agency_a, date(2026, 11, 23)).source == "region"
    assert LogEntry.objects.get_for_object(proposal).filter(actor=head_a, action=LogEntry.Action.CREATE).exists()
    page = client_for(head_a).get(reverse("agency_settings:page", kwargs={"slug": agency_a.slug}))
    assert "Pelayanan Sabtu sesuai SK" in page.content.decode()


@pytest.mark.parametrize(("day", "value"), [
    ("day_0", "07.30–25.00"),
    ("day_0", "pagi sampai sore"),
    ("day_0", "12.00–07.30"),
    ("day_0", "07.30–12.00, 11.00–16.00"),  # overlapping
])
def test_bad_hours_are_refused(day, value, client_for, head_a, agency_a):
    response = client_for(head_a).post(propose_url(agency_a, "schedule"), {**SCHEDULE_FORM, day: value})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CalendarProposal.objects.exists()


def test_a_week_without_any_hours_is_refused_unless_open_around_the_clock(client_for, head_a, agency_a):
    empty = {f"day_{d}": "" for d in range(7)} | {"reason": "tutup"}
    response = client_for(head_a).post(propose_url(agency_a, "schedule"), empty)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client_for(head_a).post(propose_url(agency_a, "schedule"),
                                   empty | {"always_open": "on", "reason": "IGD 24 jam"}).status_code == 302
    assert CalendarProposal.objects.get().always_open is True


def test_a_reason_is_required(client_for, head_a, agency_a):
    response = client_for(head_a).post(propose_url(agency_a, "schedule"), {**SCHEDULE_FORM, "reason": ""})
    assert "reason" in response.context["form"].errors
    assert not CalendarProposal.objects.exists()


def test_one_pending_proposal_per_subject(client_for, head_a, agency_a, proposal):
    response = client_for(head_a).post(propose_url(agency_a, "schedule"), SCHEDULE_FORM)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert CalendarProposal.objects.count() == 1
    # A target is another subject; after withdrawing, a new week may be proposed.
    assert client_for(head_a).post(propose_url(agency_a, "target"), {
        "category": "", "first_response_minutes": "90", "reason": "r"}).status_code == 302
    calendar_proposal_withdraw(proposal=proposal, actor=head_a)
    assert client_for(head_a).post(propose_url(agency_a, "schedule"), SCHEDULE_FORM).status_code == 302


@pytest.mark.parametrize("minutes", ["0", "-5", "abc", "100000"])
def test_bad_targets_are_refused(minutes, client_for, head_a, agency_a):
    response = client_for(head_a).post(propose_url(agency_a, "target"), {
        "category": "", "first_response_minutes": minutes, "reason": "r"})
    assert "first_response_minutes" in response.context["form"].errors
    assert not CalendarProposal.objects.exists()


# --- Deciding -------------------------------------------------------------------------


def test_approval_applies_the_week_from_the_approval_date_on(client_for, comms, head_a, agency_a, proposal,
                                                             django_capture_on_commit_callbacks):
    client = client_for(comms)
    assert "Pelayanan Sabtu" in client.get(reverse("proposals:review")).content.decode()
    with time_machine.travel(APPROVAL, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("proposals:approve", args=[proposal.pk]),
                               {f"p{proposal.pk}-note": "Sesuai SK"})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.applied_from) == ("approved", comms, date(2026, 11, 23))
    schedule = WeeklySchedule.objects.get(agency=agency_a)
    assert (schedule.valid_from, schedule.hours, schedule.always_open) == (date(2026, 11, 23), WEEK, False)
    assert proposal.schedule == schedule
    assert week_in_force(agency_a, date(2026, 11, 22)).source == "region"  # the day before: unchanged
    assert week_in_force(agency_a, date(2026, 11, 23)).hours == WEEK
    assert LogEntry.objects.get_for_object(schedule).filter(actor=comms, action=LogEntry.Action.CREATE).exists()
    entry = LogEntry.objects.get_for_object(proposal).filter(actor=comms, action=LogEntry.Action.UPDATE).get()
    assert "status" in entry.changes_dict
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [head_a.email]
    assert mail.outbox[0].subject == "[Sigap] Usulan perubahan jam kerja Dinas PUPR disetujui"
    assert "berlaku mulai 23-11-2026" in mail.outbox[0].body
    assert "Catatan: Sesuai SK" in mail.outbox[0].body


def test_approving_open_around_the_clock_sets_the_calendar(comms, head_a, agency_a):
    proposal = calendar_proposal_create(agency=agency_a, actor=head_a, kind=ProposalKind.SCHEDULE, always_open=True,
                                        reason="IGD")
    with time_machine.travel(APPROVAL, tick=False):
        calendar_proposal_approve(proposal=proposal, actor=comms)
    agency_a.refresh_from_db()
    assert agency_a.calendar == CalendarKind.ALWAYS
    assert week_in_force(agency_a, date(2026, 11, 23)).always_open


def test_approval_of_a_target_is_an_override_from_today(client_for, comms, agency_a, target_proposal):
    with time_machine.travel(APPROVAL, tick=False):
        client_for(comms).post(reverse("proposals:approve", args=[target_proposal.pk]))
    target = ResponseTarget.objects.get(agency=agency_a)
    assert (target.category, target.valid_from, target.first_response_minutes) == ("question", date(2026, 11, 23), 120)
    before = {t.category: t.minutes for t in first_response_targets_in_force(agency_a, date(2026, 11, 22))}
    after = {t.category: (t.minutes, t.source) for t in first_response_targets_in_force(agency_a, date(2026, 11, 23))}
    assert before == {"complaint": 60, "question": 60}
    assert after == {"complaint": (60, "region"), "question": (120, "agency")}


def test_a_rejection_needs_a_reason_and_creates_nothing(client_for, comms, head_a, target_proposal,
                                                        django_capture_on_commit_callbacks):
    client = client_for(comms)
    url = reverse("proposals:reject", args=[target_proposal.pk])
    client.post(url, {f"p{target_proposal.pk}-note": "  "})
    target_proposal.refresh_from_db()
    assert target_proposal.status == ProposalStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"p{target_proposal.pk}-note": "Target 1 jam kerja berlaku untuk semua OPD"})
    target_proposal.refresh_from_db()
    assert target_proposal.status == ProposalStatus.REJECTED
    assert target_proposal.applied_from is None
    assert not ResponseTarget.objects.filter(agency__isnull=False).exists()
    assert mail.outbox[0].subject.endswith("ditolak")
    assert "Target 1 jam kerja berlaku untuk semua OPD" in mail.outbox[0].body


def test_the_second_decision_is_told_and_changes_nothing(client_for, comms, superuser, proposal):
    with time_machine.travel(APPROVAL, tick=False):
        client_for(comms).post(reverse("proposals:approve", args=[proposal.pk]))
        response = client_for(superuser).post(reverse("proposals:reject", args=[proposal.pk]),
                                              {f"p{proposal.pk}-note": "tidak"}, follow=True)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("approved", comms)
    assert WeeklySchedule.objects.filter(agency=proposal.agency).count() == 1
    assert any("Someone else decided first" in str(m) or "lebih dulu" in str(m)
               for m in response.context["messages"])
    with pytest.raises(ProposalDecided):
        calendar_proposal_approve(proposal=proposal, actor=superuser)


def test_a_withdrawn_proposal_cannot_be_approved(comms, head_a, proposal):
    calendar_proposal_withdraw(proposal=proposal, actor=head_a)
    with pytest.raises(ProposalDecided):
        calendar_proposal_approve(proposal=proposal, actor=comms)
    assert not WeeklySchedule.objects.filter(agency=proposal.agency).exists()
