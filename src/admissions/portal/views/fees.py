"""The applicant's application fee: what is owed and how to pay it, the card checkout's
return page, and the receipts.

Every page loads the application through ``application_selectors.application_of_applicant``:
a reference that is not the person's answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.applications.states import EDITABLE
from admissions.core import clock
from admissions.finance import receipts
from admissions.finance.errors import FinanceError
from admissions.finance.models import Payment, PaymentStatus
from admissions.finance.selectors import fees as fee_selectors
from admissions.finance.services import card, fees, ledger
from admissions.portal.forms import fees as fee_forms

# After this long without the provider's confirmation, the return page stops refreshing and
# says what happens next.
CONFIRMATION_PATIENCE = dt.timedelta(minutes=15)
REFRESH_SECONDS = 3


def _waiver_url(reference: str) -> str:
    return reverse("portal:waiver-request", kwargs={"reference": reference})


def _render_fee_page(
    request: HttpRequest,
    application: Application,
    *,
    reduction_form: fee_forms.ReductionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    fee = ledger.ensure_fee(application=application)
    page = fee_selectors.fee_page(fee)
    if reduction_form is None and page.can_choose_reduction:
        reduction_form = fee_forms.ReductionForm(
            initial={"reduction": fee.reduction_code},
            reductions=page.reductions,
            full_amount_cents=fee.full_amount_cents,
            currency=fee.currency,
        )
    return render(
        request,
        "portal/fees/fee.html",
        {
            "application": application,
            "page": page,
            "fee": fee,
            "pay_form": fee_forms.PayByCardForm(
                initial={"idempotency_key": fee_forms.new_idempotency_key()}
            ),
            "reduction_form": reduction_form if page.can_choose_reduction else None,
            "waiver_url": _waiver_url(application.reference) if page.can_pay else None,
            "editable": application.status in EDITABLE,
        },
        status=status,
    )


@login_required
@require_GET
def fee(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_fee_page(
        request,
        application_selectors.application_of_applicant(reference=reference, user=request.user),
    )


@login_required
@require_POST
def claim_reduction(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    fee = ledger.ensure_fee(application=application)
    form = fee_forms.ReductionForm(
        request.POST,
        reductions=fees.fee_reductions(application.programme),
        full_amount_cents=fee.full_amount_cents,
        currency=fee.currency,
    )
    if form.is_valid():
        try:
            fees.claim_reduction(
                fee=fee, code=form.cleaned_data["reduction"], actor=request.user, now=clock.now()
            )
        except FinanceError as error:
            form.add_error("reduction", str(error))
        else:
            messages.success(request, _("The amount of your application fee is updated."))
            return redirect("portal:fee", reference=reference)
    form.mark_invalid()
    return _render_fee_page(request, application, reduction_form=form, status=422)


@login_required
@require_POST
def pay_card(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    form = fee_forms.PayByCardForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("idempotency_key", [])))
        return redirect("portal:fee", reference=reference)
    fee = ledger.ensure_fee(application=application)

    def return_url(payment: Payment) -> str:
        return request.build_absolute_uri(
            reverse("portal:fee-card-return", args=[reference, payment.public_id])
        )

    def cancel_url(payment: Payment) -> str:
        return return_url(payment) + "?cancelled=1"

    try:
        payment = card.start_card_payment(
            fee=fee,
            actor=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
            return_url=return_url,
            cancel_url=cancel_url,
            now=clock.now(),
        )
    except FinanceError as error:
        messages.error(request, str(error))
        return redirect("portal:fee", reference=reference)
    if payment.status == PaymentStatus.PENDING and payment.checkout_url:
        return redirect(payment.checkout_url)
    return redirect("portal:fee-card-return", reference=reference, payment=payment.public_id)


@login_required
@require_GET
def card_return(request: HttpRequest, reference: str, payment: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    found = fee_selectors.payment_of(application, payment)
    now = clock.now()
    pending = found.status == PaymentStatus.PENDING
    cancelled = pending and request.GET.get("cancelled") == "1"
    waited_too_long = pending and now - found.created_at > CONFIRMATION_PATIENCE
    context: dict[str, Any] = {
        "application": application,
        "payment": found,
        "receipt": getattr(found, "receipt", None)
        if found.status == PaymentStatus.SUCCEEDED
        else None,
        "waiting": pending and not cancelled and not waited_too_long,
        "cancelled": cancelled,
        "waited_too_long": waited_too_long,
        "refresh_seconds": REFRESH_SECONDS,
    }
    return render(request, "portal/fees/card_return.html", context)


@login_required
@require_GET
def receipt(request: HttpRequest, reference: str, number: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    found = fee_selectors.receipt_of(application, number)
    # On screen, in the language of the page the person reads (the email went out in their
    # language of correspondence).
    pdf = receipts.render_receipt_pdf(found, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.number}.pdf"'
    return response
