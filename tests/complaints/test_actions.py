"""The workspace's actions on a complaint (complaints/actions.py): each one transaction with
its timeline event and actor, compare-and-set on the version the person's page showed, and
the notifications they cause."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from complaints import actions
from complaints.models import (
    Channel,
    Complaint,
    Dispatch,
    DispatchStatus,
    EventKind,
    Notification,
    NotificationKind,
    Purpose,
    Status,
)
from tests.factories import ComplaintFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(agency_a, staff_a, head_a):
    return ComplaintFactory(agency=agency_a)


def _events(complaint: Complaint, kind: str) -> list:
    return list(complaint.events.filter(kind=kind).order_by("pk"))


def test_assigning_a_colleague_records_who_and_notifies_them(complaint, staff_a, head_a):
    version = complaint.version
    actions.complaint_assign(complaint=complaint, assignee=head_a, actor=staff_a, expected_version=version)
    complaint.refresh_from_db()
    assert complaint.assignee == head_a and complaint.version == version + 1
    (event,) = _events(complaint, EventKind.ASSIGNED)
    assert event.actor == staff_a and head_a.full_name in event.summary
    (note,) = Notification.objects.filter(user=head_a)
    assert note.kind == NotificationKind.ASSIGNED and note.complaint == complaint


def test_assigning_yourself_notifies_nobody(complaint, staff_a):
    actions.complaint_assign(complaint=complaint, assignee=staff_a, actor=staff_a, expected_version=complaint.version)
    assert not Notification.objects.exists()


def test_only_the_holding_agencys_people_can_be_assigned(complaint, staff_a, staff_b):
    with pytest.raises(actions.ActionRefused):
        actions.complaint_assign(complaint=complaint, assignee=staff_b, actor=staff_a,
                                 expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.assignee is None and not _events(complaint, EventKind.ASSIGNED)


def test_a_second_person_acting_on_an_old_version_is_told_who_changed_it(complaint, staff_a, head_a):
    seen = complaint.version  # both opened the page at this version
    actions.complaint_hold(complaint=complaint, actor=head_a, reason="menunggu foto lokasi", expected_version=seen)
    with pytest.raises(actions.ComplaintChanged) as refused:
        actions.complaint_resolve(complaint=Complaint.objects.get(pk=complaint.pk), actor=staff_a,
                                  expected_version=seen)
    assert refused.value.change.who == head_a.full_name
    assert "menunggu foto lokasi" in refused.value.change.summary
    assert refused.value.complaint.status == Status.ON_HOLD
    complaint.refresh_from_db()
    assert complaint.status == Status.ON_HOLD and complaint.resolved_at is None
    # With the version they now see, the second person's action goes through.
    actions.complaint_resolve(complaint=complaint, actor=staff_a, expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_notes_never_conflict_and_mentioned_colleagues_are_notified(complaint, staff_a, head_a, staff_b, leader):
    head_handle = actions.mention_handle(head_a)
    actions.complaint_assign(complaint=complaint, assignee=staff_a, actor=staff_a, expected_version=complaint.version)
    event = actions.complaint_note_add(
        complaint=complaint, actor=staff_a,
        text=f"@{head_handle} mohon arahan, @{actions.mention_handle(staff_b)} ikut baca. @{actions.mention_handle(staff_a)}")
    assert event.kind == EventKind.NOTE and event.actor == staff_a and event.data["internal"]
    # The head is told; staff of another agency cannot see the complaint and are not; nor is the writer.
    assert event.data["mentions"] == [head_a.pk]
    (mention,) = Notification.objects.filter(kind=NotificationKind.MENTION)
    assert mention.user == head_a and complaint.number in mention.text
    # A leader can be mentioned too (they see every complaint).
    actions.complaint_note_add(complaint=complaint, actor=head_a, text=f"cc @{actions.mention_handle(leader)}")
    assert Notification.objects.filter(kind=NotificationKind.MENTION, user=leader).count() == 1
    # A note does not change the complaint's version.
    version = Complaint.objects.get(pk=complaint.pk).version
    actions.complaint_note_add(complaint=complaint, actor=staff_a, text="dicek lapangan besok")
    assert Complaint.objects.get(pk=complaint.pk).version == version


def test_an_empty_note_is_refused(complaint, staff_a):
    with pytest.raises(actions.ActionRefused):
        actions.complaint_note_add(complaint=complaint, actor=staff_a, text="   ")


def test_changing_the_category(complaint, staff_a):
    actions.complaint_category_change(complaint=complaint, category="question", actor=staff_a,
                                      expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.category == "question"
    (event,) = _events(complaint, EventKind.CATEGORY)
    assert event.data == {"from": "complaint", "to": "question"} and event.actor == staff_a
    with pytest.raises(actions.ActionRefused):
        actions.complaint_category_change(complaint=complaint, category="bogus", actor=staff_a,
                                          expected_version=complaint.version)


def test_staff_hand_off_to_another_agency_with_a_reason(complaint, staff_a, staff_b, agency_b):
    actions.complaint_assign(complaint=complaint, assignee=staff_a, actor=staff_a, expected_version=complaint.version)
    with pytest.raises(actions.ActionRefused):
        actions.complaint_hand_off_to(complaint=complaint, agency=agency_b, actor=staff_a, reason=" ", via="staff",
                                      expected_version=complaint.version)
    actions.complaint_hand_off_to(complaint=complaint, agency=agency_b, actor=staff_a, via="staff",
                                  reason="saluran air, bukan jalan", expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.agency == agency_b and complaint.status == Status.DISPATCHED and complaint.assignee is None
    (event,) = _events(complaint, EventKind.HANDED_OFF)
    assert event.actor == staff_a and event.data["reason"] == "saluran air, bukan jalan"
    assert Notification.objects.filter(user=staff_b, kind=NotificationKind.HANDOFF).exists()


def test_not_our_remit_goes_back_to_triage(complaint, staff_a):
    actions.complaint_not_ours(complaint=complaint, actor=staff_a, reason="wewenang provinsi",
                               expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.status == Status.TRIAGE and complaint.agency is None
    assert _events(complaint, EventKind.TRIAGED)[-1].actor == staff_a


def test_hold_needs_a_reason_and_resume_returns_to_waiting(complaint, staff_a):
    with pytest.raises(actions.ActionRefused):
        actions.complaint_hold(complaint=complaint, actor=staff_a, reason="", expected_version=complaint.version)
    actions.complaint_hold(complaint=complaint, actor=staff_a, reason="menunggu data pelapor",
                           expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.status == Status.ON_HOLD
    actions.complaint_resume(complaint=complaint, actor=staff_a, expected_version=complaint.version)
    complaint.refresh_from_db()
    # No first response yet: back to waiting for it.
    assert complaint.status == Status.DISPATCHED
    kinds = [e.data.get("to") for e in _events(complaint, EventKind.STATUS)]
    assert kinds == [Status.ON_HOLD, Status.DISPATCHED]


def test_archive_as_spam(complaint, staff_a):
    actions.complaint_archive(complaint=complaint, actor=staff_a, reason="spam", note="promosi judi",
                              expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.status == Status.ARCHIVED
    (event,) = _events(complaint, EventKind.STATUS)
    assert event.data["archive_reason"] == "spam" and "promosi judi" in event.summary
    with pytest.raises(actions.ActionRefused):
        actions.complaint_archive(complaint=complaint, actor=staff_a, reason="bosan",
                                  expected_version=complaint.version)


def test_merging_the_same_citizens_complaint_from_two_platforms(agency_a, staff_a):
    on_x = ComplaintFactory(agency=agency_a, platform="x")
    on_ig = ComplaintFactory(agency=agency_a, platform="instagram", received_at=timezone.now() + timedelta(minutes=5))
    actions.complaint_merge(complaint=on_x, other=on_ig, actor=staff_a, expected_version=on_x.version)
    on_ig.refresh_from_db()
    assert on_ig.status == Status.ARCHIVED and on_ig.merged_into == on_x
    assert _events(on_ig, EventKind.MERGED)[0].data["into"] == on_x.number
    assert _events(on_x, EventKind.MERGED)[0].data["merged"] == on_ig.number
    # Merging it again, or into itself, is refused.
    with pytest.raises(actions.ActionRefused):
        actions.complaint_merge(complaint=on_x, other=on_ig, actor=staff_a, expected_version=None)
    with pytest.raises(actions.ActionRefused):
        actions.complaint_merge(complaint=on_x, other=on_x, actor=staff_a, expected_version=None)


def test_merging_a_complaint_held_by_another_agency_is_refused(agency_a, agency_b, staff_a):
    mine = ComplaintFactory(agency=agency_a)
    theirs = ComplaintFactory(agency=agency_b, platform="instagram")
    with pytest.raises(actions.ActionRefused):
        actions.complaint_merge(complaint=mine, other=theirs, actor=staff_a, expected_version=mine.version)
    theirs.refresh_from_db()
    assert theirs.status == Status.DISPATCHED


def test_resolve_and_reopen_with_a_reason(complaint, staff_a, head_a):
    actions.complaint_resolve(complaint=complaint, actor=staff_a, expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED and complaint.resolved_at is not None
    with pytest.raises(actions.ActionRefused):
        actions.complaint_reopen(complaint=complaint, actor=head_a, reason="", expected_version=complaint.version)
    actions.complaint_reopen(complaint=complaint, actor=head_a, reason="warga bilang masih berlubang",
                             expected_version=complaint.version)
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.resolved_at is None
    (event,) = _events(complaint, EventKind.REOPENED)
    assert event.actor == head_a and event.summary == "warga bilang masih berlubang"


def test_a_manual_task_is_marked_done_once(complaint, staff_a, head_a):
    task = Dispatch.objects.create(complaint=complaint, purpose=Purpose.TAG, channel=Channel.PLATFORM,
                                   key="t1", status=DispatchStatus.MANUAL, text="balas manual", error="menolak")
    actions.dispatch_mark_done(dispatch=task, actor=staff_a)
    task.refresh_from_db()
    assert task.status == DispatchStatus.DONE and task.done_by == staff_a and task.done_at is not None
    assert _events(complaint, EventKind.TASK_DONE)[0].actor == staff_a
    with pytest.raises(actions.ActionRefused, match=staff_a.full_name):
        actions.dispatch_mark_done(dispatch=task, actor=head_a)


def test_actions_refused_in_the_wrong_state(complaint, staff_a):
    with pytest.raises(actions.ActionRefused):
        actions.complaint_reopen(complaint=complaint, actor=staff_a, reason="x", expected_version=None)
    with pytest.raises(actions.ActionRefused):
        actions.complaint_resume(complaint=complaint, actor=staff_a, expected_version=None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_acting_at_the_same_moment_never_both_win(agency_a):
    """Two threads (two connections) act on one version at once: one action is applied, the
    other is refused with what changed — never both, never a lost update."""
    staff = MembershipFactory(agency=agency_a, role="staff").user
    head = MembershipFactory(agency=agency_a, role="head").user
    complaint = ComplaintFactory(agency=agency_a)
    seen = complaint.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name: str, do) -> None:
        try:
            barrier.wait()
            do()
            outcomes[name] = "done"
        except actions.ComplaintChanged:
            outcomes[name] = "changed"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("hold", lambda: actions.complaint_hold(
            complaint=Complaint.objects.get(pk=complaint.pk), actor=head, reason="menunggu data",
            expected_version=seen))),
        threading.Thread(target=act, args=("assign", lambda: actions.complaint_assign(
            complaint=Complaint.objects.get(pk=complaint.pk), assignee=staff, actor=staff,
            expected_version=seen))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["changed", "done"], outcomes
    complaint.refresh_from_db()
    applied = [e.kind for e in complaint.events.exclude(kind__in=[EventKind.RECEIVED, EventKind.ROUTED])]
    assert len(applied) == 1
