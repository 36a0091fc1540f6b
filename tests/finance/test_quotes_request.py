"""An applicant asks for a tuition quote, choosing how it will be funded; a request that does
not hold together is refused naming the field, and nothing is recorded."""

from __future__ import annotations

import pytest

from admissions.applications.states import Status
from admissions.finance import errors
from admissions.finance.models import FinanceEvent, Quote, QuoteStatus
from admissions.finance.services import quotes
from tests.calendar import IN_ROUND_1, paris
from tests.finance.quote_helpers import application_to, employer, france_travail, request

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def application(post_master_ai):
    return application_to(post_master_ai)


def refused_fields(application, funding, **kw) -> dict[str, str]:
    with pytest.raises(errors.QuoteRequestInvalid) as caught:
        request(application, funding, **kw)
    return {field: str(message) for field, message in caught.value.errors}


def nothing_recorded(application) -> bool:
    return (
        not Quote.objects.filter(application=application).exists()
        and not FinanceEvent.objects.filter(
            application=application, kind="quote_requested"
        ).exists()
    )


def test_a_pole_emploi_request_is_recorded_with_its_payer_and_the_programme_dates(application):
    quote = request(application, note="My counsellor is expecting it.")

    assert quote.status == QuoteStatus.REQUESTED
    assert quote.number == ""
    assert quote.currency == "EUR"
    assert quote.starts_on.isoformat() == "2027-10-01"
    assert quote.ends_on.isoformat() == "2028-09-30"
    assert quote.applicant_note == "My counsellor is expecting it."
    [route] = quote.funding.all()
    assert route.route == "pole_emploi"
    assert route.amount_cents is None
    assert route.payer.organisation == "France Travail Paris 13"
    assert route.payer.kind == "funding_body"
    event = FinanceEvent.objects.get(application=application, kind="quote_requested")
    assert event.actor == application.applicant
    assert event.data["funding"] == [{"route": "pole_emploi", "amount_cents": None}]


def test_a_mix_of_employer_and_personal_funds_keeps_each_amount(application):
    quote = request(
        application,
        [
            {"route": "employer", "amount_cents": 1_000_000, "payer": employer()},
            {"route": "self_funded", "amount_cents": None},
        ],
    )

    routes = {item.route: item for item in quote.funding.all()}
    assert routes["employer"].amount_cents == 1_000_000
    assert routes["employer"].payer.billing_address.startswith("12 rue de la Paix")
    assert routes["self_funded"].amount_cents is None
    assert routes["self_funded"].payer is None


def test_amounts_of_a_mix_above_the_tuition_are_refused_on_the_amount_that_tips_over(
    application,
):
    fields = refused_fields(
        application,
        [
            {"route": "employer", "amount_cents": 1_500_000, "payer": employer()},
            {"route": "cpf", "amount_cents": 400_000},
        ],
    )

    assert fields == {
        "funding[1].amount_cents": (
            "The amounts add up to €19,000, more than the tuition (€18,500). Lower them so that "
            "they add up to the tuition at most."
        )
    }
    assert nothing_recorded(application)


def test_an_employer_without_organisation_email_or_billing_address_is_refused_field_by_field(
    application,
):
    fields = refused_fields(
        application,
        [{"route": "employer", "amount_cents": None, "payer": {"contact_name": "Claire"}}],
    )

    assert fields == {
        "funding[0].payer.organisation": str(errors.QUOTE_PAYER_ORGANISATION_REQUIRED),
        "funding[0].payer.email": str(errors.QUOTE_PAYER_EMAIL_REQUIRED),
        "funding[0].payer.billing_address": str(errors.QUOTE_PAYER_ADDRESS_REQUIRED),
    }
    assert nothing_recorded(application)


def test_an_employer_route_with_no_payer_at_all_asks_for_the_payer(application):
    fields = refused_fields(application, [{"route": "employer", "amount_cents": None}])

    assert set(fields) == {
        "funding[0].payer.organisation",
        "funding[0].payer.email",
        "funding[0].payer.billing_address",
    }


def test_a_payer_email_that_is_not_an_address_is_refused(application):
    fields = refused_fields(
        application,
        [{"route": "employer", "amount_cents": None, "payer": employer(email="hr at acme")}],
    )

    assert fields == {"funding[0].payer.email": "“hr at acme” is not a valid email address."}


def test_an_unknown_route_is_refused_with_the_known_ones(application):
    fields = refused_fields(application, [{"route": "lottery", "amount_cents": None}])

    assert list(fields) == ["funding[0].route"]
    assert fields["funding[0].route"].startswith("“lottery” is not a way of funding we know.")
    assert "pole_emploi" in fields["funding[0].route"]


