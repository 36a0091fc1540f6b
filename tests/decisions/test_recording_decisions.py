"""Recording decisions: conditions (from the programme's list, free text, and a MOOC
certificate still expected), another entry level, re-deciding before release, deferral to a
later round, and the portal's offer pages with their confirmation step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.applications.states import Status
from admissions.catalogue.models import DocumentRequirement, DocumentType, RequirementTiming
from admissions.core import clock
from admissions.decisions import errors
from admissions.decisions.models import Decision, Offer, OfferStatus
from admissions.decisions.services import release
from admissions.decisions.services.recording import carry_over_deferred, record_decision
from tests.calendar import deadline
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)
from tests.pages import text_of

pytestmark = pytest.mark.django_db

CONDITIONS = {
    "decisions": {
        "conditions": [
            {
                "code": "final_diploma",
                "text": {"en": "Send your final diploma.", "fr": "Envoyez votre diplôme final."},
                "document_type": "diplomas",
                "due_days": 60,
            }
        ]
    }
}


def test_a_mooc_certificate_still_expected_makes_an_admission_conditional_on_it():
    calendar = calendar_with_places()
    DocumentRequirement.objects.create(
        programme=calendar.programme,
        document_type=DocumentType.objects.get(code="mooc_certificate"),
        timing=RequirementTiming.AFTER_SUBMISSION,
        required=True,
        accepted_formats=["pdf"],
    )
    application = ready_for_panel(calendar)
    decision = record_decision(
        application=application, outcome="admitted", actor=head_of(calendar), now=PANEL_DAY
    )
    assert decision.outcome == "conditionally_admitted"
    [condition] = decision.conditions.all()
    assert condition.document_type.code == "mooc_certificate"
    assert condition.status == "pending"


def test_conditions_from_the_programmes_list_carry_their_evidence_and_due_date():
    calendar = calendar_with_places(**CONDITIONS)
    decision = record_decision(
        application=ready_for_panel(calendar),
        outcome="conditionally_admitted",
        conditions=["final_diploma", {"en": "Reach B2 in English."}],
        actor=head_of(calendar),
        now=PANEL_DAY,
    )
    listed, free = decision.conditions.all()
    assert listed.document_type.code == "diplomas"
    assert listed.due_on == dt.date(2027, 5, 2)  # 60 days after the 3 March release
    assert listed.text("fr") == "Envoyez votre diplôme final."
    assert free.text("fr") == "Reach B2 in English."


def test_a_re_decision_before_release_supersedes_and_keeps_the_first():
    calendar = calendar_with_places()
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    first = record_decision(application=application, outcome="refused", actor=head, now=PANEL_DAY)
    with pytest.raises(errors.DecisionAlreadyRecorded):
        record_decision(application=application, outcome="admitted", actor=head, now=PANEL_DAY)
    second = record_decision(
        application=application, outcome="admitted", actor=head, now=PANEL_DAY, supersede=True
    )
    first.refresh_from_db()
    assert not first.current and first.superseded_by == second
    assert Decision.objects.filter(application=application).count() == 2
    application.refresh_from_db()
    assert application.status == Status.ADMITTED
    assert application.status_before_decision == Status.READY_FOR_PANEL


def test_an_admission_at_another_entry_level_counts_against_that_levels_places():
    calendar = calendar_with_places(places=10, decisions={"entry_level_places": {"m1": 1}})
    m1 = calendar.programme.entry_levels.create(code="m1", name_en="M1", position=0)
    head = head_of(calendar)
    decision = record_decision(
        application=ready_for_panel(calendar),
        outcome="admitted",
        entry_level="m1",
        actor=head,
        now=PANEL_DAY,
    )
    assert decision.entry_level == m1 and decision.places.entry_level == m1
    with pytest.raises(errors.PlacesFull):
        record_decision(
            application=ready_for_panel(calendar),
            outcome="admitted",
            entry_level="m1",
            actor=head,
            now=PANEL_DAY,
        )
    # The programme's own level still has its places.
    record_decision(
        application=ready_for_panel(calendar), outcome="admitted", actor=head, now=PANEL_DAY
    )


def test_a_deferred_application_goes_before_a_later_rounds_panel():
    calendar = calendar_with_places()
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    record_decision(application=application, outcome="deferred", actor=head, now=PANEL_DAY)
    release.release_due(now=RESULTS)
    carry_over_deferred(application=application, round=calendar.round(2), actor=head, now=RESULTS)
    application.refresh_from_db()
    assert application.status == Status.READY_FOR_PANEL
    assert application.round == calendar.round(2)
    # Round 2's panel decides it, released on round 2's results date.
    decision = record_decision(application=application, outcome="admitted", actor=head, now=RESULTS)
    assert decision.release_at == calendar.round(2).results_at


def test_the_applicant_accepts_from_the_page_after_a_confirmation(client):
    calendar = calendar_with_places()
    application = ready_for_panel(calendar)
    record_decision(
        application=application, outcome="admitted", actor=head_of(calendar), now=PANEL_DAY
    )
    release.release_due(now=RESULTS)
    client.force_login(application.applicant)
    page_url = reverse("portal:application", args=[application.reference])
    accept_url = reverse("portal:offer-accept", args=[application.reference])
    with clock.frozen(RESULTS + dt.timedelta(hours=2)):
        page = text_of(client.get(page_url))
        assert "Accept my place" in page and "13 March 2027" in page
        confirmation = client.get(accept_url)
        assert confirmation.status_code == 200
        assert "Yes, accept my place" in text_of(confirmation)
        assert Offer.objects.get(application=application).status == OfferStatus.OPEN
        answered = client.post(accept_url)
        assert answered.status_code == 302
        after = text_of(client.get(page_url))
    assert Offer.objects.get(application=application).status == OfferStatus.ACCEPTED
    assert "Offer accepted" in after and "Accept my place" not in after


def test_the_page_tells_a_late_answer_why_it_was_refused(client):
    calendar = calendar_with_places()
    application = ready_for_panel(calendar)
    record_decision(
        application=application, outcome="admitted", actor=head_of(calendar), now=PANEL_DAY
    )
    release.release_due(now=RESULTS)
    client.force_login(application.applicant)
    with clock.frozen(deadline(2027, 3, 13) + dt.timedelta(seconds=1)):
        response = client.post(
            reverse("portal:offer-decline", args=[application.reference]), follow=True
        )
    assert "The offer has expired" in text_of(response)


def test_the_post_masters_yaml_gives_its_refusal_reasons_in_both_languages(seed_programmes):
    from admissions.decisions.config import settings_of

    config = settings_of(seed_programmes["post-master-ai"])
    assert config.window_days == 10
    reason = config.refusal_reasons["prerequisites"]
    assert reason.text("fr").startswith("L'entretien a montré")
    assert config.conditions["final_diploma"].document_type == "diplomas"


def test_a_held_refusal_leaves_the_documents_open_until_its_release():
    from admissions.documents.selectors import may_upload

    calendar = calendar_with_places()
    requirement = DocumentRequirement.objects.create(
        programme=calendar.programme,
        document_type=DocumentType.objects.get(code="mooc_certificate"),
        timing=RequirementTiming.AFTER_SUBMISSION,
        required=True,
        accepted_formats=["pdf"],
    )
    application = ready_for_panel(calendar)
    record_decision(
        application=application, outcome="refused", actor=head_of(calendar), now=PANEL_DAY
    )
    application.refresh_from_db()
    with clock.frozen(RESULTS - dt.timedelta(seconds=1)):
        assert may_upload(application, requirement, False)
    with clock.frozen(RESULTS):
        assert not may_upload(application, requirement, False)
