"""A domain ``NotFound`` raised anywhere under a page view answers the site's 404 page.

Views no longer turn ``NotFound`` into ``Http404`` by hand: ``core.middleware`` does it once.
These stories check it for a view of its own, for another applicant's reference on each kind
of applicant page, and for a staff member outside the application's programme."""

from __future__ import annotations

import uuid

import pytest
from django.http import HttpResponse
from django.urls import path

from admissions.core.errors import NotFound
from admissions.core.roles import Role
from tests.people import make_finance_officer, make_user
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    in_round_1_fixture,
    make_submitted,
)


def _refuses(request):
    raise NotFound("No such thing here.")


def _answers(request):
    return HttpResponse("here")


urlpatterns = [path("refuses/", _refuses), path("answers/", _answers)]


@pytest.mark.urls(__name__)
def test_a_not_found_raised_by_a_view_answers_the_same_404_page_as_an_unknown_address(client):
    refused = client.get("/refuses/")
    unknown = client.get("/no-page-has-this-address/")

    assert refused.status_code == 404
    assert refused.content == unknown.content
    assert client.get("/answers/").status_code == 200


@pytest.fixture
def others_application(seed_programmes, other_applicant, in_round_1):
    return make_submitted(other_applicant, seed_programmes["post-master-ai"], in_round_1)


APPLICANT_PAGES = [
    "/applications/{reference}/documents/",
    "/applications/{reference}/referees/",
    "/applications/{reference}/fee/",
    "/applications/{reference}/fee/return/PAY-0001/",
    "/applications/{reference}/receipts/R-0001.pdf",
    "/applications/{reference}/fee/waiver/",
    "/applications/{reference}/quotes/",
    "/applications/{reference}/quotes/Q-0001/",
    f"/applications/{{reference}}/quotes/{uuid.UUID(int=7)}.pdf",
]


@pytest.mark.usefixtures("applicant_urls")
@pytest.mark.parametrize("page", APPLICANT_PAGES)
def test_another_applicants_reference_answers_404_on_every_kind_of_page(
    client, applicant, others_application, page
):
    client.force_login(applicant)

    response = client.get(page.format(reference=others_application.reference))

    assert response.status_code == 404
    assert others_application.reference not in response.content.decode()


@pytest.mark.usefixtures("applicant_urls")
@pytest.mark.parametrize(
    "page",
    ["/applications/{reference}/fee/return/PAY-0001/", "/applications/{reference}/quotes/Q-0001/"],
)
def test_a_missing_payment_or_quote_of_ones_own_application_answers_404(
    client, other_applicant, others_application, page
):
    client.force_login(other_applicant)

    assert client.get(page.format(reference=others_application.reference)).status_code == 404


@pytest.mark.usefixtures("applicant_urls")
def test_a_message_that_is_not_in_ones_inbox_answers_404(client, applicant):
    client.force_login(applicant)

    assert client.get(f"/inbox/{uuid.uuid4()}/").status_code == 404


def _msc_officer(msc):
    return make_user("oscar.msc-officer@example.org", [(Role.ADMISSIONS_OFFICER, msc)], mfa=True)


def _msc_finance_officer(msc):
    return make_finance_officer(msc, "mona.msc-finance@example.org", first_name="Mona")


STAFF_PAGES = [
    (_msc_officer, "/staff/documents/{reference}/"),
    (_msc_officer, "/staff/eligibility/applications/{reference}/"),
    (_msc_finance_officer, "/staff/finance/applications/{reference}/"),
]


@pytest.mark.parametrize(("make_person", "page"), STAFF_PAGES)
def test_staff_outside_the_programme_or_a_missing_reference_answer_404(
    client, seed_programmes, others_application, make_person, page
):
    client.force_login(make_person(seed_programmes["msc-cps2-ai-iot"]))

    outside = client.get(page.format(reference=others_application.reference))
    missing = client.get(page.format(reference="NO-SUCH-REFERENCE"))

    assert outside.status_code == 404
    assert missing.status_code == 404
    assert outside.content == missing.content
