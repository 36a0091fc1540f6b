"""Delivering an issued quote after commit: its PDF rendered once and stored, then the
``quote_issued`` email with the PDF attached, to the applicant or to a third-party payer.

Run by the ``finance.tasks.deliver_quote`` background task; the download pages read the same
stored PDF. The PDF itself is drawn by ``finance.quote_pdf``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from admissions.applications import notify
from admissions.finance.models import Payer, Quote, QuoteStatus
from admissions.notifications import services as notifications
from admissions.notifications.services import Attachment

logger = logging.getLogger(__name__)


def stored_pdf(quote: Quote) -> bytes:
    """The quote's PDF, rendered and stored the first time it is asked for. Two workers may
    render at once: the first name stored wins and the other file is dropped."""
    from django.core.files.storage import default_storage

    from admissions.finance import quote_pdf

    if quote.pdf.name:
        try:
            with default_storage.open(quote.pdf.name, "rb") as handle:
                return bytes(handle.read())
        except FileNotFoundError:
            logger.warning("The stored PDF of quote %s is missing; rendering it again.", quote.pk)
    content = quote_pdf.render_quote_pdf(quote)
    name = default_storage.save(
        quote._meta.get_field("pdf").generate_filename(quote, "quote.pdf"), ContentFile(content)
    )
    if quote.pdf:
        stored = Quote.objects.filter(pk=quote.pk, pdf=quote.pdf.name).update(pdf=name)
    else:
        stored = Quote.objects.filter(pk=quote.pk, pdf="").update(pdf=name)
    if not stored:
        default_storage.delete(name)
        quote.refresh_from_db(fields=["pdf"])
        return stored_pdf(quote)
    quote.pdf.name = name
    return content


def pdf_filename(quote: Quote) -> str:
    return f"{quote.number or 'quote'}-v{quote.version}.pdf"


def _quote_url(quote: Quote) -> str:
    path = reverse("portal:quote", args=[quote.application.reference, str(quote.public_id)])
    return str(settings.SITE_URL or "").rstrip("/") + path


def _programme_url(quote: Quote) -> str:
    path = reverse("portal:programme", args=[quote.application.programme.slug])
    return str(settings.SITE_URL or "").rstrip("/") + path


def _quote_ref(quote: Quote) -> str:
    return quote.number if quote.version == 1 else f"{quote.number} v{quote.version}"


def deliver_quote(*, quote_id: int, payer_id: int | None = None) -> str:
    """Render and store the PDF, then queue the ``quote_issued`` email with it attached: to
    the applicant, or with ``payer_id`` to that payer. Safe to run twice: the PDF is kept and
    each message is queued once per quote version and recipient."""
    quote = (
        Quote.objects.select_related(
            "application__programme", "application__applicant", "application__intake"
        )
        .filter(pk=quote_id)
        .first()
    )
    if quote is None or not quote.number:
        return "nothing to deliver"
    stored_pdf(quote)
    if payer_id is None and quote.status != QuoteStatus.ISSUED:
        return "rendered; not sent: the quote is no longer the issued version"
    application = quote.application
    language = quote.language or settings.LANGUAGE_CODE
    attachment = Attachment(
        filename=pdf_filename(quote), mimetype="application/pdf", storage_name=quote.pdf.name
    )
    context = {
        "programme_name": notify.programme_name(application, language),
        "quote_ref": _quote_ref(quote),
        "amount_cents": quote.total_cents,
        "currency": quote.currency,
        "valid_until": quote.valid_until,
    }
    if payer_id is None:
        applicant = application.applicant
        notifications.queue_message(
            recipient_email=applicant.email,
            template="quote_issued",
            context={
                **context,
                "recipient_name": applicant.get_full_name(),
                "action_url": _quote_url(quote),
            },
            language=language,
            idempotency_key=f"quote:{quote.public_id}:to:{applicant.email.lower()}",
            user=applicant,
            attachments=[attachment],
        )
        return f"sent to {applicant.email}"
    payer = Payer.objects.filter(pk=payer_id, quote=quote).first()
    if payer is None or not payer.email:
        return "no such payer"
    notifications.queue_message(
        recipient_email=payer.email,
        template="quote_issued",
        context={
            **context,
            "recipient_name": payer.contact_name or payer.organisation,
            "action_url": _programme_url(quote),
        },
        language=language,
        idempotency_key=f"quote:{quote.public_id}:to:{payer.email.lower()}",
        attachments=[attachment],
    )
    return f"sent to {payer.email}"
