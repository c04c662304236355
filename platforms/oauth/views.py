"""An official account's connection page, the start of the platform's sign-in and its
callback, and the WhatsApp access form.

The state and the PKCE verifier of a sign-in in progress live in the session, keyed by the
state; the callback takes them out (once) and refuses anything it does not find there."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import member_required
from accounts.roles import roles_of
from agencies.models import OfficialAccount, Platform
from platforms.oauth import providers, selectors, services
from platforms.oauth.forms import WhatsAppAccessForm

SESSION_KEY = "sigap_oauth_pending"
#: A sign-in not finished within this time must be started again.
PENDING_SECONDS = 15 * 60
MAX_PENDING = 5


def _connection_context(request: HttpRequest, account: OfficialAccount, **extra: Any) -> dict[str, Any]:
    roles = roles_of(request.user)
    provider = providers.provider_for(account.platform)
    return {
        "account": account, "agency": account.agency,
        "provider": provider, "provider_name": providers.PROVIDER_NAMES.get(provider or "", ""),
        "provider_configured": provider is not None and providers.is_configured(provider),
        "can_connect": selectors.may_connect(roles, account.agency_id),
        "can_enter_whatsapp": selectors.may_enter_whatsapp_access(roles),
        **extra,
    }


@member_required
@require_GET
def account_connection(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get_for_connection(request.user, pk)
    form = WhatsAppAccessForm() if account.platform == Platform.WHATSAPP else None
    return render(request, "platforms/account_connection.html", _connection_context(request, account, form=form))


@member_required
@require_POST
def connection_start(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get_for_connection(request.user, pk, for_change=True)
    provider = providers.provider_for(account.platform)
    if provider is None:
        raise Http404
    try:
        state = secrets.token_urlsafe(32)
        verifier, challenge = providers.new_pkce()
        redirect_uri = request.build_absolute_uri(reverse("connections:callback", args=[provider]))
        url = providers.authorize_url(provider, redirect_uri=redirect_uri, state=state, code_challenge=challenge)
    except providers.NotConfigured as exc:
        return _refused(request, account, str(exc), status=503)
    live = sorted(((k, v) for k, v in request.session.get(SESSION_KEY, {}).items()
                   if v.get("started", 0) > time.time() - PENDING_SECONDS), key=lambda kv: kv[1]["started"])
    pending = dict(live[-(MAX_PENDING - 1):])  # a few tabs at once, not an unbounded session
    pending[state] = {"account": account.pk, "provider": provider, "verifier": verifier,
                      "redirect_uri": redirect_uri, "started": time.time()}
    request.session[SESSION_KEY] = pending
    return redirect(url)


@member_required
@require_GET
def connection_callback(request: HttpRequest, provider: str) -> HttpResponse:
    if provider not in providers.PROVIDER_NAMES:
        raise Http404
    state = request.GET.get("state", "")
    pending_all = request.session.get(SESSION_KEY, {})
    pending = pending_all.pop(state, None) if state else None
    request.session[SESSION_KEY] = pending_all
    if (pending is None or pending.get("provider") != provider
            or pending.get("started", 0) <= time.time() - PENDING_SECONDS):
        return _refused(request, None, _(
            "This sign-in cannot be accepted: it was not started here, was already used, or took longer "
            "than 15 minutes. Nothing was changed; start again from the account's page."))
    account = selectors.account_get_for_connection(request.user, pending["account"], for_change=True)
    if request.GET.get("error"):
        return _refused(request, account, _(
            "%(platform)s did not grant access (%(reason)s). Nothing was changed.")
            % {"platform": providers.PROVIDER_NAMES[provider], "reason": request.GET.get("error", "")[:60]})
    code = request.GET.get("code", "")
    if not code:
        return _refused(request, account, _("The platform sent no authorization. Nothing was changed."))
    try:
        result = services.account_connect(account=account, code=code, redirect_uri=pending["redirect_uri"],
                                          code_verifier=pending["verifier"])
    except services.ConnectRefused as exc:
        return _refused(request, account, str(exc))
    except providers.GrantRefused as exc:
        return _refused(request, account, _("%(platform)s refused the sign-in (%(reason)s). Nothing was changed; "
                                            "start again from the account's page.")
                        % {"platform": providers.PROVIDER_NAMES[provider], "reason": exc})
    except providers.OAuthError as exc:  # unreachable, or an answer Sigap cannot use
        return _refused(request, account, _("Connecting failed: %(reason)s. Nothing was changed.")
                        % {"reason": exc}, status=502)
    for connected in result.connected:
        messages.success(request, _("%(account)s is connected.") % {"account": connected})
    for note in result.notes:
        messages.warning(request, note)
    return redirect("connections:account", pk=account.pk)


@member_required
@require_http_methods(["POST"])
def whatsapp_access(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get_for_connection(request.user, pk, for_change=True, whatsapp=True)
    if account.platform != Platform.WHATSAPP:
        raise Http404
    form = WhatsAppAccessForm(request.POST)
    if form.is_valid():
        try:
            services.account_connect_whatsapp(account=account, access_token=form.cleaned_data["access_token"],
                                              phone_number_id=form.cleaned_data["phone_number_id"])
        except services.ConnectRefused as exc:
            form.add_error(None, str(exc))
        except providers.OAuthError as exc:
            form.add_error(None, _("Checking the access failed: %(reason)s. Nothing was changed.")
                           % {"reason": exc})
        else:
            messages.success(request, _("%(account)s is connected.") % {"account": account})
            return redirect("connections:account", pk=account.pk)
    return render(request, "platforms/account_connection.html",
                  _connection_context(request, account, form=form), status=400)


def _refused(request: HttpRequest, account: OfficialAccount | None, reason: str, *, status: int = 400) -> HttpResponse:
    return render(request, "platforms/connection_error.html", {"account": account, "reason": reason},
                  status=status)
