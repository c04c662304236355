"""The fake platform's sign-in side: the authorize pages and token endpoints Sigap's
"Hubungkan" flow talks to (platforms/oauth/), mixed into FakePlatform.

- X: `GET /i/oauth2/authorize` (PKCE S256 required), `POST /2/oauth2/token` for the code
  (client Basic auth, code_verifier checked) and for `grant_type=refresh_token`. Access tokens
  last 2 h; every refresh rotates the refresh token and the old one is refused from then on.
- Meta: `GET /dialog/oauth`, `GET /oauth/access_token` (the code, then `fb_exchange_token`
  for a long-lived user token), `GET /me/accounts` (the Pages the user manages, each with its
  Page token and `instagram_business_account`). Page tokens do not expire.
- Google: `GET /o/oauth2/v2/auth`, `POST /token` for the code (PKCE when a challenge was
  sent) and for refresh (same refresh token, new 1 h access token).

Who signs in: the authorize page lists the demo accounts and approves as the chosen one. Tests
skip the page with `fake_approve=<handle>` (or `fake_deny=1`) on the authorize URL. The Meta
user chosen manages every Page of the chosen account's agency; an Instagram account whose
agency has no Page of its own is linked to an unlisted Page of that agency.

Issued access tokens go into `by_token`, so that the API endpoints accept them like the
published demo tokens; expired ones are refused like `expire_token` ones. Control:
`POST /_fake/oauth/revoke {"platform", "handle"}` revokes every grant of an account (its
refresh tokens then get `invalid_grant`)."""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from platforms.fake import ids

if TYPE_CHECKING:
    from platforms.fake.server import Account, Request, Response

#: The demo apps' credentials; portal/settings.py uses the same values in DEBUG.
CLIENTS = {
    "x": ("sigap-x-client-id", "sigap-x-client-secret"),
    "meta": ("sigap-meta-app-id", "sigap-meta-app-secret"),
    "google": ("sigap-google-client-id.apps.googleusercontent.com", "sigap-google-client-secret"),
}
X_ACCESS_SECONDS = 2 * 60 * 60
GOOGLE_ACCESS_SECONDS = 3599
META_SHORT_SECONDS = 2 * 60 * 60
META_LONG_SECONDS = 60 * 24 * 60 * 60
CODE_SECONDS = 10 * 60
#: Which demo accounts each sign-in page offers.
PICKABLE = {"x": ("x",), "meta": ("facebook", "instagram"), "google": ("youtube",)}
TITLES = {"x": "X", "meta": "Facebook", "google": "Google"}


def _response(status: int, body: Any, headers: dict[str, str] | None = None,
              content_type: str = "application/json; charset=utf-8") -> Response:
    from platforms.fake.server import Response

    return Response(status, body, headers or {}, content_type)


def _oauth_error(status: int, error: str, description: str) -> Response:
    return _response(status, {"error": error, "error_description": description})


def _meta_error(message: str, code: int = 100, subcode: int | None = None) -> Response:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code,
                             "fbtrace_id": base64.b64encode(secrets.token_bytes(9)).decode()}
    if subcode is not None:
        error["error_subcode"] = subcode
    return _response(400, {"error": error})


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


