"""Whether the Études en France procedure applies is derived from nationality and residence."""

import pytest

from admissions.applicants import selectors
from admissions.applicants.etudes_en_france import derive
from tests.applicants.factories import ProfileFactory


def test_a_french_national_does_not_need_the_procedure():
    result = derive(["FR"], "FR")
    assert (result.applies, result.known, result.code) == (False, True, "exempt_nationality")


def test_a_moroccan_living_in_morocco_applies_through_it():
    result = derive(["MA"], "MA")
    assert result.applies is True
    assert "Campus France" in result.reason_en
    assert "Campus France" in result.reason_fr


def test_a_moroccan_living_in_france_does_not():
    result = derive(["MA"], "FR")
    assert (result.applies, result.code) == (False, "residence_not_covered")


def test_a_swiss_national_does_not_need_it_wherever_they_live():
    assert derive(["CH"], "MA").applies is False


@pytest.mark.parametrize("nationality", ["MC", "AD", "NO", "DE"])
def test_monegasque_andorran_and_eea_nationals_do_not_need_it(nationality):
    assert derive([nationality], "SN").applies is False


def test_a_dual_moroccan_and_french_national_is_exempt():
    assert derive(["MA", "FR"], "MA").applies is False


def test_a_us_citizen_in_the_us_applies_while_the_us_is_in_the_configured_list(settings):
    assert "US" in settings.ETUDES_EN_FRANCE_COUNTRIES
    assert derive(["US"], "US").applies is True
    settings.ETUDES_EN_FRANCE_COUNTRIES = ["MA", "TN"]
    assert derive(["US"], "US").applies is False


def test_without_nationality_or_residence_the_answer_is_unknown_and_says_what_to_give():
    result = derive([], "MA")
    assert (result.applies, result.known) == (False, False)
    assert "nationality" in result.reason_en


def test_the_reason_is_given_in_the_language_asked():
    result = derive(["MA"], "MA")
    assert result.reason("fr") == result.reason_fr
    assert result.reason("en") == result.reason_en


def test_the_profile_fact_is_unknown_until_nationality_and_residence_are_given(db):
    profile = ProfileFactory(empty=True)
    assert selectors.profile_facts(profile)["etudes_en_france"] is None
    profile = ProfileFactory(moroccan_in_morocco=True)
    assert selectors.profile_facts(profile)["etudes_en_france"] is True
