"""Sensitive actions ask for a fresh second factor ("sudo mode").

A session that passed two-factor at 8 a.m. may still be open, unattended, at 5 p.m.; an
action that moves money or exports personal data must not ride on it. Such an action needs
the person to have typed a code from their authenticator (or, for an account without one,
their password) within ``settings.REAUTHENTICATION_MINUTES``: the code typed at sign-in
counts, so someone who just signed in is not asked twice.

Use ``@staff_reauthentication_required`` on a view function (below ``@login_required``) or
``StaffReauthenticationRequiredMixin`` on a class-based view. It asks staff accounts only:
anyone else goes on to the view, whose permission check refuses them as before (404), so
the prompt never tells a stranger that a staff action exists. A page answers with allauth's
reauthentication step, which remembers the request (a POST's form included) and carries it
out once the code is right; the API answers 403 with ``"code": "reauthentication_required"``.
Today: refunds, waiver decisions, deferrals and the fee export; releasing decisions will
use the same decorator.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from admissions.accounts.mfa import TWO_FACTOR_METHOD, has_mfa
from admissions.accounts.sessions import is_staff_account

API_PREFIX = "/api/"
CONFIRM_IT_IS_YOU = _(
    "This action needs a fresh confirmation that it is you. Type a code from your "
    "authenticator app to continue."
)
CONFIRM_WITH_PASSWORD = _(
    "This action needs a fresh confirmation that it is you. Type your password to continue."
)
REAUTHENTICATION_REQUIRED = _(
    "This action needs a fresh confirmation that it is you. Confirm with your authenticator "
    "code on the site, then send the request again."
)


def recently_reauthenticated(request: HttpRequest, *, at: float | None = None) -> bool:
    """Whether the signed-in person confirmed who they are within the window: with a code
    when they have an authenticator, otherwise with their password."""
    from allauth.account.authentication import get_authentication_records

    user = request.user
    if not user.is_authenticated:
        return False
    at = time.time() if at is None else at
    method = TWO_FACTOR_METHOD if has_mfa(user) else "password"
    window = settings.REAUTHENTICATION_MINUTES * 60
    return any(
        isinstance(record, dict)
        and record.get("method") == method
        and isinstance(record.get("at"), int | float)
        and 0 <= at - record["at"] < window
        for record in get_authentication_records(request, user)
    )


def ask_to_reauthenticate(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {
                "detail": str(REAUTHENTICATION_REQUIRED),
                "code": "reauthentication_required",
                "errors": [],
            },
            status=403,
        )
    from allauth.account.internal.flows.reauthentication import suspend_request

    if has_mfa(request.user):
        messages.info(request, CONFIRM_IT_IS_YOU)
        step = reverse("mfa_reauthenticate")
    else:
        messages.info(request, CONFIRM_WITH_PASSWORD)
        step = reverse("account_reauthenticate")
    # allauth keeps a POST's form in the session and replays it once the step succeeds.
    return suspend_request(request, step)


def must_reauthenticate(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated and is_staff_account(user) and not recently_reauthenticated(request)
    )


def staff_reauthentication_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Staff reach the view only after confirming who they are within the window."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if must_reauthenticate(request):
            return ask_to_reauthenticate(request)
        return view(request, *args, **kwargs)

    return wrapper


class StaffReauthenticationRequiredMixin:
    """``staff_reauthentication_required`` for class-based views (first in the bases)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if must_reauthenticate(request):
            return ask_to_reauthenticate(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
