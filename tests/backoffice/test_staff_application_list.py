"""Staff find applications at /staff/applications/: a GET form of filters (a link to bookmark
or save), sortable column heads, pages; the officer of one programme never sees another's
rows or counts; wrong input answers a message, never a server error; the page reads a fixed
number of queries however many applications it lists."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions.reports.models import SavedFilter
from tests.pages import assert_accessible_outline, text_of
from tests.reports.conftest import apply

pytestmark = pytest.mark.django_db

URL = "/staff/applications/"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pm(post_master, msc, seed_programmes):
    """The seed Post-Master's (loaded over the programme the staff fixtures hold roles on)."""
    return seed_programmes["post-master-ai"]


@pytest.fixture
def msc_programme(post_master, msc, seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


def test_officer_lists_searches_and_opens_an_application(client, officer, pm):
    benali = apply(pm, first="Yasmine", last="Benali", submitted=True)
    apply(pm, first="Ada", last="Lovelace", submitted=True)
    client.force_login(officer)
    response = client.get(URL, {"q": "benalí"})
    assert response.status_code == 200
    page = text_of(response)
    assert "1 application found" in page
    assert "Benali, Yasmine" in page
    assert "Lovelace" not in page
    assert f'href="/staff/applications/{benali.reference}/"' in response.content.decode()
    assert_accessible_outline(response)


def test_the_staff_home_links_to_the_list(client, officer, pm):
    client.force_login(officer)
    assert 'href="/staff/applications/"' in client.get("/staff/").content.decode()


def test_an_officer_never_sees_another_programmes_applications(
    client, officer_of_other_programme, pm, msc_programme
):
    ours = apply(msc_programme, last="Ours")
    theirs = apply(pm, last="Theirs")
    client.force_login(officer_of_other_programme)
    response = client.get(URL)
    body = response.content.decode()
    assert ours.reference in body and theirs.reference not in body
    assert "1 application found" in text_of(response)
    # Asking for the other programme by name is a choice they do not have.
    assert client.get(URL, {"programme": pm.slug}).status_code == 400
    # Searching for the other programme's applicant finds nothing.
    assert "0 applications found" in text_of(client.get(URL, {"q": "theirs"}))


def test_sortable_headings_say_how_the_list_is_sorted(client, officer, pm):
    apply(pm, submitted=True)
    client.force_login(officer)
    body = client.get(URL, {"sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in body
    assert "sort=-name" in body  # the heading now sorts the other way
    body = client.get(URL, {"sort": "-submitted"}).content.decode()
    assert 'aria-sort="descending"' in body


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "password"},
        {"status": "nonsense"},
        {"programme": "no-such-programme"},
        {"intake": "abc"},
        {"round": "99"},
        {"nationality": "XX"},
        {"page": "abc"},
        {"page": "-3"},
        {"missing": "maybe"},
    ],
)
def test_wrong_input_answers_400_with_a_message(client, officer, pm, query):
    client.force_login(officer)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "Some fields need your attention" in text_of(response)


def test_a_page_past_the_end_answers_200_and_says_so(client, officer, pm):
    apply(pm)
    client.force_login(officer)
    response = client.get(URL, {"page": "40"})
    assert response.status_code == 200
    assert "There is no page 40: this list has 1 pages." in text_of(response)


def test_pages_of_fifty(client, officer, pm):
    for n in range(55):
        apply(pm, last=f"Person{n:02d}")
    client.force_login(officer)
    first = client.get(URL, {"sort": "name"})
    assert "Showing 1 to 50 of 55." in text_of(first)
    second = client.get(URL, {"sort": "name", "page": "2"})
    assert "Showing 51 to 55 of 55." in text_of(second)
    assert "Person54" in text_of(second) and "Person00" not in text_of(second)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_reads_the_same_number_of_queries_for_5_or_50_applications(client, officer, pm):
    for _ in range(5):
        apply(pm, submitted=True, answers={"funding_intentions": ["cpf"]})
    client.force_login(officer)
    client.get(URL)  # the session and the sign-in state warmed up
    cache.clear()
    with_five = _queries(client, URL + "?sort=fee")
    for _ in range(45):
        apply(pm, submitted=True)
    cache.clear()
    with_fifty = _queries(client, URL + "?sort=fee")
    assert with_fifty == with_five


def test_a_saved_filter_is_listed_as_a_link_for_its_owner_only(client, officer, pm):
    client.force_login(officer)
    response = client.post(
        URL + "filters/",
        {"name": "Submitted, round 1", "query": "status=submitted&round=1&page=3&evil=1"},
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(owner=officer)
    assert saved.query_string == "round=1&status=submitted"
    body = client.get(URL).content.decode()
    assert 'href="/staff/applications/?round=1&amp;status=submitted"' in body
    assert "Submitted, round 1" in body
    client.post(URL + "filters/delete/", {"filter": saved.pk})
    assert not SavedFilter.objects.filter(owner=officer).exists()


def test_a_filter_without_a_name_is_refused_with_a_message(client, officer, pm):
    client.force_login(officer)
    response = client.post(URL + "filters/", {"name": "", "query": "status=submitted"})
    assert response.status_code == 400
    assert not SavedFilter.objects.exists()


def test_nobody_removes_another_persons_saved_filter(client, officer, administrator, pm):
    other = SavedFilter.objects.create(owner=administrator, name="Mine", query_string="")
    client.force_login(officer)
    assert client.post(URL + "filters/delete/", {"filter": other.pk}).status_code == 404
    assert SavedFilter.objects.filter(pk=other.pk).exists()


def test_the_list_speaks_french(client, officer, pm):
    apply(pm, submitted=True)
    officer.preferred_language = "fr"
    officer.save()
    client.force_login(officer)
    response = client.get(URL, {"sort": "nope"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "La liste ne peut pas être triée selon cette colonne" in text_of(response)
    page = text_of(client.get(URL, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "1 candidature trouvée" in page
    assert "Trouver des candidatures" in page
