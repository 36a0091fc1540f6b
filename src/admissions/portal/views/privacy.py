"""The privacy notice: why the school keeps what it keeps, on what legal basis, for how long,
the rights people have and whom to ask. Public; linked from every page's footer and accepted
on the sign-up form, which records the version below (``settings.PRIVACY_NOTICE_VERSION``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/privacy.html",
        {
            "version": settings.PRIVACY_NOTICE_VERSION,
            "retention_months": settings.RETENTION_MONTHS_AFTER_INTAKE,
            "dpo_name": settings.DPO_NAME,
            "dpo_email": settings.DPO_EMAIL,
            "dpo_postal_address": settings.DPO_POSTAL_ADDRESS,
            "accepted_version": getattr(request.user, "privacy_notice_version", ""),
            "accepted_at": getattr(request.user, "privacy_notice_accepted_at", None),
        },
    )
