"""MFA policy: every staff role needs an authenticator before any staff page."""

from __future__ import annotations

from typing import Any


def has_mfa(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_has_mfa_cache", None)
    if cached is None:
        # Imported here: the admin site module that uses this helper loads before apps are ready.
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._has_mfa_cache = cached
    return cached
