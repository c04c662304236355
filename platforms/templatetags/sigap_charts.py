"""Small charts drawn on the server as inline SVG: no script, no library, no CDN."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def sparkline(values: Sequence[int | None], what: str = "", width: int = 96, height: int = 24) -> SafeString:
    """A line through the values (None: no reading that day, the line skips it). Fewer than
    two readings draw nothing. Its label says what it shows, first and last value, for
    screen readers; the figures beside it say the same to everyone."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return mark_safe("")
    low = min(v for _i, v in points)
    high = max(v for _i, v in points)
    span = (high - low) or 1
    pad = 2.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        y = height - pad - (v - low) / span * (height - 2 * pad) if high != low else height / 2
        return round(pad + i * step, 1), round(y, 1)

    coords = " ".join(f"{x},{y}" for x, y in (xy(i, v) for i, v in points))
    last_x, last_y = xy(*points[-1])
    label = _("%(what)s: from %(first)s to %(last)s") % {
        "what": what or _("Trend"), "first": number_format(points[0][1], force_grouping=True),
        "last": number_format(points[-1][1], force_grouping=True),
    }
    trend = "up" if points[-1][1] > points[0][1] else ("down" if points[-1][1] < points[0][1] else "flat")
    return format_html(
        '<svg class="spark spark-{}" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        '<title>{}</title><polyline fill="none" stroke="currentColor" stroke-width="1.5" '
        'stroke-linejoin="round" stroke-linecap="round" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.2" fill="currentColor"/></svg>',
        trend, width, height, width, height, label, label, coords, last_x, last_y,
    )
