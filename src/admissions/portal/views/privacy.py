"""The applicant's personal data: download it all, or ask for its erasure."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from admissions.accounts.erasure import ErasureRefused
from admissions.core import clock
from admissions.portal.forms.privacy import ErasureConfirmForm
from admissions.workflows.privacy.erasure import ask_for_erasure
from admissions.workflows.privacy.export import build_export


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
                return redirect("portal:privacy")
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
