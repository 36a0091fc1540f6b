"""The money file shows each action's form only to a person allowed that action: a school
may keep refunds, waivers or payments to some of its finance staff (``finance.refund``,
``finance.waivers``, ``finance.payments``), and every page reader has ``finance.view``.

No role holds ``finance.view`` without the actions today, so these tests narrow one action
to the administrators, as a school delegating it separately would."""

from __future__ import annotations

import dataclasses

import pytest

from admissions.core import clock
from admissions.core.permissions import PERMISSIONS
from admissions.core.roles import Role
from admissions.finance.models import FeeWaiver
from admissions.finance.services import ledger, waivers
from tests.finance.conftest import NOW, charge_the_post_master_fee, fee_of, make_fee_application

URL = "/staff/finance/applications/PMAI-2027-00042/"

# The form of each action, found by where it posts.
TRANSFER = f'action="{URL}transfer/"'
DEFER = f'action="{URL}defer/"'
END_DEFERRAL = f'action="{URL}end-deferral/"'
REFUND = f'action="{URL}refund/"'
DECIDE = '/decide/"'
EVERY_FORM = {TRANSFER, DEFER, END_DEFERRAL, REFUND, DECIDE}


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def fee(post_master, applicant, finance_officer):
    """A fee with every form on its page: part paid (refund, transfer), deferred (change
    or end the deferral) and a waiver request to decide."""
    fee = fee_of(make_fee_application(charge_the_post_master_fee(post_master), applicant))
    ledger.record_payment(fee=fee, amount_cents=5_000, currency="EUR", method="card")
    waivers.defer_fee(fee=fee, until=None, reason="Paid with the tuition.", actor=finance_officer)
    FeeWaiver.objects.create(
        fee=fee, reason="Job-seeker.", requested_by=fee.application.applicant, requested_at=NOW
    )
    return fee


def only_administrators(monkeypatch, code: str) -> None:
    narrowed = dataclasses.replace(PERMISSIONS[code], roles=frozenset({Role.ADMINISTRATOR}))
    monkeypatch.setitem(PERMISSIONS, code, narrowed)


def forms_on_the_page(client) -> set[str]:
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    return {form for form in EVERY_FORM if form in page}


def test_a_finance_officer_with_every_action_sees_every_form(client, fee, finance_officer):
    client.force_login(finance_officer)

    assert forms_on_the_page(client) == EVERY_FORM


@pytest.mark.parametrize(
    ("code", "hidden"),
    [
        ("finance.payments", {TRANSFER}),
        ("finance.refund", {REFUND}),
        ("finance.waivers", {DEFER, END_DEFERRAL, DECIDE}),
    ],
)
def test_a_form_is_hidden_from_a_person_without_its_action(
    client, fee, finance_officer, monkeypatch, code, hidden
):
    only_administrators(monkeypatch, code)
    client.force_login(finance_officer)

    assert forms_on_the_page(client) == EVERY_FORM - hidden
