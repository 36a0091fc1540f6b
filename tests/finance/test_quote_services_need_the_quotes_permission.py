"""Issuing, revising and sending a quote are ``finance.quotes``, checked by the services
themselves: anyone but the programme's finance officer is refused as not found, and nothing
changes."""

from __future__ import annotations

import pytest

from admissions.core.errors import NotFound
from admissions.core.permissions import PERMISSIONS
from admissions.core.roles import Role
from admissions.finance.models import FinanceEvent, QuoteStatus
from admissions.finance.selectors import quotes as quote_selectors
from admissions.finance.services import quotes
from tests.finance.quote_helpers import IN_ROUND_1, application_to, issue, request
from tests.people import make_finance_officer, make_user

pytestmark = pytest.mark.django_db

REFUSED = PERMISSIONS["finance.quotes"].message


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def officer(post_master_ai):
    return make_finance_officer(post_master_ai)


@pytest.fixture(params=["admissions officer", "finance officer of another programme", "nobody"])
def stranger(request, seed_programmes, post_master_ai):
    if request.param == "nobody":
        return None
    if request.param == "admissions officer":
        return make_user(
            "adele.admissions@example.org", [(Role.ADMISSIONS_OFFICER, post_master_ai)]
        )
    other = next(p for slug, p in seed_programmes.items() if slug != "post-master-ai")
    return make_user("mona.finance@example.org", [(Role.FINANCE_OFFICER, other)])


def test_only_the_finance_officer_of_the_programme_issues_a_quote(post_master_ai, stranger):
    requested = request(application_to(post_master_ai))

    with pytest.raises(NotFound) as refused:
        issue(requested, stranger)

    assert refused.value.message == REFUSED
    requested.refresh_from_db()
    assert requested.status == QuoteStatus.REQUESTED


def test_only_the_finance_officer_of_the_programme_revises_a_quote(
    post_master_ai, officer, stranger
):
    issued = issue(request(application_to(post_master_ai)), officer)

    with pytest.raises(NotFound) as refused:
        quotes.revise_quote(
            quote=issued,
            lines=[quote_selectors.tuition_line(issued.application)],
            valid_until=issued.valid_until,
            actor=stranger,
            now=IN_ROUND_1,
        )

    assert refused.value.message == REFUSED
    assert issued.application.quotes.count() == 1


def test_only_the_finance_officer_of_the_programme_sends_a_quote_to_its_payer(
    post_master_ai, officer, stranger
):
    issued = issue(request(application_to(post_master_ai)), officer)

    with pytest.raises(NotFound) as refused:
        quotes.send_quote_to_payer(
            quote=issued, payer=issued.payers.get(), actor=stranger, now=IN_ROUND_1
        )

    assert refused.value.message == REFUSED
    assert not FinanceEvent.objects.filter(kind="quote_sent_to_payer").exists()
