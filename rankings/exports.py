"""The leaderboard as CSV and XLSX (with a header block: region, period, generated at, rule)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rankings.contract import Board, Row
from rankings.leaderboard import RULE


def columns() -> list[tuple[str, str]]:
    return [
        ("rank", _("Rank")), ("agency_slug", _("Agency code")), ("agency_name", _("Agency")),
        ("received", _("Received")), ("responded", _("Responded")),
        ("responded_within_target", _("Responded within target")), ("within_target_pct", _("% within target")),
        ("median_first_response_minutes", _("Median first response (working minutes)")),
        ("p90_first_response_minutes", _("90th percentile first response (working minutes)")),
        ("median_head_ack_minutes", _("Median head acknowledgment (working minutes)")),
        ("open", _("Open")), ("overdue", _("Overdue")), ("resolved", _("Resolved")), ("resolved_pct", _("% resolved")),
        ("score", _("Score")), ("previous_rank", _("Rank in the previous period")),
    ]


def _value(row: Row, key: str) -> object:
    if key == "within_target_pct":
        return None if row.within_target_share is None else round(100 * row.within_target_share, 1)
    if key == "resolved_pct":
        return None if row.resolved_share is None else round(100 * row.resolved_share, 1)
    if key == "score":
        return None if row.score is None else round(row.score, 2)
    return getattr(row, key)


def _rows(rows: Sequence[Row]) -> list[list[object]]:
    return [[_value(row, key) for key, _label in columns()] for row in rows]


def header_block(board: Board) -> list[tuple[str, str]]:
    zone = ZoneInfo(settings.TIME_ZONE)
    generated = board.generated_at.astimezone(zone) if board.generated_at else None
    filters = []
    if board.filters.platform:
        filters.append(board.filters.platform)
    if board.filters.category:
        filters.append(board.filters.category)
    return [
        (_("Region"), settings.SIGAP_REGION_NAME),
        (_("Period"), f"{board.period.start:%d-%m-%Y} – {board.period.end:%d-%m-%Y}"),
        (_("Filters"), ", ".join(filters) or _("all platforms, complaints and questions")),
        (_("Generated at"), f"{generated:%d-%m-%Y %H.%M} {settings.SIGAP_TIME_ZONE_LABEL}" if generated else ""),
        (_("Rule"), RULE),
    ]


def as_csv(board: Board) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _key, label in columns()])
    writer.writerows(_rows(board.rows))
    return "\ufeff" + out.getvalue()  # a BOM so that spreadsheet programs read UTF-8


def as_xlsx(board: Board) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Leaderboard")[:31]
    bold = Font(bold=True)
    sheet.append([_("Response leaderboard")])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in header_block(board):
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append([label for _key, label in columns()])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
    for values in _rows(board.rows):
        sheet.append(values)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=4)
    for index, width in enumerate([7, 22, 40] + [14] * (len(columns()) - 3), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
