"""The finance officer's pages: the work (fees to pay, waivers to decide, statements to
apply), one application's money file with its forms, bank statements (import, preview,
apply), waiver requests and their proofs, receipts.

Every page needs ``finance.view``: for an application's programme (the selectors that load
an application, a waiver or a receipt check it), or (statements, the lists) for at least one
programme, the lists showing only the person's programmes; each action's service checks its
own permission (``finance.payments``, ``finance.waivers``, ``finance.refund``), and the money
file shows a form only to a person allowed its action. Deferrals, refunds and waiver
decisions also need a two-factor code typed within the last minutes
(``accounts.reauthentication``). Anything else answers 404, like something that does not
exist. Staff pages sit under ``/staff/``, where the MFA middleware applies; every read of an
applicant's money file, proof or receipt is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from admissions.accounts.reauthentication import staff_reauthentication_required
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
from admissions.core.permissions import check, has_permission
from admissions.finance import errors
from admissions.finance.models import BankStatement, FeeStatus, LineOutcome, PaymentStatus
from admissions.finance.receipts import render_receipt_pdf
from admissions.finance.selectors import staff as selectors
from admissions.finance.services import ledger, statement_files, statements, transfers, waivers
from admissions.finance.services.refunds import record_refund

PERMISSION = "finance.view"

# The action each form of the money file performs: a form is shown only to a person allowed
# it on the application's programme (its service checks the same permission).
FORM_PERMISSIONS = {
    "reconcile": "finance.payments",
    "defer": "finance.waivers",
    "end_deferral": "finance.waivers",
    "refund": "finance.refund",
    "decide": "finance.waivers",
}


def _require_finance(request: HttpRequest) -> None:
    check(request.user, PERMISSION, any_programme=True)


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
        "may": {
            key: has_permission(request.user, code, programme_id=application.programme_id)
            for key, code in FORM_PERMISSIONS.items()
        },
        "open_waiver": file.open_waiver,
        "succeeded": PaymentStatus.SUCCEEDED,
    }
    return render(request, "backoffice/finance/application.html", context, status=status)


@login_required
@require_GET
def application_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _money_page(
        request,
        application_selectors.application_for_staff(
            reference=reference, user=request.user, action=PERMISSION
        ),
    )


def _post_money_form(
    request: HttpRequest,
    application: Application,
    key: str,
    form: Any,
    act: Callable[[dict[str, Any]], str],
    *,
    refused_elsewhere_redirects: bool = False,
) -> HttpResponse:
    """The shape of every form of the money file: a valid form runs ``act`` (one service
    call, returning the message that says what was done) and goes back to the money file; a
    domain error is shown on the form's field, and the page is answered again with the form
    and its errors (400). With ``refused_elsewhere_redirects``, an error that is about no
    field (the thing was decided by someone else meanwhile) goes back to the money file,
    which shows it as it is now."""
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except DomainError as error:
            if refused_elsewhere_redirects and error.field not in form.fields:
                messages.error(request, str(error))
                return HttpResponseRedirect(_money_url(application.reference))
            _form_error(form, error)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(_money_url(application.reference))
    return _money_page(request, application, {key: form}, status=400)


@login_required
@require_POST
def reconcile(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )

    def record(data: dict[str, Any]) -> str:
        payment = transfers.reconcile_transfer(
            fee=ledger.ensure_fee(application=application),
            amount_cents=data["amount"],
            currency=data["currency"],
            received_on=data["received_on"],
            payer_name=data["payer_name"],
            bank_reference=data["bank_reference"],
            actor=request.user,
        )
        receipt = getattr(payment, "receipt", None)
        return gettext(
            "The transfer of %(amount)s was recorded; receipt %(receipt)s was issued."
        ) % {
            "amount": format_money(payment.amount_cents, payment.currency),
            "receipt": receipt.number if receipt else "—",
        }

    form = ReconcileForm(request.POST, prefix="reconcile")
    return _post_money_form(request, application, "reconcile", form, record)


@login_required
@require_POST
@staff_reauthentication_required
def defer(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )

    def record(data: dict[str, Any]) -> str:
        waivers.defer_fee(
            fee=ledger.ensure_fee(application=application),
            until=data["until"],
            reason=data["reason"],
            actor=request.user,
        )
        return gettext("The fee is deferred.")

    form = DeferForm(request.POST, prefix="defer")
    return _post_money_form(request, application, "defer", form, record)


@login_required
@require_POST
@staff_reauthentication_required
def end_deferral(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )

    def record(data: dict[str, Any]) -> str:
        waivers.end_deferral(
            fee=ledger.ensure_fee(application=application),
            reason=data["reason"],
            actor=request.user,
        )
        return gettext("The deferral has ended: the fee is to pay now.")

    form = EndDeferralForm(request.POST, prefix="end")
    return _post_money_form(request, application, "end_deferral", form, record)


@login_required
@require_POST
@staff_reauthentication_required
def refund(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    file = selectors.money_file(application)

    def record(data: dict[str, Any]) -> str:
        payment = next(p for p in file.refundable_payments if str(p.public_id) == data["payment"])
        done = record_refund(
            payment=payment,
            amount_cents=data["amount"],
            reason=data["reason"],
            actor=request.user,
        )
        return gettext("A refund of %(amount)s was recorded.") % {
            "amount": format_money(done.amount_cents, done.currency)
        }

    form = RefundForm(request.POST, prefix="refund", payments=_payment_choices(file))
    return _post_money_form(request, application, "refund", form, record)


# --------------------------------------------------------------------------------------------
# Waivers
# --------------------------------------------------------------------------------------------


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
@staff_reauthentication_required
def decide_waiver(request: HttpRequest, waiver_id: uuid.UUID) -> HttpResponse:
    waiver = selectors.waiver_for_staff(request.user, waiver_id)

    def record(data: dict[str, Any]) -> str:
        grant = data["decision"] == "grant"
        waivers.decide_waiver(waiver=waiver, grant=grant, note=data["note"], actor=request.user)
        if grant:
            return gettext("The waiver was granted: the fee is waived.")
        return gettext("The waiver was refused: the fee stays due.")

    form = WaiverDecisionForm(request.POST, prefix="decide")
    return _post_money_form(
        request, waiver.fee.application, "decide", form, record, refused_elsewhere_redirects=True
    )


@login_required
@require_GET
def waiver_proof(request: HttpRequest, waiver_id: uuid.UUID) -> FileResponse:
    waiver = selectors.waiver_for_staff(request.user, waiver_id)
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
                if upload.size is not None and upload.size > statement_files.MAX_BYTES:
                    raise statement_files.StatementRefused(
                        errors.STATEMENT_TOO_LARGE % {"limit": "5 MB"},
                        field="file",
                        code="too_large",
                    )
                statement = statements.preview_statement(
                    file_name=upload.name or "",
                    content=upload.read(statement_files.MAX_BYTES + 1),
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
        messages.success(request, gettext("The statement was discarded: nothing was recorded."))
    return HttpResponseRedirect(reverse("staff:finance-statements"))


# --------------------------------------------------------------------------------------------
# Receipts
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, number: str) -> HttpResponse:
    receipt = selectors.receipt_for_staff(request.user, number)
    application = receipt.payment.fee.application
    _audit_read(request, "finance.receipt_downloaded", application, receipt=receipt.number)
    response = HttpResponse(render_receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipt.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
