from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from accounts.roles import requires_mfa

# Paths a user who still has to set up TOTP may reach: the allauth pages (sign-out, MFA
# setup), static files, the health check, the language switch.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/webhooks/")


class RequireMFAMiddleware:
    """allauth has no switch that requires two-factor: leaders, the communications office
    and superusers without a TOTP authenticator are sent to set one up when
    SIGAP_REQUIRE_MFA is on (the default whenever DEBUG is off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.SIGAP_REQUIRE_MFA
            and request.user.is_authenticated
            and requires_mfa(request.user)
            and not request.path.startswith(_OPEN_PREFIXES)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Two-factor authentication must be set up before using the API."},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
