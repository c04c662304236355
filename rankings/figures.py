"""The arithmetic of the leaderboard, apart from where the numbers come from: exact median and
nearest-rank percentile over a histogram, the Wilson lower bound, ranks with shared ties.
DESIGN.md, "What the numbers mean"."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from fractions import Fraction

Z = 1.96


def histogram_add(into: dict[int, int], other: Mapping[int | str, int]) -> None:
    for minute, count in other.items():
        key = int(minute)
        into[key] = into.get(key, 0) + int(count)


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
    p = successes / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - margin) / (1 + z2 / n)


def score(within_target: int, received: int) -> float | None:
    """100 x the Wilson lower bound of the within-target share."""
    bound = wilson_lower_bound(within_target, received)
    return None if bound is None else 100 * bound


def ranks(keys: Iterable[tuple[int, int]]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) for (within_target, received) pairs in the order given,
    which must already be sorted best first. Equal pairs tie exactly; different pairs whose
    scores are equal to the last bit tie too (the score is what is ranked)."""
    result: list[int] = []
    previous = None
    for position, (successes, n) in enumerate(keys, start=1):
        current = (successes, n) if n else None
        value = score(successes, n)
        if previous is not None and (previous[0] == current or previous[1] == value):
            result.append(result[-1])
        else:
            result.append(position)
        previous = (current, value)
    return result
