"""The home page says what is open now, what closes next and what opens next."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions.catalogue.selectors import next_deadlines, open_rounds
from admissions.core import clock
from tests.calendar import add_round, deadline, paris
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of

pytestmark = pytest.mark.django_db

# 1 February 2020, noon in Paris: round 1 of the Post-Master's (deadline 3 February) and
# round 1 of the MSc (deadline 28 February) are open; round 2 of the Post-Master's opens on
# 4 February.
FIRST_OF_FEBRUARY = paris(2020, 2, 1, 12)


def get_home(client, at=FIRST_OF_FEBRUARY, **headers):
    with clock.frozen(at):
        return client.get("/", **headers)


def test_home_lists_open_rounds_with_programme_entry_levels_deadline_and_days_left(
    client, catalogue
):
    page = text_of(get_home(client))

    open_now = page.split("Open now", 1)[1].split("Opening next", 1)[0]
    assert "Post-Master's Degree in Artificial Intelligence" in open_now
    assert "MSc in Engineering CPS2: AI and IoT" in open_now
    assert "First year (M1); Second year (M2)" in open_now
    assert "3 February 2020 at 23:59, Paris time (UTC+1)" in open_now
    assert "2 days left" in open_now
    assert "27 days left" in open_now
    # The first to close comes first.
    assert open_now.index("Post-Master's Degree") < open_now.index("MSc in Engineering CPS2")


def test_home_names_the_next_deadline(client, catalogue):
    page = text_of(get_home(client))

    assert "Next deadline: Post-Master's Degree in Artificial Intelligence, round 1" in page


def test_home_says_what_opens_next(client, catalogue):
    page = text_of(get_home(client))

    opening_next = page.split("Opening next", 1)[1]
    assert (
        "Round 2 opens on 4 February 2020 at 00:00, Paris time (UTC+1); "
        "deadline 23 March 2020 at 23:59, Paris time (UTC+1)."
    ) in opening_next


def test_deadline_in_summer_shows_paris_summer_time(client, catalogue):
    page = text_of(get_home(client, at=paris(2020, 8, 30, 9)))

    assert "17 September 2020 at 23:59, Paris time (UTC+2)" in page


def test_home_says_closes_today_on_the_last_day(client, catalogue):
    page = text_of(get_home(client, at=paris(2020, 2, 3, 8)))

    assert "Closes today" in page


def test_home_says_when_nothing_is_open(client, catalogue):
    page = text_of(get_home(client, at=paris(2021, 6, 1)))

    assert "No programme is taking applications right now." in page
    assert "No other round is planned yet." in page


def test_unpublished_programmes_stay_off_the_home_page(client, catalogue):
    intake = catalogue["secret-programme"].intakes.create(
        academic_year=2020, starts_on=paris(2020, 10, 1).date()
    )
    add_round(intake, 1, paris(2020, 1, 1), deadline(2020, 2, 10), paris(2020, 3, 1))

    page = text_of(get_home(client))

    assert "Secret Programme" not in page


def test_home_links_to_the_catalogue_and_each_open_programme(client, catalogue):
    html = get_home(client).content.decode()

    assert 'href="/programmes/"' in html
    assert 'href="/programmes/post-master-ai/"' in html


def test_home_is_in_french_for_a_french_browser(client, catalogue):
    response = get_home(client, HTTP_ACCEPT_LANGUAGE="fr")
    page = text_of(response)

    assert '<html lang="fr">' in response.content.decode()
    assert "Postulez à nos formations" in page
    assert "Ouvert en ce moment" in page
    assert "3 février 2020 à 23:59, heure de Paris (UTC+1)" in page
    assert "2 jours restants" in page


def test_home_has_one_h1_ordered_headings_and_no_inline_code(client, catalogue):
    response = get_home(client)

    assert_accessible_outline(response)
    assert_csp_clean(response)


def test_home_costs_the_same_number_of_queries_with_more_open_rounds(client, catalogue, msc_cps2):
    with CaptureQueriesContext(connection) as few:
        get_home(client)
    for number in range(3, 9):
        intake = msc_cps2.intakes.get(academic_year=2020)
        add_round(
            intake,
            number,
            paris(2020, 1, number),
            deadline(2020, 2, 10 + number),
            paris(2020, 3, 20),
        )

    with CaptureQueriesContext(connection) as more:
        get_home(client)

    assert len(more) == len(few)


def test_home_page_query_count_is_bounded(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        get_home(client)


def test_next_deadlines_lists_open_and_coming_rounds_soonest_first(catalogue):
    rounds = next_deadlines(FIRST_OF_FEBRUARY, limit=3)

    assert [(r.intake.programme.slug, r.number) for r in rounds] == [
        ("post-master-ai", 1),
        ("msc-cps2", 1),
        ("post-master-ai", 2),
    ]


def test_open_rounds_include_the_whole_last_second_and_skip_unpublished(catalogue):
    at_deadline = paris(2020, 2, 3, 23, 59, 59).replace(microsecond=500_000)

    slugs = [r.intake.programme.slug for r in open_rounds(at_deadline)]

    assert slugs == ["post-master-ai", "msc-cps2"]
    assert [r.intake.programme.slug for r in open_rounds(paris(2020, 2, 4))] == [
        "msc-cps2",
        "post-master-ai",
    ]
