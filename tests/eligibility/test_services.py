"""The eligibility services around the engine: compiled rules, evaluation of profiles and
applications, the snapshot stored at submission, the eligible / ineligible steps, and
eligibility on the draft."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from admissions.applications.models import TimelineEvent
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Programme
from admissions.core.errors import NotFound
from admissions.eligibility import errors, services
from admissions.notifications.models import OutboxMessage
from admissions.rules import cefr
from admissions.rules.eligibility import Outcome, ProfileError
from admissions.workflows import submission
from tests.eligibility.conftest import NOW

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


def pm_level() -> EntryLevel:
    return EntryLevel.objects.select_related("programme").get(
        programme__slug="post-master-ai", code="pm"
    )


def raise_toeic_threshold(level: EntryLevel, score: int) -> None:
    rules = copy.deepcopy(level.eligibility_rules)
    english = next(node for node in rules["all_of"] if node.get("code") == "english")
    english["min_scores"]["TOEIC_LR"] = score
    level.eligibility_rules = rules
    level.save(update_fields=["eligibility_rules"])


# --- Compiled rules ---------------------------------------------------------------------------


def test_compiled_rules_are_reused_while_the_rules_are_unchanged(seed_programmes):
    level = pm_level()
    assert services.compiled_rules(level) is services.compiled_rules(pm_level())


def test_an_edited_rule_is_compiled_again(seed_programmes):
    level = pm_level()
    before = services.compiled_rules(level)
    raise_toeic_threshold(level, 785)
    after = services.compiled_rules(pm_level())
    assert after is not before
    assert after.version != before.version
    profile = {
        "native_languages": ["fr"],
        "language_tests": [{"test": "TOEIC_LR", "score": 750, "date": "2026-05-01"}],
    }
    result = services.evaluate_profile(
        programme="post-master-ai", entry_level="pm", profile_dict=profile, today=TODAY
    )
    assert result.get("english").status == "unmet"


def test_an_entry_level_without_rules_is_left_to_the_committee(seed_programmes):
    EntryLevel.objects.filter(programme__slug="msc-cps2-ai-iot", code="m1").update(
        eligibility_rules={}
    )
    result = services.evaluate_profile(
        programme="msc-cps2-ai-iot", entry_level="m1", profile_dict={}, today=TODAY
    )
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert "the admissions committee judges every application" in result.criteria[0].message_en


def test_rules_broken_by_hand_are_reported_with_their_path(seed_programmes):
    EntryLevel.objects.filter(programme__slug="msc-cps2-ai-iot", code="m1").update(
        eligibility_rules={"all_of": [{"code": "x", "type": "horoscope"}]}
    )
    with pytest.raises(errors.RulesUnavailable) as raised:
        services.evaluate_profile(
            programme="msc-cps2-ai-iot", entry_level="m1", profile_dict={}, today=TODAY
        )
    assert "all_of[0].type" in str(raised.value)


# --- Evaluating profiles ----------------------------------------------------------------------


def test_an_unknown_programme_is_not_found(seed_programmes):
    with pytest.raises(NotFound) as raised:
        services.evaluate_profile(
            programme="astrology", entry_level="pm", profile_dict={}, today=TODAY
        )
    assert raised.value.field == "programme"


def test_an_unknown_entry_level_is_not_found_and_the_known_ones_are_named(seed_programmes):
    with pytest.raises(NotFound) as raised:
        services.evaluate_profile(
            programme="msc-cps2-ai-iot", entry_level="m3", profile_dict={}, today=TODAY
        )
    assert raised.value.field == "entry_level"
    assert "m1, m2" in str(raised.value)


def test_an_invalid_profile_names_each_field(seed_programmes):
    profile = {"degrees": [{"ects": -1}], "language_tests": [{"test": "TOEIC_LR", "score": 2}]}
    with pytest.raises(ProfileError) as raised:
        services.evaluate_profile(
            programme="post-master-ai", entry_level="pm", profile_dict=profile, today=TODAY
        )
    assert [path for path, _ in raised.value.errors] == [
        "degrees[0].ects",
        "language_tests[0].score",
    ]


def test_an_application_is_evaluated_on_its_applicants_profile(apply):
    assert services.evaluate_application(apply(), TODAY).outcome is Outcome.ELIGIBLE
    refused = services.evaluate_application(apply(toeic=690), TODAY)
    assert refused.outcome is Outcome.NOT_ELIGIBLE
    assert refused.get("english").status == "unmet"


def test_m1_plus_three_years_of_experience_goes_to_the_school(apply):
    m1 = {"level": "master1", "ects": 240, "years_of_study": 4}
    application = apply(degree=m1, experience_years=3)
    result = services.evaluate_application(application, TODAY)
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert result.get("three-years-experience").status == "met"


# --- The snapshot taken at submission ---------------------------------------------------------


def test_the_snapshot_keeps_the_result_the_versions_and_the_profile(apply):
    application = services.snapshot_on_submission(apply(), NOW)
    application.refresh_from_db()
    snapshot = application.eligibility_snapshot
    assert snapshot["outcome"] == "eligible"
    assert snapshot["rules_version"] == services.compiled_rules(pm_level()).version
    assert snapshot["tables_version"] == cefr.TABLES_VERSION
    assert snapshot["evaluated_on"] == "2026-12-01"
    assert snapshot["programme"] == "post-master-ai"
    assert snapshot["entry_level"] == "pm"
    assert snapshot["profile"]["language_tests"][0]["score"] == 850
    english = next(c for c in snapshot["criteria"] if c["code"] == "english")
    assert english["status"] == "met"
    assert english["message_en"].startswith("Your TOEIC score of 850")
    assert english["message_fr"].startswith("Votre score TOEIC de 850")


def test_a_later_rule_edit_does_not_rewrite_the_snapshot(apply):
    application = services.snapshot_on_submission(apply(toeic=750), NOW)
    stored = copy.deepcopy(application.eligibility_snapshot)
    raise_toeic_threshold(pm_level(), 785)
    application.refresh_from_db()
    assert application.eligibility_snapshot == stored
    assert stored["outcome"] == "eligible"
    assert services.evaluate_application(application, TODAY).outcome is Outcome.NOT_ELIGIBLE


# --- The eligible / ineligible steps ----------------------------------------------------------


def test_an_eligible_application_becomes_eligible(apply, officer):
    application = apply()
    services.snapshot_on_submission(application, NOW)
    services.decide_eligibility(application=application, actor=officer, now=NOW)
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    event = TimelineEvent.objects.get(application=application, to_status=Status.ELIGIBLE)
    assert event.actor == officer
    assert OutboxMessage.objects.filter(
        event="eligibility_outcome", recipient_email=application.applicant.email
    ).exists()


def test_an_ineligible_application_is_told_why_in_its_language(apply, officer):
    application = apply(toeic=690, language="fr")
    services.snapshot_on_submission(application, NOW)
    services.decide_eligibility(application=application, actor=officer, now=NOW)
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    event = TimelineEvent.objects.get(application=application, to_status=Status.INELIGIBLE)
    assert event.reason == "TOEIC 690 is below the 700 this programme requires."
    message = OutboxMessage.objects.get(event="eligibility_outcome")
    assert message.context["reasons"] == [
        "Le score TOEIC de 690 est inférieur aux 700 exigés par ce programme."
    ]


def test_the_reasons_are_the_criteria_that_fail_not_the_routes_not_taken(apply, officer):
    m1 = {"level": "master1", "ects": 240}
    application = services.snapshot_on_submission(apply(degree=m1, experience_years=2), NOW)
    reasons = services.unmet_reasons(application.eligibility_snapshot, "en")
    assert "At least 36 months of professional experience are required; you have 24." in reasons
    assert not [reason for reason in reasons if "TOEIC" in reason]


def test_an_application_submitted_without_a_snapshot_gets_one_when_decided(apply, officer):
    application = apply()
    services.decide_eligibility(application=application, actor=officer, now=NOW)
    application.refresh_from_db()
    assert application.eligibility_snapshot["outcome"] == "eligible"


@pytest.mark.parametrize(
    ("details", "outcome"),
    [
        ({"degree": {"country": "MA"}}, "To be judged by the admissions committee"),
        ({"mooc": "pending"}, "Information missing"),
    ],
)
def test_what_needs_a_person_is_left_to_a_person(apply, officer, details, outcome):
    application = apply(**details)
    with pytest.raises(errors.EligibilityStepRefused) as raised:
        services.decide_eligibility(application=application, actor=officer, now=NOW)
    assert outcome in str(raised.value)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_programme_without_an_eligibility_stage_has_no_eligibility_step(apply, officer):
    Programme.objects.filter(slug="post-master-ai").update(pipeline=["interview", "panel"])
    with pytest.raises(errors.EligibilityStepRefused):
        services.decide_eligibility(application=apply(), actor=officer, now=NOW)


def test_only_a_submitted_application_waits_for_its_eligibility(apply, officer):
    with pytest.raises(errors.EligibilityStepRefused):
        services.decide_eligibility(
            application=apply(status=Status.INCOMPLETE), actor=officer, now=NOW
        )


# --- Eligibility on the draft and at submission -----------------------------------------------


def test_the_draft_shows_its_eligibility_live(apply):
    draft = apply(status=Status.DRAFT, toeic=690)
    items = [item for item in submission.checklist(draft, NOW) if item.code == "eligibility"]
    assert len(items) == 1
    assert items[0].state == "not_eligible"
    assert (
        items[0].state_en
        == items[0].record["message_en"]
        == ("Not eligible: TOEIC 690 is below the 700 this programme requires.")
    )
    assert (
        items[0].state_fr
        == items[0].record["message_fr"]
        == ("Non éligible : Le score TOEIC de 690 est inférieur aux 700 exigés par ce programme.")
    )
    assert any("690" in c["message_en"] for c in items[0].record["criteria"])
    assert any("690" in c["message_fr"] for c in items[0].record["criteria"])


def test_the_draft_says_what_is_missing(apply):
    draft = apply(status=Status.DRAFT, mooc=None)
    item = next(i for i in submission.checklist(draft, NOW) if i.code == "eligibility")
    assert item.state == "incomplete"
    assert item.state_en.startswith("Information missing: ")
    assert "The Basics of Big Data" in item.state_en


def test_eligibility_never_blocks_a_submission(apply):
    draft = apply(status=Status.DRAFT, toeic=690)
    assert not [item for item in submission.missing_items(draft, NOW) if "eligib" in item.code]


def test_a_submitted_application_shows_its_snapshot_not_a_live_result(apply):
    application = apply()
    assert [i for i in submission.checklist(application, NOW) if i.code == "eligibility"] == []


def test_submitting_stores_the_snapshot(apply, monkeypatch):
    # Whatever else a submission checks (documents, fee) is not this test's story.
    monkeypatch.setattr(submission, "missing_items", lambda application, now: [])
    draft = apply(status=Status.DRAFT, toeic=690)
    submission.submit_application(application=draft, actor=draft.applicant, now=NOW)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.eligibility_snapshot["outcome"] == "not_eligible"


def test_the_stored_snapshot_is_the_engines_snapshot_plus_what_reruns_need(apply):
    application = apply(toeic=690)
    snapshot = services.submission_snapshot(application, NOW)
    result = services.evaluate_application(application, TODAY)
    expected = result.to_snapshot()
    assert {key: snapshot[key] for key in expected} == expected
    assert set(snapshot) - set(expected) == {
        "tables_version",
        "programme",
        "entry_level",
        "evaluated_at",
        "profile",
        "rerun",
    }
    assert snapshot["rerun"]["outcome"] == "not_eligible"
