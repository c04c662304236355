"""The platform badge's sign, from the one list of them (agencies.models.PLATFORM_ICONS)."""

from __future__ import annotations

from django import template

from agencies.models import platform_icon

register = template.Library()
register.filter("platform_icon", platform_icon)
