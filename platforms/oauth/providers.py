"""The HTTP side of connecting an account, per platform: the authorize URL, the code
exchange, the refresh, and who signed in. Nothing here writes to the database.

- X: `https://x.com/i/oauth2/authorize` with PKCE S256; `POST /2/oauth2/token` on the API
  host with the app's Basic auth; user access lasts 2 hours and every refresh returns a new
  refresh token (the old one is dead from then on); `GET /2/users/me` says who signed in.
- Meta (Facebook Login): `dialog/oauth`; `GET /oauth/access_token` for the code, then
  `grant_type=fb_exchange_token` for a long-lived user token; `GET /me/accounts` lists the
  Pages with their Page tokens (which do not expire when taken from a long-lived user token)
  and the Instagram professional account linked to each.
- Google: `accounts.google.com/o/oauth2/v2/auth` (offline access, PKCE); the token endpoint for
  the code and for refresh (Google keeps the refresh token); `channels?mine=true` says which
  channel.
- WhatsApp: no sign-in; the system user's access and the phone number id are checked with one
  `GET /{phone-number-id}`.

Errors carry the platform's error code and description only: never a token, a code or a
secret, so they can be shown and logged.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.utils import timezone

from platforms.connectors.base import HTTP_TIMEOUT

X_SCOPES = "tweet.read tweet.write users.read offline.access"
META_SCOPES = ",".join([
    "pages_show_list", "pages_read_engagement", "pages_read_user_content", "pages_manage_engagement",
    "pages_manage_metadata", "instagram_basic", "instagram_manage_comments", "business_management",
])
GOOGLE_SCOPES = "https://www.googleapis.com/auth/youtube.force-ssl"

#: Which sign-in connects an account of each platform (TikTok has no API for mentions;
#: WhatsApp is entered by hand).
PROVIDERS = {"x": "x", "facebook": "meta", "instagram": "meta", "youtube": "google"}
PROVIDER_NAMES = {"x": "X", "meta": "Facebook", "google": "Google"}
#: Platforms whose access expires and is renewed with a refresh token.
REFRESHABLE = ("x", "youtube")


class OAuthError(Exception):
    """Connecting or refreshing failed; the message is safe to show and log."""


class NotConfigured(OAuthError):
    """The app's client id or secret is not set."""


class ProviderUnavailable(OAuthError):
    """Connection refused, timeout, 5xx or 429: try again later."""


class GrantRefused(OAuthError):
    """The platform refused the code or the refresh token for good (invalid_grant,
    revoked, wrong verifier): a person must connect the account again."""

    def __init__(self, message: str, *, error: str = "") -> None:
        super().__init__(message)
        self.error = error


@dataclass
class TokenSet:
    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    scope: str = ""

    def __repr__(self) -> str:  # never print the tokens (tracebacks, debuggers, logs)
        return f"TokenSet(expires_at={self.expires_at!r}, scope={self.scope!r})"


@dataclass
class Identity:
    """Who signed in, in Sigap's terms: the platform id, the handle as Sigap stores it and the
    display name."""

    external_id: str
    handle: str
    display_name: str = ""


@dataclass
class MetaPage:
    identity: Identity
    access_token: str = field(repr=False)
    instagram: Identity | None = None


def provider_for(platform: str) -> str | None:
    return PROVIDERS.get(platform)


