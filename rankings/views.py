"""The leaderboard page, its exports and its print view. `leader` and `comms` see every
agency; an agency's head and staff see their own row, rank and the region's median."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from accounts.decorators import member_required
from accounts.roles import roles_of
from rankings import charts, exports
from rankings.contract import Board, Row
from rankings.forms import PERIODS, SORTS, LeaderboardForm
from rankings.leaderboard import RULE, leaderboard, response_histogram
from rankings.rollups import wib_day

_SORT_KEYS = {
    "name": lambda r: r.agency_name.lower(), "received": lambda r: r.received,
    "within": lambda r: r.within_target_share if r.within_target_share is not None else -1,
    "median": lambda r: r.median_first_response_minutes if r.median_first_response_minutes is not None else 1e12,
    "p90": lambda r: r.p90_first_response_minutes if r.p90_first_response_minutes is not None else 1e12,
    "ack": lambda r: r.median_head_ack_minutes if r.median_head_ack_minutes is not None else 1e12,
    "open": lambda r: r.open, "overdue": lambda r: r.overdue,
    "resolved": lambda r: r.resolved_share if r.resolved_share is not None else -1,
}


def _board(request: HttpRequest) -> tuple[LeaderboardForm, Board | None, list[Row], dict[str, Any]]:
    now = timezone.now()
    form = LeaderboardForm(request.GET or {"period": "month"}, today=wib_day(now))
    if not form.is_valid():
        return form, None, [], {}
    period, filters, sort, desc = form.result()
    board = leaderboard(period, filters, now=now, compare=True, trend=True)
    roles = roles_of(request.user)
    rows = board.ranked
    if sort != "rank" and sort in _SORT_KEYS:
        rows = sorted(rows, key=_SORT_KEYS[sort], reverse=desc)
    elif desc:
        rows = list(reversed(rows))
    unranked = board.unranked
    if not roles.region_wide:
        rows = [r for r in rows if r.agency_id in roles.agency_ids]
        unranked = [r for r in unranked if r.agency_id in roles.agency_ids]
    return form, board, rows, {"unranked": unranked, "sort": sort, "desc": desc}


def _headers() -> list[tuple[str, str, str]]:
    """(sort key, label, css class) of the table's columns, in order."""
    from django.utils.translation import gettext as _

    return [
        ("rank", _("Rank"), "num"), ("name", _("Agency"), ""), ("rank", _("Score"), "num"),
        ("received", _("Received"), "num"), ("received", _("Responded"), "num"),
        ("within", _("Within target"), "num"), ("median", _("Median response"), "num"),
        ("p90", _("90th percentile"), "num"), ("ack", _("Head acknowledgment"), "num"),
        ("open", _("Open"), "num"), ("overdue", _("Overdue"), "num"), ("resolved", _("Resolved"), "num"),
    ]


def _inbox_link(row: Row, board: Board) -> str:
    params = {"agency": row.agency_slug, "status": "all", "received_from": board.period.start.isoformat(),
              "received_to": board.period.end.isoformat()}
    if board.filters.platform:
        params["platform"] = board.filters.platform
    if board.filters.category:
        params["category"] = board.filters.category
    return f"{reverse('complaints:inbox')}?{urlencode(params)}"


@member_required
@require_GET
def leaderboard_page(request: HttpRequest, print_view: bool = False) -> HttpResponse:
    form, board, rows, extra = _board(request)
    roles = roles_of(request.user)
    context: dict[str, Any] = {"form": form, "board": board, "rows": rows, "roles": roles, "rule": RULE,
                               "periods": PERIODS, "sorts": SORTS, "headers_list": _headers(), **extra}
    if board is not None:
        for row in [*rows, *extra["unranked"]]:
            row.inbox_url = _inbox_link(row, board)
            row.spark = charts.sparkline(row.trend)
        query = request.GET.copy()
        for key in ("sort", "desc"):
            query.pop(key, None)
        context["query"] = query.urlencode()
        context["ranked_total"] = len(board.ranked)
        agency = None
        if not roles.region_wide and rows:
            agency = rows[0].agency_id
        context["bars"] = charts.ranking_bars(board.ranked) if roles.region_wide else ""
        context["distribution"] = charts.distribution(response_histogram(board.period, board.filters, agency))
        context["trend"] = charts.trend(board.region_trend) if roles.region_wide else ""
    status = 400 if request.GET and not form.is_valid() else 200
    template = "rankings/print.html" if print_view else "rankings/leaderboard.html"
    return render(request, template, context, status=status)


@member_required
@require_GET
def leaderboard_print(request: HttpRequest) -> HttpResponse:
    return leaderboard_page(request, print_view=True)


@member_required
@require_GET
def leaderboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form, board, rows, extra = _board(request)
    if board is None:
        return HttpResponse(" ".join(e for errors in form.errors.values() for e in errors), status=400,
                            content_type="text/plain; charset=utf-8")
    visible = Board(period=board.period, filters=board.filters, ranked=rows, unranked=extra["unranked"],
                    region_median_first_response_minutes=board.region_median_first_response_minutes,
                    generated_at=board.generated_at)
    name = f"peringkat-{board.period.start:%Y%m%d}-{board.period.end:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(visible), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(exports.as_xlsx(visible),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
