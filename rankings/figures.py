"""The arithmetic of the leaderboard, apart from where the numbers come from: exact median and
nearest-rank percentile over a histogram, the Wilson lower bound, ranks with shared ties.
DESIGN.md, "What the numbers mean"."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction

Z = 1.96


def histogram_add(into: dict[int, int], other: Mapping[int | str, int]) -> None:
    """Add `other` (minutes as ints, or as the strings of the rollups' JSON) into `into`."""
    get = into.get
    for minute, count in other.items():
        key = minute if minute.__class__ is int else int(minute)
        into[key] = get(key, 0) + count


def _value_at_rank(histogram: Mapping[int, int], rank: int) -> int:
    """The value at 1-based `rank` in ascending order."""
    seen = 0
    for minute in sorted(histogram):
        seen += histogram[minute]
        if seen >= rank:
            return minute
    raise ValueError("rank beyond the histogram")


def median(histogram: Mapping[int, int]) -> float | None:
    """The middle value; the mean of the two middle values for an even count. Not rounded."""
    n = sum(histogram.values())
    if n == 0:
        return None
    if n % 2:
        return float(_value_at_rank(histogram, n // 2 + 1))
    return (_value_at_rank(histogram, n // 2) + _value_at_rank(histogram, n // 2 + 1)) / 2


def percentile_nearest_rank(histogram: Mapping[int, int], p: Fraction = Fraction(9, 10)) -> int | None:
    """The value at rank ceil(p * n) in ascending order (rank at least 1)."""
    n = sum(histogram.values())
    if n == 0:
        return None
    return _value_at_rank(histogram, max(1, math.ceil(p * n)))


def wilson_lower_bound(successes: int, n: int, z: float = Z) -> float | None:
    """Lower bound of the Wilson score interval of successes / n."""
    if n == 0:
        return None
    if successes == 0:
        return 0.0  # exactly; the formula leaves noise of 1e-15 either side
    p = successes / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - margin) / (1 + z2 / n)


def score(within_target: int, received: int) -> float | None:
    """100 x the Wilson lower bound of the within-target share."""
    bound = wilson_lower_bound(within_target, received)
    return None if bound is None else 100 * bound


# --- Exact comparison of scores ----------------------------------------------------------
#
# With z rational (1.96 = 49/25) the Wilson lower bound of s successes out of n is
#     L = (2s + z^2 - z sqrt(z^2 + 4 s (n - s) / n)) / (2 (n + z^2)) = A - sqrt(R)
# with A = (2s + z^2) / (2 (n + z^2)) and R = z^2 (z^2 + 4 s (n - s) / n) / (2 (n + z^2))^2, both
# rational. Two scores are compared through A and R in exact rational arithmetic, so that
# floating-point noise never breaks a tie (0 of 5 and 0 of 10 are both exactly 0) nor makes one.

Z_EXACT = Fraction(49, 25)


@functools.lru_cache(maxsize=4096)
def _wilson_parts(successes: int, n: int) -> tuple[Fraction, Fraction]:
    z2 = Z_EXACT * Z_EXACT
    denominator = 2 * (n + z2)
    a = (2 * successes + z2) / denominator
    r = z2 * (z2 + Fraction(4 * successes * (n - successes), n)) / (denominator * denominator)
    return a, r


def _sign(x: Fraction | int) -> int:
    return (x > 0) - (x < 0)


def _sign_plus_root(a: Fraction, b: Fraction, c: Fraction) -> int:
    """The sign of a + b sqrt(c), c >= 0, exactly."""
    sa, sb = _sign(a), (_sign(b) if c > 0 else 0)
    if sb == 0:
        return sa
    if sa in (0, sb):
        return sb
    return sa * _sign(a * a - b * b * c)


def compare_scores(first: tuple[int, int], second: tuple[int, int]) -> int:
    """-1, 0 or 1 as the score of (within_target, received) `first` is below, equal to or above
    that of `second`, exactly; both received > 0."""
    # Floats first: their error is ~1e-15, so scores further apart than 1e-9 are ordered right
    # by them; only near-ties are settled in rational arithmetic.
    apart = wilson_lower_bound(*first) - wilson_lower_bound(*second)
    if abs(apart) > 1e-9:
        return 1 if apart > 0 else -1
    a1, r1 = _wilson_parts(*first)
    a2, r2 = _wilson_parts(*second)
    if r1 == r2:
        return _sign(a1 - a2)
    # sign of (a1 - sqrt(r1)) - (a2 - sqrt(r2)) = sign of x - sqrt(r1), x = d + sqrt(r2)
    d = a1 - a2
    sx = _sign_plus_root(d, Fraction(1), r2)
    if sx < 0:
        return -1
    if sx == 0:
        return -_sign(r1)
    # x > 0: compare x^2 = d^2 + r2 + 2 d sqrt(r2) with r1
    return _sign_plus_root(d * d + r2 - r1, 2 * d, r2)


def ranks(keys: Iterable[tuple[int, int]]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) for (within_target, received) pairs in the order given,
    which must already be sorted best first (`compare_scores`). Equal scores, compared exactly,
    share a rank."""
    result: list[int] = []
    previous: tuple[int, int] | None = None
    for position, key in enumerate(keys, start=1):
        if previous is not None and compare_scores(previous, key) == 0:
            result.append(result[-1])
        else:
            result.append(position)
        previous = key
    return result
