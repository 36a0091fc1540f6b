"""The people and fees of the money stories: Ada applies to the Post-Master's in AI (€150
application fee, application ``PMAI-2027-00042``), Fanny is the programme's finance officer.

Plain helpers (``make_finance_officer``, ``make_fee_application``, ``statement_csv``) are
importable from the staff and applicant page tests, which live in other folders.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import Intake, Programme
from admissions.core.roles import Role
from admissions.finance.models import ApplicationFee
from admissions.finance.services import ledger
from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory
from tests.conftest import make_user

PARIS = ZoneInfo("Europe/Paris")
# A Tuesday morning in round 2 of the 2027 intake, Paris time.
NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=PARIS)
DATA = Path(__file__).resolve().parent / "data"


def paris(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def charge_the_post_master_fee(programme: Programme) -> Programme:
    programme.application_fee_cents = 15_000
    programme.currency = "EUR"
    programme.name_en = "Post-Master's degree in Artificial Intelligence"
    programme.name_fr = "Mastère Spécialisé Intelligence artificielle"
    programme.save()
    return programme


def make_finance_officer(
    programme: Programme | None, email: str = "fanny.finance@example.org", **fields
):
    """A finance officer of ``programme`` (of every programme with ``None``), MFA on."""
    fields.setdefault("first_name", "Fanny")
    fields.setdefault("last_name", "Finance")
    return make_user(email, [(Role.FINANCE_OFFICER, programme)], mfa=True, **fields)


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
def finance_officer(programme):
    return make_finance_officer(programme)


@pytest.fixture
def second_finance_officer(programme):
    return make_finance_officer(
        programme, "felix.finance@example.org", first_name="Félix", last_name="Ledger"
    )


@pytest.fixture
def finance_officer_of_other_programme(msc):
    return make_finance_officer(msc, "mona.msc-finance@example.org", first_name="Mona")


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
