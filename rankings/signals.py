"""Every change to a complaint marks its (agency, WIB day) rollup rows for recomputing after
the commit: saves (with the agency and day it had when loaded, for hand-offs), deletes, and
the complaints' bulk updates (complaints.models.complaints_updated)."""

from __future__ import annotations

from typing import Any

from rankings import rollups


def remember_key(sender: type, instance: Any, **kwargs: Any) -> None:
    # __dict__, not attributes: a deferred field must not cost a query here.
    values = instance.__dict__
    instance._rollup_key = (values.get("agency_id"), values.get("received_at"))


def complaint_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    rows = [(instance.agency_id, instance.received_at)]
    loaded = getattr(instance, "_rollup_key", None)
    if loaded and loaded != rows[0]:
        rows.append(loaded)
    instance._rollup_key = rows[0]
    rollups.mark_complaints(rows)


def complaint_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    rows = [(instance.agency_id, instance.received_at)]
    loaded = getattr(instance, "_rollup_key", None)
    if loaded:
        rows.append(loaded)
    rollups.mark_complaints(rows)


def complaints_updated(sender: type, rows: list[tuple[Any, Any]], **kwargs: Any) -> None:
    rollups.mark_complaints(rows)
