"""A text search in the inbox in date order first looks among the first rows of the page's order
(`_first_rows_matching`); when too few match there it finds the matching rows first and then
orders them. Either way the pages must be the very same as the plain query's, in every order,
forwards and back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from complaints import selectors
from complaints.models import Complaint
from complaints.selectors import InboxFilters
from tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

SIZE = 4


@pytest.fixture
def complaints(agency_a):
    now = timezone.now()
    texts = ["jalan berlubang di Jl. Suprapto", "lampu jalan mati", "sampah menumpuk di pasar",
             "drainase mampet", "jalan rusak parah"]
    made = []
    for i in range(40):
        made.append(ComplaintFactory(
            agency=agency_a, text=texts[i % len(texts)], status=["dispatched", "in_progress", "resolved"][i % 3],
            received_at=now - timedelta(minutes=7 * i + (i % 4)),
            due_at=None if i % 6 == 0 else now + timedelta(minutes=(i * 37) % 200 - 100),
            last_message_at=now - timedelta(minutes=(i * 53) % 300),
        ))
    # Two rows with the same time: the order goes on by id.
    made.append(ComplaintFactory(agency=agency_a, text="jalan licin", received_at=made[3].received_at,
                                 due_at=made[3].due_at, last_message_at=made[3].last_message_at))
    return made


def _walk(user, filters):
    """Every page forwards from the first, then every page backwards from the last."""
    now = timezone.now()
    forwards, page = [], selectors.inbox_page(user=user, filters=filters, now=now, size=SIZE)
    forwards.append([c.number for c in page.rows])
    while page.next_cursor:
        page = selectors.inbox_page(user=user, filters=filters, now=now, after=page.next_cursor, size=SIZE)
        forwards.append([c.number for c in page.rows])
    backwards = []
    while page.previous_cursor:
        page = selectors.inbox_page(user=user, filters=filters, now=now, before=page.previous_cursor, size=SIZE)
        backwards.append([c.number for c in page.rows])
    return forwards, backwards


@pytest.mark.parametrize("sort", list(selectors.SORTS))
@pytest.mark.parametrize("q", ["jalan", "sampah pasar", "parah"])
def test_the_pages_are_the_same_as_the_plain_query(staff_a, complaints, monkeypatch, sort, q):
    filters = InboxFilters(status="all", sort=sort, q=q)
    with monkeypatch.context() as plain_only:
        plain_only.setattr(selectors, "_text_search_ids", lambda *args, **kwargs: None)
        expected = _walk(staff_a, filters)

    steps = []
    first_rows, search_ids = selectors._first_rows_matching, selectors._text_search_ids

    def spy_first(*args, **kwargs):
        found = first_rows(*args, **kwargs)
        steps.append("first rows" if found is not None else "first rows: too few")
        return found

    def spy_ids(*args, **kwargs):
        found = search_ids(*args, **kwargs)
        steps.append("plain query" if found is None else "ids")
        return found

    monkeypatch.setattr(selectors, "_first_rows_matching", spy_first)
    monkeypatch.setattr(selectors, "_text_search_ids", spy_ids)
    for first in (8, 15, 5000):  # some pages found among the first rows, some not
        monkeypatch.setattr(selectors, "SEARCH_FIRST_ROWS", first)
        assert _walk(staff_a, filters) == expected, first
    if selectors.SORTS[sort][0] == "received_at":
        assert {"first rows", "first rows: too few"} <= set(steps) and "plain query" not in steps
    else:  # no index walks the deadline or activity order: the plain query, as PostgreSQL plans it
        assert set(steps) == {"plain query"}
    matching = [c for c in complaints if all(word in c.text for word in q.split())]
    assert sum(len(page) for page in expected[0]) == len(matching)


def test_a_common_word_is_found_among_the_first_rows_and_a_rare_one_is_not(staff_a, complaints):
    plain = selectors.inbox_queryset(user=staff_a, filters=InboxFilters(status="all"), now=timezone.now(),
                                     text_search=False)
    named = plain.annotate(row_id=F("pk"), row_key=F("received_at"))
    key = selectors._ordering("received_at", True, False, reverse=False)
    order = "ORDER BY found.row_key DESC, found.row_id DESC LIMIT %s"

    def first(q):
        text = selectors.inbox_text_condition(InboxFilters(q=q))
        return selectors._first_rows_matching(named, text, key, order, SIZE + 1)

    def whole(q):
        text = selectors.inbox_text_condition(InboxFilters(q=q))
        return selectors._text_search_ids(plain, text, "received_at", True, False, SIZE + 1)

    newest = sorted(complaints, key=lambda c: (c.received_at, c.pk), reverse=True)
    assert first("jalan") == whole("jalan") == [c.pk for c in newest if "jalan" in c.text][:SIZE + 1]
    assert first("parah") is not None  # one row in five
    assert first("licin") is None  # one row only: found from the index instead
    assert whole("licin") == [c.pk for c in complaints if "licin" in c.text]
    assert whole("zzzz") == []


def test_a_number_or_an_empty_box_is_no_text_search():
    assert selectors.inbox_text_condition(InboxFilters(q="SGP-2026-12")) is None
    assert selectors.inbox_text_condition(InboxFilters(q="  ")) is None
    assert selectors.inbox_text_condition(InboxFilters(q="jalan")) is not None


def test_other_agencies_rows_are_never_among_the_first_rows(staff_a, complaints, agency_b):
    now = timezone.now()
    theirs = [ComplaintFactory(agency=agency_b, text="jalan berlubang", received_at=now + timedelta(minutes=i))
              for i in range(10)]
    page = selectors.inbox_page(user=staff_a, filters=InboxFilters(status="all", q="jalan"), now=now, size=SIZE)
    assert len(page.rows) == SIZE
    assert not {c.pk for c in page.rows} & {c.pk for c in theirs}


def test_a_row_that_changes_between_the_two_reads_does_not_hide_the_next_page(staff_a, agency_a, monkeypatch):
    now = timezone.now()
    for i in range(10):
        ComplaintFactory(agency=agency_a, text="jalan berlubang", status="dispatched",
                         received_at=now - timedelta(minutes=i))
    found_ids = selectors._text_search_ids

    def resolved_meanwhile(*args, **kwargs):
        ids = found_ids(*args, **kwargs)
        Complaint.objects.filter(pk=ids[0]).update(status="resolved")  # leaves the open tab
        return ids

    monkeypatch.setattr(selectors, "_text_search_ids", resolved_meanwhile)
    page = selectors.inbox_page(user=staff_a, filters=InboxFilters(status="open", q="jalan"), now=now, size=SIZE)
    assert len(page.rows) == SIZE - 1
    assert page.next_cursor is not None and page.count_capped
