"""The programme's advice turns into warnings when it concerns the application now."""

import pytest

from admissions.applicants.models import Profile
from admissions.catalogue.models import AdviceTrigger
from admissions.workflows.submission import advice_for, review, submit_application
from tests.calendar import IN_ROUND_1, paris
from tests.catalogue.factories import AdviceFactory

IN_ROUND_2 = paris(2027, 3, 1, 12)
IN_ROUND_3 = paris(2027, 4, 10, 12)


@pytest.fixture
def advice(calendar):
    programme = calendar.programme
    AdviceFactory(
        programme=programme,
        code="early-round",
        trigger=AdviceTrigger.EARLY_ROUND,
        text_en="Apply during the first round! Places are limited.",
        text_fr="Candidatez dès la première session ! Les places sont limitées.",
    )
    AdviceFactory(
        programme=programme,
        code="international-visa",
        international=True,
        text_en="International students? Apply during the first or second rounds.",
        text_fr="Étudiants internationaux ? Candidatez lors des deux premiers tours.",
    )
    AdviceFactory(
        programme=programme,
        code="fongecif",
        trigger=AdviceTrigger.FUNDING_AFTER_ROUND,
        max_round=2,
        funding_routes=["transitional_cpf"],
        text_en="Fongecif funding: apply no later than the second round.",
        text_fr="Financement Fongecif : candidatez au plus tard lors du deuxième tour.",
    )


def codes(warnings):
    return [(warning.code, warning.severity) for warning in warnings]


def make_international(application):
    Profile.objects.filter(user=application.applicant).update(
        nationalities=["MA"], residence_country="MA"
    )


def test_an_international_applicant_in_round_3_is_warned_about_visa_time(ready_draft, advice):
    make_international(ready_draft)
    assert codes(advice_for(ready_draft, IN_ROUND_3)) == [("international-visa", "warning")]


def test_an_international_applicant_in_round_2_is_not(ready_draft, advice):
    make_international(ready_draft)
    assert codes(advice_for(ready_draft, IN_ROUND_2)) == []


def test_a_french_applicant_in_round_3_is_not_warned_about_visas(ready_draft, advice):
    assert codes(advice_for(ready_draft, IN_ROUND_3)) == []


def test_the_submitted_round_counts_not_todays(ready_draft, advice):
    make_international(ready_draft)
    submit_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_3)
    assert codes(advice_for(ready_draft, paris(2027, 8, 30))) == [("international-visa", "warning")]


def test_transitional_cpf_funding_after_round_2_is_a_warning(ready_draft, advice):
    ready_draft.answers["funding_intentions"] = ["transitional_cpf"]
    assert codes(advice_for(ready_draft, IN_ROUND_3)) == [("fongecif", "warning")]


def test_transitional_cpf_funding_in_round_2_is_a_reminder(ready_draft, advice):
    ready_draft.answers["funding_intentions"] = ["transitional_cpf", "employer"]
    assert codes(advice_for(ready_draft, IN_ROUND_2)) == [("fongecif", "info")]


def test_other_funding_routes_get_no_fongecif_advice(ready_draft, advice):
    ready_draft.answers["funding_intentions"] = ["cpf", "bank_loan"]
    assert codes(advice_for(ready_draft, IN_ROUND_3)) == []


def test_a_draft_during_round_1_is_told_to_apply_now(ready_draft, advice):
    warnings = advice_for(ready_draft, IN_ROUND_1)
    assert codes(warnings) == [("early-round", "info")]
    assert warnings[0].text("fr") == (
        "Candidatez dès la première session ! Les places sont limitées."
    )


def test_the_review_step_gathers_round_missing_items_and_warnings(ready_draft, advice, calendar):
    page = review(ready_draft, IN_ROUND_1)
    assert page.round == calendar.round(1)
    assert page.can_submit
    assert codes(page.warnings) == [("early-round", "info")]
