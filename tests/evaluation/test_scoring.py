"""The evaluation's arithmetic against the case worked out by hand (handworked.py), from
inputs alone."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation

from rankings.evaluation.scoring import jury_value, normalise, score
from rankings.evaluation.services import EvaluationRefused, criteria_check
from tests.evaluation import handworked


def _inputs(normalisation: str = "minmax", corrections=None) -> dict:
    ids = {name: i for i, name in enumerate("ABCD", start=1)}
    return {
        "period": {"normalisation": normalisation, "jury_aggregate": "mean"},
        "agencies": [{"id": i, "slug": f"dinas-{n.lower()}", "name": f"Dinas {n}"} for n, i in ids.items()],
        "criteria": [{"code": c.code, "aspect": c.aspect, "name": c.name, "weight": str(c.weight), "source": c.source,
                      "indicator": c.indicator} for c in handworked.CRITERIA],
        "measured": {str(ids[n]): v for n, v in handworked.MEASURED.items()},
        "corrections": corrections or [],
        "jury": [{"juror": j, "juror_name": f"Juri {j}", "agency": ids[n], "criterion": "K3", "score": s,
                  "justification": "ok"} for n, pair in handworked.JURY.items() for j, s in enumerate(pair, start=1)],
    }


@pytest.mark.parametrize("method, expected", [("minmax", handworked.MINMAX), ("percentile", handworked.PERCENTILE)])
def test_totals_and_ranks_equal_the_hand_worked_case(method, expected):
    results = score(_inputs(method))
    got = {r["name"][-1]: (r["total"], r["rank"]) for r in results}
    assert got == expected
    assert [r["name"] for r in results] == ["Dinas A", "Dinas B", "Dinas C", "Dinas D"]  # the tie listed by name


def test_every_point_is_explained():
    results = {r["name"][-1]: r for r in score(_inputs())}
    for name, points in handworked.POINTS_MINMAX.items():
        assert {code: c["points"] for code, c in results[name]["criteria"].items()} == points, name
    assert results["D"]["criteria"]["K1"]["value"] is None and results["D"]["criteria"]["K1"]["normalised"] is None
    assert results["D"]["criteria"]["K3"]["value"] == 45.5
    assert [j["score"] for j in results["A"]["criteria"]["K3"]["jury"]] == [70, 80]
    assert results["A"]["aspects"] == {"Responsivitas": 74.0, "Kualitas konten": 15.0}


def test_a_correction_replaces_the_measured_figure():
    # B's within-target share corrected from 60 to 90: K1 is now min-max over 75..90, so A and B
    # get 100 and C (75, the lowest) 0; B = 50 + 30 + 15 = 95 and ranks first.
    results = {r["name"][-1]: r for r in score(_inputs(corrections=[
        {"agency": 2, "criterion": "K1", "value": 90.0, "reason": "data OPD"}]))}
    assert results["B"]["criteria"]["K1"] == {**results["B"]["criteria"]["K1"], "measured": 60.0, "value": 90.0,
                                              "corrected": True, "normalised": 100.0, "points": 50.0}
    assert results["C"]["criteria"]["K1"]["normalised"] == 0.0
    assert results["B"]["total"] == 95.0 and results["B"]["rank"] == 1


def test_normalisation_edges():
    # All equal (e.g. nobody posted): nobody better or worse, the middle for each.
    assert normalise({"a": 5.0, "b": 5.0, "c": None}, higher_is_better=True, method="minmax") == {
        "a": 50, "b": 50, "c": None}
    assert normalise({"a": 0.0, "b": 0.0}, higher_is_better=True, method="percentile") == {"a": 50, "b": 50}
    assert normalise({"a": None}, higher_is_better=True, method="minmax") == {"a": None}
    assert normalise({"a": 1.0, "b": 2.0, "c": 2.0, "d": 3.0}, higher_is_better=True, method="percentile") == {
        "a": 0, "b": 50, "c": 50, "d": 100}
    assert normalise({"a": 7.0}, higher_is_better=False, method="percentile") == {"a": 50}


def test_jury_mean_and_trimmed_mean():
    assert jury_value([10, 50, 90, 100], "mean") == Fraction(250, 4)
    assert jury_value([10, 50, 90, 100], "trimmed") == 70
    assert jury_value([60, 90], "trimmed") == 75  # fewer than three: nothing left out
    assert jury_value([], "mean") is None


def test_weights_must_add_up_to_100():
    specs = list(handworked.CRITERIA)
    specs[0] = specs[0].__class__(**{**specs[0].__dict__, "weight": specs[0].weight - 1})
    with translation.override("en"), pytest.raises(EvaluationRefused, match="100%; they add up to 99%"):
        criteria_check(specs)
    with translation.override("id"), pytest.raises(EvaluationRefused, match=r"100%.*99%"):
        criteria_check(specs)
    criteria_check(list(handworked.CRITERIA))
