from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import member_required
from accounts.roles import roles_of
from agencies.models import Agency, AgencyKind, ConnectionStatus, OfficialAccount
from complaints import selectors


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page: no data, a way to sign in."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "portal/home.html")


def dashboard(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not roles_of(request.user).has_any:
        from rankings.evaluation.models import JurorAssignment

        if JurorAssignment.objects.filter(juror=request.user).exists():
            return redirect("evaluation:jury_home")  # a juror's account sees only the scoring
    return _dashboard(request)


@member_required
def _dashboard(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    context: dict[str, object] = {"roles": roles}
    if roles.region_wide:
        counts = dict(Agency.objects.filter(is_active=True).values_list("kind").annotate(n=Count("id")))
        context["agency_counts"] = [
            {"kind": kind, "label": label, "n": counts[kind]}
            for kind, label in AgencyKind.choices if counts.get(kind)
        ]
        context["agency_total"] = Agency.objects.filter(is_active=True).count()
        context["accounts_attention"] = OfficialAccount.objects.filter(
            is_active=True, status=ConnectionStatus.NEEDS_ATTENTION).select_related("agency")[:20]
        context["account_counts"] = OfficialAccount.objects.filter(is_active=True).aggregate(
            total=Count("id"),
            connected=Count("id", filter=Q(status=ConnectionStatus.CONNECTED)),
            attention=Count("id", filter=Q(status=ConnectionStatus.NEEDS_ATTENTION)),
        )
    now = timezone.now()
    if roles.region_wide:
        context["region"] = selectors.region_numbers(now=now)
    context["my_agencies"] = Agency.objects.filter(pk__in=roles.agency_ids).prefetch_related("accounts")
    if roles.agency_ids:
        context["numbers"] = selectors.agency_numbers(agency_ids=roles.agency_ids, user=request.user, now=now)
        context["my_ranks"] = _ranks_this_month(roles.agency_ids, now)
    return render(request, "portal/dashboard.html", context)


def _ranks_this_month(agency_ids: frozenset[int], now: datetime) -> list[dict[str, object]]:
    """Each of the person's agencies: its rank this month among the agencies ranked."""
    from rankings.forms import period_of
    from rankings.leaderboard import leaderboard
    from rankings.rollups import wib_day

    board = leaderboard(period_of("month", wib_day(now)), now=now)
    total = len(board.ranked)
    sharing = Counter(row.rank for row in board.ranked)  # ties share a rank (1, 2, 2, 4)
    return [{"row": row, "total": total, "shared_with": sharing[row.rank] - 1 if row.rank else 0}
            for row in board.rows if row.agency_id in agency_ids]
