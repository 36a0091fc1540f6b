"""The applicant's fee page: the amount, any reduction, the status and what is left, the
bank transfer details with the application's own reference, the card button, the payments
and their receipts; and the fee step of the form says where the fee stands."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.finance.models import FeeStatus, FinanceEvent, Receipt
from admissions.finance.services import ledger
from tests.finance.factories import ready_post_master_draft
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ready_post_master_draft()


@pytest.fixture
def signed_in(client, draft):
    client.force_login(draft.applicant)
    return client


def fee_page(client, draft):
    return client.get(reverse("portal:fee", args=[draft.reference]))


def test_the_page_says_what_is_owed_and_how_to_transfer_it(signed_in, draft, settings):
    settings.FEE_BANK_IBAN = "FR76 1234 5678 9012 3456 7890 123"
    settings.FEE_BANK_BIC = "TESTFRPPXXX"
    settings.FEE_BANK_HOLDER = "École d'ingénieurs, agent comptable"
    response = fee_page(signed_in, draft)
    assert response.status_code == 200
    text = text_of(response)
    assert "Status To pay" in text
    assert "Left to pay €150" in text
    assert f"Payment reference {draft.fee.transfer_reference}" in text
    assert draft.fee.transfer_reference.startswith("RF")
    assert "FR76 1234 5678 9012 3456 7890 123" in text
    assert "TESTFRPPXXX" in text
    assert "École d'ingénieurs, agent comptable" in text
    assert "Pay €150 by card" in text
    assert "No payment yet." in text


def test_the_page_is_accessible_and_runs_no_inline_code(signed_in, draft):
    response = fee_page(signed_in, draft)
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_the_pay_button_carries_a_fresh_idempotency_key_each_time(signed_in, draft):
    first = fee_page(signed_in, draft).context["pay_form"]["idempotency_key"].value()
    second = fee_page(signed_in, draft).context["pay_form"]["idempotency_key"].value()
    assert first != second and len(first) >= 16


def test_the_page_is_in_french_for_a_french_speaker(client):
    draft = ready_post_master_draft(language="fr")
    client.force_login(draft.applicant)
    client.cookies["django_language"] = "fr"
    response = client.get(reverse("portal:fee", args=[draft.reference]))
    assert '<html lang="fr">' in response.content.decode()
    assert "Frais de candidature" in text_of(response)
    assert "150\u00a0€" in text_of(response)


def test_a_paid_fee_shows_paid_with_its_receipt_and_no_pay_button(signed_in, draft):
    ledger.record_payment(
        fee=draft.fee, amount_cents=15_000, currency="EUR", method="bank_transfer"
    )
    text = text_of(fee_page(signed_in, draft))
    receipt = Receipt.objects.get()
    assert "Status Paid" in text
    assert f"Receipt {receipt.number} (PDF)" in text
    assert "Pay €150 by card" not in text
    assert "Pay by bank transfer" not in text


def test_a_deferred_fee_says_until_when_and_may_still_be_paid(signed_in, draft):
    draft.fee.status = FeeStatus.DEFERRED
    draft.fee.deferred_until = dt.date(2027, 9, 1)
    draft.fee.save()
    text = text_of(fee_page(signed_in, draft))
    assert "Deferred until 1 September 2027" in text
    assert "Pay €150 by card" in text


def test_the_fee_is_set_up_the_first_time_the_page_is_opened(signed_in, draft):
    draft.fee.delete()
    FinanceEvent.objects.all().delete()
    assert fee_page(signed_in, draft).status_code == 200
    assert FinanceEvent.objects.filter(kind="fee_created").count() == 1
    fee_page(signed_in, draft)
    assert FinanceEvent.objects.filter(kind="fee_created").count() == 1


def test_a_programme_without_a_fee_says_there_is_nothing_to_pay(signed_in, draft):
    draft.programme.application_fee_cents = 0
    draft.programme.save()
    draft.fee.delete()
    text = text_of(fee_page(signed_in, draft))
    assert "This programme charges no application fee: there is nothing to pay." in text
    assert "by card" not in text


def test_reductions_are_offered_and_claimed_from_the_page(signed_in, draft):
    draft.programme.settings = {
        "fee_reductions": [
            {
                "code": "partner_school",
                "label": {"en": "Student of a partner school", "fr": "Étudiant partenaire"},
                "amount_cents": 5_000,
            }
        ]
    }
    draft.programme.save()
    page = fee_page(signed_in, draft)
    assert "Student of a partner school: €50" in text_of(page)
    assert_accessible_outline(page)
    response = signed_in.post(
        reverse("portal:fee-reduction", args=[draft.reference]), {"reduction": "partner_school"}
    )
    assert response.status_code == 302
    text = text_of(fee_page(signed_in, draft))
    assert "Left to pay €50" in text
    assert "Pay €50 by card" in text


def test_an_unknown_reduction_posted_is_refused_on_its_field(signed_in, draft):
    draft.programme.settings = {
        "fee_reductions": [
            {"code": "partner_school", "label": {"en": "Partner"}, "amount_cents": 5_000}
        ]
    }
    draft.programme.save()
    response = signed_in.post(
        reverse("portal:fee-reduction", args=[draft.reference]), {"reduction": "made_up"}
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    draft.fee.refresh_from_db()
    assert draft.fee.amount_cents == 15_000


def test_a_pay_form_without_its_key_is_refused_with_a_message(signed_in, draft):
    response = signed_in.post(
        reverse("portal:fee-pay-card", args=[draft.reference]), {}, follow=True
    )
    assert "The payment form is incomplete. Reload the page and pay again." in text_of(response)


def test_the_fee_step_of_the_form_shows_the_state_and_links_to_the_fee_page(signed_in, draft):
    step = signed_in.get(reverse("portal:step", args=[draft.reference, "fee"]))
    text = text_of(step)
    assert "The application fee is €150. To pay" in text
    assert reverse("portal:fee", args=[draft.reference]) in step.content.decode()
    ledger.record_payment(fee=draft.fee, amount_cents=15_000, currency="EUR", method="card")
    text = text_of(signed_in.get(reverse("portal:step", args=[draft.reference, "fee"])))
    assert "The application fee is €150. Paid" in text
    assert "See your payments and receipts" in text


def test_pages_need_a_signed_in_owner(client, draft, other_applicant):
    url = reverse("portal:fee", args=[draft.reference])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:fee", args=["PMAI-2027-99999"])).status_code == 404
