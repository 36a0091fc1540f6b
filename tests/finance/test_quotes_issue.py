"""A finance officer issues a requested quote: numbered without gaps per year (DEV-2027-0001),
dated in Paris, valid until a date, with its lines and total. Two officers issuing the same
request: one wins, the other is told and nothing else changes."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.finance import errors
from admissions.finance.models import FinanceCounter, FinanceEvent, QuoteStatus
from admissions.finance.selectors import quotes as quote_selectors
from admissions.finance.services import quotes
from tests.calendar import IN_ROUND_1, paris
from tests.finance.quote_helpers import application_to, employer, issue, request
from tests.people import make_finance_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def officer(post_master_ai):
    return make_finance_officer(post_master_ai)


@pytest.fixture
def requested(post_master_ai):
    return request(application_to(post_master_ai))


def invalid_fields(**kw) -> dict[str, str]:
    with pytest.raises(errors.QuoteRequestInvalid) as caught:
        issue(**kw)
    return {field: str(message) for field, message in caught.value.errors}


def test_issuing_numbers_dates_and_prices_the_quote(requested, officer):
    quote = issue(requested, officer, staff_note="Tuition may be paid in three instalments.")

    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ISSUED
    assert quote.number == "DEV-2027-0001"
    assert quote.version == 1
    assert quote.issued_by == officer
    assert quote.issued_on == dt.date(2027, 1, 15)
    assert quote.valid_until == dt.date(2027, 3, 16)  # 60 days, the default validity
    assert quote.total_cents == 1_850_000
    assert quote.staff_note == "Tuition may be paid in three instalments."
    [line] = quote.lines.all()
    assert line.label_en == "Tuition: Post-Master's degree in Artificial Intelligence, 2027-2028"
    assert (
        line.label_fr
        == "Frais de scolarité : Mastère Spécialisé Intelligence artificielle, 2027-2028"
    )
    assert (quote.starts_on, quote.ends_on) == (dt.date(2027, 10, 1), dt.date(2028, 9, 30))
    event = FinanceEvent.objects.get(kind="quote_issued")
    assert event.actor == officer
    assert event.amount_cents == 1_850_000
    assert event.data["number"] == "DEV-2027-0001"


def test_quotes_are_numbered_in_sequence_per_calendar_year_in_paris(post_master_ai, officer):
    first = issue(request(application_to(post_master_ai)), officer)
    second = issue(request(application_to(post_master_ai)), officer)
    # 23:30 UTC on 31 December 2027 is already 2028 in Paris.
    new_year = dt.datetime(2027, 12, 31, 23, 30, tzinfo=dt.UTC)
    late = application_to(post_master_ai, year=2026)
    late.intake.starts_on = dt.date(2028, 10, 1)
    late.intake.save()
    third = issue(
        request(late, [{"route": "self_funded", "amount_cents": None}], now=new_year),
        officer,
        now=new_year,
    )

    assert [first.number, second.number, third.number] == [
        "DEV-2027-0001",
        "DEV-2027-0002",
        "DEV-2028-0001",
    ]


def test_an_extra_line_adds_to_the_total(requested, officer):
    lines = [
        quote_selectors.tuition_line(requested.application),
        {"label_en": "Study trip", "label_fr": "Voyage d'études", "amount_cents": 120_000},
    ]

    quote = issue(requested, officer, lines=lines)

    assert quote.total_cents == 1_970_000
    assert [line.label_en for line in quote.lines.all()] == [
        "Tuition: Post-Master's degree in Artificial Intelligence, 2027-2028",
        "Study trip",
    ]


def test_the_second_officer_to_issue_the_same_request_is_told_and_nothing_changes(
    requested, officer, post_master_ai
):
    colleague = make_finance_officer(post_master_ai, email="gaston.finance@example.org")
    seen_by_colleague = type(requested).objects.get(pk=requested.pk)
    issue(requested, officer)

    with pytest.raises(errors.QuoteRefused) as caught:
        issue(seen_by_colleague, colleague, lines=[{"label_en": "Other", "amount_cents": 1}])

    assert str(caught.value) == (
        "This quote is no longer “Requested”: someone else has just made it “Issued”. Nothing "
        "was changed; refresh the page to see it as it is now."
    )
    requested.refresh_from_db()
    assert requested.issued_by == officer
    assert requested.total_cents == 1_850_000
    assert FinanceEvent.objects.filter(kind="quote_issued").count() == 1
    # The loser took no number: the next quote is 0002.
    assert FinanceCounter.objects.get(kind="quote", year=2027).last_number == 1


def test_a_validity_date_before_today_is_refused(requested, officer):
    fields = invalid_fields(quote=requested, officer=officer, valid_until=dt.date(2027, 1, 14))

    assert fields == {
        "valid_until": (
            "The quote would be valid until 14 January 2027, before today (15 January 2027): "
            "choose a later date."
        )
    }
    requested.refresh_from_db()
    assert requested.status == QuoteStatus.REQUESTED


def test_a_quote_without_lines_or_with_an_unlabelled_line_is_refused(requested, officer):
    assert invalid_fields(quote=requested, officer=officer, lines=[]) == {
        "lines": str(errors.QUOTE_NO_LINES)
    }
    assert invalid_fields(
        quote=requested, officer=officer, lines=[{"label_en": " ", "amount_cents": 100}]
    ) == {"lines[0].label_en": str(errors.QUOTE_LINE_LABEL_REQUIRED)}
    assert invalid_fields(
        quote=requested, officer=officer, lines=[{"label_en": "Tuition", "amount_cents": 0}]
    ) == {"lines": str(errors.QUOTE_TOTAL_ZERO)}


def test_lines_below_the_funding_asked_for_are_refused(post_master_ai, officer):
    requested = request(
        application_to(post_master_ai),
        [{"route": "employer", "amount_cents": 1_850_000, "payer": employer()}],
    )

    fields = invalid_fields(
        quote=requested,
        officer=officer,
        lines=[{"label_en": "Tuition", "amount_cents": 1_000_000}],
    )

    assert fields == {
        "lines": (
            "The funding amounts asked for add up to €18,500, more than the quote's total "
            "(€10,000). Check the lines, or ask the applicant to request a new quote."
        )
    }


def test_revising_makes_a_new_version_with_the_same_number_and_keeps_the_old_one(
    requested, officer
):
    v1 = issue(requested, officer)
    later = IN_ROUND_1 + dt.timedelta(days=3)

    v2 = quotes.revise_quote(
        quote=v1,
        lines=[{"label_en": "Tuition, employer rate", "amount_cents": 1_700_000}],
        valid_until=dt.date(2027, 4, 30),
        staff_note="Revised after the employer's call.",
        actor=officer,
        now=later,
    )

    v1.refresh_from_db()
    assert v1.status == QuoteStatus.SUPERSEDED
    assert v1.total_cents == 1_850_000
    assert [line.label_en for line in v1.lines.all()] == [
        "Tuition: Post-Master's degree in Artificial Intelligence, 2027-2028"
    ]
    assert (v2.number, v2.version, v2.status) == ("DEV-2027-0001", 2, QuoteStatus.ISSUED)
    assert v2.previous == v1
    assert v2.total_cents == 1_700_000
    assert v2.issued_on == dt.date(2027, 1, 18)
    assert [f.route for f in v2.funding.all()] == ["pole_emploi"]
    assert v2.funding.get().payer.organisation == "France Travail Paris 13"
    assert v2.funding.get().payer.quote == v2
    assert v1.funding.get().payer.quote == v1
    assert FinanceEvent.objects.get(kind="quote_revised").data["version"] == 2


def test_a_superseded_version_cannot_be_revised_again(requested, officer):
    v1 = issue(requested, officer)
    quotes.revise_quote(
        quote=v1,
        lines=[quote_selectors.tuition_line(v1.application)],
        valid_until=dt.date(2027, 3, 1),
        actor=officer,
        now=IN_ROUND_1,
    )

    with pytest.raises(errors.QuoteRefused):
        quotes.revise_quote(
            quote=v1,
            lines=[quote_selectors.tuition_line(v1.application)],
            valid_until=dt.date(2027, 3, 1),
            actor=officer,
            now=IN_ROUND_1,
        )

    assert type(v1).objects.filter(number=v1.number).count() == 2


def test_a_request_cannot_be_revised_before_it_is_issued(requested, officer):
    with pytest.raises(errors.QuoteRefused):
        quotes.revise_quote(
            quote=requested,
            lines=[quote_selectors.tuition_line(requested.application)],
            valid_until=dt.date(2027, 3, 1),
            actor=officer,
            now=IN_ROUND_1,
        )


def test_the_quote_can_be_issued_on_the_day_classes_start_if_requested_before(
    post_master_ai, officer
):
    requested = request(application_to(post_master_ai), now=paris(2027, 9, 30, 12))

    quote = issue(requested, officer, now=paris(2027, 10, 1, 9))

    assert quote.status == QuoteStatus.ISSUED