class FakeOAuth:
    """Mixed into FakePlatform (which provides accounts, by_token, by_handle, expired_tokens
    and the lock every handler runs under)."""

    accounts: list[Account]
    by_token: dict[str, Account]
    by_handle: dict[tuple[str, str], Account]
    expired_tokens: set[str]

    def _oauth_routes(self) -> list[tuple[str, str, Any]]:
        return [
            ("POST", r"/_fake/oauth/revoke", self.oauth_control_revoke),
            ("GET", r"/i/oauth2/authorize", self.x_authorize),
            ("POST", r"/2/oauth2/token", self.x_token),
            ("GET", r"/dialog/oauth", self.meta_dialog),
            ("GET", r"/oauth/access_token", self.meta_access_token),
            ("GET", r"/me/accounts", self.meta_me_accounts),
            ("GET", r"/o/oauth2/v2/auth", self.google_authorize),
            ("POST", r"/token", self.google_token),
        ]

    def _oauth_reset(self) -> None:
        self.by_token = {a.token: a for a in self.accounts}  # issued tokens are forgotten
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.oauth_access_expiry: dict[str, float] = {}
        self.oauth_refresh: dict[str, dict[str, Any]] = {}
        self.meta_users: dict[str, dict[str, Any]] = {}

    def _oauth_expire(self, request: Request) -> None:
        """An issued access token past its lifetime is refused from now on."""
        token = request.bearer() or request.query.get("access_token", "")
        expiry = self.oauth_access_expiry.get(token)
        if expiry is not None and time.time() >= expiry:
            self.expired_tokens.add(token)

    # --- Authorize pages --------------------------------------------------------------------

    def x_authorize(self, request: Request) -> Response:
        return self._authorize(request, "x", pkce_required=True)

    def meta_dialog(self, request: Request) -> Response:
        return self._authorize(request, "meta", pkce_required=False)

    def google_authorize(self, request: Request) -> Response:
        return self._authorize(request, "google", pkce_required=False)

    def _authorize(self, request: Request, provider: str, *, pkce_required: bool) -> Response:
        q = request.query
        problem = ""
        if q.get("client_id") != CLIENTS[provider][0]:
            problem = "Unknown client_id: this app is not registered."
        elif not q.get("redirect_uri", "").startswith(("http://", "https://")):
            problem = "redirect_uri is missing or not an absolute http(s) URL."
        elif q.get("response_type", "code") != "code":
            problem = "Only response_type=code is supported."
        elif not q.get("state"):
            problem = "state is required."
        elif pkce_required and (not q.get("code_challenge") or q.get("code_challenge_method") != "S256"):
            problem = "PKCE is required: code_challenge with code_challenge_method=S256."
        if problem:  # the platform shows its own error page; nothing goes back to the app
            return self._page(400, f"{TITLES[provider]}: request refused", f"<p>{html.escape(problem)}</p>")
        back = {"state": q["state"]}
        if q.get("fake_deny"):
            return _response(302, "", {"Location": _with_query(q["redirect_uri"], {
                **back, "error": "access_denied", "error_description": "The user denied the request."})})
        chosen = q.get("fake_approve", "")
        if chosen:
            account = next((a for p in PICKABLE[provider] for a in self.accounts
                            if a.platform == p and a.handle == ids.normalize(p, chosen)), None)
            if account is None:
                return self._page(400, f"{TITLES[provider]}: unknown account",
                                  f"<p>No demo account {html.escape(chosen)}.</p>")
            code = secrets.token_urlsafe(24)
            self.oauth_codes[code] = {
                "provider": provider, "account": account, "client_id": q["client_id"],
                "redirect_uri": q["redirect_uri"], "challenge": q.get("code_challenge", ""),
                "method": q.get("code_challenge_method", ""), "scope": q.get("scope", ""),
                "expires": time.time() + CODE_SECONDS,
            }
            return _response(302, "", {"Location": _with_query(q["redirect_uri"], {**back, "code": code})})
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in q.items() if not k.startswith("fake_"))
        options = "".join(
            f'<option value="{html.escape(a.handle)}">{html.escape(a.name)} — {a.platform} '
            f'{html.escape(a.handle)}</option>'
            for p in PICKABLE[provider] for a in self.accounts if a.platform == p)
        body = (
            f"<p>Sigap (demo) asks to read and answer mentions and comments for the account you "
            f"sign in with. Scope: <code>{html.escape(q.get('scope') or q.get('config_id', ''))}</code></p>"
            f'<form method="get"><p><label>Masuk sebagai / Sign in as '
            f'<select name="fake_approve">{options}</select></label></p>{hidden}'
            f'<p><button type="submit">Izinkan / Authorize</button> '
            f'<button type="submit" name="fake_deny" value="1">Tolak / Deny</button></p></form>'
        )
        return self._page(200, f"{TITLES[provider]} (fake): authorize Sigap", body)

    @staticmethod
    def _page(status: int, title: str, body: str) -> Response:
        page = (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)}'
                f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>")
        return _response(status, page, content_type="text/html; charset=utf-8")

    # --- Codes and tokens -------------------------------------------------------------------------

    def _take_code(self, code: str, provider: str, client_id: str, redirect_uri: str) -> dict[str, Any] | str:
        """The grant behind a code (used once), or why it is refused."""
        grant = self.oauth_codes.pop(code, None)
        if grant is None or grant["provider"] != provider or grant["expires"] < time.time():
            return "Value passed for the authorization code was invalid."
        if grant["client_id"] != client_id:
            return "The code was issued to another client."
        if grant["redirect_uri"] != redirect_uri:
            return "redirect_uri does not match the one used to authorize."
        return grant

    def _issue_access(self, account: Account, kind: str, lifetime: int | None) -> str:
        token = f"fake-oauth-{kind}-{secrets.token_urlsafe(24)}"
        self.by_token[token] = account
        if lifetime is not None:
            self.oauth_access_expiry[token] = time.time() + lifetime
        return token

    def _issue_refresh(self, account: Account, provider: str, client_id: str, scope: str) -> str:
        token = f"fake-refresh-{provider}-{secrets.token_urlsafe(32)}"
        self.oauth_refresh[token] = {"account": account, "provider": provider, "client_id": client_id,
                                     "scope": scope}
        return token

    @staticmethod
    def _basic_client(request: Request) -> tuple[str, str]:
        auth = request.headers.get("authorization", "")
        if not auth.lower().startswith("basic "):
            return "", ""
        try:
            decoded = base64.b64decode(auth[6:].strip()).decode()
        except (ValueError, UnicodeDecodeError):
            return "", ""
        client_id, _sep, secret = decoded.partition(":")
        return client_id, secret

    def x_token(self, request: Request) -> Response:
        """X's token endpoint (confidential client: Basic auth). Error bodies follow X's
        `{"error", "error_description"}`; the exact descriptions are unconfirmed."""
        form = request.form()
        client_id, secret = self._basic_client(request)
        if (client_id, secret) != CLIENTS["x"]:
            return _oauth_error(401, "unauthorized_client", "Missing valid authorization header")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            grant = self._take_code(form.get("code", ""), "x", client_id, form.get("redirect_uri", ""))
            if isinstance(grant, str):
                return _oauth_error(400, "invalid_request", grant)
            if s256(form.get("code_verifier", "")) != grant["challenge"]:
                return _oauth_error(400, "invalid_request", "Value passed for the code verifier did not "
                                    "match the code challenge.")
            account, scope = grant["account"], grant["scope"]
        elif grant_type == "refresh_token":
            held = self.oauth_refresh.pop(form.get("refresh_token", ""), None)  # rotation: used once
            if held is None or held["provider"] != "x":
                return _oauth_error(400, "invalid_request", "Value passed for the token was invalid.")
            account, scope = held["account"], held["scope"]
        else:
            return _oauth_error(400, "unsupported_grant_type", "grant_type not supported")
        body = {"token_type": "bearer", "expires_in": X_ACCESS_SECONDS, "scope": scope,
                "access_token": self._issue_access(account, "x", X_ACCESS_SECONDS)}
        if "offline.access" in scope.split():
            body["refresh_token"] = self._issue_refresh(account, "x", client_id, scope)
        return _response(200, body)

    def google_token(self, request: Request) -> Response:
        form = request.form()
        client_id = form.get("client_id", "")
        if (client_id, form.get("client_secret", "")) != CLIENTS["google"]:
            return _oauth_error(401, "invalid_client", "The OAuth client was not found.")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            grant = self._take_code(form.get("code", ""), "google", client_id, form.get("redirect_uri", ""))
            if isinstance(grant, str):
                return _oauth_error(400, "invalid_grant", "Bad Request")
            if grant["challenge"] and s256(form.get("code_verifier", "")) != grant["challenge"]:
                return _oauth_error(400, "invalid_grant", "Invalid code verifier.")
            account, scope = grant["account"], grant["scope"]
            body = {"access_token": self._issue_access(account, "google", GOOGLE_ACCESS_SECONDS),
                    "expires_in": GOOGLE_ACCESS_SECONDS, "scope": scope, "token_type": "Bearer",
                    "refresh_token": self._issue_refresh(account, "google", client_id, scope)}
            return _response(200, body)
        if grant_type == "refresh_token":
            held = self.oauth_refresh.get(form.get("refresh_token", ""))  # Google does not rotate
            if held is None or held["provider"] != "google":
                return _oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
            return _response(200, {
                "access_token": self._issue_access(held["account"], "google", GOOGLE_ACCESS_SECONDS),
                "expires_in": GOOGLE_ACCESS_SECONDS, "scope": held["scope"], "token_type": "Bearer"})
        return _oauth_error(400, "unsupported_grant_type", "Invalid grant_type.")

    def meta_access_token(self, request: Request) -> Response:
        """The code for a short-lived user token, or (fb_exchange_token) a long-lived one."""
        q = request.query
        if (q.get("client_id"), q.get("client_secret")) != CLIENTS["meta"]:
            return _meta_error("Error validating client secret.", code=1)
        if q.get("grant_type") == "fb_exchange_token":
            user = self.meta_users.get(q.get("fb_exchange_token", ""))
            if user is None or user["expires"] < time.time():
                return _meta_error("Error validating access token: Session has expired.", code=190, subcode=463)
            token = f"fake-oauth-meta-user-{secrets.token_urlsafe(24)}"
            self.meta_users[token] = {"agency": user["agency"], "expires": time.time() + META_LONG_SECONDS}
            return _response(200, {"access_token": token, "token_type": "bearer", "expires_in": META_LONG_SECONDS})
        grant = self._take_code(q.get("code", ""), "meta", q.get("client_id", ""), q.get("redirect_uri", ""))
        if isinstance(grant, str):
            return _meta_error(f"Invalid verification code format. {grant}", code=100)
        token = f"fake-oauth-meta-user-{secrets.token_urlsafe(24)}"
        self.meta_users[token] = {"agency": grant["account"].agency, "expires": time.time() + META_SHORT_SECONDS}
        return _response(200, {"access_token": token, "token_type": "bearer", "expires_in": META_SHORT_SECONDS})

    def meta_me_accounts(self, request: Request) -> Response:
        """The Pages the user manages, each with a Page token (no expiry) and the Instagram
        professional account linked to it."""
        token = request.bearer() or request.query.get("access_token", "")
        user = self.meta_users.get(token)
        if user is None or user["expires"] < time.time():
            return _meta_error("Invalid OAuth access token - Cannot parse access token", code=190)
        mine = [a for a in self.accounts if a.agency == user["agency"]]
        pages = [a for a in mine if a.platform == "facebook"]
        instagram = [a for a in mine if a.platform == "instagram"]
        data = []
        for n, page in enumerate(pages):
            entry = {"id": page.id, "name": page.name, "username": page.handle, "category": "Government Organization",
                     "tasks": ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
                     "access_token": self._issue_access(page, "page", None)}
            if n < len(instagram):
                entry["instagram_business_account"] = {"id": instagram[n].id, "username": instagram[n].handle}
            data.append(entry)
        for ig in instagram[len(pages):]:  # an Instagram account whose Page is not registered anywhere
            data.append({"id": ids.page_id(f"unlisted-{ig.handle}"), "name": f"{ig.name} (Page)",
                         "username": "", "category": "Government Organization", "tasks": ["MODERATE", "MANAGE"],
                         "access_token": self._issue_access(ig, "page", None),
                         "instagram_business_account": {"id": ig.id, "username": ig.handle}})
        return _response(200, {"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}})

    # --- Control ------------------------------------------------------------------------------------

    def oauth_control_revoke(self, request: Request) -> Response:
        body = request.json()
        platform = str(body.get("platform") or "")
        account = self.by_handle.get((platform, ids.normalize(platform, str(body.get("handle") or ""))))
        if account is None:
            return _response(400, {"error": "platform and handle of a demo account are required"})
        revoked = [t for t, held in self.oauth_refresh.items() if held["account"] is account]
        for token in revoked:
            del self.oauth_refresh[token]
        issued = [t for t, a in self.by_token.items() if a is account and t in self.oauth_access_expiry]
        self.expired_tokens.update(issued)
        return _response(200, {"revoked_refresh_tokens": len(revoked), "revoked_access_tokens": len(issued)})
