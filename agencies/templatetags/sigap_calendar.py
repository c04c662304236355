from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def working_duration(minutes: int | None) -> str:
    """A duration in working time as GLOSSARY.md writes it: "2 jam 15 menit kerja",
    "45 menit kerja", "1 jam kerja"; never "2,25 jam"."""
    if minutes is None:
        return "—"
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min of working time") % {"hours": hours, "minutes": rest}
    if hours:
        return ngettext("%(hours)d working hour", "%(hours)d working hours", hours) % {"hours": hours}
    return ngettext("%(minutes)d working minute", "%(minutes)d working minutes", rest) % {"minutes": rest}


@register.filter
def week_rows(hours: dict[str, list[list[str]]] | None) -> list[tuple[str, str]]:
    """Each weekday's name (in the page's language) and its hours as people read them."""
    from agencies.agency_settings.views import week_rows as rows

    return rows(hours or {})