def test_a_route_the_programme_does_not_offer_is_refused(application):
    fields = refused_fields(application, [{"route": "scholarship", "amount_cents": None}])

    assert fields["funding[0].route"].startswith(
        "Post-Master's degree in Artificial Intelligence does not offer funding through "
        "“Scholarship”."
    )


def test_a_route_listed_twice_is_refused(application):
    fields = refused_fields(
        application,
        [
            {"route": "self_funded", "amount_cents": 100_000},
            {"route": "self_funded", "amount_cents": None},
        ],
    )

    assert fields == {
        "funding[1].route": "“Personal funds” is listed twice: give it once, with its whole amount."
    }


def test_several_routes_need_amounts_for_all_but_one(application):
    fields = refused_fields(
        application,
        [
            {"route": "self_funded", "amount_cents": None},
            {"route": "cpf", "amount_cents": None},
        ],
    )

    assert fields == {"funding[1].amount_cents": str(errors.QUOTE_AMOUNT_MISSING)}


def test_a_negative_or_fractional_amount_is_refused(application):
    fields = refused_fields(
        application,
        [
            {"route": "self_funded", "amount_cents": -100},
            {"route": "cpf", "amount_cents": 12.5},
        ],
    )

    assert fields == {
        "funding[0].amount_cents": str(errors.QUOTE_AMOUNT_NOT_WHOLE),
        "funding[1].amount_cents": str(errors.QUOTE_AMOUNT_NOT_WHOLE),
    }


def test_a_request_without_any_route_is_refused(application):
    assert refused_fields(application, []) == {"funding": str(errors.QUOTE_NO_ROUTE)}


def test_a_bank_that_is_not_a_partner_is_refused(application):
    fields = refused_fields(
        application,
        [{"route": "bank_loan", "amount_cents": None, "details": {"bank": "Banque Lointaine"}}],
    )

    assert fields == {
        "funding[0].details.bank": (
            "“Banque Lointaine” is not one of the programme's partner banks: BNP Paribas, "
            "BMCI, UBCI."
        )
    }


def test_a_request_the_day_before_classes_start_is_accepted(application):
    quote = request(application, now=paris(2027, 9, 30, 23, 59, 59))

    assert quote.status == QuoteStatus.REQUESTED


def test_a_request_once_classes_have_started_is_refused_with_the_date(application):
    with pytest.raises(errors.QuoteRefused) as caught:
        request(application, now=paris(2027, 10, 1, 0, 0, 30))

    assert str(caught.value) == (
        "Classes of Post-Master's degree in Artificial Intelligence started on 1 October 2027: "
        "a quote can no longer be requested for this intake. Contact the programme's business "
        "and administrative services."
    )
    assert nothing_recorded(application)


@pytest.mark.parametrize("trait", ["withdrawn", "refused"])
def test_a_withdrawn_or_refused_application_cannot_ask_for_a_quote(post_master_ai, trait):
    application = application_to(post_master_ai, **{trait: True})

    with pytest.raises(errors.QuoteRefused) as caught:
        request(application)

    label = Status(application.status).label
    assert (
        str(caught.value)
        == f"This application is “{label}”: no quote can be requested for it any more."
    )


def test_a_second_request_waits_for_the_first_one(application):
    request(application)

    with pytest.raises(errors.QuoteRefused) as caught:
        request(application, [{"route": "self_funded", "amount_cents": None}])

    assert "already waiting for the finance office (sent on 15 January 2027)" in str(caught.value)
    assert Quote.objects.filter(application=application).count() == 1


def test_a_cancelled_request_can_be_replaced(application):
    first = request(application)
    quotes.cancel_quote_request(quote=first, actor=application.applicant, now=IN_ROUND_1)

    second = request(application, [{"route": "self_funded", "amount_cents": None}])

    first.refresh_from_db()
    assert first.status == QuoteStatus.CANCELLED
    assert second.status == QuoteStatus.REQUESTED
    assert FinanceEvent.objects.filter(application=application, kind="quote_cancelled").count() == 1


def test_pole_emploi_details_without_a_payer_are_accepted(application):
    quote = request(
        application,
        [{"route": "pole_emploi", "amount_cents": None, "details": {"counsellor": "M. Lefèvre"}}],
    )

    [route] = quote.funding.all()
    assert route.payer is None
    assert route.details == {"counsellor": "M. Lefèvre"}


def test_france_travail_as_payer_needs_its_billing_address(application):
    fields = refused_fields(
        application,
        [
            {
                "route": "pole_emploi",
                "amount_cents": None,
                "payer": france_travail(billing_address=""),
            }
        ],
    )

    assert fields == {"funding[0].payer.billing_address": str(errors.QUOTE_PAYER_ADDRESS_REQUIRED)}
