"""Account pages that refine allauth's own."""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.views import ActivateTOTPView
from django.http import HttpResponse

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
