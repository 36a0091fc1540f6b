"""Reductions are configuration: the programme's ``fee_reductions`` setting lists them, the
applicant claims one before paying, and every change is a finance event with its actor."""

from __future__ import annotations

import pytest

from admissions.core.errors import NotFound
from admissions.core.permissions import PERMISSIONS
from admissions.core.roles import Role
from admissions.finance import errors
from admissions.finance.models import FeeStatus, FinanceEvent
from admissions.finance.services import card, fees, ledger
from admissions.workflows import submission
from tests.calendar import paris
from tests.finance.factories import ready_post_master_draft
from tests.people import make_finance_officer, make_user

pytestmark = pytest.mark.django_db

REDUCTIONS = [
    {
        "code": "partner_school",
        "label": {"en": "Student of a partner school", "fr": "Étudiant d'une école partenaire"},
        "amount_cents": 5_000,
        "proof_required": True,
    },
    {
        "code": "job_seeker",
        "label": {"en": "Job-seeker", "fr": "Demandeur d'emploi"},
        "amount_cents": 0,
    },
]


@pytest.fixture
def draft():
    draft = ready_post_master_draft()
    draft.programme.settings = {**draft.programme.settings, "fee_reductions": REDUCTIONS}
    draft.programme.save()
    return draft


def test_the_programme_lists_its_reductions_in_its_order(draft):
    found = fees.fee_reductions(draft.programme)
    assert [(r.code, r.amount_cents, r.proof_required) for r in found] == [
        ("partner_school", 5_000, True),
        ("job_seeker", 0, False),
    ]
    assert found[0].label("fr") == "Étudiant d'une école partenaire"
    assert found[0].label("en") == "Student of a partner school"


@pytest.mark.parametrize(
    "entry",
    [
        "partner_school",
        {"label": {"en": "No code"}, "amount_cents": 100},
        {"code": "x", "label": {"en": "Euros, not cents"}, "amount_cents": 50.0},
        {"code": "x", "label": {"en": "Negative"}, "amount_cents": -100},
        {"code": "x", "label": {"en": "Not a reduction"}, "amount_cents": 15_000},
        {"code": "x", "label": {"en": "Boolean"}, "amount_cents": True},
        {"code": "x", "amount_cents": 100},
        {"code": "partner_school", "label": {"en": "Repeated code"}, "amount_cents": 100},
    ],
    ids=[
        "string",
        "no-code",
        "float",
        "negative",
        "full-fee",
        "bool",
        "no-label",
        "repeated",
    ],
)
def test_an_entry_that_cannot_be_used_is_skipped(draft, entry):
    draft.programme.settings = {"fee_reductions": [REDUCTIONS[0], entry]}
    assert [r.code for r in fees.fee_reductions(draft.programme)] == ["partner_school"]


@pytest.mark.parametrize("value", [None, "partner_school", {"code": "x"}, 12])
def test_a_setting_that_is_not_a_list_means_no_reduction(draft, value):
    draft.programme.settings = {"fee_reductions": value}
    assert fees.fee_reductions(draft.programme) == []


def test_claiming_a_reduction_lowers_the_fee_and_records_who_did_it(draft):
    fee = fees.claim_reduction(fee=draft.fee, code="partner_school", actor=draft.applicant)
    assert (fee.amount_cents, fee.full_amount_cents, fee.reduction_code) == (
        5_000,
        15_000,
        "partner_school",
    )
    event = FinanceEvent.objects.get(kind="reduction_claimed")
    assert (event.actor, event.amount_cents, event.data["reduction"]) == (
        draft.applicant,
        5_000,
        "partner_school",
    )
    [item] = submission.missing_items(draft, paris(2027, 4, 10))
    assert item.message_en.startswith("Pay the application fee (€50)")


def test_a_reduction_to_nothing_lets_the_application_through(draft):
    fee = fees.claim_reduction(fee=draft.fee, code="job_seeker", actor=draft.applicant)
    assert fee.status == FeeStatus.NOT_CHARGED
    assert submission.missing_items(draft, paris(2027, 4, 10)) == []


def test_going_back_to_the_full_fee_is_recorded_too(draft):
    fees.claim_reduction(fee=draft.fee, code="job_seeker", actor=draft.applicant)
    fee = fees.claim_reduction(fee=draft.fee, code="", actor=draft.applicant)
    assert (fee.amount_cents, fee.status, fee.reduction_code) == (15_000, FeeStatus.DUE, "")
    assert FinanceEvent.objects.filter(kind="reduction_revoked").count() == 1


def test_an_unknown_reduction_is_refused(draft):
    with pytest.raises(errors.FinanceError) as refused:
        fees.claim_reduction(fee=draft.fee, code="friends_and_family", actor=draft.applicant)
    assert refused.value.message == errors.REDUCTION_UNKNOWN


def test_no_reduction_once_money_was_received(draft):
    ledger.record_payment(fee=draft.fee, amount_cents=15_000, currency="EUR", method="card")
    with pytest.raises(errors.FinanceError) as refused:
        fees.claim_reduction(fee=draft.fee, code="partner_school", actor=draft.applicant)
    assert refused.value.message == errors.REDUCTION_AFTER_PAYMENT


def test_no_reduction_while_a_card_checkout_is_open(draft):
    card.start_card_payment(
        fee=draft.fee,
        actor=draft.applicant,
        idempotency_key="open-checkout-000000000",
        return_url="https://school.example/r",
        cancel_url="https://school.example/c",
    )
    with pytest.raises(errors.FinanceError) as refused:
        fees.claim_reduction(fee=draft.fee, code="partner_school", actor=draft.applicant)
    assert refused.value.message == errors.REDUCTION_PENDING_PAYMENT


def test_staff_revoking_a_reduction_make_the_full_fee_due(draft):
    fees.claim_reduction(fee=draft.fee, code="partner_school", actor=draft.applicant)
    fanny = make_finance_officer(draft.programme)
    fee = fees.revoke_reduction(fee=draft.fee, actor=fanny, reason="No proof received.")
    assert (fee.amount_cents, fee.status) == (15_000, FeeStatus.DUE)
    event = FinanceEvent.objects.filter(kind="reduction_revoked").get()
    assert event.data["reason"] == "No proof received."


def test_only_a_finance_officer_of_the_programme_may_revoke_a_reduction(draft):
    fees.claim_reduction(fee=draft.fee, code="partner_school", actor=draft.applicant)
    admissions_officer = make_user(
        "olivia.officer@example.org", [(Role.ADMISSIONS_OFFICER, draft.programme)], mfa=True
    )
    for person in (draft.applicant, admissions_officer, None):
        with pytest.raises(NotFound) as refused:
            fees.revoke_reduction(fee=draft.fee, actor=person, reason="No proof received.")
        assert refused.value.message == PERMISSIONS["finance.waivers"].message
    draft.fee.refresh_from_db()
    assert (draft.fee.amount_cents, draft.fee.reduction_code) == (5_000, "partner_school")
    assert not FinanceEvent.objects.filter(kind="reduction_revoked").exists()
