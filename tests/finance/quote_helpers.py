"""The arrangements of the quote stories: the Post-Master's in AI as its YAML file describes
it (its finance officer is ``make_finance_officer`` of tests/people.py), an application to its
2027 intake (classes start on 1 October 2027; round 1 runs to 3 February 2027, round 2 to
23 March 2027), and requests shaped the way the applicant's form sends them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from admissions.accounts.models import User
from admissions.applications.models import Application
from admissions.catalogue.models import Programme
from admissions.finance.models import Quote
from admissions.finance.selectors import quotes as quote_selectors
from admissions.finance.services import quotes
from tests.applications.factories import ApplicationFactory
from tests.calendar import IN_ROUND_1

IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "mail", "documents"],
    }
}


def application_to(programme: Programme, *, year: int = 2027, **fields: Any) -> Application:
    """An application to ``programme``'s intake of ``year`` (a draft unless traits say)."""
    intake = programme.intakes.get(academic_year=year)
    if any(fields.get(trait) for trait in ("submitted", "incomplete", "eligible", "refused")):
        fields.setdefault("round", intake.rounds.get(number=1))
    return ApplicationFactory(
        intake=intake, programme=programme, entry_level=programme.entry_levels.first(), **fields
    )


def employer(**overrides: str) -> dict[str, str]:
    payer = {
        "organisation": "Acme Robotics SAS",
        "contact_name": "Claire Dupont",
        "email": "training@acme.example.org",
        "phone": "+33 1 23 45 67 89",
        "billing_address": "12 rue de la Paix\n75002 Paris\nFrance",
        "registration_number": "732 829 320 00074",
        "purchase_order": "PO-2027-118",
    }
    payer.update(overrides)
    return payer


def france_travail(**overrides: str) -> dict[str, str]:
    payer = {
        "organisation": "France Travail Paris 13",
        "contact_name": "Marc Lefèvre",
        "email": "conseiller@francetravail.example.org",
        "billing_address": "8 avenue de France\n75013 Paris",
    }
    payer.update(overrides)
    return payer


def request(
    application: Application,
    funding: list[dict[str, Any]] | None = None,
    *,
    now: dt.datetime = IN_ROUND_1,
    note: str = "",
) -> Quote:
    return quotes.request_quote(
        application=application,
        funding=funding
        if funding is not None
        else [{"route": "pole_emploi", "amount_cents": None, "payer": france_travail()}],
        note=note,
        actor=application.applicant,
        now=now,
    )


def issue(
    quote: Quote,
    officer: User,
    *,
    now: dt.datetime = IN_ROUND_1,
    valid_until: dt.date | None = None,
    lines: list[dict[str, Any]] | None = None,
    staff_note: str = "",
) -> Quote:
    return quotes.issue_quote(
        quote=quote,
        lines=lines if lines is not None else [quote_selectors.tuition_line(quote.application)],
        valid_until=valid_until or quote_selectors.default_valid_until(quote.application, now),
        staff_note=staff_note,
        actor=officer,
        now=now,
    )


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
