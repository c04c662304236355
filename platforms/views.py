from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import portal_view
from platforms.models import InboundItem
from platforms.selectors import SILENT_MIN_USUAL, SILENT_SHARE, coverage

region_wide_required = portal_view(allow=lambda r: r.region_wide, forbid=lambda r: r.has_any)


@region_wide_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    rows = coverage()
    return render(request, "platforms/coverage.html", {
        "rows": rows,
        "attention": [r for r in rows if r.account.status == "needs_attention" or r.silent],
        "stuck": InboundItem.objects.filter(processed_at__isnull=True, attempts__gte=3).count(),
        "silent_share": int(SILENT_SHARE * 100), "silent_min": SILENT_MIN_USUAL,
    })
