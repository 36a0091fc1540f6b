"""The home page, the catalogue and a programme's page keep their content in the cache, once
per language: the next visitor reads no query, a French visitor after an English one reads
French, a change to a programme shows on the next request, and a round that closes shows
closed the second after its deadline. The shell around the content (the language switch and
its CSRF token) is rendered for each visitor."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.catalogue.models import Round
from admissions.core import clock
from tests.calendar import IN_ROUND_1
from tests.pages import text_of

PROGRAMME = "/programmes/post-master-ai/"


@pytest.fixture
def in_round_1():
    with clock.frozen(IN_ROUND_1) as now:
        yield now


def get(client, url: str, language: str):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("url", ["/", "/programmes/", PROGRAMME])
def test_the_second_visitor_reads_no_query(
    client, seed_programmes, in_round_1, url, django_assert_num_queries
):
    get(client, url, "en")

    with django_assert_num_queries(0):
        get(client, url, "en")


def test_french_after_english_still_says_maroc(client, seed_programmes, in_round_1):
    english = text_of(get(client, PROGRAMME, "en"))
    french = text_of(get(client, PROGRAMME, "fr"))
    english_again = text_of(get(client, PROGRAMME, "en"))

    assert "Morocco" in english and "Maroc" not in english
    assert "Banque partenaire : BMCI, pour les étudiants de ces pays : Maroc." in french
    assert "Morocco" not in french
    assert english_again == english


@pytest.mark.parametrize("url", ["/", "/programmes/", PROGRAMME])
def test_the_english_page_is_not_served_to_a_french_visitor(
    client, seed_programmes, in_round_1, url
):
    from django.core.cache import cache

    get(client, url, "en")
    french_after_english = text_of(get(client, url, "fr"))
    cache.clear()
    french_alone = text_of(get(client, url, "fr"))

    assert french_after_english == french_alone
    assert french_after_english != text_of(get(client, url, "en"))


def test_each_visitor_gets_their_own_csrf_token(client, seed_programmes, in_round_1):
    from django.test import Client

    first = get(client, PROGRAMME, "en")
    second = get(Client(), PROGRAMME, "en")

    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in second.content.decode()


def test_a_change_to_the_programme_shows_at_once(client, seed_programmes, in_round_1):
    programme = seed_programmes["post-master-ai"]
    get(client, PROGRAMME, "en")

    programme.name_en = "Post-Master's degree in Trustworthy AI"
    programme.save()

    assert "Post-Master's degree in Trustworthy AI" in text_of(get(client, PROGRAMME, "en"))


def test_a_change_to_a_round_shows_at_once(client, seed_programmes, in_round_1):
    round_ = Round.objects.filter(
        intake__programme__slug="post-master-ai", deadline_at__gt=in_round_1
    ).first()
    get(client, PROGRAMME, "en")

    round_.places = 7
    round_.save()

    assert "7 places" in text_of(get(client, PROGRAMME, "en"))


def test_loading_the_programmes_again_shows_the_change_at_once(
    client, seed_programmes, in_round_1, tmp_path
):
    from admissions.catalogue.services import load_programme_files
    from tests.conftest import PROGRAMMES_DIR

    get(client, PROGRAMME, "en")
    text = (PROGRAMMES_DIR / "post-master-ai.yaml").read_text()
    (tmp_path / "post-master-ai.yaml").write_text(
        text.replace(
            "en: Post-Master's degree in Artificial Intelligence",
            "en: Post-Master's degree in Applied Artificial Intelligence",
        )
    )

    load_programme_files([tmp_path])

    assert "Applied Artificial Intelligence" in text_of(get(client, PROGRAMME, "en"))


def test_a_round_shows_closed_the_second_after_its_deadline(client, seed_programmes):
    round_ = (
        Round.objects.filter(intake__programme__slug="post-master-ai")
        .order_by("deadline_at")
        .first()
    )
    with clock.frozen(round_.deadline_at - dt.timedelta(seconds=1)):
        before = text_of(get(client, "/", "en"))
    with clock.frozen(round_.deadline_at + dt.timedelta(seconds=1)):
        after = text_of(get(client, "/", "en"))

    assert before != after


def test_the_self_check_form_is_rendered_once_per_language_with_each_visitors_token(
    client, seed_programmes
):
    from django.test import Client

    english = get(client, "/eligibility/", "en").content.decode()
    french = get(Client(), "/eligibility/", "fr").content.decode()
    other = Client()
    again = get(other, "/eligibility/", "en").content.decode()

    assert '<option value="MA">Morocco</option>' in english
    assert '<option value="MA">Maroc</option>' in french
    assert "Morocco" not in french
    assert 'name="csrfmiddlewaretoken"' in again
    assert other.cookies["csrftoken"].value != client.cookies["csrftoken"].value
    assert again.count('<option value="MA">Morocco</option>') == english.count(
        '<option value="MA">Morocco</option>'
    )
