"""The complaint page's reads (most written out in SQL in complaints/selectors.py) find what the
page shows: who can be mentioned, the merge candidates, the thread with merged messages, the timeline,
the tasks and replies, and the polled reply outcomes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import selectors
from complaints.models import Complaint, Dispatch, Message, TimelineEvent
from tests.factories import ComplaintFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_mentionable_are_the_agency_active_members_then_the_region_by_name(agency_a, agency_b, staff_a, leader, comms):
    head = MembershipFactory(agency=agency_a, role="head", user=UserFactory(full_name="Aa Kepala")).user
    MembershipFactory(agency=agency_a, user=UserFactory(full_name="Mantan"), ended_at=timezone.now())
    MembershipFactory(agency=agency_a, user=UserFactory(full_name="Nonaktif", is_active=False))
    MembershipFactory(agency=agency_b, user=UserFactory(full_name="Orang DLH"))
    both = UserFactory(full_name="Pimpinan Anggota", is_leader=True)
    MembershipFactory(agency=agency_a, user=both)
    complaint = ComplaintFactory(agency=agency_a)
    found = selectors.complaint_mentionable(complaint)
    assert [u.pk for u in found] == [head.pk, staff_a.pk, both.pk, comms.pk, leader.pk]
    assert all(u.email for u in found)  # what the @handle is made of

    triage = ComplaintFactory(agency=None, status="triage")
    assert [u.pk for u in selectors.complaint_mentionable(triage)] == [comms.pk, both.pk, leader.pk]


def test_merge_candidates_are_open_same_agency_other_platform_within_a_week(agency_a, agency_b, staff_a, leader):
    now = timezone.now()
    same = {"author_name": "Rahmat Hidayat", "author_handle": "rahmat_bkl"}
    complaint = ComplaintFactory(agency=agency_a, platform="x", received_at=now, **same)
    fits = [ComplaintFactory(agency=agency_a, platform="instagram", received_at=now - timedelta(hours=h), **same)
            for h in (1, 2)]
    later = ComplaintFactory(agency=agency_a, platform="facebook", received_at=now + timedelta(days=6), **same)
    ComplaintFactory(agency=agency_a, platform="x", received_at=now - timedelta(hours=3), **same)  # same platform
    ComplaintFactory(agency=agency_a, platform="instagram", received_at=now - timedelta(days=8), **same)  # too early
    ComplaintFactory(agency=agency_a, platform="instagram", received_at=now, status="resolved", **same)  # not open
    ComplaintFactory(agency=agency_b, platform="instagram", received_at=now, **same)  # another agency
    ComplaintFactory(agency=agency_a, platform="instagram", received_at=now, merged_into=complaint, **same)  # merged
    ComplaintFactory(agency=agency_a, platform="instagram", received_at=now)  # someone else
    expected = [later.number, *(c.number for c in fits)]
    assert [c.number for c in selectors.complaint_merge_candidates(staff_a, complaint)] == expected
    assert [c.number for c in selectors.complaint_merge_candidates(leader, complaint)] == expected
    many = [ComplaintFactory(agency=agency_a, platform="whatsapp", received_at=now - timedelta(minutes=m), **same)
            for m in range(1, 12)]
    assert [c.number for c in selectors.complaint_merge_candidates(staff_a, complaint)] == (
        [later.number] + [c.number for c in many[:9]])


def test_a_merge_candidate_has_the_same_name_or_the_same_handle(agency_a, staff_a):
    now = timezone.now()
    complaint = ComplaintFactory(agency=agency_a, platform="x", received_at=now, author_name="Rahmat Hidayat",
                                 author_handle="rahmat_bkl")
    by_name = ComplaintFactory(agency=agency_a, platform="whatsapp", received_at=now, author_name="rahmat hidayat",
                               author_handle="6281234567890")
    by_handle = ComplaintFactory(agency=agency_a, platform="instagram", received_at=now, author_name="Rahmat H.",
                                 author_handle="Rahmat_BKL")
    ComplaintFactory(agency=agency_a, platform="facebook", received_at=now, author_name="Nengsih Kurniawan",
                     author_handle="nengsih.k")
    found = {c.number for c in selectors.complaint_merge_candidates(staff_a, complaint)}
    assert found == {by_name.number, by_handle.number}
    nameless = ComplaintFactory(agency=agency_a, platform="x", received_at=now, author_name="", author_handle="")
    assert selectors.complaint_merge_candidates(staff_a, nameless) == []


def test_merge_candidates_of_a_triage_complaint_are_in_triage(agency_a, leader):
    now = timezone.now()
    same = {"author_name": "Rahmat Hidayat", "author_handle": "rahmat_bkl"}
    complaint = ComplaintFactory(agency=None, status="triage", platform="x", received_at=now, **same)
    other = ComplaintFactory(agency=None, status="received", platform="instagram", received_at=now, **same)
    ComplaintFactory(agency=agency_a, platform="instagram", received_at=now, **same)
    assert [c.number for c in selectors.complaint_merge_candidates(leader, complaint)] == [other.number]


def test_the_page_shows_merged_messages_timeline_tasks_and_replies(client_for, agency_a, staff_a):
    from agencies.models import OfficialAccount

    now = timezone.now()
    complaint = ComplaintFactory(agency=agency_a, received_at=now - timedelta(hours=2), status="in_progress")
    merged = ComplaintFactory(agency=agency_a, platform="instagram", received_at=now - timedelta(hours=1),
                              merged_into=complaint, text="Pesan dari <Instagram>\nbaris dua")
    Message.objects.create(complaint=complaint, platform="x", external_id="r1", text="Balasan petugas",
                           posted_at=now, is_citizen=False, author_user=staff_a)
    TimelineEvent.objects.create(complaint=complaint, kind="note", actor=staff_a, data={"text": "catatan\nrahasia"})
    TimelineEvent.objects.create(complaint=complaint, kind="status", summary="Diproses")
    account = OfficialAccount.objects.create(agency=agency_a, platform="x", handle="dinaspupr")
    Dispatch.objects.create(complaint=complaint, purpose="tag", channel="platform", key="t1", account=account,
                            status="manual", text="Mohon ditindaklanjuti", error="gagal")
    Dispatch.objects.create(complaint=complaint, purpose="reply", channel="platform", key="r1", account=account,
                            status="sent", text="Sudah kami tangani", requested_by=staff_a)
    body = client_for(staff_a).get(f"/complaints/{complaint.number}/").content.decode()
    assert f"from {merged.number}" in body or f"dari {merged.number}" in body
    assert "Pesan dari &lt;Instagram&gt;<br>baris dua" in body
    assert f"<a href=\"/complaints/{merged.number}/\">{merged.number}</a>" in body
    assert staff_a.full_name in body and "catatan<br>rahasia" in body
    assert "@dinaspupr" in body and "Mohon ditindaklanjuti" in body
    assert f"{staff_a.full_name} · " in body  # who wrote the reply
    replies = client_for(staff_a).get(f"/complaints/{complaint.number}/replies/").content.decode()
    assert "Sudah kami tangani" in replies and f"{staff_a.full_name} · " in replies
    assert Complaint.objects.get(pk=merged.pk).merged_into_id == complaint.pk
