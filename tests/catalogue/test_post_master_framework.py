"""A Post-Master's programme is checked against the Post-Master framework (seed 002): 12 to 24
months, 75 to 90 ECTS, English B2 certified by an external exam, a company training period,
and one of the two designations. Each broken rule is named."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from admissions.catalogue.loader import read_programme_text
from admissions.catalogue.yaml_schema import Issue, ProgrammeConfigError

SEED = Path(__file__).resolve().parents[2] / "programmes" / "post-master-ai.yaml"
FILE = "programmes/post-master-ai.yaml"


@pytest.fixture(scope="module")
def seed_data() -> dict[str, Any]:
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


def with_changes(seed: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(seed)
    data.update(changes)
    return data


def english_leaf(data: dict[str, Any]) -> dict[str, Any]:
    rules = data["entry_levels"][0]["eligibility"]["all_of"]
    return next(node for node in rules if node.get("type") == "language")


def issues_of(data: dict[str, Any]) -> list[Issue]:
    with pytest.raises(ProgrammeConfigError) as caught:
        read_programme_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), FILE)
    return caught.value.issues


def only_issue(data: dict[str, Any]) -> Issue:
    issues = issues_of(data)
    assert len(issues) == 1, [str(issue) for issue in issues]
    return issues[0]


def test_the_seed_post_master_meets_the_framework():
    spec = read_programme_text(SEED.read_text(encoding="utf-8"), FILE)

    assert spec.data["kind"] == "post_master"


def test_a_post_master_shorter_than_twelve_months_is_refused(seed_data):
    issue = only_issue(with_changes(seed_data, duration_months=9))

    assert issue.path == "duration_months"
    assert issue.message == (
        "post-master-ai: a Post-Master's programme lasts 12 to 24 months (seed: Post-Master "
        "framework); this one says 9."
    )


def test_a_post_master_longer_than_twenty_four_months_is_refused(seed_data):
    issue = only_issue(with_changes(seed_data, duration_months=30))

    assert "lasts 12 to 24 months (seed: Post-Master framework); this one says 30." in issue.message


def test_a_post_master_with_too_few_ects_is_refused(seed_data):
    issue = only_issue(with_changes(seed_data, ects=60))

    assert issue.path == "ects"
    assert issue.message == (
        "post-master-ai: a Post-Master's programme awards 75 to 90 ECTS (seed: Post-Master "
        "framework); this one says 60."
    )


def test_a_post_master_with_too_many_ects_is_refused(seed_data):
    issue = only_issue(with_changes(seed_data, ects=120))

    assert "awards 75 to 90 ECTS (seed: Post-Master framework); this one says 120." in issue.message


def test_a_post_master_without_company_training_is_refused(seed_data):
    issue = only_issue(with_changes(seed_data, company_training_required=False))

    assert issue.path == "company_training_required"
    assert issue.message == (
        "post-master-ai: a Post-Master's programme includes a mandatory training period in a "
        "company (seed: Post-Master framework); set company_training_required: true."
    )


def test_a_post_master_needs_one_of_the_two_designations(seed_data):
    issue = only_issue(with_changes(seed_data, designation="master"))

    assert issue.path == "designation"
    assert "Mastère Spécialisé or a Diplôme d'ingénieur de spécialisation" in issue.message


def test_english_below_b2_is_refused(seed_data):
    data = copy.deepcopy(seed_data)
    leaf = english_leaf(data)
    leaf["min_level"] = "B1"
    del leaf["min_scores"]

    issue = only_issue(data)

    assert issue.path == "entry_levels[0].eligibility.all_of[1]"
    assert issue.message == (
        "post-master-ai: a Post-Master's programme requires English at level B2 at least, "
        "certified by an external exam (seed: Post-Master framework); this one asks less: "
        "min_level is B1."
    )


def test_english_scores_alone_must_map_to_b2(seed_data):
    data = copy.deepcopy(seed_data)
    leaf = english_leaf(data)
    del leaf["min_level"]
    leaf["min_scores"] = {"TOEIC_LR": 700, "TOEFL_PBT": 550}

    issue = only_issue(data)

    assert "(seed: Post-Master framework)" in issue.message
    assert "TOEIC_LR 700 maps to B1" in issue.message


def test_english_scores_alone_that_map_to_b2_are_accepted(seed_data):
    data = copy.deepcopy(seed_data)
    leaf = english_leaf(data)
    del leaf["min_level"]
    leaf["min_scores"] = {"TOEIC_LR": 785, "TOEFL_PBT": 550}

    spec = read_programme_text(yaml.safe_dump(data, allow_unicode=True), FILE)

    assert spec.warnings == []


def test_english_must_be_certified_by_an_external_exam(seed_data):
    data = copy.deepcopy(seed_data)
    english_leaf(data)["external_exam_required"] = False

    issue = only_issue(data)

    assert issue.path == "entry_levels[0].eligibility.all_of[1].external_exam_required"
    assert issue.message.endswith(
        "certified by an external exam (seed: Post-Master framework); set "
        "external_exam_required: true."
    )


def test_rules_without_an_english_criterion_are_refused(seed_data):
    data = copy.deepcopy(seed_data)
    rules = data["entry_levels"][0]["eligibility"]["all_of"]
    rules.remove(english_leaf(data))

    issue = only_issue(data)

    assert issue.path == "entry_levels[0].eligibility"
    assert "have no English criterion" in issue.message


def test_a_named_score_below_b2_next_to_min_level_b2_is_a_warning(seed_data):
    # The programme page names TOEIC 700; ETS maps it to B1. The file loads, with a warning.
    spec = read_programme_text(yaml.safe_dump(seed_data, allow_unicode=True), FILE)

    [warning] = spec.warnings
    assert warning.path == "entry_levels[0].eligibility.all_of[1].min_scores"
    assert "TOEIC_LR 700 maps to B1" in warning.message
    assert "TOEFL_PBT" not in warning.message


def test_other_kinds_are_not_held_to_the_framework(seed_data):
    data = with_changes(
        seed_data, kind="master_2y", duration_months=24, ects=120, company_training_required=False
    )

    spec = read_programme_text(yaml.safe_dump(data, allow_unicode=True), FILE)

    assert spec.data["kind"] == "master_2y"
