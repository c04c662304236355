"""The evaluation's arithmetic, from a run's inputs alone (a pure function of JSON): the
published result is `score(snapshot.inputs)`, so nothing measured later can change it.

- System scores (automatic): the measured value, or its correction from an accepted objection,
  normalised to 0-100 among the period's agencies — min-max (the best gets 100, the worst 0;
  all equal: 50 each, as nobody is better or worse) or percentile rank (the share of the other
  agencies it does better than, ties counting half; alone: 50). Engagement is compared within
  follower bands. No data: 0 points.
- Jury scores (1-100) are used as they are: the mean of the submitted scores, or the trimmed
  mean (highest and lowest left out when there are three or more). No score: 0 points.
- Points = weight x normalised / 100; total = the sum over the criteria (at most 100).
- Ranking: by total rounded to two decimals, highest first; equal totals share a rank
  (1, 2, 2, 4) and are listed by name.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from rankings.evaluation.indicators import INDICATORS


def normalise(values: dict[str, float | None], *, higher_is_better: bool, method: str) -> dict[str, Fraction | None]:
    """{agency: value} -> {agency: 0..100, or None where the value is None}."""
    known = {a: Fraction(v) for a, v in values.items() if v is not None}
    result: dict[str, Fraction | None] = dict.fromkeys(values)
    if not known:
        return result
    if method == "percentile":
        n = len(known)
        for agency, value in known.items():
            if n == 1:
                result[agency] = Fraction(50)  # nobody to compare with
                continue
            worse = sum(1 for v in known.values() if (v < value if higher_is_better else v > value))
            ties = sum(1 for v in known.values() if v == value) - 1
            result[agency] = (worse + Fraction(ties, 2)) / (n - 1) * 100
        return result
    low, high = min(known.values()), max(known.values())
    for agency, value in known.items():
        if high == low:
            result[agency] = Fraction(50)  # nobody better or worse: the middle, as percentile ties
        elif higher_is_better:
            result[agency] = (value - low) / (high - low) * 100
        else:
            result[agency] = (high - value) / (high - low) * 100
    return result


def jury_value(scores: list[int], method: str) -> Fraction | None:
    if not scores:
        return None
    ordered = sorted(scores)
    if method == "trimmed" and len(ordered) >= 3:
        ordered = ordered[1:-1]
    return Fraction(sum(ordered), len(ordered))


def two_decimals(value: Fraction | float) -> Decimal:
    value = Fraction(value)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score(inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranked result of one computation. Every figure is kept per criterion so that the
    report card can show how each point was earned."""
    period = inputs["period"]
    agencies = {str(a["id"]): a for a in inputs["agencies"]}
    measured: dict[str, dict[str, float | None]] = inputs.get("measured", {})
    bands: dict[str, str] = inputs.get("bands", {})
    corrections = {(str(c["agency"]), c["criterion"]): c for c in inputs.get("corrections", [])}
    jury: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in inputs.get("jury", []):
        jury[(str(entry["agency"]), entry["criterion"])].append(entry)

    rows: dict[str, dict[str, Any]] = {
        a: {"agency": int(a), "slug": info["slug"], "name": info["name"], "short_name": info.get("short_name", ""),
            "band": bands.get(a, ""), "criteria": {}, "aspects": {}, "total_exact": Fraction(0)}
        for a, info in agencies.items()
    }
    for criterion in inputs["criteria"]:
        code, weight = criterion["code"], Fraction(Decimal(str(criterion["weight"])))
        figures: dict[str, dict[str, Any]] = {}
        if criterion["source"] == "auto":
            indicator = INDICATORS[criterion["indicator"]]
            values: dict[str, float | None] = {}
            for a in agencies:
                raw = measured.get(a, {}).get(criterion["indicator"])
                correction = corrections.get((a, code))
                value = correction["value"] if correction else raw
                values[a] = value
                figures[a] = {"measured": raw, "value": value, "corrected": bool(correction),
                              "correction_reason": correction["reason"] if correction else ""}
            groups: dict[str, dict[str, float | None]] = defaultdict(dict)
            for a, value in values.items():
                groups[bands.get(a, "") if indicator.by_band else ""][a] = value
            normalised: dict[str, Fraction | None] = {}
            for group in groups.values():
                normalised.update(normalise(group, higher_is_better=indicator.higher_is_better,
                                            method=period["normalisation"]))
        else:
            normalised = {}
            for a in agencies:
                entries = sorted(jury.get((a, code), []), key=lambda e: (e.get("juror_name", ""), e["juror"]))
                value = jury_value([e["score"] for e in entries], period["jury_aggregate"])
                normalised[a] = value
                figures[a] = {"value": float(value) if value is not None else None, "corrected": False,
                              "jury": [{"juror": e.get("juror_name", ""), "score": e["score"],
                                        "justification": e.get("justification", "")} for e in entries]}
        for a, row in rows.items():
            share = normalised.get(a)
            points = weight * share / 100 if share is not None else Fraction(0)
            row["total_exact"] += points
            row["aspects"][criterion["aspect"]] = row["aspects"].get(criterion["aspect"], Fraction(0)) + points
            row["criteria"][code] = {**figures[a], "normalised": float(share) if share is not None else None,
                                     "points": float(two_decimals(points)), "weight": float(weight)}

    ordered = sorted(rows.values(), key=lambda r: (-two_decimals(r["total_exact"]), r["name"], r["agency"]))
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        total = two_decimals(row.pop("total_exact"))
        if total != previous:
            rank, previous = position, total
        row["total"] = float(total)
        row["rank"] = rank
        row["aspects"] = {aspect: float(two_decimals(points)) for aspect, points in row["aspects"].items()}
    return ordered
