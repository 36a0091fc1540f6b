from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from admissions.accounts.mfa import has_mfa
from admissions.core.permissions import is_staff_member

# Pages only staff reach. The MFA set-up pages themselves stay reachable.
PROTECTED_PREFIXES = ("/staff/", "/admin/")


class StaffMFARequiredMiddleware:
    """Staff must turn on two-factor authentication before they reach any staff page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            path.startswith(PROTECTED_PREFIXES)
            and request.user.is_authenticated
            and is_staff_member(request.user)
            and not has_mfa(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Staff accounts need two-factor authentication. "
                    "Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
