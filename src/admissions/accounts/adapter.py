from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import get_language

from admissions.accounts.limits import account_and_address_key


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # A new account corresponds in the language the person signed up in.
        language = (get_language() or "en")[:2]
        user.preferred_language = language if language in ("en", "fr") else "en"
        return super().save_user(request, user, form, commit=commit)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed sign-ins per account (this key) and per address; the account
        # alone would let a stranger lock its owner out, so the key joins both
        # (accounts/limits.py). allauth 65 reads the key through this method only.
        login = credentials.get("email", credentials.get("username", ""))
        return account_and_address_key(request, login)
