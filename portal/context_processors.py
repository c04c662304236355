from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.roles import roles_of


def sigap(request: HttpRequest) -> dict[str, Any]:
    demo_logins = None
    if settings.DEBUG:
        from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD

        demo_logins = {"password": DEMO_PASSWORD, "logins": DEMO_LOGINS}
    roles = roles_of(request.user) if hasattr(request, "user") else None
    is_juror = False
    if roles is not None and roles.authenticated and not roles.has_any:
        from rankings.evaluation.models import JurorAssignment

        is_juror = JurorAssignment.objects.filter(juror=request.user).exists()
    return {
        "SIGAP_DEMO_LOGINS": demo_logins,
        "SIGAP_REGION_NAME": settings.SIGAP_REGION_NAME,
        "SIGAP_COMMS_OFFICE_NAME": settings.SIGAP_COMMS_OFFICE_NAME,
        "SIGAP_TZ_LABEL": settings.SIGAP_TIME_ZONE_LABEL,
        "SIGAP_DEMO": settings.DEBUG,
        "SIGAP_REQUIRE_MFA": settings.SIGAP_REQUIRE_MFA,
        "roles": roles,
        "is_juror": is_juror,
    }
