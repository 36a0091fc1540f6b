"""A receipt as a PDF: rendered with WeasyPrint from ``templates/finance/receipt.html``, in
the receipt's language (the applicant's when it was issued) or, for a receipt someone opens
on screen, in the language of the page they read (``language=``).

What the receipt says was stored when it was issued (payer, amount, description), so the
PDF rendered years later says the same; refunds recorded since are added as "refunded on"
lines. Rendering is a side effect kept out of the payment's transaction: pages render on
request, and the "payment received" email links to the fee page instead of carrying the PDF.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from admissions.core import clock
from admissions.core.money import format_money
from admissions.finance.models import PaymentMethod, Receipt


def _language(receipt: Receipt, language: str | None = None) -> str:
    return "fr" if (language or receipt.language or "").startswith("fr") else "en"


def receipt_context(receipt: Receipt, language: str | None = None) -> dict[str, Any]:
    language = _language(receipt, language)
    payment = receipt.payment
    application = payment.fee.application
    tz = application.programme.time_zone
    with translation.override(language):
        method = str(PaymentMethod(payment.method).label)
    refunds = [
        {
            "on": clock.local(refund.refunded_at, tz).date(),
            "amount": format_money(refund.amount_cents, refund.currency, language=language),
        }
        for refund in payment.refunds.all().order_by("refunded_at", "pk")
    ]
    return {
        "receipt": receipt,
        "school_name": settings.SCHOOL_NAME,
        "issued_on": clock.local(receipt.issued_at, tz).date(),
        "amount": format_money(receipt.amount_cents, receipt.currency, language=language),
        "description": receipt.description_fr if language == "fr" else receipt.description_en,
        "method": method,
        "provider_reference": payment.provider_reference,
        "application_reference": application.reference,
        "refunds": refunds,
        "LANGUAGE_CODE": language,
    }


def render_receipt_html(receipt: Receipt, language: str | None = None) -> str:
    language = _language(receipt, language)
    with translation.override(language):
        return render_to_string("finance/receipt.html", receipt_context(receipt, language))


def render_receipt_pdf(receipt: Receipt, language: str | None = None) -> bytes:
    """The receipt in ``language``; in the receipt's own language without one."""
    from weasyprint import HTML

    return bytes(HTML(string=render_receipt_html(receipt, language)).write_pdf())
