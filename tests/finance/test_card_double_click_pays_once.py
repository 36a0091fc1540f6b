"""A double click on "Pay", two tabs, a settled fee, a provider that does not answer: each
has a clear outcome, and nothing is paid twice."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from admissions.applications.services import withdraw_application
from admissions.finance import errors
from admissions.finance.models import FeeStatus, FinanceEvent, Payment, PaymentStatus
from admissions.finance.providers import ProviderError, SimulatorProvider, get_provider
from admissions.finance.services import card, ledger
from tests.finance.factories import IN_ROUND_1, ready_post_master_draft, simulated_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ready_post_master_draft()


def start(draft, key="click-aaaaaaaaaaaaaaaa", **kwargs):
    return card.start_card_payment(
        fee=draft.fee,
        actor=draft.applicant,
        idempotency_key=key,
        return_url=lambda payment: f"https://school.example/return/{payment.public_id}/",
        cancel_url="https://school.example/cancel",
        **kwargs,
    )


def test_a_double_click_returns_the_first_checkout(draft):
    first = start(draft)
    second = start(draft)
    assert second.pk == first.pk
    assert second.checkout_url == first.checkout_url != ""
    assert Payment.objects.count() == 1
    assert FinanceEvent.objects.filter(kind="payment_started").count() == 1


def test_a_second_tab_continues_the_checkout_already_open(draft):
    first = start(draft, key="tab-one-aaaaaaaaaaaaaa")
    second = start(draft, key="tab-two-bbbbbbbbbbbbbb")
    assert second.pk == first.pk
    assert Payment.objects.count() == 1


def test_the_payment_started_event_names_its_actor_and_amount(draft):
    payment = start(draft)
    event = FinanceEvent.objects.get(kind="payment_started")
    assert (event.actor, event.amount_cents, event.currency) == (draft.applicant, 15_000, "EUR")
    assert event.data["payment"] == str(payment.public_id)


def test_the_return_url_names_the_new_payment(draft):
    payment = start(draft)
    state = parse_qs(urlsplit(payment.checkout_url).query)["state"][0]
    session = get_provider("simulator").read_session(payment.provider_reference, state)
    assert session.return_url == f"https://school.example/return/{payment.public_id}/"
    assert (session.amount_cents, session.currency) == (15_000, "EUR")


def test_a_paid_fee_refuses_a_new_card_payment_with_already_settled(draft):
    payment = start(draft)
    body, headers = simulated_webhook(payment)
    card.handle_provider_webhook(provider=get_provider("simulator"), body=body, headers=headers)
    with pytest.raises(errors.FinanceError) as refused:
        start(draft, key="later-click-cccccccccccc")
    assert refused.value.message == errors.ALREADY_SETTLED
    assert Payment.objects.count() == 1


def test_the_same_click_after_paying_returns_the_paid_payment(draft):
    payment = start(draft)
    body, headers = simulated_webhook(payment)
    card.handle_provider_webhook(provider=get_provider("simulator"), body=body, headers=headers)
    again = start(draft)
    assert (again.pk, again.status) == (payment.pk, PaymentStatus.SUCCEEDED)


def test_a_waived_fee_refuses_a_card_payment(draft):
    draft.fee.status = FeeStatus.WAIVED
    draft.fee.save()
    with pytest.raises(errors.FinanceError) as refused:
        start(draft)
    assert refused.value.message == errors.ALREADY_SETTLED


def test_a_deferred_fee_may_still_be_paid_by_card(draft):
    draft.fee.status = FeeStatus.DEFERRED
    draft.fee.save()
    assert start(draft).status == PaymentStatus.PENDING


def test_a_programme_without_a_fee_has_nothing_to_pay(draft):
    draft.fee.amount_cents = 0
    draft.fee.status = FeeStatus.NOT_CHARGED
    draft.fee.save()
    with pytest.raises(errors.FinanceError) as refused:
        start(draft)
    assert refused.value.message == errors.NO_FEE


def test_a_withdrawn_application_cannot_be_paid(draft):
    withdraw_application(application=draft, actor=draft.applicant, now=IN_ROUND_1)
    with pytest.raises(errors.FinanceError) as refused:
        start(draft)
    assert refused.value.message == errors.APPLICATION_CLOSED_FOR_PAYMENT


def test_after_a_partial_transfer_the_card_pays_what_is_left(draft):
    ledger.record_payment(
        fee=draft.fee, amount_cents=10_000, currency="EUR", method="bank_transfer"
    )
    assert start(draft).amount_cents == 5_000


def test_after_a_declined_card_a_new_click_opens_a_new_checkout(draft):
    first = start(draft)
    body, headers = simulated_webhook(first, "failed")
    card.handle_provider_webhook(provider=get_provider("simulator"), body=body, headers=headers)
    second = start(draft, key="retry-dddddddddddddddd")
    assert second.pk != first.pk
    assert second.status == PaymentStatus.PENDING


class UnreachableProvider(SimulatorProvider):
    """The simulator, as it would be if its servers were down."""

    def start_checkout(self, payment, return_url, cancel_url):
        raise ProviderError("connection refused")


def test_a_provider_that_does_not_answer_charges_nothing_and_says_what_to_do(draft):
    provider = UnreachableProvider(webhook_secret="s" * 32)
    with pytest.raises(errors.FinanceError) as refused:
        start(draft, provider=provider)
    assert refused.value.message == errors.PROVIDER_UNAVAILABLE
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.FAILED
    assert "connection refused" in payment.failure_reason
    assert FinanceEvent.objects.filter(kind="payment_failed").exists()
    draft.fee.refresh_from_db()
    assert draft.fee.status == FeeStatus.DUE


def test_the_same_key_for_another_fee_is_another_payment(draft):
    other = ready_post_master_draft()
    first = start(draft, key="shared-key-eeeeeeeeeeee")
    second = start(other, key="shared-key-eeeeeeeeeeee")
    assert first.fee != second.fee
    assert Payment.objects.count() == 2
