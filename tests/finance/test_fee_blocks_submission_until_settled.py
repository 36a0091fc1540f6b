"""A programme's application fee blocks the submission until it is paid, waived or
deferred by staff; a programme without a fee never asks for one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.applications.services import transition
from admissions.finance.models import FeeStatus
from admissions.finance.providers import get_provider
from admissions.finance.services import card, ledger
from admissions.workflows import submission
from tests.applicants.factories import UserFactory
from tests.calendar import paris
from tests.finance.factories import ready_post_master_draft, settle_fee, simulated_webhook

pytestmark = pytest.mark.django_db

IN_ROUND_3 = paris(2027, 4, 10, 15)
UNPAID_EN = "Pay the application fee (€150) by card or bank transfer, or ask for a waiver."
UNPAID_FR = (
    "Réglez les frais de candidature (150\u00a0€) par carte ou par virement, "
    "ou demandez une exonération."
)


@pytest.fixture
def draft():
    return ready_post_master_draft()


def submit(draft):
    return submission.submit_application(application=draft, actor=draft.applicant, now=IN_ROUND_3)


def test_an_unpaid_post_master_application_is_refused_with_the_fee_to_pay(draft):
    with pytest.raises(submission.SubmissionRefused) as refused:
        submit(draft)
    [item] = refused.value.items
    assert (item.code, item.step, item.field, item.fix_url_name) == (
        "fee.unpaid",
        "fee",
        "fee",
        "portal:fee",
    )
    assert (item.message_en, item.message_fr) == (UNPAID_EN, UNPAID_FR)
    assert str(refused.value) == f"Your application cannot be submitted yet: {UNPAID_EN}"
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_fee_never_set_up_still_blocks_the_submission(draft):
    draft.fee.delete()
    draft = type(draft).objects.get(pk=draft.pk)
    assert [i.code for i in submission.missing_items(draft, IN_ROUND_3)] == ["fee.unpaid"]


def test_paying_by_card_lets_the_application_through(draft):
    payment = card.start_card_payment(
        fee=draft.fee,
        actor=draft.applicant,
        idempotency_key="pay-before-submitting-01",
        return_url="https://school.example/r",
        cancel_url="https://school.example/c",
    )
    body, headers = simulated_webhook(payment)
    card.handle_provider_webhook(provider=get_provider("simulator"), body=body, headers=headers)
    assert submit(draft).status == "submitted"


@pytest.mark.parametrize("status", [FeeStatus.WAIVED, FeeStatus.DEFERRED])
def test_a_waived_or_deferred_fee_lets_the_application_through(draft, status):
    draft.fee.status = status
    draft.fee.save()
    assert submit(draft).status == "submitted"


@pytest.mark.parametrize("status", [FeeStatus.WAIVED, FeeStatus.DEFERRED, FeeStatus.PAID])
def test_the_settle_fee_helper_other_stories_use_lets_the_application_through(draft, status):
    assert settle_fee(draft, status).status == status
    assert submit(draft).status == "submitted"


def test_a_partial_transfer_blocks_with_what_is_left_to_pay(draft):
    ledger.record_payment(
        fee=draft.fee, amount_cents=10_000, currency="EUR", method="bank_transfer"
    )
    [item] = submission.missing_items(draft, IN_ROUND_3)
    assert item.message_en.startswith("Pay the application fee (€50)")


def test_a_fee_refunded_after_payment_blocks_again(draft):
    ledger.record_payment(
        fee=draft.fee, amount_cents=15_000, currency="EUR", method="bank_transfer"
    )
    assert submission.missing_items(draft, IN_ROUND_3) == []
    draft.fee.status = FeeStatus.REFUNDED
    draft.fee.save()
    assert [i.code for i in submission.missing_items(draft, IN_ROUND_3)] == ["fee.unpaid"]


def test_an_incomplete_application_sent_again_is_blocked_while_the_fee_is_unpaid(draft):
    draft.fee.status = FeeStatus.DEFERRED
    draft.fee.save()
    submit(draft)
    transition(
        application=draft,
        to="incomplete",
        actor=UserFactory(),
        now=IN_ROUND_3,
        message_context={"documents": ["Passport"], "due_on": paris(2027, 5, 1).date()},
    )
    draft.fee.status = FeeStatus.DUE  # the deferral ended
    draft.fee.save()
    assert [i.code for i in submission.missing_items(draft, IN_ROUND_3)] == ["fee.unpaid"]


def test_a_submitted_application_is_not_asked_for_the_fee(draft):
    draft.fee.status = FeeStatus.DEFERRED
    draft.fee.save()
    submitted = submit(draft)
    draft.fee.status = FeeStatus.DUE
    draft.fee.save()
    assert submission.missing_items(submitted, IN_ROUND_3) == []


def test_a_programme_without_a_fee_asks_for_nothing(draft):
    programme = draft.programme
    programme.application_fee_cents = 0
    programme.save()
    draft.fee.delete()
    draft = type(draft).objects.get(pk=draft.pk)
    assert submission.missing_items(draft, IN_ROUND_3) == []
    assert "fee" not in {item.code for item in submission.checklist(draft, IN_ROUND_3)}


def fee_item(application):
    return next(i for i in submission.checklist(application, IN_ROUND_3) if i.code == "fee")


def test_the_checklist_says_the_fee_is_due_and_blocking(draft):
    item = fee_item(draft)
    assert (item.label("en"), item.label("fr")) == ("Application fee", "Frais de candidature")
    assert (item.state_en, item.state_fr) == ("To pay: €150.", "À régler : 150\u00a0€.")
    assert item.record == {
        "code": "fee",
        "kind": "fee",
        "label_en": "Application fee",
        "label_fr": "Frais de candidature",
        "required": True,
        "blocking": True,
        "state": "due",
        "done": False,
        "message_en": "To pay: €150.",
        "message_fr": "À régler : 150\u00a0€.",
    }


def test_the_checklist_says_when_the_fee_was_paid(draft):
    ledger.record_payment(
        fee=draft.fee,
        amount_cents=15_000,
        currency="EUR",
        method="bank_transfer",
        now=paris(2027, 1, 20, 11),
    )
    item = fee_item(draft)
    assert (item.state, item.record["done"], item.record["blocking"]) == ("paid", True, False)
    assert item.state_en == item.record["message_en"] == "Paid on 20 January 2027: €150."
    assert item.state_fr == item.record["message_fr"] == "Réglés le 20 janvier 2027 : 150\u00a0€."


def test_the_review_step_names_the_fee_and_links_to_the_fee_page(client, draft):
    client.force_login(draft.applicant)
    page = client.get(reverse("portal:step", args=[draft.reference, "review"]))
    html = page.content.decode()
    assert "Pay the application fee (€150)" in html
    assert reverse("portal:fee", args=[draft.reference]) in html
