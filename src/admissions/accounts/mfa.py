"""The two-factor policy for staff.

Every staff role and the Django admin need a session that *passed* two-factor authentication:
having an authenticator is not enough, since a password alone could then open staff pages
through any sign-in form that skips allauth's second step. allauth records each step a session
completes (``record_authentication``); a completed TOTP or recovery-code step is recorded with
the method ``"mfa"``, at sign-in or when the person confirms a code later (reauthentication).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

TWO_FACTOR_METHOD = "mfa"


def has_mfa(user: Any) -> bool:
    """Whether ``user`` has turned on an authenticator app (TOTP)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_has_mfa_cache", None)
    if cached is None:
        # Imported here: the admin site module that uses this helper loads before apps are ready.
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._has_mfa_cache = cached
    return cached


def session_passed_two_factor(request: HttpRequest) -> bool:
    """Whether the signed-in person completed a second factor in this very session."""
    from allauth.account.authentication import get_authentication_records

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(
        isinstance(record, dict) and record.get("method") == TWO_FACTOR_METHOD
        for record in get_authentication_records(request, user)
    )


def record_two_factor_at_activation(request: HttpRequest, user: Any, authenticator: Any) -> None:
    """A person who turns on TOTP has just typed a valid code for it: the session counts as
    having passed two-factor, so staff are not asked for a second code a few seconds later
    (allauth refuses to accept the same code twice)."""
    from allauth.account.internal.flows.login import record_authentication

    if getattr(request, "user", None) is None or request.user.pk != getattr(user, "pk", None):
        return
    record_authentication(
        request, user, TWO_FACTOR_METHOD, id=authenticator.pk, type=authenticator.type
    )
