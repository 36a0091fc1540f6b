"""Account pages that refine allauth's own."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from allauth.account.views import PasswordResetView
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_rates
from allauth.mfa.totp.views import ActivateTOTPView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from admissions.accounts.limits import account_and_address_key
from admissions.accounts.mfa import record_two_factor_at_activation


class ActivateTOTPAndCountAsTwoFactorView(ActivateTOTPView):
    """allauth's TOTP set-up page; the code typed to turn it on also completes this session's
    second step, so staff go straight on to their work."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        from allauth.mfa.models import Authenticator

        authenticator = Authenticator.objects.get(
            user=self.request.user, type=Authenticator.Type.TOTP
        )
        record_two_factor_at_activation(self.request, self.request.user, authenticator)
        return response


activate_totp = ActivateTOTPAndCountAsTwoFactorView.as_view()


def too_many_requests(request: HttpRequest, retry_after_seconds: int = 60) -> HttpResponse:
    """The one "too many requests" page: 429 with ``Retry-After``, in the person's language.
    allauth answers its own limits with it too (``handler429`` in the project's urls)."""
    seconds = max(1, int(retry_after_seconds))
    response = render(
        request,
        "429.html",
        {"wait_minutes": -(-seconds // 60)},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(seconds)
    return response


def _window_seconds(action: str) -> int:
    rates = get_rates(app="allauth.account", action=action)
    return int(max((rate.duration for rate in rates), default=60))


class PasswordResetPerAccountAndAddressView(PasswordResetView):
    """allauth's password-reset request, counted per account *and* address.

    allauth counts requests per address and per account: behind the TLS proxy everyone
    shares one address, and three requests from a stranger for someone's account stopped the
    owner asking from anywhere. Here the strict limit joins the account and the address
    (``accounts.limits``), the address alone has a higher ceiling, and one mailbox gets at
    most ``reset_password_mailbox`` emails whoever asks (``settings.ACCOUNT_RATE_LIMITS``).
    """

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].lower()
        limits = (
            ("reset_password", account_and_address_key(self.request, email)),
            ("reset_password_mailbox", email),
        )
        for action, key in limits:
            if not ratelimit.consume(self.request, action=action, key=key):
                return too_many_requests(self.request, _window_seconds(action))
        form.save(self.request)
        # allauth's own form_valid would count again, per account alone: skip to FormView's.
        return super(PasswordResetView, self).form_valid(form)


password_reset = PasswordResetPerAccountAndAddressView.as_view()
