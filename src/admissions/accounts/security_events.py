"""Sign-ins, sign-outs and two-factor changes, written to the audit trail.

Django and allauth announce these with signals; nothing else in the platform reacts to
them, so recording them here adds no business rule behind anyone's back. Connected in
``AccountsConfig.ready``. allauth sends its two-factor signals after the transaction
commits, so a change that rolls back is never recorded.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from admissions.core import audit

ACCOUNT = "account"


def _email(user: Any) -> str:
    return (getattr(user, "email", "") or "")[:120]


def _record(action: str, *, request: HttpRequest | None, user: Any, **data: Any) -> None:
    audit.record(
        action=action,
        actor=user,
        object_type=ACCOUNT,
        object_ref=_email(user),
        request=request,
        data=data,
    )


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record("account.signed_in", request=request, user=user)


def on_logged_out(
    sender: Any, request: HttpRequest | None, user: Any = None, **kwargs: Any
) -> None:
    if user is None:  # the session had expired: nobody to sign out
        return
    _record("account.signed_out", request=request, user=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in ``credentials``; only the login is kept.
    login = str(credentials.get("email") or credentials.get("username") or "").lower()[:120]
    audit.record(
        action="account.sign_in_failed",
        object_type=ACCOUNT,
        object_ref=login,
        request=request,
    )


TWO_FACTOR_ADDED = {
    "totp": "account.totp_activated",
    "recovery_codes": "account.recovery_codes_generated",
}
TWO_FACTOR_REMOVED = {
    "totp": "account.totp_deactivated",
    "recovery_codes": "account.recovery_codes_removed",
}


def on_authenticator_added(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    action = TWO_FACTOR_ADDED.get(authenticator.type, "account.authenticator_added")
    _record(action, request=request, user=user, type=authenticator.type)


def on_authenticator_removed(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    action = TWO_FACTOR_REMOVED.get(authenticator.type, "account.authenticator_removed")
    _record(action, request=request, user=user, type=authenticator.type)


def on_authenticator_reset(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    _record("account.recovery_codes_generated", request=request, user=user, type=authenticator.type)


def on_two_factor_failed(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any = None, **kwargs: Any
) -> None:
    # ``user`` has passed the password step but not yet signed in: recorded by its email,
    # not as the actor (nobody is signed in yet).
    audit.record(
        action="account.two_factor_failed",
        object_type=ACCOUNT,
        object_ref=_email(user),
        request=request,
        data={"reauthentication": bool(kwargs.get("reauthentication", False))},
    )


def on_password_changed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record("account.password_changed", request=request, user=user)


def on_password_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record("account.password_reset", request=request, user=user)


def connect() -> None:
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals
    from django.contrib.auth import signals as auth_signals

    uid = "admissions.accounts.security_events"
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid=f"{uid}.in")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid=f"{uid}.out")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid=f"{uid}.failed")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid=f"{uid}.add")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid=f"{uid}.rm")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid=f"{uid}.reset")
    mfa_signals.authentication_failed.connect(on_two_factor_failed, dispatch_uid=f"{uid}.mfa")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=f"{uid}.pw")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=f"{uid}.reset_pw")
