"""The fees of the money stories: Ada applies to the Post-Master's in AI (€150 application
fee, application ``PMAI-2027-00042``); Fanny, the programme's finance officer, and the other
people are in tests/people.py.

Plain helpers (``make_fee_application``, ``statement_csv``) are importable from the staff and
applicant page tests, which live in other folders.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import cache

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import Intake, Programme
from admissions.finance.models import ApplicationFee
from admissions.finance.services import ledger
from tests.applications.factories import ApplicationFactory
from tests.calendar import paris
from tests.catalogue.factories import IntakeFactory

# A Tuesday morning in round 2 of the 2027 intake, Paris time.
NOW = paris(2027, 3, 2, 10)
DATA = Path(__file__).resolve().parent / "data"


def charge_the_post_master_fee(programme: Programme) -> Programme:
    programme.application_fee_cents = 15_000
    programme.currency = "EUR"
    programme.name_en = "Post-Master's degree in Artificial Intelligence"
    programme.name_fr = "Mastère Spécialisé Intelligence artificielle"
    programme.save()
    return programme


def intake_2027(programme: Programme) -> Intake:
    return Intake.objects.filter(programme=programme, academic_year=2027).first() or IntakeFactory(
        programme=programme, academic_year=2027
    )


def make_fee_application(
    programme: Programme,
    applicant,
    reference: str = "PMAI-2027-00042",
    *,
    submitted: bool = True,
) -> Application:
    application = ApplicationFactory(
        applicant=applicant, intake=intake_2027(programme), reference=reference
    )
    if submitted:
        application.status = Status.SUBMITTED
        application.submitted_at = NOW - dt.timedelta(days=1)
        application.save(update_fields=["status", "submitted_at"])
    return application


def statement_csv(*rows: str, header: str = "Date;Libellé;Montant;Devise;Référence") -> bytes:
    """A French bank export: ``;`` between columns, Windows line ends, Windows-1252."""
    return "\r\n".join([header, *rows, ""]).encode("cp1252")


def fee_of(application: Application) -> ApplicationFee:
    return ledger.ensure_fee(application=application, now=NOW - dt.timedelta(days=2))


@pytest.fixture
def programme(post_master) -> Programme:
    """The Post-Master's in AI, charging its €150 application fee."""
    return charge_the_post_master_fee(post_master)


@pytest.fixture
def application(programme, applicant) -> Application:
    return make_fee_application(programme, applicant)


@pytest.fixture
def fee(application) -> ApplicationFee:
    return fee_of(application)


@pytest.fixture
def other_application(programme, other_applicant) -> Application:
    return make_fee_application(programme, other_applicant, "PMAI-2027-00043")


@pytest.fixture
def other_fee(other_application) -> ApplicationFee:
    return fee_of(other_application)


@pytest.fixture(autouse=True)
def fresh_throttles():
    """The webhook endpoint's throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
