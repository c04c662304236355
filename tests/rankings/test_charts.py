"""The server-side SVG charts of the leaderboard: what a person reads on them."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from rankings import charts


def test_the_distribution_names_each_span_with_its_unit_once():
    with translation.override("id"):
        svg = charts.distribution([(0, 6), (15, 5), (30, 9), (60, 6), (120, 0), (2400, 1)])
    for label in ("0–15 menit", "15–30 menit", "30 menit–1 jam", "1–2 jam", "2–40 jam", "≥ 40 jam"):
        assert f">{label}</text>" in svg
    assert svg.count('class="chart-bar"') == 6


def test_nothing_answered_draws_no_distribution():
    assert charts.distribution([(0, 0), (15, 0)]) == ""


def test_a_trend_needs_two_weeks():
    with translation.override("id"):
        one = charts.trend([(date(2026, 12, 21), 0.68)])
        two = charts.trend([(date(2026, 12, 14), 0.5), (date(2026, 12, 21), 0.68)])
    assert "<svg" not in one and "dua minggu" in one
    assert two.count("<circle") == 2 and ">68%</text>" in two and ">50%</text>" in two
