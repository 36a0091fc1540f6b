"""A programme's page: what it is, who may apply, what to send, what it costs, and when."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from admissions.catalogue.models import DocumentRequirement, DocumentType, Panel
from admissions.catalogue.selectors import current_intake, published_programmes
from admissions.core import clock
from admissions.portal.selectors import RuleItem, describe_rules
from tests.calendar import add_round, deadline, paris
from tests.pages import assert_accessible_outline, assert_csp_clean, headings, text_of

pytestmark = pytest.mark.django_db

FIRST_OF_FEBRUARY = paris(2020, 2, 1, 12)
URL = "/programmes/post-master-ai/"


def get_page(client, url=URL, at=FIRST_OF_FEBRUARY, **headers):
    with clock.frozen(at):
        return client.get(url, **headers)


def round_states(response, intake_year: str = "2020-2021") -> dict[str, str]:
    """{"Round 1": "Open", …} read from the calendar table of one intake."""
    html = response.content.decode()
    table = html.split(f"Application rounds of the {intake_year} intake", 1)[1].split(
        "</table>", 1
    )[0]
    rows = re.findall(
        r'<th scope="row"[^>]*>(Round \d+).*?state-[a-z]+">([^<]+)</span>', table, flags=re.S
    )
    return dict(rows)


def test_unknown_slug_is_404(client, catalogue):
    assert get_page(client, "/programmes/no-such-programme/").status_code == 404


def test_unpublished_programme_is_404(client, catalogue):
    assert get_page(client, "/programmes/secret-programme/").status_code == 404


def test_page_shows_name_summary_description_and_key_facts(client, catalogue):
    response = get_page(client)
    page = text_of(response)

    assert headings_h1(response) == ["Post-Master's Degree in Artificial Intelligence"]
    assert "A one-year specialisation in AI for engineers and scientists." in page
    assert "Mathematics, Java, Python and Unix are expected." in page
    assert "Designation Mastère Spécialisé" in page
    assert "Taught in English" in page
    assert "Duration 12 months" in page
    assert "Credits 75 ECTS" in page
    assert "A training period in a company is part of the programme." in page


def headings_h1(response) -> list[str]:
    return [text for level, text in headings(response) if level == 1]


def test_description_keeps_paragraphs_and_lists_and_escapes_markup(client, catalogue, msc_cps2):
    msc_cps2.description_en = "Intro <script>alert(1)</script>\n\nSkills\n- Python\n- Maths & stats"
    msc_cps2.save()

    html = get_page(client, "/programmes/msc-cps2/").content.decode()

    assert "<p>Intro &lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<p>Skills</p><ul><li>Python</li><li>Maths &amp; stats</li></ul>" in html


def test_entry_levels_show_required_degree_credits_and_profile(client, catalogue):
    page = text_of(get_page(client, "/programmes/msc-cps2/"))

    assert "First year (M1)" in page
    assert "Required degree Bachelor's degree (180 ECTS) in computer science" in page
    assert "Credits already earned At least 180 ECTS" in page
    assert "Second year (M2)" in page


def test_requirements_render_the_rules_tree_as_a_nested_list(client, catalogue):
    html = get_page(client).content.decode()
    page = text_of(get_page(client))

    assert "Degree — One of the following:" in page
    # A labelled criterion shows its label; the others a sentence from their parameters.
    assert "An engineering degree in computer science or telecoms" in page
    assert "A Master's degree in computer science or applied mathematics." in page
    assert (
        "English: TOEIC 700 or TOEFL (paper) 550, or level B2 on another test "
        "(not needed if it is your native language)."
    ) in page
    assert "Pass the MOOC 'The Basics of Big Data'." in page
    assert "At least 3 years of professional experience." in page
    assert re.search(
        r'<ul class="rule-list">\s*<li>Degree — One of the following:<ul class="rule-list">', html
    )


def test_the_admission_steps_and_review_criteria_are_listed(client, catalogue):
    post_master = text_of(get_page(client))
    msc = text_of(get_page(client, "/programmes/msc-cps2/", HTTP_ACCEPT_LANGUAGE="fr"))

    assert "Eligibility check Interview Panel decision" in post_master
    assert "Niveau académique et adéquation du parcours" in msc


def test_documents_are_grouped_per_entry_level_when_they_differ(client, catalogue):
    page = text_of(get_page(client, "/programmes/msc-cps2/"))

    common = page.split("Asked at every entry level", 1)[1].split(
        "Also asked for: Second year (M2)", 1
    )[0]
    m2_only = page.split("Also asked for: Second year (M2)", 1)[1].split("Fees", 1)[0]
    assert "Curriculum vitae" in common and "Required" in common
    assert "Recommendation letter Optional" in common
    assert "1 to 2 files" in common
    assert "M1 transcripts Required" in m2_only
    assert "M1 transcripts" not in common


def test_a_document_says_when_it_may_be_sent_its_files_formats_size_and_note(client, catalogue):
    page = text_of(get_page(client))

    mooc = page.split("MOOC results", 1)[1].split("Fees", 1)[0]
    assert "A screenshot of the validation chart or the certificate of completion." in mooc
    assert "May be sent after submission" in mooc
    assert "1 to 3 files" in mooc
    assert "Formats: PDF, PNG, JPG" in mooc
    assert "Up to 10 MB per file" in mooc


def test_a_single_group_of_documents_is_asked_of_every_applicant(client, catalogue, pre_master_fr):
    cv = DocumentType.objects.get(code="cv")
    DocumentRequirement.objects.create(
        programme=pre_master_fr, document_type=cv, accepted_formats=["pdf"]
    )

    page = text_of(get_page(client, "/programmes/pre-master/"))

    assert "Asked of every applicant" in page


def test_fees_in_english(client, catalogue):
    page = text_of(get_page(client))

    assert "Application fee €150" in page
    assert "Tuition €18,500" in page


def test_fees_in_french(client, catalogue):
    page = text_of(get_page(client, HTTP_ACCEPT_LANGUAGE="fr"))

    assert "Frais de candidature 150\u00a0€" in page
    assert "Frais de scolarité 18\u202f500\u00a0€" in page


def test_no_application_fee_is_said_in_words(client, catalogue):
    page = text_of(get_page(client, "/programmes/msc-cps2/"))

    assert "Application fee No application fee" in page


def test_calendar_shows_each_round_with_paris_times_and_the_zone(client, catalogue):
    page = text_of(get_page(client))

    assert "Times are given in the programme's time zone (Europe/Paris)." in page
    assert (
        "Round 1 1 November 2019 at 00:00, Paris time (UTC+1) "
        "3 February 2020 at 23:59, Paris time (UTC+1) 3 March 2020"
    ) in page
    assert "Start of classes 1 October 2020" in page
    assert "Places Limited to 30 places." in page


def test_round_states_are_computed_from_the_server_clock(client, catalogue):
    assert round_states(get_page(client, at=paris(2020, 2, 1, 12))) == {
        "Round 1": "Open",
        "Round 2": "Not open yet",
        "Round 3": "Not open yet",
        "Round 4": "Not open yet",
        "Round 5": "Not open yet",
    }
    assert round_states(get_page(client, at=paris(2020, 3, 10))) == {
        "Round 1": "Results published",
        "Round 2": "Open",
        "Round 3": "Not open yet",
        "Round 4": "Not open yet",
        "Round 5": "Not open yet",
    }
    assert round_states(get_page(client, at=paris(2020, 4, 1))) == {
        "Round 1": "Results published",
        "Round 2": "Closed, results to come",
        "Round 3": "Open",
        "Round 4": "Not open yet",
        "Round 5": "Not open yet",
    }


def test_a_round_is_open_until_the_last_second_of_its_deadline(client, catalogue):
    last_moment = paris(2020, 2, 3, 23, 59, 59).replace(microsecond=999_999)
    first_second_after = paris(2020, 2, 4, 0, 0, 0)

    assert round_states(get_page(client, at=last_moment))["Round 1"] == "Open"
    assert (
        round_states(get_page(client, at=first_second_after))["Round 1"]
        == "Closed, results to come"
    )


def test_calendar_shows_the_current_and_the_next_intake(client, catalogue):
    response = get_page(client)
    page = text_of(response)

    assert "Current intake: 2020-2021" in page
    assert "Next intake: 2021-2022" in page
    assert round_states(response, "2021-2022") == {"Round 1": "Not open yet"}


def test_once_an_intake_is_over_the_next_one_becomes_current(client, catalogue):
    page = text_of(get_page(client, at=paris(2020, 11, 10)))

    assert "Current intake: 2021-2022" in page
    assert "2020-2021" not in page


def test_panels_show_the_rounds_they_decide(client, catalogue):
    page = text_of(get_page(client))

    assert "Panel 1 sits on 20 February 2020 and decides round 1." in page
    assert "Panel 4 sits on 20 September 2020 and decides rounds 4 and 5." in page


def test_a_panel_without_rounds_still_shows_its_date(client, catalogue, post_master_ai):
    Panel.objects.create(
        intake=post_master_ai.intakes.get(academic_year=2021),
        number=1,
        sits_on=paris(2021, 2, 15).date(),
    )

    assert "Panel 1 sits on 15 February 2021." in text_of(get_page(client))


def test_advice_and_contacts(client, catalogue):
    response = get_page(client)
    page = text_of(response)

    assert "International applicants: apply in rounds 1 or 2 to leave time for a visa." in page
    assert "Head of programme Dr Ada Martin ada.martin@example.org" in page
    assert 'href="mailto:ada.martin@example.org"' in response.content.decode()
    assert "Business and administrative services +33 1 23 45 67 89" in page


def test_a_contact_link_that_is_not_a_web_page_is_dropped(client, catalogue):
    assert "javascript:" not in get_page(client).content.decode()


def test_apply_links_to_signup_and_back_to_the_programme(client, catalogue):
    html = get_page(client).content.decode()

    assert 'href="/accounts/signup/?next=/programmes/post-master-ai/"' in html
    assert "Round 1 is open: apply until" in text_of(get_page(client))


def test_between_rounds_the_page_says_when_applications_open(client, catalogue):
    page = text_of(get_page(client, "/programmes/msc-cps2/", at=paris(2020, 2, 29, 12)))

    assert (
        "Applications are closed for now. "
        "Round 2 opens on 2 March 2020 at 00:00, Paris time (UTC+1)."
    ) in page


def test_programme_page_in_french(client, catalogue):
    response = get_page(client, HTTP_ACCEPT_LANGUAGE="fr")
    page = text_of(response)

    assert "Mastère spécialisé en intelligence artificielle" in headings_h1(response)
    assert "Documents à fournir" in page
    assert "Calendrier" in page
    assert "Ouvert" in page
    assert "Le jury 4 se réunit le 20 septembre 2020 et statue sur les sessions 4 et 5." in page
    assert "Diplôme — Une des conditions suivantes :" in page
    assert (
        "Anglais : TOEIC 700 ou TOEFL (papier) 550, ou le niveau B2 avec un autre test "
        "(non exigé si c'est votre langue maternelle)."
    ) in page


def test_programme_page_has_one_h1_ordered_headings_and_no_inline_code(client, catalogue):
    response = get_page(client)

    assert_accessible_outline(response)
    assert_csp_clean(response)


def test_calendar_tables_have_a_caption_and_header_cells_with_scope(client, catalogue):
    html = get_page(client).content.decode()

    assert html.count("<caption>") == 2
    assert '<th scope="col"' in html
    assert '<th scope="row"' in html


def test_programme_page_query_count_does_not_grow_with_rounds_and_documents(
    client, catalogue, post_master_ai
):
    with CaptureQueriesContext(connection) as few:
        get_page(client)
    intake = post_master_ai.intakes.get(academic_year=2021)
    for number in range(2, 8):
        round_ = add_round(
            intake, number, paris(2021, 2, number), deadline(2021, 3, number), paris(2021, 4, 1)
        )
        Panel.objects.create(
            intake=intake, number=number, sits_on=paris(2021, 3, 20).date()
        ).rounds.add(round_)
    for code in ("diploma", "transcripts", "motivation_letter"):
        document_type = DocumentType.objects.get_or_create(code=code, defaults={"name_en": code})[0]
        DocumentRequirement.objects.create(
            programme=post_master_ai, document_type=document_type, position=9
        )

    with CaptureQueriesContext(connection) as more:
        get_page(client)

    assert len(more) == len(few)


def test_programme_page_query_count_is_bounded(client, catalogue, django_assert_max_num_queries):
    # Ten to render it, one to know until when the cached content holds (the next change of
    # a round's state); none for the next visitor of the same language.
    with django_assert_max_num_queries(11):
        get_page(client)
    with django_assert_max_num_queries(0):
        get_page(client)


def test_rules_without_groups_or_labels_still_read_as_sentences():
    with translation.override("en"):
        assert describe_rules({}) == []
        assert describe_rules({"type": "experience", "code": "xp", "min_months": 18}) == [
            RuleItem("At least 18 months of professional experience.")
        ]
        assert describe_rules(
            {"any_of": [{"type": "review", "code": "fit", "description_en": "Fit."}]}
        ) == [RuleItem("One of the following:", (RuleItem("Fit."),))]


def test_current_intake_is_the_oldest_one_still_recruiting_or_not_started(
    catalogue, post_master_ai
):
    assert current_intake(post_master_ai, paris(2020, 2, 1)).academic_year == 2020
    # 30 September 2020: results of round 5 are out, classes start on 1 October.
    assert current_intake(post_master_ai, paris(2020, 9, 30)).academic_year == 2020
    assert current_intake(post_master_ai, paris(2020, 10, 2)).academic_year == 2021
    assert current_intake(post_master_ai, paris(2022, 1, 1)) is None


def test_published_programmes_carry_their_admission_state(catalogue):
    programmes = {p.slug: p for p in published_programmes(now=paris(2020, 2, 29, 12))}

    assert programmes["post-master-ai"].open_round_number == 2
    assert programmes["post-master-ai"].open_deadline_at == paris(2020, 3, 23, 23, 59, 59)
    assert programmes["msc-cps2"].open_deadline_at is None
    assert programmes["msc-cps2"].next_round_number == 2
    assert programmes["msc-cps2"].next_opens_at == paris(2020, 3, 2)
    assert "secret-programme" not in programmes
