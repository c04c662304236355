"""Writes for connecting accounts: store what a sign-in gave (after checking it is the
registered account), store WhatsApp access entered by hand, and renew expiring access.

Renewal is a compare-and-set: the new access and refresh token are written in one UPDATE
guarded by the refresh token that was used, so that when two workers renew at once (X makes
every refresh token single-use) the pair that X considers current is the one kept. The token
columns are encrypted with a random IV, so the guard compares the stored ciphertext as read
(`_stored_refresh`), not the plain value."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import ConnectionStatus, OfficialAccount, Platform, normalize_handle
from platforms.oauth import providers
from platforms.oauth.providers import (
    REFRESHABLE,
    GrantRefused,
    Identity,
    MetaPage,
    OAuthError,
    ProviderUnavailable,
    TokenSet,
)
from platforms.oauth.selectors import REFRESH_MARGIN

logger = logging.getLogger(__name__)


class ConnectRefused(OAuthError):
    """The sign-in is not for the registered account (or that platform account is registered
    elsewhere): nothing was stored."""


@dataclass
class ConnectResult:
    connected: list[OfficialAccount]
    notes: list[str] = field(default_factory=list)


# --- Connecting ---------------------------------------------------------------------------


def account_connect(*, account: OfficialAccount, code: str, redirect_uri: str, code_verifier: str) -> ConnectResult:
    """Exchange the code the platform sent back, check who signed in, store the access."""
    provider = providers.provider_for(account.platform)
    if provider is None:
        raise OAuthError(f"{account.get_platform_display()} accounts are not connected by sign-in")
    tokens = providers.exchange_code(provider, code=code, redirect_uri=redirect_uri, code_verifier=code_verifier)
    if provider == "meta":
        return _connect_meta(account, tokens)
    identity = providers.x_whoami(tokens.access_token) if provider == "x" else \
        providers.youtube_whoami(tokens.access_token)
    notes = _check_same_account(account, identity)
    return ConnectResult(connected=[_store(account, tokens, identity)], notes=notes)


def account_connect_whatsapp(*, account: OfficialAccount, access_token: str, phone_number_id: str) -> OfficialAccount:
    """The WhatsApp Business system user's access and the number's phone number id, checked by
    reading that phone number with that access (it must be this account's number)."""
    try:
        identity = providers.whatsapp_phone_number(access_token=access_token, phone_number_id=phone_number_id)
    except GrantRefused as exc:
        raise ConnectRefused(_("Meta refused this access or phone number id: %(reason)s. Nothing was changed.")
                             % {"reason": exc}) from None
    number = normalize_handle(Platform.WHATSAPP, identity.handle)
    if number != account.handle:
        raise ConnectRefused(
            _("Phone number id %(id)s belongs to %(number)s, not to this account's number %(registered)s. "
              "Nothing was changed.") % {"id": phone_number_id, "number": number or "?",
                                         "registered": account.handle})
    return _store(account, TokenSet(access_token=access_token), identity)


def _check_same_account(account: OfficialAccount, identity: Identity) -> list[str]:
    """The platform id when Sigap knows it (handles change), else the handle."""
    if account.external_id:
        same = identity.external_id == account.external_id
    else:
        same = bool(identity.handle) and identity.handle == account.handle
    if not same:
        signed_in = _display(account.platform, identity.handle) if identity.handle else identity.external_id
        raise ConnectRefused(
            _("You signed in on %(platform)s as %(signed_in)s, but this official account is %(registered)s. "
              "Nothing was changed: switch to %(registered)s on %(platform)s and connect again.")
            % {"platform": account.get_platform_display(), "signed_in": signed_in,
               "registered": account.display_handle})
    if identity.handle and identity.handle != account.handle:
        return [_("On %(platform)s this account is now called %(handle)s; the communications office can "
                  "update the registered handle.") % {"platform": account.get_platform_display(),
                                                      "handle": _display(account.platform, identity.handle)}]
    return []


def _display(platform: str, handle: str) -> str:
    from agencies.models import display_handle

    return display_handle(platform, handle)


def _store(account: OfficialAccount, tokens: TokenSet, identity: Identity) -> OfficialAccount:
    """Save the access on the account (encrypted; audited without it): its platform id, name,
    status connected and no last error."""
    with transaction.atomic():
        row = OfficialAccount.objects.select_for_update().select_related("agency").get(pk=account.pk)
        clash = (OfficialAccount.objects.select_related("agency")
                 .filter(platform=row.platform, external_id=identity.external_id).exclude(pk=row.pk).first())
        if clash is not None:
            raise ConnectRefused(
                _("This %(platform)s account is already registered in Sigap as %(handle)s of %(agency)s. "
                  "Nothing was changed.") % {"platform": row.get_platform_display(),
                                             "handle": clash.display_handle, "agency": clash.agency.short_name})
        row.access_token = tokens.access_token
        row.refresh_token = tokens.refresh_token
        row.token_expires_at = tokens.expires_at
        row.external_id = identity.external_id
        if identity.display_name:
            row.display_name = identity.display_name[:200]
        row.status = ConnectionStatus.CONNECTED
        row.last_error = ""
        row.paused_until = None
        row.save(update_fields=["access_token", "refresh_token", "token_expires_at", "external_id",
                                "display_name", "status", "last_error", "paused_until", "updated_at"])
    logger.info("account %s connected (%s)", row.pk, row.platform)
    return row


def _matches(account: OfficialAccount, identity: Identity) -> bool:
    if account.external_id:
        return account.external_id == identity.external_id
    return bool(identity.handle) and account.handle == identity.handle


def _connect_meta(account: OfficialAccount, short_lived: TokenSet) -> ConnectResult:
    """Facebook Login: the Page token of the registered Page (or of the Page linked to the
    registered Instagram account), and the other of the pair when it is registered for the
    same agency. Page tokens taken with a long-lived user token do not expire."""
    user_token = providers.meta_long_lived(short_lived.access_token).access_token
    pages = providers.meta_pages(user_token)
    if account.platform == Platform.FACEBOOK:
        page = next((p for p in pages if _matches(account, p.identity)), None)
        if page is None:
            raise ConnectRefused(
                _("The Facebook user who signed in does not manage the Page %(page)s. Nothing was changed: "
                  "sign in with a Facebook user who manages that Page.") % {"page": account.handle})
        primary = _store(account, TokenSet(access_token=page.access_token), page.identity)
        result = ConnectResult(connected=[primary])
        if page.instagram is not None:
            _connect_partner(result, account, Platform.INSTAGRAM, page.instagram, page)
        return result
    page = next((p for p in pages if p.instagram is not None and _matches(account, p.instagram)), None)
    if page is None or page.instagram is None:
        raise ConnectRefused(
            _("None of the Pages the Facebook user who signed in manages is linked to the Instagram account "
              "%(handle)s. Nothing was changed: link the account to the agency's Page on Instagram "
              "(Settings → Account type and tools) and sign in with a user who manages that Page.")
            % {"handle": account.display_handle})
    result = ConnectResult(connected=[_store(account, TokenSet(access_token=page.access_token), page.instagram)])
    _connect_partner(result, account, Platform.FACEBOOK, page.identity, page)
    return result


def _connect_partner(result: ConnectResult, account: OfficialAccount, platform: str, identity: Identity,
                     page: MetaPage) -> None:
    """The Page's Instagram account (or the Instagram account's Page): connected too when it is
    registered for the same agency; never created, never another agency's."""
    candidates = OfficialAccount.objects.select_related("agency").filter(platform=platform).filter(
        Q(external_id=identity.external_id) | Q(external_id__isnull=True, handle=identity.handle or "-"))
    partner = next((c for c in candidates if c.agency_id == account.agency_id), None)
    shown = _display(platform, identity.handle) if identity.handle else identity.external_id
    if partner is None:
        elsewhere = next(iter(candidates), None)
        if elsewhere is not None:
            result.notes.append(_("The linked %(platform)s account %(handle)s is registered for %(agency)s: it "
                                  "was not connected here.") % {"platform": Platform(platform).label,
                                                                "handle": shown,
                                                                "agency": elsewhere.agency.short_name})
        elif platform == Platform.INSTAGRAM:
            result.notes.append(_("The Page is linked to the Instagram account %(handle)s, which is not "
                                  "registered in Sigap; the communications office can add it.") % {"handle": shown})
        return
    try:
        with transaction.atomic():
            result.connected.append(_store(partner, TokenSet(access_token=page.access_token), identity))
    except ConnectRefused as exc:
        result.notes.append(str(exc))


# --- Renewing -----------------------------------------------------------------------------


@dataclass
class RefreshOutcome:
    status: str  # refreshed, fresh, refreshed_elsewhere, needs_attention, retry, skipped
    detail: str = ""


@dataclass
class _TokenRow:
    platform: str
    refresh_token: str | None
    stored_refresh: str | None  # the ciphertext as stored: the compare-and-set guard
    expires_at: datetime | None


def _read_token_row(account_id: int) -> _TokenRow | None:
    row = (OfficialAccount.objects.filter(pk=account_id, is_active=True)
           .annotate(stored_refresh=Cast("refresh_token", output_field=TextField()))
           .values("platform", "refresh_token", "stored_refresh", "token_expires_at").first())
    if row is None:
        return None
    return _TokenRow(platform=row["platform"], refresh_token=row["refresh_token"],
                     stored_refresh=row["stored_refresh"], expires_at=row["token_expires_at"])


def _still_holding(account_id: int, stored_refresh: str) -> QuerySet[OfficialAccount]:
    """The account, only while its refresh token is still the one that was read."""
    return OfficialAccount.objects.filter(pk=account_id).filter(
        Exact(Cast("refresh_token", output_field=TextField()), stored_refresh))


def account_token_refresh(*, account_id: int, force: bool = False) -> RefreshOutcome:
    """Renew the account's access when it expires within REFRESH_MARGIN (or now, `force`).

    The new pair is stored in one UPDATE guarded by the refresh token used; the loser of a
    race (its UPDATE matches nothing, or the platform refuses the refresh token the winner
    already spent) re-reads and finds the winner's pair. A refusal with the refresh token
    still current (revoked, expired) marks the account as needing attention; an unreachable
    platform leaves it alone for the next round."""
    row = _read_token_row(account_id)
    if row is None or not row.refresh_token or not row.stored_refresh or row.platform not in REFRESHABLE:
        return RefreshOutcome("skipped", "no renewable access")
    if not force and row.expires_at is not None and row.expires_at > timezone.now() + REFRESH_MARGIN:
        return RefreshOutcome("fresh")
    provider = providers.provider_for(row.platform) or ""
    try:
        tokens = providers.refresh_access(provider, refresh_token=row.refresh_token)
    except ProviderUnavailable as exc:
        logger.info("account %s: access not renewed yet: %s", account_id, exc)
        return RefreshOutcome("retry", str(exc))
    except GrantRefused as exc:
        reason = f"access could not be renewed ({exc}); reconnect the account"
        marked = _still_holding(account_id, row.stored_refresh).update(
            status=ConnectionStatus.NEEDS_ATTENTION, last_error=reason[:500])
        if not marked:
            return RefreshOutcome("refreshed_elsewhere", "another worker renewed it first")
        logger.warning("account %s needs attention: %s", account_id, reason)
        return RefreshOutcome("needs_attention", reason)
    except OAuthError as exc:
        logger.warning("account %s: access not renewed: %s", account_id, exc)
        return RefreshOutcome("retry", str(exc))
    stored = _still_holding(account_id, row.stored_refresh).update(
        access_token=tokens.access_token, refresh_token=tokens.refresh_token or row.refresh_token,
        token_expires_at=tokens.expires_at, status=ConnectionStatus.CONNECTED, last_error="",
        updated_at=timezone.now())
    if not stored:
        # Another worker (or a reconnect) stored a newer pair while this one was asking: keep
        # theirs. What this call got is discarded.
        return RefreshOutcome("refreshed_elsewhere", "another worker renewed it first")
    logger.info("account %s: access renewed until %s", account_id, tokens.expires_at)
    return RefreshOutcome("refreshed")


def access_needs_refresh(account: OfficialAccount, *, now: datetime | None = None) -> bool:
    """For a caller holding the account (polling): renewable access that is (nearly) expired."""
    now = now or timezone.now()
    return (account.platform in REFRESHABLE and bool(account.refresh_token)
            and account.token_expires_at is not None and account.token_expires_at <= now + REFRESH_MARGIN)
