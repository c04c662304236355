"""The platform badge's sign, from the one list of them (agencies.models.PLATFORM_ICONS)."""

from __future__ import annotations

from django import template

from agencies.models import PLATFORM_ICONS

register = template.Library()


@register.filter
def platform_icon(platform: str) -> str:
    return PLATFORM_ICONS.get(platform, "TT")
