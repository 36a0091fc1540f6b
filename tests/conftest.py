"""Shared test ground: private file storage per test, the named people of our stories, and
``pay_fee`` for stories that submit to a programme charging an application fee."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from admissions.accounts.models import RoleAssignment, User
from admissions.catalogue.models import Programme, ProgrammeKind
from admissions.core.roles import Role

PASSWORD = "correct-horse-battery-staple"


# --- Signing in --------------------------------------------------------------------------------
#
# ``client.force_login(person)`` signs a person in as a complete sign-in would: with the
# password and, when they have an authenticator, with its code. The session then carries the
# steps allauth records for a real sign-in, which is what staff pages check. Tests of the
# two-factor rules themselves sign in through the real forms, or with
# ``sign_in_without_two_factor`` for a session that stopped after the password.

_django_force_login = Client.force_login


def sign_in_without_two_factor(client: Client, user, backend=None) -> None:
    _django_force_login(client, user, backend)


def _force_login_with_second_factor(self: Client, user, backend=None) -> None:
    _django_force_login(self, user, backend)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return
    session = self.session
    now = time.time()
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": totp.pk, "type": "totp"},
    ]
    session.save()


Client.force_login = _force_login_with_second_factor


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


def make_user(
    email: str,
    roles: Iterable[tuple[Role, Programme | None]] = (),
    *,
    mfa: bool = False,
    **fields,
) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role, programme in roles:
        RoleAssignment.objects.create(user=user, role=role, programme=programme)
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def post_master(db) -> Programme:
    return make_programme("post-master-ai", reference_prefix="PMAI")


@pytest.fixture
def msc(db) -> Programme:
    return make_programme(
        "msc-cps2-ai-iot", reference_prefix="CPS2", kind=ProgrammeKind.MSC_ENGINEERING
    )


@pytest.fixture
def applicant(db) -> User:
    return make_user("ada.applicant@example.org", first_name="Ada")


@pytest.fixture
def other_applicant(db) -> User:
    return make_user("otto.other@example.org", first_name="Otto")


@pytest.fixture
def officer(post_master) -> User:
    """The admissions officer of the Post-Master's in AI, with MFA on."""
    return make_user(
        "olivia.officer@example.org", [(Role.ADMISSIONS_OFFICER, post_master)], mfa=True
    )


@pytest.fixture
def officer_of_other_programme(msc) -> User:
    return make_user("oscar.msc-officer@example.org", [(Role.ADMISSIONS_OFFICER, msc)], mfa=True)


@pytest.fixture
def administrator(db) -> User:
    return make_user(
        "adele.admin@example.org", [(Role.ADMINISTRATOR, None)], mfa=True, is_staff=True
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
