"""The finance dashboard adds fees, payments, refunds and quotes up per programme and round,
within the programmes a person may see, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.states import Status
from admissions.core import clock
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FundingRoute,
    PaymentMethod,
    Quote,
    QuoteFunding,
    QuoteStatus,
    Refund,
)
from admissions.finance.selectors import dashboard
from admissions.finance.services import ledger
from tests.applications.factories import ApplicationFactory
from tests.calendar import paris
from tests.catalogue.factories import IntakeFactory, RoundFactory

NOW = paris(2027, 3, 1, 10)


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield NOW


class Story:
    """The Post-Master's 2027 intake: six fees in every state over rounds 1, 2 and drafts,
    and the quotes of five applicants; one paid fee in the MSc that no Post-Master's figure
    may include."""

    def __init__(self, post_master, msc, officer):
        post_master.application_fee_cents = 15_000
        post_master.tuition_cents = 1_850_000
        post_master.save()
        msc.application_fee_cents = 9_000
        msc.save()
        self.officer = officer
        self.intake = IntakeFactory(programme=post_master, academic_year=2027)
        self.round_1 = RoundFactory(intake=self.intake, number=1)
        self.round_2 = RoundFactory(intake=self.intake, number=2)

        self.paid = self.application(self.round_1)
        self.pay(self.paid, 15_000)
        self.partly_paid = self.application(self.round_1)
        self.pay(self.partly_paid, 5_000)
        self.waived = self.application(self.round_1)
        self.set_status(self.waived, FeeStatus.WAIVED)
        self.refunded = self.application(self.round_2)
        payment = self.pay(self.refunded, 15_000)
        Refund.objects.create(
            payment=payment,
            amount_cents=15_000,
            currency="EUR",
            reason="Withdrew before the deadline.",
            refunded_by=officer,
            refunded_at=NOW,
        )
        ledger.refresh_status(ledger.lock_fee(self.refunded.fee), now=NOW)
        self.deferred = self.application(self.round_2)
        self.set_status(self.deferred, FeeStatus.DEFERRED)
        self.draft = self.application(None)
        ledger.ensure_fee(application=self.draft)

        self.quote(self.paid, QuoteStatus.SUPERSEDED, 1_850_000, [], number="DEV-2027-0001")
        self.quote(
            self.paid,
            QuoteStatus.ACCEPTED,
            1_850_000,
            [(FundingRoute.CPF, 500_000), (FundingRoute.EMPLOYER, None)],
            number="DEV-2027-0001",
            version=2,
        )
        self.quote(
            self.partly_paid,
            QuoteStatus.ISSUED,
            1_850_000,
            [(FundingRoute.POLE_EMPLOI, None)],
            number="DEV-2027-0002",
        )
        self.quote(self.waived, QuoteStatus.ISSUED, 1_000_000, [], number="DEV-2027-0003")
        self.quote(self.refunded, QuoteStatus.REQUESTED, 0, [])
        self.quote(
            self.deferred,
            QuoteStatus.DECLINED,
            1_850_000,
            [(FundingRoute.SELF_FUNDED, 1_850_000)],
            number="DEV-2027-0004",
        )

        msc_intake = IntakeFactory(programme=msc, academic_year=2027)
        self.msc_paid = self.application(RoundFactory(intake=msc_intake, number=1), msc_intake)
        self.pay(self.msc_paid, 9_000)

    def application(self, round_, intake=None):
        intake = intake or self.intake
        if round_ is None:
            return ApplicationFactory(intake=intake)
        return ApplicationFactory(
            intake=intake, round=round_, status=Status.SUBMITTED, submitted_at=NOW
        )

    def pay(self, application, cents):
        fee = ledger.ensure_fee(application=application)
        return ledger.record_payment(
            fee=fee, amount_cents=cents, currency="EUR", method=PaymentMethod.BANK_TRANSFER
        )

    def set_status(self, application, status):
        fee = ledger.ensure_fee(application=application)
        ApplicationFee.objects.filter(pk=fee.pk).update(status=status)

    def quote(self, application, status, total, funding, *, number="", version=1):
        quote = Quote.objects.create(
            application=application,
            number=number,
            version=version,
            status=status,
            currency="EUR",
            total_cents=total,
            requested_by=application.applicant,
            requested_at=NOW - dt.timedelta(days=10 - version),
        )
        for route, amount in funding:
            QuoteFunding.objects.create(quote=quote, route=route, amount_cents=amount)
        return quote


@pytest.fixture
def story(post_master, msc, officer):
    return Story(post_master, msc, officer)


def _post_master(figures):
    (item,) = [p for p in figures.programmes if p.programme.slug == "post-master-ai"]
    return item


def _round(item, number):
    return next(row for row in item.rounds if row.round_number == number)


def test_fees_are_counted_and_summed_per_status_in_each_round(story):
    item = _post_master(dashboard.finance_dashboard(programme_ids=None))
    round_1 = _round(item, 1).fees
    assert round_1.counts == {"paid": 1, "due": 1, "waived": 1}
    assert round_1.amounts == {"paid": 15_000, "due": 15_000, "waived": 15_000}
    assert (round_1.received_cents, round_1.refunded_cents, round_1.net_cents) == (
        20_000,
        0,
        20_000,
    )
    assert round_1.outstanding_cents == 10_000
    round_2 = _round(item, 2).fees
    assert round_2.counts == {"refunded": 1, "deferred": 1}
    assert (round_2.received_cents, round_2.refunded_cents, round_2.net_cents) == (
        15_000,
        15_000,
        0,
    )
    assert round_2.outstanding_cents == 15_000


def test_drafts_are_shown_as_not_submitted_after_the_rounds(story):
    item = _post_master(dashboard.finance_dashboard(programme_ids=None))
    assert [row.round_number for row in item.rounds] == [1, 2, None]
    drafts = item.rounds[-1]
    assert drafts.round_label == "Not submitted"
    assert drafts.fees.counts == {"due": 1}
    assert drafts.fees.outstanding_cents == 15_000


def test_the_programme_total_adds_up_its_rounds(story):
    (total,) = _post_master(dashboard.finance_dashboard(programme_ids=None)).totals
    assert total.currency == "EUR"
    assert total.fees == 6
    assert {status: (count, amount) for status, _label, count, amount in total.by_status()} == {
        "due": (2, 30_000),
        "paid": (1, 15_000),
        "waived": (1, 15_000),
        "deferred": (1, 15_000),
        "refunded": (1, 15_000),
        "not_charged": (0, 0),
    }
    assert (total.received_cents, total.refunded_cents, total.net_cents) == (
        35_000,
        15_000,
        20_000,
    )
    assert total.outstanding_cents == 40_000


def test_quotes_are_counted_by_status_and_round_each_version_once(story):
    item = _post_master(dashboard.finance_dashboard(programme_ids=None))
    by_round = {row.round_number: row.counts for row in item.quotes}
    assert by_round == {
        1: {"superseded": 1, "accepted": 1, "issued": 2},
        2: {"requested": 1, "declined": 1},
    }
    assert item.quote_totals.total == 6


def test_expected_tuition_comes_from_each_applications_latest_live_quote(story):
    item = _post_master(dashboard.finance_dashboard(programme_ids=None))
    routes = {route.route: (route.expected_cents, route.accepted_cents) for route in item.routes}
    assert routes == {
        # Accepted v2: CPF's amount, the employer the rest; v1 (superseded) does not count.
        "cpf": (500_000, 500_000),
        "employer": (1_350_000, 1_350_000),
        # Issued, a single route without an amount: the whole total.
        "pole_emploi": (1_850_000, 0),
        # Issued without any funding row.
        "unspecified": (1_000_000, 0),
    }
    # The declined quote's self-funding is not expected.
    assert "self_funded" not in routes
    assert [route.label for route in item.routes][-1] == "Funding not specified"


def test_routes_without_an_amount_share_the_rest_of_the_total(story):
    story.quote(
        story.deferred,
        QuoteStatus.ISSUED,
        1_850_000,
        [
            (FundingRoute.BANK_LOAN, 850_000),
            (FundingRoute.EMPLOYER, None),
            (FundingRoute.CPF, None),
        ],
        number="DEV-2027-0005",
        version=3,
    )
    item = _post_master(dashboard.finance_dashboard(programme_ids=None))
    routes = {route.route: route.expected_cents for route in item.routes}
    assert routes["bank_loan"] == 850_000
    assert routes["employer"] == 1_350_000 + 500_000
    assert routes["cpf"] == 500_000 + 500_000


def test_an_officer_of_another_programme_sees_none_of_these_figures(
    story, officer_of_other_programme
):
    scope = dashboard.finance_scope(officer_of_other_programme)
    figures = dashboard.finance_dashboard(programme_ids=scope)
    assert [item.programme.slug for item in figures.programmes] == ["msc-cps2-ai-iot"]
    (total,) = figures.totals
    assert (total.fees, total.received_cents) == (1, 9_000)
    assert figures.quote_totals == {}
    assert figures.routes == []


def test_asking_for_a_programme_outside_the_scope_gives_nothing(
    story, post_master, officer_of_other_programme
):
    scope = dashboard.finance_scope(officer_of_other_programme)
    figures = dashboard.finance_dashboard(programme_ids=scope, programme=post_master)
    assert figures.programmes == []
    assert figures.totals == []


def test_a_finance_officer_sees_their_programme_and_an_administrator_every_programme(
    story, finance_officer, administrator, post_master
):
    assert dashboard.finance_scope(finance_officer) == {post_master.pk}
    assert dashboard.finance_scope(administrator) is None
    slugs = [p.slug for p in dashboard.visible_programmes(administrator)]
    assert set(slugs) == {"post-master-ai", "msc-cps2-ai-iot"}


def test_an_applicant_may_not_see_the_finance_figures(story, applicant):
    assert not dashboard.can_see_finance_figures(applicant)
    assert dashboard.finance_scope(applicant) == set()
    assert list(dashboard.visible_programmes(applicant)) == []


def test_the_figures_can_be_narrowed_to_one_programme_and_one_year(story, msc):
    figures = dashboard.finance_dashboard(programme_ids=None, programme=msc)
    assert [item.programme.slug for item in figures.programmes] == ["msc-cps2-ai-iot"]
    figures = dashboard.finance_dashboard(programme_ids=None, academic_year=2026)
    assert all(not item.rounds and not item.quotes for item in figures.programmes)
    assert figures.totals == []
    figures = dashboard.finance_dashboard(programme_ids=None, academic_year=2027)
    assert sum(total.fees for total in figures.totals) == 7


def test_the_dashboard_runs_the_same_few_queries_whatever_the_data(
    story, django_assert_num_queries
):
    with django_assert_num_queries(7):
        dashboard.finance_dashboard(programme_ids=None)
    for _ in range(5):
        extra = story.application(story.round_1)
        story.pay(extra, 15_000)
        story.quote(extra, QuoteStatus.ISSUED, 1_850_000, [(FundingRoute.CPF, None)])
    with django_assert_num_queries(7):
        figures = dashboard.finance_dashboard(programme_ids=None)
    assert _round(_post_master(figures), 1).fees.counts["paid"] == 6
