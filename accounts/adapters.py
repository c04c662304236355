from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are created by the communications office or an admin."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
