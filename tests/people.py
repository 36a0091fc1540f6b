"""The named people of our stories, in one place.

Each person is a plain factory function (``make_user``, ``make_finance_officer``,
``make_reviewer``) and, for the people every story meets, a pytest fixture wrapping it; the
fixtures are registered for every test by tests/conftest.py.

- ``applicant``: Ada, who applies; ``other_applicant``: Otto, whose application is not hers.
- ``officer``: Olivia, admissions officer of the Post-Master's in AI (``post_master``);
  ``officer_of_other_programme``: Oscar, admissions officer of the MSc (``msc``).
- ``finance_officer``: Fanny Finance, finance officer of the Post-Master's;
  ``second_finance_officer``: Félix Ledger, her colleague on the same programme;
  ``finance_officer_of_other_programme``: Mona, finance officer of the MSc.
- ``reviewer``: Rita Reviewer, reviewer of the Post-Master's.
- ``administrator``: Adèle, administrator of the school (every programme).

Every staff person has two-factor authentication on (staff pages require it), and
``client.force_login(person)`` signs them in with their second factor, as a complete sign-in
would; ``sign_in_without_two_factor`` stops after the password.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from admissions.accounts.models import RoleAssignment, User
from admissions.catalogue.models import Programme
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


# --- Factories ---------------------------------------------------------------------------------


def make_user(
    email: str,
    roles: Iterable[tuple[Role, Programme | None]] = (),
    *,
    mfa: bool = False,
    **fields,
) -> User:
    """A person with a verified address, the password ``PASSWORD``, the given roles (a
    programme, or ``None`` for every programme) and, with ``mfa=True``, an authenticator."""
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role, programme in roles:
        RoleAssignment.objects.create(user=user, role=role, programme=programme)
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_finance_officer(
    programme: Programme | None, email: str = "fanny.finance@example.org", **fields
) -> User:
    """A finance officer of ``programme`` (of every programme with ``None``), MFA on: Fanny
    Finance unless told otherwise."""
    fields.setdefault("first_name", "Fanny")
    fields.setdefault("last_name", "Finance")
    return make_user(email, [(Role.FINANCE_OFFICER, programme)], mfa=True, **fields)


def make_reviewer(
    programme: Programme | None,
    email: str = "rita.reviewer@example.org",
    *,
    mfa: bool = True,
    **fields,
) -> User:
    """A reviewer of ``programme`` (of every programme with ``None``): Rita Reviewer unless
    told otherwise, MFA on unless ``mfa=False``."""
    fields.setdefault("first_name", "Rita")
    fields.setdefault("last_name", "Reviewer")
    return make_user(email, [(Role.REVIEWER, programme)], mfa=mfa, **fields)


# --- The people of our stories -----------------------------------------------------------------


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
def finance_officer(post_master) -> User:
    """Fanny Finance, the finance officer of the Post-Master's in AI."""
    return make_finance_officer(post_master)


@pytest.fixture
def second_finance_officer(post_master) -> User:
    """Félix Ledger, Fanny's colleague on the Post-Master's in AI."""
    return make_finance_officer(
        post_master, "felix.finance@example.org", first_name="Félix", last_name="Ledger"
    )


@pytest.fixture
def finance_officer_of_other_programme(msc) -> User:
    return make_finance_officer(msc, "mona.msc-finance@example.org", first_name="Mona")


@pytest.fixture
def reviewer(post_master) -> User:
    """Rita Reviewer, a reviewer of the Post-Master's in AI."""
    return make_reviewer(post_master)


@pytest.fixture
def administrator(db) -> User:
    return make_user(
        "adele.admin@example.org", [(Role.ADMINISTRATOR, None)], mfa=True, is_staff=True
    )
