"""The review and interview settings of a programme file (``settings.review``,
``settings.interview``) are checked when it is loaded, each mistake named with its path, and
the seeds carry the rubric's scale, its levels and the Post-Master's prerequisites."""

from __future__ import annotations

from typing import Any

import pytest

from admissions.catalogue.exporter import export_programme
from admissions.catalogue.loader import read_programme_file, read_programme_text
from admissions.catalogue.yaml_schema import Issue, ProgrammeConfigError
from admissions.review.rubric import interview_settings_of, rubric_of
from tests.catalogue.factories import programme_data, programme_yaml
from tests.conftest import PROGRAMMES_DIR

FILE = "programmes/test-programme.yaml"


def with_review(**review: Any) -> dict[str, Any]:
    return programme_data(settings={"review": review})


def messages_of(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ProgrammeConfigError) as caught:
        read_programme_text(programme_yaml(data), FILE)
    issues: list[Issue] = caught.value.issues
    return {issue.path: issue.message for issue in issues}


def test_the_msc_seed_reviews_with_three_reviewers_on_a_described_zero_to_five_scale():
    review = read_programme_file(PROGRAMMES_DIR / "msc-cps2-ai-iot.yaml").data["settings"]["review"]

    assert review["reviewers_per_application"] == 3
    assert review["scale"] == {"min": 0, "max": 5}
    assert [level["score"] for level in review["levels"]] == [0, 1, 2, 3, 4, 5]
    assert all(level["en"] and level["fr"] for level in review["levels"])
    assert review["disagreement_spread"] == 2


def test_the_post_master_seed_lists_the_prerequisites_and_a_booking_cut_off():
    settings = read_programme_file(PROGRAMMES_DIR / "post-master-ai.yaml").data["settings"]

    assert settings["interview"]["prerequisites"] == [
        "analysis",
        "algebra",
        "optimisation",
        "statistics",
        "probability",
        "java",
        "python",
        "unix",
    ]
    assert settings["interview"]["booking_cutoff_hours"] == 24
    assert settings["review"]["scale"] == {"min": 0, "max": 5}


def test_the_rubric_of_a_loaded_seed_carries_its_weights_levels_and_reviewers(seed_programmes):
    rubric = rubric_of(seed_programmes["msc-cps2-ai-iot"])

    assert [(c.code, c.weight) for c in rubric.criteria] == [
        ("academic_level", 2),
        ("career_plan", 1),
        ("transversal_skills", 1),
    ]
    assert (rubric.scale_min, rubric.scale_max, rubric.reviewers_per_application) == (0, 5, 3)
    assert rubric.levels[3].text("fr") == "Bien : répond à ce que demande le programme"
    prerequisites = interview_settings_of(seed_programmes["post-master-ai"]).prerequisites
    assert prerequisites[-1] == "unix"


def test_the_review_settings_survive_an_export(seed_programmes):
    exported = export_programme(seed_programmes["msc-cps2-ai-iot"])

    spec = read_programme_text(exported, "exported.yaml")

    assert spec.data["settings"]["review"]["levels"][5]["fr"].startswith("Excellent")


def test_a_scale_whose_min_is_not_below_its_max_is_refused():
    messages = messages_of(with_review(scale={"min": 5, "max": 5}))

    assert messages == {
        "settings.review.scale": (
            "the scale's min (5) must be less than its max (5), e.g. {min: 0, max: 5}."
        )
    }


def test_a_level_outside_the_scale_is_refused_with_its_path():
    levels = [{"score": 0, "en": "None"}, {"score": 7, "en": "Beyond"}]

    messages = messages_of(with_review(scale={"min": 0, "max": 5}, levels=levels))

    assert messages == {
        "settings.review.levels[1].score": "the level 7 is outside the scale (0 to 5)."
    }


def test_a_level_described_twice_is_refused():
    levels = [{"score": 1, "en": "Weak"}, {"score": 1, "en": "Weaker"}]

    messages = messages_of(with_review(levels=levels))

    assert "described twice" in messages["settings.review.levels[1].score"]


def test_a_level_needs_its_english_text():
    messages = messages_of(with_review(levels=[{"score": 1, "fr": "Faible"}]))

    assert "lacks the required key 'en'" in messages["settings.review.levels[0]"]


def test_the_disagreement_spread_must_be_positive_and_possible_on_the_scale():
    assert messages_of(with_review(disagreement_spread=0)) == {
        "settings.review.disagreement_spread": "must be more than 0; found 0."
    }
    assert messages_of(with_review(disagreement_spread=6)) == {
        "settings.review.disagreement_spread": (
            "a spread of 6 can never happen on a scale from 0 to 5; use at most 5."
        )
    }


@pytest.mark.parametrize(
    ("reviewers", "message"),
    [(0, "must be at least 1; found 0."), (11, "must be at most 10; found 11.")],
)
def test_reviewers_per_application_are_one_to_ten(reviewers, message):
    messages = messages_of(with_review(reviewers_per_application=reviewers))

    assert messages == {"settings.review.reviewers_per_application": message}


def test_an_unknown_review_key_is_refused_with_the_allowed_keys():
    messages = messages_of(with_review(reviewers=3))

    assert "unknown key 'reviewers'" in messages["settings.review.reviewers"]
    assert "reviewers_per_application" in messages["settings.review.reviewers"]


def test_interview_prerequisites_are_codes_and_the_cut_off_whole_hours():
    data = programme_data(
        settings={"interview": {"booking_cutoff_hours": "a day", "prerequisites": ["Java"]}}
    )

    messages = messages_of(data)

    assert messages["settings.interview.booking_cutoff_hours"] == (
        "expected a whole number, found the text 'a day'."
    )
    assert "settings.interview.prerequisites[0]" in messages
