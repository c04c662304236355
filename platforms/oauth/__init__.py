"""Connecting official accounts ("Hubungkan"): the platforms' own sign-in (X OAuth 2.0 with
PKCE, Facebook Login for the Page token and its linked Instagram account, Google OAuth for
YouTube), the WhatsApp system-user access entered by the communications office, and keeping
short-lived access fresh.

- `providers`: the HTTP side per platform (authorize URL, code exchange, refresh, who signed in);
- `services`: the writes (store a connection, refresh with compare-and-set, mark an account);
- `selectors`: the permission gate for an account's connection;
- `views` / `urls`: the account's connection page, the start and the callback.
"""
