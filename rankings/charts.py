"""Small charts drawn on the server as inline SVG (no script, no CDN): the ranking bars, the
distribution of response times, the trend of one agency or the region. Each has a title and a
description for screen readers; the table beside them holds the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rankings.contract import Row


def number(value: float | None, digits: int = 1) -> str:
    """A figure rounded to `digits` in the language's decimal mark ("61,0"; "61.0" in English)."""
    if value is None:
        return "—"
    return number_format(round(value, digits), digits)  # number_format cuts, not rounds


def ranking_bars(rows: Sequence[Row], *, limit: int = 60) -> SafeString:
    """Horizontal bars of each ranked agency's score (0-100)."""
    rows = [r for r in rows if r.score is not None][:limit]
    if not rows:
        return mark_safe("")
    bar_h, gap, label_w, width = 20, 6, 210, 900
    height = len(rows) * (bar_h + gap) + 24
    scale = (width - label_w - 60) / 100
    parts = []
    for i, row in enumerate(rows):
        y = 8 + i * (bar_h + gap)
        w = max(1.0, (row.score or 0) * scale)
        parts.append(format_html(
            '<g><text x="{}" y="{}" text-anchor="end" class="chart-label">{}. {}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="chart-bar"></rect>'
            '<text x="{}" y="{}" class="chart-value">{}</text></g>',
            label_w - 8, y + bar_h - 5, row.rank, row.agency_short_name[:26],
            label_w, y, f"{w:.1f}", bar_h, f"{label_w + w + 6:.1f}", y + bar_h - 5, number(row.score)))
    title = _("Score per agency")
    desc = _("Bars of the score (0 to 100) of each agency with a rank, best first.")
    return format_html(
        '<svg class="chart chart-bars" viewBox="0 0 {} {}" role="img" aria-labelledby="bars-title bars-desc">'
        '<title id="bars-title">{}</title><desc id="bars-desc">{}</desc>{}</svg>',
        width, height, title, desc, format_html_join("", "{}", ((p,) for p in parts)))


def distribution(histogram: Sequence[tuple[int, int]]) -> SafeString:
    """Columns of first responses per bucket of working minutes."""
    total = sum(n for _, n in histogram)
    if not total:
        return mark_safe("")
    labels = []
    bounds = [b for b, _ in histogram]
    for i, low in enumerate(bounds):
        high = bounds[i + 1] if i + 1 < len(bounds) else None
        labels.append(_range(low, high) if high is not None else f"≥ {_span(low)}")
    width, height, left, bottom = 640, 250, 56, 70  # room for the first rotated label
    col_w = (width - left - 10) / len(histogram)
    peak = max(n for _, n in histogram)
    parts = []
    for i, ((_low, n), label) in enumerate(zip(histogram, labels, strict=True)):
        h = (height - bottom - 20) * n / peak if peak else 0
        x = left + i * col_w
        y = height - bottom - h
        parts.append(format_html(
            '<g><rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
            '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" transform="rotate(-35 {} {})" class="chart-label">{}</text></g>',
            f"{x + 3:.1f}", f"{y:.1f}", f"{col_w - 6:.1f}", f"{h:.1f}", f"{x + col_w / 2:.1f}", f"{y - 4:.1f}", n,
            f"{x + col_w / 2 + 4:.1f}", height - bottom + 14, f"{x + col_w / 2 + 4:.1f}", height - bottom + 14,
            label))
    title = _("First responses by working time")
    desc = _("Number of complaints answered within each span of working time.")
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="dist-title dist-desc">'
        '<title id="dist-title">{}</title><desc id="dist-desc">{}</desc>{}'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"></line></svg>',
        width, height, title, desc, format_html_join("", "{}", ((p,) for p in parts)), left, height - bottom, width - 10, height - bottom)


def _range(low: int, high: int) -> str:
    """A span with its unit once when both ends share it ("0-15 min", "1-2 h")."""
    if high < 60:
        return _("%(low)d–%(high)d min") % {"low": low, "high": high}
    if low >= 60:
        return _("%(low)d–%(high)d h") % {"low": low // 60, "high": high // 60}
    return f"{_span(low)}–{_span(high)}"


def _span(minutes: int) -> str:
    if minutes < 60:
        return _("%(m)d min") % {"m": minutes}
    return _("%(h)d h") % {"h": minutes // 60}


def sparkline(points: Sequence[tuple[date, float | None]], *, width: int = 96, height: int = 24) -> SafeString:
    """A small line of the within-target share week by week (gaps where nothing came in)."""
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if not known:
        return mark_safe('<span class="muted">—</span>')
    step = width / max(1, len(points) - 1)
    coords = [(i * step if len(points) > 1 else width / 2, height - 2 - v * (height - 4)) for i, v in known]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    words = format_html_join(", ", "{}: {}%", (
        (date_format(d, "j M"), number(v * 100, 0)) for d, v in points if v is not None))
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline points="{}" fill="none"></polyline>{}</svg>',
        width, height, width, height, format_html("{} {}", _("Within target by week:"), words), path,
        format_html_join("", '<circle cx="{}" cy="{}" r="1.8"></circle>', ((f"{x:.1f}", f"{y:.1f}") for x, y in coords)))


def trend(points: Sequence[tuple[date, float | None]]) -> SafeString:
    """The region's within-target share week by week, larger."""
    known = [(i, d, v) for i, (d, v) in enumerate(points) if v is not None]
    if not known:
        return mark_safe("")
    if len(points) < 2:  # one week: a single dot says nothing of a trend
        return format_html('<p class="muted">{}</p>', _("A trend needs a period of at least two weeks."))
    width, height, left, bottom = 640, 200, 40, 36
    step = (width - left - 20) / max(1, len(points) - 1)
    coords = [(left + i * step, 10 + (1 - v) * (height - bottom - 20), d, v) for i, d, v in known]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _d, _v in coords)
    labels = format_html_join("", '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                              ((f"{x:.1f}", height - bottom + 16, date_format(d, "j M")) for x, _y, d, _v in coords))
    values = format_html_join("", '<circle cx="{}" cy="{}" r="3"></circle><text x="{}" y="{}" text-anchor="middle" class="chart-value">{}%</text>',
                              ((f"{x:.1f}", f"{y:.1f}", f"{x:.1f}", f"{y - 7:.1f}", number(v * 100, 0)) for x, y, _d, v in coords))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="trend-title trend-desc">'
        '<title id="trend-title">{}</title><desc id="trend-desc">{}</desc>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"></line>'
        '<polyline points="{}" class="chart-line" fill="none"></polyline>{}{}</svg>',
        width, height, _("Within target, week by week"),
        _("Share of complaints answered within target for each week of the period."),
        left, height - bottom, width - 10, height - bottom, path, values, labels)
