from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admissions.accounts import sessions
from admissions.accounts.mfa import has_mfa, session_passed_two_factor
from admissions.core.permissions import is_staff_member, suspend_staff_roles

# Pages only staff reach. The two-factor pages themselves live under /accounts/ and stay
# reachable.
PROTECTED_PREFIXES = ("/staff/", "/admin/")
# The one staff page reached before a second factor exists: where someone invited to a review
# committee accepts (backoffice.views.committees.join). It needs no staff role (they stay
# suspended like everywhere else) and sends the person on to set up TOTP, which every other
# staff page then demands.
TWO_FACTOR_EXEMPT_PATHS = ("/staff/join/",)
API_PREFIX = "/api/"

MFA_REQUIRED = gettext_lazy(
    "Staff need a session that passed two-factor authentication. Sign in with your "
    "authenticator code, then try again."
)


def _needs_two_factor(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if not (is_staff_member(user) or user.is_staff or user.is_superuser):
        return False
    return not session_passed_two_factor(request)


class StaffTwoFactorMiddleware:
    """Staff reach staff pages, the admin and the API only from a session that passed
    two-factor authentication.

    Having an authenticator is not enough: a password alone must never open a staff page,
    whatever form it was typed into. Until the session passes the second step, the person's
    staff roles are suspended for the request (so no permission check anywhere grants them
    anything), staff pages redirect to the two-factor step (setting up an authenticator
    first when there is none) and the API answers 403 with ``"code": "mfa_required"``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _needs_two_factor(request):
            return self.get_response(request)
        path = request.path_info
        suspend_staff_roles(request.user)
        request.staff_two_factor_pending = True  # type: ignore[attr-defined]
        if path.startswith(API_PREFIX):
            return JsonResponse(
                {"detail": str(MFA_REQUIRED), "code": "mfa_required", "errors": []}, status=403
            )
        if path.startswith(PROTECTED_PREFIXES) and not path.startswith(TWO_FACTOR_EXEMPT_PATHS):
            if not has_mfa(request.user):
                messages.warning(
                    request,
                    _(
                        "Staff accounts need two-factor authentication. "
                        "Set up an authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
            step = reverse("mfa_reauthenticate")
            return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SessionLimitsMiddleware:
    """Ends a session that lasted too long or sat idle too long (``accounts.sessions``).

    The person is signed out before anything else reads the request, told why, and the
    request goes on as anonymous: a page that needs an account sends them to sign in (where
    the message shows), the API answers 401. Runs before the two-factor middleware, so an
    expired staff session is signed out rather than asked for a code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            at = sessions.now()
            reason = sessions.why_it_ended(request, at)
            if reason:
                logout(request)
                messages.info(request, reason)
            else:
                sessions.record_activity(request, at)
        return self.get_response(request)
