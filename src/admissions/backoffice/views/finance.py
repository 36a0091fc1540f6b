"""The finance officer's pages: the work (fees to pay, waivers to decide, statements to
apply), one application's money file with its forms, bank statements (import, preview,
apply), waiver requests and their proofs, receipts.

Every page needs ``finance.view``: for an application's programme, or (statements, the
lists) for at least one programme, the lists showing only the person's programmes; each
action's service checks its own permission (``finance.payments``, ``finance.waivers``,
``finance.refund``). Anything else answers 404, like something that does not exist. Staff
pages sit under ``/staff/``, where the MFA middleware applies; every read of an applicant's
money file, proof or receipt is audited.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.backoffice.forms.finance import (
    DeferForm,
    EndDeferralForm,
    ReconcileForm,
    RefundForm,
    StatementUploadForm,
    WaiverDecisionForm,
)
from admissions.core import audit
from admissions.core.edge import takes_uploads
from admissions.core.errors import DomainError
from admissions.core.money import format_money
from admissions.core.permissions import require
from admissions.finance import errors
from admissions.finance.models import BankStatement, FeeStatus, LineOutcome, PaymentStatus
from admissions.finance.receipts import render_receipt_pdf
from admissions.finance.selectors import staff as selectors
from admissions.finance.services import ledger, statements, transfers, waivers
from admissions.finance.services.refunds import record_refund

PERMISSION = "finance.view"


def _require_finance(request: HttpRequest) -> None:
    require(request.user, PERMISSION, any_programme=True)


def _money_url(reference: str) -> str:
    return reverse("staff:finance-application", kwargs={"reference": reference})


def _audit_read(request: HttpRequest, action: str, application: Application, **data: Any) -> None:
    audit.record(
        action=action,
        actor=request.user,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        request=request,
        data=data or None,
    )


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


# --------------------------------------------------------------------------------------------
# Home
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _require_finance(request)
    return render(
        request, "backoffice/finance/home.html", {"work": selectors.finance_home(request.user)}
    )


# --------------------------------------------------------------------------------------------
# One application's money file
# --------------------------------------------------------------------------------------------


def _payment_choices(file: selectors.MoneyFile) -> list[tuple[str, str]]:
    choices = [("", "—")]
    for payment in file.refundable_payments:
        amount = format_money(payment.amount_cents, payment.currency)
        label = f"{amount} — {payment.get_method_display()}"
        if payment.received_on:
            label += f" — {payment.received_on.isoformat()}"
        receipt = getattr(payment, "receipt_or_none", None)
        if receipt is not None:
            label += f" — {receipt.number}"
        choices.append((str(payment.public_id), label))
    return choices


def _money_page(
    request: HttpRequest,
    application: Application,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    file = selectors.money_file(application)
    fee = file.fee
    bound = bound or {}
    forms = {
        "reconcile": bound.get("reconcile")
        or ReconcileForm(
            prefix="reconcile",
            initial={"currency": fee.currency if fee else application.programme.currency},
        ),
        "defer": bound.get("defer") or DeferForm(prefix="defer"),
        "end_deferral": bound.get("end_deferral") or EndDeferralForm(prefix="end"),
        "refund": bound.get("refund")
        or RefundForm(prefix="refund", payments=_payment_choices(file)),
        "decide": bound.get("decide") or WaiverDecisionForm(prefix="decide"),
    }
    _audit_read(request, "finance.money_file_viewed", application)
    programme = application.programme
    context = {
        "application": application,
        "programme": programme,
        "file": file,
        "fee": fee,
        "fee_status_label": FeeStatus(fee.status).label if fee else "",
        "expected_cents": fee.amount_cents if fee else int(programme.application_fee_cents or 0),
        "currency": fee.currency if fee else programme.currency,
        "charges_a_fee": (fee.full_amount_cents if fee else programme.application_fee_cents) > 0,
        "can_defer": fee is None or fee.status in (FeeStatus.DUE, FeeStatus.DEFERRED),
        "can_reconcile": fee is None or fee.status not in transfers.CLOSED_STATUSES,
        "forms": forms,
        "open_waiver": file.open_waiver,
        "succeeded": PaymentStatus.SUCCEEDED,
    }
    return render(request, "backoffice/finance/application.html", context, status=status)


@login_required
@require_GET
def application_page(request: HttpRequest, reference: str) -> HttpResponse:
    _require_finance(request)
    return _money_page(
        request,
        application_selectors.application_for_staff(
            reference=reference, user=request.user, action=PERMISSION
        ),
    )


@login_required
@require_POST
def reconcile(request: HttpRequest, reference: str) -> HttpResponse:
    _require_finance(request)
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    form = ReconcileForm(request.POST, prefix="reconcile")
    if form.is_valid():
        data = form.cleaned_data
        try:
            fee = ledger.ensure_fee(application=application)
            payment = transfers.reconcile_transfer(
                fee=fee,
                amount_cents=data["amount"],
                currency=data["currency"],
                received_on=data["received_on"],
                payer_name=data["payer_name"],
                bank_reference=data["bank_reference"],
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            receipt = getattr(payment, "receipt", None)
            messages.success(
                request,
                _t("The transfer of %(amount)s was recorded; receipt %(receipt)s was issued.")
                % {
                    "amount": format_money(payment.amount_cents, payment.currency),
                    "receipt": receipt.number if receipt else "—",
                },
            )
            return HttpResponseRedirect(_money_url(reference))
    return _money_page(request, application, {"reconcile": form}, status=400)


@login_required
@require_POST
def defer(request: HttpRequest, reference: str) -> HttpResponse:
    _require_finance(request)
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    form = DeferForm(request.POST, prefix="defer")
    if form.is_valid():
        try:
            waivers.defer_fee(
                fee=ledger.ensure_fee(application=application),
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _t("The fee is deferred."))
            return HttpResponseRedirect(_money_url(reference))
    return _money_page(request, application, {"defer": form}, status=400)


@login_required
@require_POST
def end_deferral(request: HttpRequest, reference: str) -> HttpResponse:
    _require_finance(request)
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    form = EndDeferralForm(request.POST, prefix="end")
    if form.is_valid():
        try:
            waivers.end_deferral(
                fee=ledger.ensure_fee(application=application),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _t("The deferral has ended: the fee is to pay now."))
            return HttpResponseRedirect(_money_url(reference))
    return _money_page(request, application, {"end_deferral": form}, status=400)


@login_required
@require_POST
def refund(request: HttpRequest, reference: str) -> HttpResponse:
    _require_finance(request)
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    file = selectors.money_file(application)
    form = RefundForm(request.POST, prefix="refund", payments=_payment_choices(file))
    if form.is_valid():
        payment = next(
            p for p in file.refundable_payments if str(p.public_id) == form.cleaned_data["payment"]
        )
        try:
            done = record_refund(
                payment=payment,
                amount_cents=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _t("A refund of %(amount)s was recorded.")
                % {"amount": format_money(done.amount_cents, done.currency)},
            )
            return HttpResponseRedirect(_money_url(reference))
    return _money_page(request, application, {"refund": form}, status=400)


# --------------------------------------------------------------------------------------------
# Waivers
# --------------------------------------------------------------------------------------------


def _waiver(request: HttpRequest, waiver_id: uuid.UUID) -> Any:
    _require_finance(request)
    return selectors.waiver_for_staff(request.user, waiver_id)


@login_required
@require_GET
def waiver_list(request: HttpRequest) -> HttpResponse:
    _require_finance(request)
    return render(
        request,
        "backoffice/finance/waivers.html",
        {
            "to_decide": list(selectors.waivers_to_decide(request.user)),
            "decided": selectors.recently_decided_waivers(request.user),
        },
    )


@login_required
@require_POST
def decide_waiver(request: HttpRequest, waiver_id: uuid.UUID) -> HttpResponse:
    waiver = _waiver(request, waiver_id)
    application = waiver.fee.application
    form = WaiverDecisionForm(request.POST, prefix="decide")
    if form.is_valid():
        grant = form.cleaned_data["decision"] == "grant"
        try:
            waivers.decide_waiver(
                waiver=waiver, grant=grant, note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as error:
            if error.field not in form.fields:
                # Decided by someone else meanwhile: the page shows that decision now.
                messages.error(request, str(error))
                return HttpResponseRedirect(_money_url(application.reference))
            _form_error(form, error)
        else:
            messages.success(
                request,
                _t("The waiver was granted: the fee is waived.")
                if grant
                else _t("The waiver was refused: the fee stays due."),
            )
            return HttpResponseRedirect(_money_url(application.reference))
    return _money_page(request, application, {"decide": form}, status=400)


@login_required
@require_GET
def waiver_proof(request: HttpRequest, waiver_id: uuid.UUID) -> FileResponse:
    waiver = _waiver(request, waiver_id)
    if not waiver.proof:
        raise Http404
    _audit_read(
        request,
        "finance.waiver_proof_downloaded",
        waiver.fee.application,
        waiver=str(waiver.public_id),
    )
    inline = waiver.proof_content_type in ("application/pdf", "image/jpeg", "image/png")
    response = FileResponse(
        default_storage.open(waiver.proof.name, "rb"),
        as_attachment=not inline,
        filename=waiver.proof_filename or "proof",
        content_type=waiver.proof_content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --------------------------------------------------------------------------------------------
# Bank statements
# --------------------------------------------------------------------------------------------


@takes_uploads
@login_required
@require_http_methods(["GET", "POST"])
def statement_list(request: HttpRequest) -> HttpResponse:
    _require_finance(request)
    status = 200
    if request.method == "POST":
        form = StatementUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size is not None and upload.size > statements.MAX_BYTES:
                    raise statements.StatementRefused(
                        errors.STATEMENT_TOO_LARGE % {"limit": "5 MB"},
                        field="file",
                        code="too_large",
                    )
                statement = statements.preview_statement(
                    file_name=upload.name or "",
                    content=upload.read(statements.MAX_BYTES + 1),
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error("file", str(error))
            else:
                return HttpResponseRedirect(
                    reverse("staff:finance-statement", kwargs={"public_id": statement.public_id})
                )
        status = 400
    else:
        form = StatementUploadForm()
    return render(
        request,
        "backoffice/finance/statements.html",
        {"form": form, "statements": list(selectors.statements())},
        status=status,
    )


def _statement(request: HttpRequest, public_id: Any) -> BankStatement:
    _require_finance(request)
    return selectors.statement(public_id)


@login_required
@require_GET
def statement_page(request: HttpRequest, public_id: Any) -> HttpResponse:
    statement = _statement(request, public_id)
    rows = selectors.statement_lines(statement, request.user)
    audit.record(
        action="finance.statement_viewed",
        actor=request.user,
        object_type="bank_statement",
        object_ref=str(statement.public_id),
        request=request,
    )
    counts = selectors.outcome_counts(statement)
    return render(
        request,
        "backoffice/finance/statement.html",
        {
            "statement": statement,
            "rows": rows,
            "counts": [
                (outcome.label, counts[outcome]) for outcome in LineOutcome if counts.get(outcome)
            ],
            "to_record": sum(1 for row in rows if row.line.outcome in statements.RECORDED_OUTCOMES),
            "recorded_outcomes": statements.RECORDED_OUTCOMES,
            "previewed": statement.status == BankStatement.Status.PREVIEWED,
            "recorded_count": sum(1 for row in rows if row.payment is not None),
        },
    )


@login_required
@require_POST
def apply_statement(request: HttpRequest, public_id: Any) -> HttpResponse:
    statement = _statement(request, public_id)
    try:
        summary = statements.apply_statement(statement=statement, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if summary.already_applied or summary.not_recorded:
            messages.warning(request, summary.message)
        else:
            messages.success(request, summary.message)
    return HttpResponseRedirect(
        reverse("staff:finance-statement", kwargs={"public_id": statement.public_id})
    )


@login_required
@require_POST
def discard_statement(request: HttpRequest, public_id: Any) -> HttpResponse:
    statement = _statement(request, public_id)
    try:
        statements.discard_statement(statement=statement, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _t("The statement was discarded: nothing was recorded."))
    return HttpResponseRedirect(reverse("staff:finance-statements"))


# --------------------------------------------------------------------------------------------
# Receipts
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, number: str) -> HttpResponse:
    _require_finance(request)
    receipt = selectors.receipt_for_staff(request.user, number)
    application = receipt.payment.fee.application
    _audit_read(request, "finance.receipt_downloaded", application, receipt=receipt.number)
    response = HttpResponse(render_receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipt.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
