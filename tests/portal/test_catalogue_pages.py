"""The catalogue lists every published programme, with filters that live in the URL."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions.catalogue.models import Programme, ProgrammeKind
from admissions.core import clock
from tests.calendar import add_round, deadline, paris
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of

pytestmark = pytest.mark.django_db

FIRST_OF_FEBRUARY = paris(2020, 2, 1, 12)


def get_catalogue(client, query: str = "", at=FIRST_OF_FEBRUARY, **headers):
    with clock.frozen(at):
        return client.get(f"/programmes/{query}", **headers)


def card_names(response) -> list[str]:
    return [programme.name_en for programme in response.context["programmes"]]


def test_catalogue_lists_every_published_programme_and_only_those(client, catalogue):
    response = get_catalogue(client)

    assert response.status_code == 200
    assert card_names(response) == [
        "MSc in Engineering CPS2: AI and IoT",
        "Post-Master's Degree in Artificial Intelligence",
        "Pre-Master in Digital Engineering",
    ]
    assert "Secret Programme" not in text_of(response)


def test_a_card_shows_kind_designation_languages_duration_credits_and_fees(client, catalogue):
    page = text_of(get_catalogue(client))

    card = page.split("Post-Master's Degree in Artificial Intelligence", 1)[1].split(
        "Pre-Master in", 1
    )[0]
    assert "Post-Master's degree · Mastère Spécialisé" in card
    assert "Taught in English" in card
    assert "Duration 12 months" in card
    assert "Credits 75 ECTS" in card
    assert "Application fee €150" in card
    assert "Tuition €18,500" in card


def test_a_card_says_no_application_fee_when_there_is_none(client, catalogue):
    page = text_of(get_catalogue(client))

    card = page.split("MSc in Engineering CPS2: AI and IoT", 1)[1].split("Post-Master's Degree", 1)[
        0
    ]
    assert "Application fee No application fee" in card
    assert "Tuition Not published yet: ask the programme's contacts" in card


def test_cards_show_the_state_of_admissions_now(client, catalogue):
    page = text_of(get_catalogue(client))

    assert "Open Round 1: apply until 3 February 2020 at 23:59, Paris time (UTC+1)" in page
    assert "Closed No round is open or planned at the moment." in page


def test_a_card_between_two_rounds_says_when_the_next_one_opens(client, catalogue):
    # 29 February 2020: the MSc's round 1 closed on the 28th, round 2 opens on 2 March.
    page = text_of(get_catalogue(client, at=paris(2020, 2, 29, 12)))

    card = page.split("MSc in Engineering CPS2: AI and IoT", 1)[1].split("Post-Master's Degree", 1)[
        0
    ]
    assert "Not open yet Round 2 opens on 2 March 2020." in card


def test_filter_by_kind(client, catalogue):
    response = get_catalogue(client, "?kind=msc_engineering")

    assert card_names(response) == ["MSc in Engineering CPS2: AI and IoT"]


def test_filter_by_language_of_instruction(client, catalogue):
    response = get_catalogue(client, "?language=fr")

    assert card_names(response) == ["Pre-Master in Digital Engineering"]


def test_filter_open_now(client, catalogue):
    # 5 February 2020: the Post-Master's round 2 is open, the MSc's round 1 too; the
    # Pre-Master has no round.
    response = get_catalogue(client, "?open_now=on", at=paris(2020, 2, 5))

    assert card_names(response) == [
        "MSc in Engineering CPS2: AI and IoT",
        "Post-Master's Degree in Artificial Intelligence",
    ]


def test_open_now_includes_the_last_second_before_the_deadline(client, catalogue):
    last_second = paris(2020, 2, 28, 23, 59, 59).replace(microsecond=900_000)
    just_after = paris(2020, 3, 1, 0, 0, 0)

    assert "MSc in Engineering CPS2: AI and IoT" in card_names(
        get_catalogue(client, "?open_now=on", at=last_second)
    )
    assert "MSc in Engineering CPS2: AI and IoT" not in card_names(
        get_catalogue(client, "?open_now=on", at=just_after)
    )


def test_filters_combine(client, catalogue):
    response = get_catalogue(client, "?kind=post_master&language=en&open_now=on")

    assert card_names(response) == ["Post-Master's Degree in Artificial Intelligence"]


def test_the_form_shows_the_filters_of_the_url(client, catalogue):
    html = get_catalogue(client, "?kind=post_master&language=en&open_now=on").content.decode()

    assert '<option value="post_master" selected>' in html
    assert '<option value="en" selected>' in html
    assert 'name="open_now" class="form-check-input" id="id_open_now" checked' in html


def test_the_filter_form_is_a_get_form_with_a_label_for_every_field(client, catalogue):
    html = get_catalogue(client).content.decode()

    assert 'method="get" action="/programmes/"' in html
    for field_id in ("id_kind", "id_language", "id_open_now"):
        assert f'for="{field_id}"' in html
        assert f'id="{field_id}"' in html


def test_the_language_filter_offers_the_languages_programmes_are_taught_in(client, catalogue):
    response = get_catalogue(client)

    choices = [value for value, _label in response.context["form"].fields["language"].choices]
    assert choices == ["", "en", "fr"]


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client, catalogue):
    response = get_catalogue(client, "?kind=engineering_5y")
    page = text_of(response)

    assert card_names(response) == []
    assert "0 programmes found." in page
    assert "No programme matches these filters." in page
    assert "Clear the filters and show every programme" in page


def test_an_invalid_filter_value_is_ignored_not_an_error(client, catalogue):
    response = get_catalogue(client, "?kind=spaceship&language=xx")

    assert response.status_code == 200
    assert len(card_names(response)) == 3


def test_an_invalid_filter_value_is_reported_next_to_its_field(client, catalogue):
    html = get_catalogue(client, "?kind=spaceship").content.decode()

    assert 'aria-describedby="kind-error"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'<p class="invalid-note" id="kind-error">[^<]*spaceship', html)


def test_htmx_gets_only_the_results(client, catalogue):
    response = get_catalogue(client, "?kind=pre_master", HTTP_HX_REQUEST="true")
    html = response.content.decode()

    assert "<html" not in html
    assert '<div id="catalogue-results">' in html
    assert "Pre-Master in Digital Engineering" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_updates_the_result_count_inside_the_live_region_that_stays_on_the_page(
    client, catalogue
):
    page = get_catalogue(client).content.decode()
    partial = get_catalogue(client, "?kind=pre_master", HTTP_HX_REQUEST="true").content.decode()

    assert '<p id="results-count" class="results-count" role="status">' in page
    assert re.search(
        r'<p id="results-count" hx-swap-oob="innerHTML">\s*1 programme found.', partial
    )


def test_catalogue_in_french(client, catalogue):
    response = get_catalogue(client, HTTP_ACCEPT_LANGUAGE="fr")
    page = text_of(response)

    assert "Mastère spécialisé en intelligence artificielle" in page
    assert "Frais de candidature 150\u00a0€" in page
    assert "Frais de scolarité 18\u202f500\u00a0€" in page
    assert "Langue d'enseignement Anglais" in page
    assert "Aucuns frais de candidature" in page
    assert "3 formations trouvées." in page


def test_catalogue_has_one_h1_ordered_headings_and_no_inline_code(client, catalogue):
    response = get_catalogue(client)

    assert_accessible_outline(response)
    assert_csp_clean(response)


def test_catalogue_query_count_does_not_grow_with_the_number_of_programmes(client, catalogue):
    with CaptureQueriesContext(connection) as few:
        get_catalogue(client, "?open_now=on")
    for index in range(6):
        programme = Programme.objects.create(
            slug=f"extra-{index}",
            reference_prefix=f"EX{index}",
            kind=ProgrammeKind.MASTER_2Y,
            name_en=f"Extra {index}",
            languages_of_instruction=["en", "fr"],
            duration_months=24,
            ects=120,
        )
        intake = programme.intakes.create(academic_year=2020, starts_on=paris(2020, 9, 1).date())
        add_round(intake, 1, paris(2020, 1, 1), deadline(2020, 3, 1), paris(2020, 4, 1))

    with CaptureQueriesContext(connection) as more:
        response = get_catalogue(client, "?open_now=on")

    assert len(card_names(response)) == 8
    assert len(more) == len(few)


def test_catalogue_query_count_is_bounded(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        get_catalogue(client, "?kind=post_master&open_now=on")
