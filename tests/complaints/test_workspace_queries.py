"""The inbox and the complaint page run as many queries for 50 rows as for 5."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import Message, TimelineEvent
from tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _complaints(agency, n):
    now = timezone.now()
    return [ComplaintFactory(agency=agency, received_at=now - timedelta(minutes=i + 1)) for i in range(n)]


@pytest.mark.parametrize("url", ["/complaints/", "/complaints/?status=all&q=jalan", "/complaints/?overdue=on"])
def test_the_inbox_does_not_grow_with_its_rows(client_for, staff_a, agency_a, url):
    client = client_for(staff_a)
    _complaints(agency_a, 5)
    few = _queries(client, url)
    _complaints(agency_a, 45)
    if "q=" in url:
        # A search may take one query fewer once the first rows fill the page
        # (selectors._text_search_ids); it never takes more.
        assert _queries(client, url) <= few
    else:
        assert _queries(client, url) == few


def test_the_complaint_page_does_not_grow_with_its_thread_and_timeline(client_for, staff_a, agency_a):
    client = client_for(staff_a)
    complaint = _complaints(agency_a, 1)[0]
    url = f"/complaints/{complaint.number}/"
    few = _queries(client, url)
    for i in range(20):
        Message.objects.create(complaint=complaint, platform="x", external_id=f"m{i}", text=f"pesan {i}",
                               posted_at=complaint.received_at + timedelta(minutes=i), is_citizen=bool(i % 2))
        TimelineEvent.objects.create(complaint=complaint, kind="note", summary=f"catatan {i}", actor=staff_a)
    _complaints(agency_a, 10)  # merge candidates
    assert _queries(client, url) == few


def test_a_search_is_not_run_twice_to_count_it(client_for, staff_a, agency_a):
    from complaints.selectors import PAGE_SIZE

    _complaints(agency_a, PAGE_SIZE + 3)
    client = client_for(staff_a)
    body = client.get("/complaints/", {"status": "all", "q": "jalan"}).content.decode()
    assert f"{PAGE_SIZE}+" in body  # the page's rows, and more beyond
    few = client.get("/complaints/", {"status": "all", "q": "sekolah"})  # nothing matches
    assert "0 aduan" in few.content.decode()
