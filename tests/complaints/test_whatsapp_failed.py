"""A WhatsApp message Sigap sent that WhatsApp later reports as failed becomes a task for a
person — once, however often the report comes — and a delivery report sets the delivery time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from complaints.models import Channel, Dispatch, DispatchStatus, EventKind, Notification, Purpose
from complaints.responses import whatsapp_status_recorded
from tests.factories import ComplaintFactory, MembershipFactory

pytestmark = pytest.mark.django_db
AT = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture
def sent(agency_a):
    complaint = ComplaintFactory(agency=agency_a)
    MembershipFactory(agency=agency_a, role="staff")
    return Dispatch.objects.create(complaint=complaint, purpose=Purpose.TAG, channel=Channel.WHATSAPP,
                                   key=f"{complaint.pk}:tag:whatsapp", address="+6281200000000",
                                   status=DispatchStatus.SENT, external_id="wamid.UJI1", sent_at=AT)


def test_a_failed_report_turns_the_tag_into_a_task_once(sent):
    for _ in range(3):  # WhatsApp repeats its reports
        assert whatsapp_status_recorded(wamid="wamid.UJI1", status="failed", at=AT) == "status"
    sent.refresh_from_db()
    assert sent.status == DispatchStatus.MANUAL and "gagal terkirim" in sent.error
    events = sent.complaint.events.filter(kind=EventKind.TAGGED)
    assert events.count() == 1 and "manual" in events.get().summary
    assert Notification.objects.filter(kind="manual", complaint=sent.complaint).count() == 1


def test_delivery_sets_the_time_once_and_unknown_ids_change_nothing(sent):
    whatsapp_status_recorded(wamid="wamid.UJI1", status="delivered", at=AT)
    whatsapp_status_recorded(wamid="wamid.UJI1", status="read", at=datetime(2026, 11, 23, 4, 0, tzinfo=UTC))
    sent.refresh_from_db()
    assert sent.delivered_at == AT and sent.status == DispatchStatus.SENT
    whatsapp_status_recorded(wamid="wamid.LAIN", status="failed", at=AT)
    assert Dispatch.objects.filter(status=DispatchStatus.MANUAL).count() == 0
