"""The coverage page: per account, last sync, items today against its usual day, last error;
silent accounts flagged. Region-wide roles only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from platforms.models import Delivery, InboundItem
from platforms.selectors import coverage
from tests.factories import OfficialAccountFactory

pytestmark = pytest.mark.django_db


def _items(account, count, *, days_ago):
    delivery = Delivery.objects.create(platform=account.platform, source="poll", body_sha256=f"{account.pk}-{days_ago}",
                                       body=b"{}")
    moment = timezone.now() - timedelta(days=days_ago, minutes=30)
    for n in range(count):
        InboundItem.objects.create(platform=account.platform, external_id=f"{account.pk}-{days_ago}-{n}", kind="mention",
                                   event_key="create", delivery=delivery, account=account, posted_at=moment,
                                   received_at=moment, data={}, processed_at=moment)


def test_an_account_far_below_its_usual_volume_is_flagged_silent(agency_a):
    busy = OfficialAccountFactory(agency=agency_a, platform="x", handle="ramai")
    quiet_today = OfficialAccountFactory(agency=agency_a, platform="instagram", handle="sepi.hari.ini")
    for account in (busy, quiet_today):
        for day in range(2, 29):
            _items(account, 10, days_ago=day)
    _items(busy, 9, days_ago=0)
    _items(quiet_today, 1, days_ago=0)
    rows = {row.account.handle: row for row in coverage()}
    assert rows["ramai"].last_day == 9 and not rows["ramai"].silent
    assert rows["sepi.hari.ini"].last_day == 1 and rows["sepi.hari.ini"].silent
    assert rows["sepi.hari.ini"].usual_per_day == pytest.approx(270 / 28)


def test_a_little_used_account_is_not_flagged(agency_a):
    OfficialAccountFactory(agency=agency_a, platform="x", handle="jarang")
    assert [row.silent for row in coverage()] == [False]


def test_coverage_page_access(client_for, leader, comms, staff_a, head_a, outsider, agency_a):
    OfficialAccountFactory(agency=agency_a, platform="x", handle="pupr_bkl", last_error="HTTP 401: Unauthorized",
                           status="needs_attention")
    assert client_for(None).get("/coverage/").status_code == 302
    assert client_for(outsider).get("/coverage/").status_code == 404
    assert client_for(staff_a).get("/coverage/").status_code == 403
    assert client_for(head_a).get("/coverage/").status_code == 403
    for person in (leader, comms):
        page = client_for(person).get("/coverage/")
        assert page.status_code == 200
        assert "@pupr_bkl" in page.content.decode() and "HTTP 401: Unauthorized" in page.content.decode()
