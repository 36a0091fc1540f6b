"""Shared test ground: private file storage per test, the programmes of our stories, the
named people of tests/people.py, and ``pay_fee`` for stories that submit to a programme
charging an application fee."""

from __future__ import annotations

from pathlib import Path

import pytest

from admissions.catalogue.models import Programme, ProgrammeKind

# The people of our stories (tests/people.py), registered for every test. Importing
# tests.people also makes ``client.force_login`` sign staff in with their second factor.
from tests.people import (  # noqa: F401
    administrator,
    applicant,
    finance_officer,
    finance_officer_of_other_programme,
    officer,
    officer_of_other_programme,
    other_applicant,
    reviewer,
    second_finance_officer,
)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Every test writes files to its own temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache_for_each_test():
    """The public pages' fragments are cached, and a test's rows are rolled back without a
    signal: each test starts with an empty cache, whichever test its worker ran before."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A French request leaves French active in the thread; every test starts in English,
    whichever test its worker ran before."""
    yield
    from django.utils import translation

    translation.activate("en")


def make_programme(slug: str, **fields) -> Programme:
    defaults = {
        "reference_prefix": slug.replace("-", "")[:6].upper(),
        "kind": ProgrammeKind.POST_MASTER,
        "name_en": slug.replace("-", " ").title(),
        "duration_months": 12,
        "ects": 75,
        "languages_of_instruction": ["en"],
    }
    defaults.update(fields)
    return Programme.objects.create(slug=slug, **defaults)


@pytest.fixture
def post_master(db) -> Programme:
    return make_programme("post-master-ai", reference_prefix="PMAI")


@pytest.fixture
def msc(db) -> Programme:
    return make_programme(
        "msc-cps2-ai-iot", reference_prefix="CPS2", kind=ProgrammeKind.MSC_ENGINEERING
    )


# --- Catalogue: the seed programmes, loaded from programmes/*.yaml ----------------------------

PROGRAMMES_DIR = Path(__file__).resolve().parent.parent / "programmes"


@pytest.fixture
def seed_programmes(db) -> dict[str, Programme]:
    """The shipped programmes (msc-cps2-ai-iot, post-master-ai) loaded from their YAML files
    with their entry levels, documents, intakes, rounds and panels, by slug."""
    from admissions.catalogue.services import load_programme_files

    return load_programme_files([PROGRAMMES_DIR]).programmes


# --- Money: the application fee an applicant pays before submitting --------------------------


def pay_fee(application, *, now=None):
    """Pay ``application``'s fee in full by bank transfer, as an applicant does before
    submitting (the unpaid fee of a programme that charges one blocks the submission).

    The money goes through ``ledger.record_payment``, so the fee is paid with its receipt,
    and the "payment received" email is queued like any other. Nothing happens when the
    programme charges no fee or the fee is already settled. Returns the fee, or ``None``
    when there is nothing to pay.
    """
    from admissions.finance.models import ApplicationFee, PaymentMethod
    from admissions.finance.services import ledger

    if (
        not ApplicationFee.objects.filter(application=application).exists()
        and not application.programme.application_fee_cents
    ):
        return None
    fee = ledger.ensure_fee(application=application, now=now)
    due = ledger.balance_cents(fee)
    if fee.is_settled or due <= 0:
        return fee
    ledger.record_payment(
        fee=fee,
        amount_cents=due,
        currency=fee.currency,
        method=PaymentMethod.BANK_TRANSFER,
        now=now,
    )
    fee.refresh_from_db()
    return fee
