"""After a rule change, staff re-run the rules over a whole intake: first a preview of what
would change (old outcome → new outcome per application), then the re-run itself."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from admissions.applications.models import Application, TimelineEvent
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake
from admissions.core.models import AuditEvent
from admissions.eligibility import errors, reruns, selectors, services
from tests.applicants.factories import LanguageTestFactory
from tests.eligibility.conftest import NOW

pytestmark = pytest.mark.django_db

LATER = NOW + dt.timedelta(days=30)
PAGE = "/staff/eligibility/intakes/post-master-ai/2027/rerun/"


def set_toeic_threshold(score: int, test: str = "TOEIC_LR") -> None:
    level = EntryLevel.objects.get(programme__slug="post-master-ai", code="pm")
    rules = copy.deepcopy(level.eligibility_rules)
    english = next(node for node in rules["all_of"] if node.get("code") == "english")
    english["min_scores"][test] = score
    level.eligibility_rules = rules
    level.save(update_fields=["eligibility_rules"])


def intake() -> Intake:
    return Intake.objects.get(programme__slug="post-master-ai", academic_year=2027)


@pytest.fixture
def submitted(apply):
    """Three submitted applications (TOEIC 720, 750 and 850), a draft and a withdrawn one,
    each with the snapshot taken when it was submitted."""
    applications = {}
    for name, score, status in [
        ("ada", 720, Status.SUBMITTED),
        ("bob", 750, Status.ELIGIBLE),
        ("cyd", 850, Status.SUBMITTED),
        ("dee", 720, Status.DRAFT),
        ("eve", 720, Status.WITHDRAWN),
    ]:
        application = apply(toeic=score, status=status)
        if status != Status.DRAFT:
            services.snapshot_on_submission(application, NOW)
        applications[name] = application
    return applications


def test_the_preview_shows_what_would_change_and_writes_nothing(submitted):
    before = {a.pk: a.eligibility_snapshot for a in Application.objects.all()}
    set_toeic_threshold(785)
    changes = reruns.preview_rerun(intake=intake(), now=LATER)
    assert sorted((c.reference, c.old_outcome, c.new_outcome) for c in changes) == sorted(
        [
            (submitted["ada"].reference, "eligible", "not_eligible"),
            (submitted["bob"].reference, "eligible", "not_eligible"),
        ]
    )
    assert {a.pk: a.eligibility_snapshot for a in Application.objects.all()} == before
    assert not TimelineEvent.objects.filter(kind="eligibility_rerun").exists()


def test_applying_stores_the_new_results_and_tells_staff_on_the_timeline(submitted, officer):
    set_toeic_threshold(785)
    new_version = services.rules_versions(intake())["pm"]
    changes = reruns.apply_rerun(intake=intake(), actor=officer, now=LATER)
    assert {c.reference for c in changes} == {
        submitted["ada"].reference,
        submitted["bob"].reference,
    }
    ada = Application.objects.get(pk=submitted["ada"].pk)
    assert ada.eligibility_snapshot["outcome"] == "not_eligible"
    assert ada.eligibility_snapshot["rules_version"] == new_version
    assert ada.status == Status.SUBMITTED  # statuses do not move
    event = TimelineEvent.objects.get(application=ada, kind="eligibility_rerun")
    assert event.message_en == (
        "Eligibility re-checked after a change of the rules: eligible → not eligible."
    )
    assert not event.visible_to_applicant and event.actor == officer
    # An unchanged outcome is refreshed to the new rules' version, without an event.
    cyd = Application.objects.get(pk=submitted["cyd"].pk)
    assert cyd.eligibility_snapshot["rules_version"] == new_version
    assert not TimelineEvent.objects.filter(application=cyd, kind="eligibility_rerun").exists()
    audit = AuditEvent.objects.get(action="eligibility.rerun")
    assert audit.data["evaluated"] == 3
    assert audit.data["outcome_changed"] == 2


def test_drafts_and_withdrawn_applications_are_left_alone(submitted, officer):
    set_toeic_threshold(785)
    reruns.apply_rerun(intake=intake(), actor=officer, now=LATER)
    assert Application.objects.get(pk=submitted["dee"].pk).eligibility_snapshot is None
    eve = Application.objects.get(pk=submitted["eve"].pk)
    assert eve.eligibility_snapshot["outcome"] == "eligible"


def test_a_rerun_judges_the_profile_as_submitted(submitted, officer):
    ada = submitted["ada"]
    profile = ada.applicant.applicant_profile
    LanguageTestFactory(profile=profile, score=950, taken_on=dt.date(2026, 12, 10))
    set_toeic_threshold(785)
    reruns.apply_rerun(intake=intake(), actor=officer, now=LATER)
    ada.refresh_from_db()
    assert ada.eligibility_snapshot["outcome"] == "not_eligible"


def test_a_rerun_judges_tests_on_the_day_of_submission(submitted, officer):
    set_toeic_threshold(560, test="TOEFL_PBT")  # a new version that concerns none of them
    three_years_later = NOW + dt.timedelta(days=3 * 365)
    changes = reruns.apply_rerun(intake=intake(), actor=officer, now=three_years_later)
    # The TOEIC taken in May 2026 had not expired when they applied.
    assert changes == []
    cyd = Application.objects.get(pk=submitted["cyd"].pk)
    assert cyd.eligibility_snapshot["rules_version"] == services.rules_versions(intake())["pm"]
    assert cyd.eligibility_snapshot["evaluated_on"] == "2026-12-01"


def test_an_override_stays_in_force(submitted, officer):
    ada = submitted["ada"]
    services.override_eligibility(
        application=ada, outcome="eligible", reason="Interview in English: fluent.", actor=officer
    )
    set_toeic_threshold(785)
    preview = {c.reference: c for c in reruns.preview_rerun(intake=intake(), now=LATER)}
    assert preview[ada.reference].overridden_outcome == "eligible"
    reruns.apply_rerun(intake=intake(), actor=officer, now=LATER)
    ada.refresh_from_db()
    assert ada.eligibility_snapshot["outcome"] == "not_eligible"
    assert selectors.effective_outcome(ada).outcome == "eligible"


def test_a_rule_change_after_the_preview_stops_the_run(submitted, officer):
    set_toeic_threshold(785)
    seen = services.rules_versions(intake())
    set_toeic_threshold(800)
    with pytest.raises(errors.RerunOutdated):
        reruns.apply_rerun(intake=intake(), actor=officer, now=LATER, expected_rules=seen)
    ada = Application.objects.get(pk=submitted["ada"].pk)
    assert ada.eligibility_snapshot["outcome"] == "eligible"


def test_running_twice_changes_nothing_the_second_time(submitted, officer):
    set_toeic_threshold(785)
    assert len(reruns.apply_rerun(intake=intake(), actor=officer, now=LATER)) == 2
    assert reruns.apply_rerun(intake=intake(), actor=officer, now=LATER) == []
    assert TimelineEvent.objects.filter(kind="eligibility_rerun").count() == 2


def test_an_application_without_a_snapshot_is_evaluated_from_its_profile(apply, officer):
    application = apply(toeic=720)
    set_toeic_threshold(785)
    changes = reruns.apply_rerun(intake=intake(), actor=officer, now=LATER)
    assert [(c.old_outcome, c.new_outcome) for c in changes] == [(None, "not_eligible")]
    application.refresh_from_db()
    assert application.eligibility_snapshot["profile"]["language_tests"][0]["score"] == 720


def test_staff_preview_then_apply_from_the_page(client, officer, submitted):
    set_toeic_threshold(785)
    client.force_login(officer)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert submitted["ada"].reference in html and submitted["cyd"].reference not in html
    assert "3 submitted applications evaluated; outcomes that would change: 2." in html
    version = services.rules_versions(intake())["pm"]
    assert f'name="rules-pm" value="{version}"' in html
    response = client.post(PAGE, {"rules-pm": version}, follow=True)
    assert "The rules were re-run: 2 outcomes changed." in response.content.decode()
    assert Application.objects.get(pk=submitted["ada"].pk).eligibility_snapshot["outcome"] == (
        "not_eligible"
    )


def test_the_page_refuses_a_stale_preview(client, officer, submitted):
    client.force_login(officer)
    response = client.post(PAGE, {"rules-pm": "an-old-version"}, follow=True)
    assert "The rules changed since you previewed this re-run." in response.content.decode()
    assert not AuditEvent.objects.filter(action="eligibility.rerun").exists()


def test_an_officer_of_another_programme_cannot_rerun(
    client, officer_of_other_programme, submitted
):
    client.force_login(officer_of_other_programme)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {}).status_code == 404
