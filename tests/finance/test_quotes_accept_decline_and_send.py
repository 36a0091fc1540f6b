"""The applicant accepts or declines an issued quote while it is valid, or cancels a request
not issued yet; staff send an issued quote to a payer. Each change is a finance event with
its actor."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.finance import errors
from admissions.finance.models import FinanceEvent, Payer, QuoteStatus
from admissions.finance.selectors import quotes as quote_selectors
from admissions.finance.services import quotes
from tests.calendar import IN_ROUND_1, paris
from tests.finance.quote_helpers import application_to, issue, request
from tests.people import make_finance_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def officer(post_master_ai):
    return make_finance_officer(post_master_ai)


@pytest.fixture
def issued(post_master_ai, officer):
    return issue(request(application_to(post_master_ai)), officer, valid_until=dt.date(2027, 2, 28))


def test_the_applicant_accepts_a_valid_quote(issued):
    applicant = issued.application.applicant

    quote = quotes.accept_quote(quote=issued, actor=applicant, now=paris(2027, 2, 28, 23, 59))

    assert quote.status == QuoteStatus.ACCEPTED
    assert quote.accepted_at == paris(2027, 2, 28, 23, 59)
    event = FinanceEvent.objects.get(kind="quote_accepted")
    assert event.actor == applicant
    assert event.amount_cents == 1_850_000


def test_a_quote_past_its_validity_cannot_be_accepted(issued):
    with pytest.raises(errors.QuoteRefused) as caught:
        quotes.accept_quote(
            quote=issued, actor=issued.application.applicant, now=paris(2027, 3, 1, 0, 0, 1)
        )

    assert str(caught.value) == (
        "This quote was valid until 28 February 2027 and can no longer be accepted. Ask for a "
        "new one."
    )
    issued.refresh_from_db()
    assert issued.status == QuoteStatus.ISSUED
    assert quote_selectors.is_expired(issued, dt.date(2027, 3, 1))


def test_the_applicant_declines_a_quote_with_a_reason(issued):
    quote = quotes.decline_quote(
        quote=issued,
        actor=issued.application.applicant,
        reason="My employer will fund only half.",
        now=IN_ROUND_1,
    )

    assert quote.status == QuoteStatus.DECLINED
    event = FinanceEvent.objects.get(kind="quote_declined")
    assert event.data["reason"] == "My employer will fund only half."


def test_a_declined_quote_can_no_longer_be_accepted(issued):
    applicant = issued.application.applicant
    quotes.decline_quote(quote=issued, actor=applicant, now=IN_ROUND_1)

    with pytest.raises(errors.QuoteRefused) as caught:
        quotes.accept_quote(quote=issued, actor=applicant, now=IN_ROUND_1)

    assert str(caught.value) == "Only an issued quote can be accepted; this one is “Declined”."


def test_a_declined_quote_can_be_revised_into_a_new_version(issued, officer):
    quotes.decline_quote(quote=issued, actor=issued.application.applicant, now=IN_ROUND_1)

    v2 = quotes.revise_quote(
        quote=issued,
        lines=[{"label_en": "Tuition", "amount_cents": 1_600_000}],
        valid_until=dt.date(2027, 3, 31),
        actor=officer,
        now=IN_ROUND_1,
    )

    assert v2.version == 2
    assert v2.status == QuoteStatus.ISSUED


def test_a_request_not_issued_yet_can_be_cancelled_but_not_accepted(post_master_ai):
    requested = request(application_to(post_master_ai))
    applicant = requested.application.applicant

    with pytest.raises(errors.QuoteRefused):
        quotes.accept_quote(quote=requested, actor=applicant, now=IN_ROUND_1)
    quotes.cancel_quote_request(quote=requested, actor=applicant, now=IN_ROUND_1)

    requested.refresh_from_db()
    assert requested.status == QuoteStatus.CANCELLED
    assert FinanceEvent.objects.get(kind="quote_cancelled").actor == applicant


def test_an_issued_quote_cannot_be_cancelled_as_a_request(issued):
    with pytest.raises(errors.QuoteRefused) as caught:
        quotes.cancel_quote_request(quote=issued, actor=issued.application.applicant)

    assert "no longer “Requested”" in str(caught.value)


def test_sending_to_a_payer_is_recorded_with_the_address(issued, officer):
    payer = issued.payers.get()

    quotes.send_quote_to_payer(quote=issued, payer=payer, actor=officer, now=IN_ROUND_1)

    event = FinanceEvent.objects.get(kind="quote_sent_to_payer")
    assert event.actor == officer
    assert event.data["email"] == "conseiller@francetravail.example.org"
    assert event.data["number"] == "DEV-2027-0001"


def test_a_payer_of_another_quote_or_without_email_is_refused(post_master_ai, issued, officer):
    other = issue(request(application_to(post_master_ai)), officer)
    stranger = other.payers.get()
    silent = Payer.objects.create(quote=issued, kind="employer", organisation="Acme")

    with pytest.raises(errors.QuoteRefused) as not_ours:
        quotes.send_quote_to_payer(quote=issued, payer=stranger, actor=officer)
    with pytest.raises(errors.QuoteRefused) as no_email:
        quotes.send_quote_to_payer(quote=issued, payer=silent, actor=officer)

    assert str(not_ours.value) == str(errors.QUOTE_PAYER_NOT_ON_QUOTE)
    assert str(no_email.value) == str(errors.QUOTE_PAYER_WITHOUT_EMAIL)
    assert not FinanceEvent.objects.filter(kind="quote_sent_to_payer").exists()


def test_a_request_cannot_be_sent_to_a_payer(post_master_ai, officer):
    requested = request(application_to(post_master_ai))

    with pytest.raises(errors.QuoteRefused) as caught:
        quotes.send_quote_to_payer(
            quote=requested, payer=requested.payers.get(), actor=officer, now=IN_ROUND_1
        )

    assert str(caught.value) == "Only an issued quote can be sent; this one is “Requested”."
