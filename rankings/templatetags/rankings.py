from __future__ import annotations

from django import template

from complaints.templatetags.workspace import duration
from rankings.charts import number

register = template.Library()


@register.filter
def pct(share: float | None) -> str:
    """0.8333 -> "83,3%" (one decimal, in the language's own decimal mark: "83.3%" in English)."""
    return "—" if share is None else f"{number(share * 100)}%"


@register.filter
def score(value: float | None) -> str:
    return number(value)


@register.filter
def minutes(value: float | None) -> str:
    return duration(value)


@register.filter
def rank_change(row: object) -> str:
    """"▲ 2", "▼ 1", "=" or "" against the previous period's rank."""
    now, before = getattr(row, "rank", None), getattr(row, "previous_rank", None)
    if now is None or before is None:
        return ""
    if now < before:
        return f"▲ {before - now}"
    if now > before:
        return f"▼ {now - before}"
    return "="
