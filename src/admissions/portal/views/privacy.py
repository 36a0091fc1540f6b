"""Privacy: the public notice (why the school keeps what it keeps, on what legal basis, for
how long, the rights people have and whom to ask; accepted on the sign-up form, which records
``settings.PRIVACY_NOTICE_VERSION``), and the applicant's own data: download it all, or ask
for its erasure."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from admissions.accounts.erasure import ErasureRefused
from admissions.core import clock
from admissions.portal.forms.privacy import ErasureConfirmForm
from admissions.workflows.privacy.erasure import ask_for_erasure
from admissions.workflows.privacy.export import build_export


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


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/privacy/privacy.html",
        {"grace_days": settings.ERASURE_GRACE_DAYS},
    )


@login_required
@require_POST
def export(request: HttpRequest) -> FileResponse:
    now = clock.now()
    archive = build_export(user=request.user, request=request, now=now)
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"my-data-{now:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    form = ErasureConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                ask_for_erasure(user=request.user, request=request, now=clock.now())
            except ErasureRefused as error:
                messages.error(request, str(error))
                return redirect("portal:my-data")
            logout(request)
            return redirect("portal:privacy-erasure-requested")
        form.mark_invalid()
    return render(
        request,
        "portal/privacy/erase.html",
        {"form": form, "grace_days": settings.ERASURE_GRACE_DAYS},
    )


def erasure_requested(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/privacy/erasure_requested.html",
        {"grace_days": settings.ERASURE_GRACE_DAYS},
    )
