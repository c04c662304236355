"""Open, overdue and resolved as of a period's end from the rollups' collapsed `states` keys
(rankings/rollups.py): every case against the definition, day by day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rankings.rollups import as_of, restate, state_keys

D = date(2026, 12, 1)


def day(n: int | None) -> date | None:
    return None if n is None else D + timedelta(days=n)


def by_definition(due: int | None, first: int | None, resolved: int | None, end: int) -> tuple[int, int]:
    """Resolved by the end of day `end`; overdue = not resolved, due by then, not answered by then."""
    is_resolved = resolved is not None and resolved <= end
    overdue = (not is_resolved and due is not None and due <= end and (first is None or first > end))
    return int(is_resolved), int(overdue)


CASES = [(due, first, resolved) for due in (None, 0, 1, 3) for first in (None, 0, 1, 2, 4)
         for resolved in (None, 0, 2, 3, 5)]


@pytest.mark.parametrize("horizon", [0, 1, 2, 4])
def test_every_case_at_every_later_end(horizon):
    for due, first, resolved in CASES:
        states = dict.fromkeys(state_keys(day(due), day(first), day(resolved), horizon=day(horizon)), 1)
        for end in range(horizon, 8):
            assert as_of(states, day(end)) == by_definition(due, first, resolved, end), (due, first, resolved, end)


@pytest.mark.parametrize("later", [1, 2, 3, 6])
def test_restating_for_a_later_horizon_keeps_every_answer_and_collapses(later):
    for due, first, resolved in CASES:
        keys = state_keys(day(due), day(first), day(resolved), horizon=day(0))
        moved = {}
        for key in keys:
            for new in restate(key, day(later)):
                moved[new] = moved.get(new, 0) + 1
        assert moved == dict.fromkeys(state_keys(day(due), day(first), day(resolved), horizon=day(later)), 1)
        for end in range(later, 8):
            assert as_of(moved, day(end)) == by_definition(due, first, resolved, end)


def test_settled_complaints_collapse_to_one_key():
    # Answered and resolved by the horizon: one "r", whatever the days were.
    assert state_keys(day(0), day(1), day(2), horizon=day(30)) == ["r"]
    assert state_keys(day(0), day(1), None, horizon=day(30)) == []  # answered, open: nothing to ask later


def test_rows_written_before_the_keys_collapsed_still_read_right():
    legacy = {"2026-12-02|2026-12-05|": 1, "2026-12-01||2026-12-03": 2, "||2026-12-02": 1}
    # End of 2 December: the third resolved; the first (due 2nd, answered 5th) and the two of the
    # second key (due 1st, never answered, resolved 3rd) overdue.
    assert as_of(legacy, day(1)) == (1, 3)
    # End of 5 December: three resolved; the first answered that day, so no longer overdue.
    assert as_of(legacy, day(4)) == (3, 0)
    # For a month's row: the first is settled (nothing to ask), the others collapse to "r".
    assert [restate(k, day(30)) for k in legacy] == [[], ["r"], ["r"]]
