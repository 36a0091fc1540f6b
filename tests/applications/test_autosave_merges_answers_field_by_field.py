"""Autosave: partial answers merged by field; a stale page only loses to a real conflict."""

import pytest

from admissions.applications import errors
from admissions.applications.errors import AnswersInvalid, ApplicationReadOnly, StaleAnswers
from admissions.applications.services import save_answers
from tests.applications.factories import ApplicationFactory


@pytest.fixture
def draft(db):
    return ApplicationFactory()


def test_answers_are_merged_and_the_version_goes_up(draft):
    save_answers(application=draft, answers={"career_plan": "Research in ML."}, expected_version=1)
    save_answers(application=draft, answers={"funding_intentions": ["cpf"]}, expected_version=2)
    draft.refresh_from_db()
    assert draft.answers == {"career_plan": "Research in ML.", "funding_intentions": ["cpf"]}
    assert draft.version == 3


def test_a_save_from_an_older_page_goes_through_when_it_touches_other_fields(draft):
    save_answers(application=draft, answers={"career_plan": "From tab A."}, expected_version=1)
    save_answers(application=draft, answers={"chosen_track": "iot"}, expected_version=1)
    draft.refresh_from_db()
    assert draft.answers == {"career_plan": "From tab A.", "chosen_track": "iot"}


def test_a_save_from_an_older_page_on_a_field_changed_since_is_refused_keeping_both_texts(draft):
    save_answers(application=draft, answers={"career_plan": "From tab A."}, expected_version=1)
    with pytest.raises(StaleAnswers) as caught:
        save_answers(application=draft, answers={"career_plan": "From tab B."}, expected_version=1)
    assert caught.value.conflicts == ["career_plan"]
    assert caught.value.current == {"career_plan": "From tab A."}
    assert caught.value.typed == {"career_plan": "From tab B."}
    assert caught.value.version == 2
    assert str(caught.value) == str(errors.STALE_ANSWERS % {"fields": "career_plan"})


def test_the_same_text_sent_twice_is_not_a_conflict(draft):
    save_answers(application=draft, answers={"career_plan": "Same."}, expected_version=1)
    result = save_answers(application=draft, answers={"career_plan": "Same."}, expected_version=1)
    assert result.version == 2


def test_an_answer_can_be_cleared(draft):
    save_answers(application=draft, answers={"career_plan": "Draft."}, expected_version=1)
    save_answers(application=draft, answers={"career_plan": None}, expected_version=2)
    draft.refresh_from_db()
    assert draft.answers == {}


def test_unknown_questions_and_funding_routes_are_refused_by_field(draft):
    with pytest.raises(AnswersInvalid) as caught:
        save_answers(
            application=draft,
            answers={"favourite_colour": "blue", "funding_intentions": ["lottery"]},
            expected_version=1,
        )
    assert set(caught.value.errors) == {"favourite_colour", "funding_intentions"}
    assert "transitional_cpf" in str(caught.value.errors["funding_intentions"])


def test_a_track_must_be_one_the_programme_offers(db):
    draft = ApplicationFactory(
        intake__programme__settings={"tracks": [{"code": "ai"}, {"code": "iot"}]}
    )
    with pytest.raises(AnswersInvalid):
        save_answers(application=draft, answers={"chosen_track": "quantum"}, expected_version=1)
    save_answers(application=draft, answers={"chosen_track": "iot"}, expected_version=1)


def test_a_submitted_application_is_read_only(db):
    submitted = ApplicationFactory(submitted=True)
    with pytest.raises(ApplicationReadOnly):
        save_answers(
            application=submitted, answers={"career_plan": "Late edit."}, expected_version=1
        )


def test_answers_requested_by_staff_can_be_given_while_incomplete(db):
    incomplete = ApplicationFactory(incomplete=True)
    save_answers(
        application=incomplete, answers={"career_plan": "More detail."}, expected_version=1
    )
    incomplete.refresh_from_db()
    assert incomplete.answers["career_plan"] == "More detail."


def test_html_is_stored_as_typed_text(draft):
    payload = '<script>alert("x")</script><b>plan</b>'
    save_answers(application=draft, answers={"career_plan": payload}, expected_version=1)
    draft.refresh_from_db()
    assert draft.answers["career_plan"] == payload
