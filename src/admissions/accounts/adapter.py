from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # A new account corresponds in the language the person signed up in.
        language = (get_language() or "en")[:2]
        user.preferred_language = language if language in ("en", "fr") else "en"
        return super().save_user(request, user, form, commit=commit)
