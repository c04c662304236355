"""The leaderboard's arithmetic: median, nearest-rank 90th percentile, Wilson scores compared
exactly, shared ranks (DESIGN.md, "What the numbers mean")."""

from __future__ import annotations

import itertools
from decimal import Decimal, localcontext

import pytest

from rankings import figures


def test_median_of_an_odd_and_an_even_count():
    assert figures.median({5: 1, 10: 1, 30: 1}) == 10.0
    assert figures.median({10: 1, 15: 1, 30: 1, 45: 1, 50: 1, 60: 1, 90: 2}) == 47.5  # (45 + 50) / 2
    assert figures.median({7: 1, 8: 1}) == 7.5  # not rounded
    assert figures.median({}) is None


@pytest.mark.parametrize("histogram, expected", [
    ({v: 1 for v in range(1, 11)}, 9),  # n = 10: rank ceil(9) = 9
    ({v: 1 for v in range(1, 12)}, 10),  # n = 11: rank ceil(9.9) = 10
    ({5: 1}, 5),  # n = 1: rank 1
    ({1: 9, 100: 1}, 1),  # n = 10: the 9th value is still 1
    ({1: 8, 100: 2}, 100),
])
def test_ninetieth_percentile_is_the_nearest_rank(histogram, expected):
    assert figures.percentile_nearest_rank(histogram) == expected


def test_scores_by_hand():
    assert figures.score(6, 6) == pytest.approx(100 * 6 / 9.8416)  # p = 1: n / (n + z^2)
    assert figures.score(0, 7) == 0.0  # exactly: no noise below zero
    assert figures.score(0, 0) is None


def _decimal_bound(successes: int, n: int) -> Decimal:
    with localcontext() as context:
        context.prec = 80
        z = Decimal(49) / Decimal(25)
        z2 = z * z
        return (2 * successes + z2 - z * (z2 + Decimal(4 * successes * (n - successes)) / n).sqrt()) / (2 * (n + z2))


def test_exact_comparison_agrees_with_80_digits_and_ties_what_is_equal():
    pairs = [(s, n) for n in range(1, 31) for s in range(n + 1)]
    for a, b in itertools.combinations(pairs, 2):
        da, db = _decimal_bound(*a), _decimal_bound(*b)
        expected = (da > db) - (da < db) if a[0] or b[0] else 0
        assert figures.compare_scores(a, b) == expected, (a, b)


def test_equal_scores_share_a_rank_whatever_the_floats_say():
    # 0 of 5 and 0 of 10 both score exactly 0 (the float formula gives -3e-15 and -2e-15).
    assert figures.ranks([(6, 6), (3, 3), (3, 3), (6, 9), (0, 5), (0, 10)]) == [1, 2, 2, 4, 5, 5]
    assert figures.ranks([(2, 2), (1, 1)]) == [1, 2]  # close, not equal
