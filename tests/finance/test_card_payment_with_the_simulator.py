"""An applicant to the Post-Master's in AI pays the €150 fee by card on the simulated
provider and gets a receipt; the return page always shows the payment's real state."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from admissions.finance.models import (
    FeeStatus,
    FinanceEvent,
    Payment,
    PaymentStatus,
    ProviderWebhook,
    Receipt,
)
from admissions.finance.providers import get_provider
from admissions.finance.services import card
from admissions.notifications.models import OutboxMessage
from tests.finance.factories import ready_post_master_draft, simulated_webhook
from tests.pages import assert_csp_clean, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ready_post_master_draft()


@pytest.fixture
def client_of(client, draft):
    client.force_login(draft.applicant)
    return client


def hidden_key(response) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', response.content.decode())[1]


def open_checkout(client, draft):
    """Click "Pay by card" on the fee page; returns the simulator's checkout URL."""
    page = client.get(reverse("portal:fee", args=[draft.reference]))
    response = client.post(
        reverse("portal:fee-pay-card", args=[draft.reference]),
        {"idempotency_key": hidden_key(page)},
    )
    assert response.status_code == 302
    return response["Location"]


def test_paying_150_euros_by_card_shows_paid_and_a_receipt(client_of, draft):
    checkout = open_checkout(client_of, draft)
    assert checkout.startswith("/payments/simulator/sim_cs_")
    page = client_of.get(checkout)
    assert "€150" in text_of(page)
    assert_csp_clean(page)

    back = client_of.post(
        urlsplit(checkout).path, {"state": page.context["state"], "action": "pay"}
    )
    assert back.status_code == 302
    landing = client_of.get(back["Location"])

    text = text_of(landing)
    assert "Paid" in text and "Your payment of €150 is received." in text
    receipt = Receipt.objects.get()
    assert receipt.number in text
    assert (
        reverse("portal:fee-receipt", args=[draft.reference, receipt.number])
        in landing.content.decode()
    )
    draft.fee.refresh_from_db()
    assert draft.fee.status == FeeStatus.PAID
    assert '<meta http-equiv="refresh"' not in landing.content.decode()


def test_the_payment_received_email_is_queued_once(client_of, draft):
    checkout = open_checkout(client_of, draft)
    state = client_of.get(checkout).context["state"]
    client_of.post(urlsplit(checkout).path, {"state": state, "action": "pay"})
    message = OutboxMessage.objects.get(event="payment_received")
    assert message.recipient_email == draft.applicant.email
    assert "€150" in message.body_text
    # "View my receipt" leads to the fee page, where the receipt is rendered on request.
    assert f"/applications/{draft.reference}/fee/" in message.body_text
    assert not message.attachments


def test_the_fee_page_then_lists_the_payment_with_its_receipt(client_of, draft):
    checkout = open_checkout(client_of, draft)
    state = client_of.get(checkout).context["state"]
    client_of.post(urlsplit(checkout).path, {"state": state, "action": "pay"})
    page = client_of.get(reverse("portal:fee", args=[draft.reference]))
    text = text_of(page)
    assert "Paid" in text
    assert f"Receipt {Receipt.objects.get().number} (PDF)" in text
    assert "Pay €150 by card" not in text


def test_coming_back_before_the_webhook_says_waiting_for_confirmation_and_refreshes(
    client_of, draft
):
    open_checkout(client_of, draft)
    payment = Payment.objects.get()
    # The card holder is back; the provider's webhook has not arrived yet.
    waiting = client_of.get(
        reverse("portal:fee-card-return", args=[draft.reference, payment.public_id])
    )
    assert "Waiting for confirmation" in text_of(waiting)
    assert '<meta http-equiv="refresh" content="3">' in waiting.content.decode()
    assert_csp_clean(waiting)

    body, headers = simulated_webhook(payment)
    card.handle_provider_webhook(provider=get_provider("simulator"), body=body, headers=headers)

    done = client_of.get(
        reverse("portal:fee-card-return", args=[draft.reference, payment.public_id])
    )
    assert "Your payment of €150 is received." in text_of(done)
    assert "refresh" not in done.content.decode()


def test_a_declined_card_leaves_the_fee_due_and_says_so(client_of, draft):
    checkout = open_checkout(client_of, draft)
    state = client_of.get(checkout).context["state"]
    back = client_of.post(urlsplit(checkout).path, {"state": state, "action": "decline"})
    landing = client_of.get(back["Location"])
    assert "The payment did not go through: nothing was charged." in text_of(landing)
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.FAILED
    draft.fee.refresh_from_db()
    assert draft.fee.status == FeeStatus.DUE
    assert FinanceEvent.objects.filter(kind="payment_failed").count() == 1
    assert not Receipt.objects.exists()


def test_cancelling_on_the_provider_page_charges_nothing_and_offers_to_pay_again(client_of, draft):
    checkout = open_checkout(client_of, draft)
    state = client_of.get(checkout).context["state"]
    back = client_of.post(urlsplit(checkout).path, {"state": state, "action": "cancel"})
    assert "cancelled=1" in back["Location"]
    landing = client_of.get(back["Location"])
    assert "nothing was charged" in text_of(landing)
    assert Payment.objects.get().status == PaymentStatus.CANCELLED
    again = client_of.get(reverse("portal:fee", args=[draft.reference]))
    assert "Pay €150 by card" in text_of(again)


def test_a_tampered_simulator_link_is_refused(client_of, draft):
    checkout = open_checkout(client_of, draft)
    response = client_of.get(checkout.replace("state=", "state=x"))
    assert response.status_code == 404
    assert "This payment link is not valid" in text_of(response)
    assert not ProviderWebhook.objects.exists()


def test_the_simulator_is_off_unless_it_is_the_configured_provider(client_of, draft, settings):
    checkout = open_checkout(client_of, draft)
    settings.PAYMENT_PROVIDER = "hosted"
    assert client_of.get(checkout).status_code == 404


def test_with_card_payments_off_the_fee_page_offers_the_bank_transfer_only(
    client_of, draft, settings
):
    settings.PAYMENT_PROVIDER = "none"
    page = client_of.get(reverse("portal:fee", args=[draft.reference]))
    text = text_of(page)
    assert "Card payments are not available at the moment" in text
    assert draft.fee.transfer_reference in text
    refused = client_of.post(
        reverse("portal:fee-pay-card", args=[draft.reference]),
        {"idempotency_key": "k" * 32},
        follow=True,
    )
    assert "Card payments are not available at the moment." in text_of(refused)
    assert not Payment.objects.exists()


def test_another_applicant_cannot_see_the_payment_or_its_return_page(
    client, draft, other_applicant
):
    client.force_login(draft.applicant)
    open_checkout(client, draft)
    payment = Payment.objects.get()
    client.force_login(other_applicant)
    for url in (
        reverse("portal:fee", args=[draft.reference]),
        reverse("portal:fee-card-return", args=[draft.reference, payment.public_id]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("portal:fee-pay-card", args=[draft.reference]), {"idempotency_key": "k" * 32}
    )
    assert response.status_code == 404
