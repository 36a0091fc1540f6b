"""The applicant's fee waiver page: ask for the application fee to be waived, with a reason
and a proof, see the request's status and the decision, withdraw an open request.

The proof is checked from its bytes exactly as document uploads are
(``documents.validation.validate_upload``: PDF, JPEG or PNG, a size limit, forged or hostile
files refused with a message saying what to do), then handed to ``finance.services.waivers``.
Another person's application answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.applications.states import is_final
from admissions.core.edge import takes_uploads
from admissions.core.errors import DomainError
from admissions.documents import storage as document_storage
from admissions.documents.validation import (
    DEFAULT_ALLOWED_TYPES,
    UploadRejected,
    validate_upload,
)
from admissions.finance.models import ApplicationFee, FeeStatus, FeeWaiver, WaiverStatus
from admissions.finance.services import ledger, waivers
from admissions.portal.forms.waivers import MAX_PROOF_BYTES, WaiverRequestForm


def _page(
    request: HttpRequest,
    application: Application,
    form: WaiverRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    fee = ApplicationFee.objects.filter(application=application).first()
    programme = application.programme
    amount = fee.amount_cents if fee else int(programme.application_fee_cents or 0)
    requests = list(
        FeeWaiver.objects.filter(fee=fee).order_by("-requested_at", "-pk") if fee else []
    )
    open_request = next((w for w in requests if w.status == WaiverStatus.REQUESTED), None)
    nothing_owed = amount == 0 or (
        fee is not None and fee.status in (FeeStatus.PAID, FeeStatus.WAIVED, FeeStatus.NOT_CHARGED)
    )
    can_request = (
        not nothing_owed
        and open_request is None
        and not is_final(application_selectors.applicant_status(application))
    )
    if form is None:
        form = WaiverRequestForm()
    form.mark_invalid()
    return render(
        request,
        "portal/waivers/request.html",
        {
            "application": application,
            "fee": fee,
            "amount": amount,
            "currency": fee.currency if fee else programme.currency,
            "fee_status_label": FeeStatus(fee.status).label if fee else "",
            "requests": requests,
            "open_request": open_request,
            "nothing_owed": nothing_owed,
            "can_request": can_request,
            "form": form,
        },
        status=status,
    )


@takes_uploads
@login_required
@require_http_methods(["GET", "POST"])
def request_waiver(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    if request.method == "GET":
        return _page(request, application)
    form = WaiverRequestForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["proof"]
        try:
            validated = validate_upload(
                upload,
                filename=upload.name or "",
                allowed_types=DEFAULT_ALLOWED_TYPES,
                max_bytes=MAX_PROOF_BYTES,
                scanner=document_storage.scanner(),
            )
            upload.seek(0)
            waivers.request_waiver(
                fee=ledger.ensure_fee(application=application),
                reason=form.cleaned_data["reason"],
                proof_bytes=upload.read(),
                proof_filename=validated.sanitized_name,
                proof_content_type=validated.content_type,
                actor=request.user,
            )
        except UploadRejected as error:
            form.add_error("proof", str(error))
            return _page(request, application, form, status=error.http_status)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                gettext(
                    "Your request was sent. A finance officer will decide; you will see the "
                    "decision here and on your application's timeline."
                ),
            )
            return HttpResponseRedirect(reverse("portal:waiver-request", args=[reference]))
    return _page(request, application, form, status=400)


@login_required
@require_POST
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    waiver = FeeWaiver.objects.filter(
        fee__application=application, status=WaiverStatus.REQUESTED
    ).first()
    if waiver is None:
        messages.info(request, gettext("There is no request waiting for a decision to withdraw."))
    else:
        try:
            waivers.withdraw_waiver(waiver=waiver, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Your request was withdrawn."))
    return HttpResponseRedirect(reverse("portal:waiver-request", args=[reference]))
