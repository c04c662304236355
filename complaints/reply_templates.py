"""Writes about an agency's saved reply templates (the composer inserts them), made from the
agency's settings page by its head or the communications office. django-auditlog records
each change with its actor."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from accounts.models import User
from agencies.models import Agency
from complaints.models import REPLY_PLACEHOLDERS, ReplyTemplate

#: The placeholders ReplyTemplate.render fills in.
PLACEHOLDERS = tuple(REPLY_PLACEHOLDERS)
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


class TitleTaken(Exception):
    """The agency has a template with this title already."""


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def reply_templates_of(agency: Agency) -> list[ReplyTemplate]:
    return list(ReplyTemplate.objects.filter(agency=agency).order_by("title", "pk"))


@transaction.atomic
def reply_template_save(
    *, agency: Agency, actor: User, title: str, text: str, template: ReplyTemplate | None = None,
) -> ReplyTemplate:
    """Create a template (`template` None) or change one of the agency's. Raises TitleTaken."""
    if template is not None and template.agency_id != agency.pk:
        raise ValueError("not this agency's template")
    template = template or ReplyTemplate(agency=agency)
    template.title, template.text = title.strip(), text.strip()
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as exc:
        raise TitleTaken(title) from exc
    return template


@transaction.atomic
def reply_template_delete(*, template: ReplyTemplate, actor: User) -> None:
    template.delete()
