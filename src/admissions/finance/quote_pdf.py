"""A tuition quote as a PDF, rendered with WeasyPrint from ``finance/quote.html`` in the quote's
language (the applicant's): number, version, dates, validity, the school, the applicant, the
programme with its dates and hours, the lines and their total, the payers with their billing
details, and the funding routes with the notes of their deadlines as they stood when the
quote was issued (so a PDF rendered again later says the same)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from admissions.core import clock
from admissions.finance import funding
from admissions.finance.models import Quote


def quote_context(quote: Quote, *, language: str) -> dict[str, Any]:
    from admissions.applicants import selectors as applicant_selectors

    application = quote.application
    applicant = application.applicant
    profile = applicant_selectors.profile_of(applicant)
    routes = list(quote.funding.all())
    moment = quote.issued_at or quote.requested_at or clock.now()
    notices = funding.notices_for(
        application=application,
        now=moment,
        routes=[item.route for item in routes],
        include_reminder=False,
    )
    return {
        "quote": quote,
        "application": application,
        "programme": application.programme,
        "intake": application.intake,
        "applicant_name": (profile.full_name if profile else "") or applicant.get_full_name(),
        "applicant_email": applicant.email,
        "applicant_address": profile.address if profile else "",
        "lines": [
            {
                "label": line.label_fr if language == "fr" and line.label_fr else line.label_en,
                "amount_cents": line.amount_cents,
            }
            for line in quote.lines.all()
        ],
        "payers": list(quote.payers.all()),
        "routes": [
            {
                "name": funding.route_name(item.route, language),
                "amount_cents": item.amount_cents,
                "payer": item.payer,
                "details": item.details or {},
            }
            for item in routes
        ],
        "notices": [notice.text(language) for notice in notices],
        "school_name": settings.SCHOOL_NAME,
        "tz": application.programme.time_zone,
        "LANGUAGE_CODE": language,
    }


def render_quote_pdf(quote: Quote) -> bytes:
    from weasyprint import HTML

    language = "fr" if (quote.language or "").startswith("fr") else "en"
    with translation.override(language):
        html = render_to_string("finance/quote.html", quote_context(quote, language=language))
    return bytes(HTML(string=html).write_pdf())
