"""The applicant's pages and the public pages read a fixed number of queries: a change that
adds a query per application, per document or per round fails here, with the queries listed.

The numbers are what each page needs today (measured, not guessed): raise one only with a
reason in the commit message. Each page is requested once before it is measured, so that the
session written after signing in is not counted.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.documents.stories import upload
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    complete_profile,
    in_round_1_fixture,
    make_submitted,
    start_application,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")

PROGRAMMES_DIR = Path(__file__).resolve().parents[2] / "programmes"

# Session, user, roles, applications, rounds, advice, documents (2), requirements, fees,
# profile with its four lists.
DASHBOARD = 15
DOCUMENTS = 14
FEE = 10
# The application page also reads its interview, if any (the link to book it or its time),
# and the released decision with its offer and waiting-list place (one query while none is).
APPLICATION_AT_MOST = 17
# The public pages, rendered (their cached content then reads none), with the one query that
# says until when the content holds.
HOME = 5
CATALOGUE = 3
PROGRAMME = 11
ELIGIBILITY_CHECK = 2


@pytest.fixture
def three_programmes(seed_programmes, tmp_path):
    """The two seed programmes and a copy of the MSc (two entry levels each for the MSc):
    enough for five applications of one person open at once."""
    from admissions.catalogue.services import load_programme_files

    text = (PROGRAMMES_DIR / "msc-cps2-ai-iot.yaml").read_text()
    copy = text.replace("slug: msc-cps2-ai-iot", "slug: msc-copy").replace(
        "reference_prefix: CPS2", "reference_prefix: CPSX"
    )
    (tmp_path / "msc-copy.yaml").write_text(copy)
    return {**seed_programmes, **load_programme_files([tmp_path]).programmes}


def queries_of(client, url: str) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def repeated(queries: list[str]) -> list[str]:
    return [sql for sql, count in collections.Counter(queries).items() if count > 1]


def listing(queries: list[str]) -> str:
    return "\n".join(sql[:200] for sql in queries)


def test_the_dashboard_reads_as_many_queries_with_five_applications_as_with_one(
    client, applicant, three_programmes, in_round_1
):
    complete_profile(applicant)
    start_application(applicant, three_programmes["post-master-ai"], in_round_1)
    client.force_login(applicant)
    with_one = queries_of(client, "/me/")

    for slug in ("msc-cps2-ai-iot", "msc-copy"):
        for level in ("m1", "m2"):
            start_application(applicant, three_programmes[slug], in_round_1, level)
    with_five = queries_of(client, "/me/")

    assert len(with_one) == DASHBOARD, listing(with_one)
    assert len(with_five) == DASHBOARD, listing(with_five)
    assert repeated(with_five) == []


def test_the_dashboard_with_a_submitted_application_reads_no_more(
    client, applicant, three_programmes, in_round_1
):
    make_submitted(applicant, three_programmes["post-master-ai"], in_round_1)
    start_application(applicant, three_programmes["msc-cps2-ai-iot"], in_round_1)
    client.force_login(applicant)

    queries = queries_of(client, "/me/")

    assert len(queries) <= DASHBOARD, listing(queries)


def test_the_documents_page_reads_the_reusable_documents_once_for_every_item(
    client, applicant, three_programmes, in_round_1
):
    submitted = make_submitted(applicant, three_programmes["post-master-ai"], in_round_1)
    draft = start_application(applicant, three_programmes["msc-cps2-ai-iot"], in_round_1)
    upload(draft, "cv")
    client.force_login(applicant)

    queries = queries_of(client, f"/applications/{draft.reference}/documents/")
    page = client.get(f"/applications/{draft.reference}/documents/").content.decode()

    assert len(queries) == DOCUMENTS, listing(queries)
    assert repeated(queries) == []
    # What the single read offers: the submitted application's files of the types this
    # checklist asks for.
    assert submitted.reference in page


def test_the_fee_page_adds_up_payments_and_refunds_once(
    client, applicant, three_programmes, in_round_1
):
    submitted = make_submitted(applicant, three_programmes["post-master-ai"], in_round_1)
    client.force_login(applicant)

    queries = queries_of(client, f"/applications/{submitted.reference}/fee/")

    assert len(queries) == FEE, listing(queries)
    assert repeated(queries) == []
    assert sum("SUM(" in sql for sql in queries) == 0


def test_the_application_page_reads_the_profile_and_rounds_once(
    client, applicant, three_programmes, in_round_1
):
    complete_profile(applicant)
    draft = start_application(applicant, three_programmes["post-master-ai"], in_round_1)
    client.force_login(applicant)

    queries = queries_of(client, f"/applications/{draft.reference}/")

    assert len(queries) <= APPLICATION_AT_MOST, listing(queries)
    assert repeated(queries) == []
    assert sum('FROM "applicants_profile"' in sql for sql in queries) == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", HOME),
        ("/programmes/", CATALOGUE),
        ("/programmes/post-master-ai/", PROGRAMME),
        ("/eligibility/", ELIGIBILITY_CHECK),
    ],
)
def test_the_public_pages_read_a_fixed_number_of_queries(
    client, seed_programmes, in_round_1, url, expected
):
    from django.core.cache import cache

    client.get(url)
    cache.clear()  # their content is cached (test_public_pages_are_cached_per_language.py)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = [query["sql"] for query in captured.captured_queries]

    assert len(queries) == expected, listing(queries)
