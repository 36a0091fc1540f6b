"""A finance officer records a refund next to its payment: never more than what is left of
it, the card refunded through its provider, the fee's status following, the payment kept."""

from __future__ import annotations

import pytest

from admissions.core.errors import NotFound
from admissions.finance import errors
from admissions.finance.models import FeeStatus, FinanceEvent, Payment, PaymentStatus, Refund
from admissions.finance.providers import ProviderError, SimulatorProvider, get_provider
from admissions.finance.services import card, ledger, refunds
from tests.calendar import paris
from tests.finance.factories import PaymentFactory, ready_post_master_draft, simulated_webhook
from tests.people import make_finance_officer, make_user

pytestmark = pytest.mark.django_db

LATER = paris(2027, 2, 10, 9)


@pytest.fixture
def draft():
    return ready_post_master_draft()


@pytest.fixture
def officer(draft):
    return make_finance_officer(draft.programme)


@pytest.fixture
def transfer(draft):
    return ledger.record_payment(
        fee=draft.fee, amount_cents=15_000, currency="EUR", method="bank_transfer"
    )


@pytest.fixture
def card_payment(draft):
    payment = card.start_card_payment(
        fee=draft.fee,
        actor=draft.applicant,
        idempotency_key="refund-story-000000000",
        return_url="https://school.example/r",
        cancel_url="https://school.example/c",
    )
    body, headers = simulated_webhook(payment)
    card.handle_provider_webhook(provider=get_provider("simulator"), body=body, headers=headers)
    payment.refresh_from_db()
    return payment


def refund(payment, officer, amount=15_000, reason="Withdrawn before the deadline."):
    return refunds.record_refund(
        payment=payment, amount_cents=amount, reason=reason, actor=officer, now=LATER
    )


def test_a_full_refund_marks_the_fee_refunded_and_keeps_the_payment(transfer, officer, draft):
    made = refund(transfer, officer)
    assert (made.amount_cents, made.currency, made.refunded_by) == (15_000, "EUR", officer)
    draft.fee.refresh_from_db()
    assert draft.fee.status == FeeStatus.REFUNDED
    assert Payment.objects.get(pk=transfer.pk).status == PaymentStatus.SUCCEEDED
    event = FinanceEvent.objects.get(kind="refund_recorded")
    assert (event.actor, event.amount_cents, event.data["reason"]) == (
        officer,
        15_000,
        "Withdrawn before the deadline.",
    )


def test_a_card_payment_is_refunded_through_its_provider(card_payment, officer):
    made = refund(card_payment, officer, amount=5_000)
    assert made.provider_reference.startswith("sim_re_")


def test_a_partial_refund_leaves_the_rest_due(transfer, officer, draft):
    refund(transfer, officer, amount=5_000)
    draft.fee.refresh_from_db()
    assert draft.fee.status == FeeStatus.DUE
    assert ledger.paid_cents(draft.fee) == 10_000


def test_never_more_than_received_minus_already_refunded(transfer, officer):
    refund(transfer, officer, amount=10_000)
    with pytest.raises(errors.FinanceError) as refused:
        refund(transfer, officer, amount=6_000)
    assert str(refused.value) == (
        "A refund cannot exceed what is left of the payment: at most €50 can still be refunded."
    )
    assert Refund.objects.count() == 1
    refund(transfer, officer, amount=5_000)
    assert refunds.refundable_cents(transfer) == 0


@pytest.mark.parametrize("amount", [0, -100])
def test_a_refund_must_be_positive(transfer, officer, amount):
    with pytest.raises(errors.FinanceError) as refused:
        refund(transfer, officer, amount=amount)
    assert refused.value.message == errors.AMOUNT_NOT_POSITIVE


def test_a_refund_needs_a_reason(transfer, officer):
    with pytest.raises(errors.FinanceError) as refused:
        refund(transfer, officer, reason="   ")
    assert refused.value.message == errors.REFUND_REASON_REQUIRED


@pytest.mark.parametrize("trait", ["failed", "cancelled", "pending"])
def test_a_payment_never_received_cannot_be_refunded(draft, officer, trait):
    payment = PaymentFactory(fee=draft.fee, **({trait: True} if trait != "pending" else {}))
    with pytest.raises(errors.FinanceError) as refused:
        refund(payment, officer)
    assert refused.value.message == errors.REFUND_NOT_RECEIVED


def test_only_a_finance_officer_of_the_programme_may_refund(transfer, draft, msc):
    for person in (
        draft.applicant,
        make_user("other.finance@example.org"),
        make_finance_officer(msc, "mona.finance@example.org"),
    ):
        with pytest.raises(NotFound) as refused:
            refund(transfer, person)
        assert refused.value.message == errors.REFUND_NOT_ALLOWED
    assert not Refund.objects.exists()


class RefusingProvider(SimulatorProvider):
    """The simulator, as a provider that refuses this refund."""

    def refund(self, payment, amount_cents):
        raise ProviderError("charge already disputed")


def test_when_the_provider_refuses_nothing_is_recorded(card_payment, officer):
    with pytest.raises(errors.FinanceError) as refused:
        refunds.record_refund(
            payment=card_payment,
            amount_cents=15_000,
            reason="Withdrawn.",
            actor=officer,
            provider=RefusingProvider(webhook_secret="s" * 32),
        )
    assert "charge already disputed" in str(refused.value)
    assert not Refund.objects.exists()
    assert not FinanceEvent.objects.filter(kind="refund_recorded").exists()
