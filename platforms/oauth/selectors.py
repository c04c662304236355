"""Reads for connecting accounts, and the one permission gate for an account's connection."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.roles import AnyUser, Roles, roles_of
from agencies.models import ConnectionStatus, OfficialAccount
from platforms.oauth.providers import REFRESHABLE

#: Access that expires within this margin is renewed (X user access lasts 2 hours).
REFRESH_MARGIN = timedelta(minutes=15)


def may_connect(roles: Roles, agency_id: int) -> bool:
    """Connect or reconnect an agency's accounts through the platform's sign-in: the
    communications office and the agency's own staff and head (they hold the passwords)."""
    return roles.registrar or roles.member_of(agency_id)


def may_enter_whatsapp_access(roles: Roles) -> bool:
    """The WhatsApp Business system user belongs to the region's Meta business: only the
    communications office enters its access."""
    return roles.registrar


def account_get_for_connection(user: AnyUser, pk: int, *, for_change: bool = False,
                               whatsapp: bool = False) -> OfficialAccount:
    """The account, if `user` may see its connection (region-wide roles and the agency's own
    people); 404 for everyone else; 403 when `for_change` and the user may see but not connect
    it (a leader; for WhatsApp, anyone but the communications office)."""
    roles = roles_of(user)
    if not roles.has_any:
        raise Http404
    account = OfficialAccount.objects.select_related("agency").defer(
        "access_token", "refresh_token").filter(pk=pk).first()
    if account is None or not (roles.region_wide or roles.member_of(account.agency_id)):
        raise Http404
    if not account.agency.is_active and not roles.region_wide:
        raise Http404
    if for_change:
        allowed = may_enter_whatsapp_access(roles) if whatsapp else may_connect(roles, account.agency_id)
        if not allowed:
            raise PermissionDenied
    return account


def accounts_due_for_refresh(*, now: datetime | None = None) -> list[int]:
    """Active accounts whose renewable access expires within REFRESH_MARGIN (or already has).
    Accounts needing attention wait for a person to reconnect them."""
    now = now or timezone.now()
    return list(
        OfficialAccount.objects.filter(
            is_active=True, platform__in=REFRESHABLE, refresh_token__isnull=False,
            token_expires_at__lte=now + REFRESH_MARGIN,
        )
        .exclude(status=ConnectionStatus.NEEDS_ATTENTION)
        .order_by("token_expires_at")
        .values_list("pk", flat=True)
    )