def new_pkce() -> tuple[str, str]:
    """A code verifier (43+ characters of the unreserved set) and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def _client_credentials(provider: str) -> tuple[str, str]:
    pairs = {
        "x": (settings.X_CLIENT_ID, settings.X_CLIENT_SECRET, "X_CLIENT_ID / X_CLIENT_SECRET"),
        "meta": (settings.META_APP_ID, settings.META_APP_SECRET, "META_APP_ID / META_APP_SECRET"),
        "google": (settings.GOOGLE_CLIENT_ID, settings.GOOGLE_CLIENT_SECRET,
                   "GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET"),
    }
    client_id, secret, names = pairs[provider]
    if not client_id or not secret:
        raise NotConfigured(f"{PROVIDER_NAMES[provider]} sign-in is not configured ({names}).")
    return client_id, secret


def is_configured(provider: str) -> bool:
    try:
        _client_credentials(provider)
    except NotConfigured:
        return False
    return True


def authorize_url(provider: str, *, redirect_uri: str, state: str, code_challenge: str) -> str:
    client_id, _secret = _client_credentials(provider)
    params: dict[str, str] = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
                              "state": state}
    if provider == "x":
        base = settings.X_OAUTH_AUTHORIZE_URL
        params.update(scope=X_SCOPES, code_challenge=code_challenge, code_challenge_method="S256")
    elif provider == "meta":
        base = settings.META_OAUTH_DIALOG_URL
        if settings.META_LOGIN_CONFIG_ID:  # Facebook Login for Business
            params["config_id"] = settings.META_LOGIN_CONFIG_ID
        else:
            params["scope"] = META_SCOPES
    else:
        base = settings.GOOGLE_OAUTH_AUTHORIZE_URL
        params.update(scope=GOOGLE_SCOPES, access_type="offline", prompt="consent",
                      include_granted_scopes="true", code_challenge=code_challenge,
                      code_challenge_method="S256")
    return f"{base}?{urlencode(params)}"


# --- HTTP ------------------------------------------------------------------------------


def _http() -> httpx.Client:
    return httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)


def _send(method: str, url: str, **kwargs: Any) -> httpx.Response:
    try:
        with _http() as client:
            response = client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise ProviderUnavailable(f"cannot reach the platform ({type(exc).__name__})") from None
    if response.status_code >= 500 or response.status_code == 429:
        raise ProviderUnavailable(f"the platform answered HTTP {response.status_code}; try again later")
    return response


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _refusal(response: httpx.Response) -> GrantRefused:
    """OAuth's `{"error", "error_description"}` or Graph's `{"error": {"message", "code"}}`."""
    body = _json(response)
    error = body.get("error")
    if isinstance(error, dict):
        code = str(error.get("code") or "")
        message = str(error.get("message") or f"HTTP {response.status_code}")[:200]
        return GrantRefused(f"{message} (code {code})" if code else message, error=code)
    kind = str(error or f"HTTP {response.status_code}")[:60]
    description = str(body.get("error_description") or body.get("detail") or "")[:200]
    return GrantRefused(f"{kind}: {description}" if description else kind, error=kind)


def _token_set(body: dict[str, Any], *, keep_refresh: str | None = None) -> TokenSet:
    access = str(body.get("access_token") or "")
    if not access:
        raise OAuthError("the platform answered without access")
    expires_in = body.get("expires_in")
    expires_at = None
    if isinstance(expires_in, int | float) or (isinstance(expires_in, str) and expires_in.isdigit()):
        expires_at = timezone.now() + timedelta(seconds=int(expires_in))
    return TokenSet(access_token=access, refresh_token=str(body.get("refresh_token") or "") or keep_refresh,
                    expires_at=expires_at, scope=str(body.get("scope") or ""))


def _x_token_url() -> str:
    return f"{settings.X_API_BASE_URL.rstrip('/')}/2/oauth2/token"


def _graph_url(path: str) -> str:
    return f"{settings.META_GRAPH_BASE_URL.rstrip('/')}/{path.lstrip('/')}"


def exchange_code(provider: str, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
    """The authorization code for access (Meta: a short-lived user token)."""
    client_id, secret = _client_credentials(provider)
    if provider == "x":
        response = _send("POST", _x_token_url(), auth=(client_id, secret), data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": code_verifier, "client_id": client_id})
    elif provider == "meta":
        response = _send("GET", _graph_url("oauth/access_token"), params={
            "client_id": client_id, "client_secret": secret, "redirect_uri": redirect_uri, "code": code})
    else:
        response = _send("POST", settings.GOOGLE_OAUTH_TOKEN_URL, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": client_id, "client_secret": secret, "code_verifier": code_verifier})
    if response.status_code != 200:
        raise _refusal(response)
    return _token_set(_json(response))


def refresh_access(provider: str, *, refresh_token: str) -> TokenSet:
    """New access from a refresh token. X answers with a new refresh token (the old one is
    dead from then on); Google keeps the one it has, which is returned again."""
    client_id, secret = _client_credentials(provider)
    if provider == "x":
        response = _send("POST", _x_token_url(), auth=(client_id, secret), data={
            "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id})
    elif provider == "google":
        response = _send("POST", settings.GOOGLE_OAUTH_TOKEN_URL, data={
            "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id,
            "client_secret": secret})
    else:
        raise OAuthError(f"{PROVIDER_NAMES[provider]} access is not refreshed")
    if response.status_code != 200:
        raise _refusal(response)
    return _token_set(_json(response), keep_refresh=refresh_token if provider == "google" else None)


def _get(url: str, access_token: str, params: dict[str, str] | None = None) -> dict[str, Any]:
    response = _send("GET", url, params=params or {}, headers={"Authorization": f"Bearer {access_token}"})
    if response.status_code != 200:
        raise _refusal(response)
    return _json(response)


def x_whoami(access_token: str) -> Identity:
    body = _get(f"{settings.X_API_BASE_URL.rstrip('/')}/2/users/me", access_token)
    data = body.get("data") or {}
    if not data.get("id"):
        raise OAuthError("X did not say which account signed in")
    return Identity(external_id=str(data["id"]), handle=str(data.get("username") or "").lower(),
                    display_name=str(data.get("name") or ""))


def youtube_whoami(access_token: str) -> Identity:
    body = _get(f"{settings.YOUTUBE_API_BASE_URL.rstrip('/')}/channels", access_token,
                {"part": "id,snippet", "mine": "true"})
    items = body.get("items") or []
    if not items:
        raise OAuthError("the Google account that signed in has no YouTube channel")
    channel = items[0]
    snippet = channel.get("snippet") or {}
    return Identity(external_id=str(channel.get("id") or ""),
                    handle=str(snippet.get("customUrl") or "").removeprefix("@").lower(),
                    display_name=str(snippet.get("title") or ""))


def meta_long_lived(user_token: str) -> TokenSet:
    """A long-lived user token (about 60 days): Page tokens read with it do not expire."""
    client_id, secret = _client_credentials("meta")
    response = _send("GET", _graph_url("oauth/access_token"), params={
        "grant_type": "fb_exchange_token", "client_id": client_id, "client_secret": secret,
        "fb_exchange_token": user_token})
    if response.status_code != 200:
        raise _refusal(response)
    return _token_set(_json(response))


def meta_pages(user_token: str) -> list[MetaPage]:
    body = _get(_graph_url("me/accounts"), user_token, {
        "fields": "id,name,username,access_token,instagram_business_account{id,username}", "limit": "100"})
    pages = []
    for raw in body.get("data") or []:
        if not raw.get("id") or not raw.get("access_token"):
            continue
        linked = raw.get("instagram_business_account") or {}
        instagram = None
        if linked.get("id"):
            instagram = Identity(external_id=str(linked["id"]), handle=str(linked.get("username") or "").lower())
        pages.append(MetaPage(
            identity=Identity(external_id=str(raw["id"]), handle=str(raw.get("username") or "").lower(),
                              display_name=str(raw.get("name") or "")),
            access_token=str(raw["access_token"]), instagram=instagram))
    return pages


def whatsapp_phone_number(*, access_token: str, phone_number_id: str) -> Identity:
    """The number behind a phone number id, read with the system user's access: proves both."""
    body = _get(f"{settings.WHATSAPP_API_BASE_URL.rstrip('/')}/{phone_number_id}", access_token,
                {"fields": "display_phone_number,verified_name"})
    digits = re.sub(r"\D", "", str(body.get("display_phone_number") or ""))
    return Identity(external_id=str(body.get("id") or phone_number_id), handle=f"+{digits}" if digits else "",
                    display_name=str(body.get("verified_name") or body.get("name") or ""))
