"""Staff see an application's eligibility and override it with a mandatory reason, which is
audited and written on the timeline."""

from __future__ import annotations

import pytest

from admissions.applications.models import TimelineEvent
from admissions.applications.states import Status
from admissions.catalogue.models import Programme
from admissions.core.models import AuditEvent
from admissions.eligibility import errors, services
from admissions.eligibility.models import EligibilityOverride
from admissions.notifications.models import OutboxMessage
from tests.eligibility.conftest import NOW
from tests.pages import text_of

pytestmark = pytest.mark.django_db

FOREIGN = {"degree": {"country": "MA", "level": "engineering", "ects": 300, "years_of_study": 5}}
REASON = "Diplôme d'ingénieur de l'EMI (Rabat): equivalent to a French engineering degree."


def page(application) -> str:
    return f"/staff/eligibility/applications/{application.reference}/"


@pytest.fixture
def foreign_engineer(apply):
    application = apply(**FOREIGN)
    services.snapshot_on_submission(application, NOW)
    return application


def test_the_officer_sees_the_outcome_and_its_reasons(client, officer, foreign_engineer):
    client.force_login(officer)
    response = client.get(page(foreign_engineer))
    assert response.status_code == 200
    text = response.content.decode()
    assert "To be judged by the admissions committee" in text
    said = text_of(response)
    assert "The applicant's degree was awarded abroad: the admissions committee judges" in said
    assert "Your degree" not in said
    assert 'name="reason"' in text
    assert AuditEvent.objects.filter(
        action="application.eligibility_viewed", object_ref=foreign_engineer.reference
    ).exists()


def test_an_officer_of_another_programme_gets_a_404(
    client, officer_of_other_programme, foreign_engineer
):
    client.force_login(officer_of_other_programme)
    assert client.get(page(foreign_engineer)).status_code == 404
    response = client.post(page(foreign_engineer) + "override/", {"outcome": "eligible"})
    assert response.status_code == 404


def test_the_applicant_gets_a_404(client, foreign_engineer):
    client.force_login(foreign_engineer.applicant)
    assert client.get(page(foreign_engineer)).status_code == 404


def test_an_unknown_reference_gets_a_404(client, officer, seed_programmes):
    client.force_login(officer)
    assert client.get("/staff/eligibility/applications/PMAI-2027-99999/").status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, foreign_engineer):
    response = client.get(page(foreign_engineer))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_override_needs_a_reason(client, officer, foreign_engineer):
    client.force_login(officer)
    response = client.post(page(foreign_engineer) + "override/", {"outcome": "eligible"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the reason for this override" in html
    assert 'aria-describedby="reason-error reason-help"' in html
    assert not EligibilityOverride.objects.exists()
    foreign_engineer.refresh_from_db()
    assert foreign_engineer.status == Status.SUBMITTED


def test_a_blank_reason_is_refused_by_the_service_too(officer, foreign_engineer):
    with pytest.raises(errors.OverrideRefused) as raised:
        services.override_eligibility(
            application=foreign_engineer, outcome="eligible", reason="   ", actor=officer
        )
    assert raised.value.field == "reason"
    assert not EligibilityOverride.objects.exists()
    assert not AuditEvent.objects.filter(action="eligibility.overridden").exists()


def test_an_override_is_audited_shown_on_the_timeline_and_moves_the_application(
    client, officer, foreign_engineer
):
    client.force_login(officer)
    response = client.post(
        page(foreign_engineer) + "override/", {"outcome": "eligible", "reason": REASON}
    )
    assert response.status_code == 302
    override = EligibilityOverride.objects.get(application=foreign_engineer)
    assert (override.outcome, override.previous_outcome) == ("eligible", "needs_review")
    assert override.actor == officer and override.reason == REASON
    audit = AuditEvent.objects.get(action="eligibility.overridden")
    assert audit.actor == officer and audit.object_ref == foreign_engineer.reference
    assert audit.data == {"from": "needs_review", "to": "eligible", "reason": REASON}
    noted = TimelineEvent.objects.get(application=foreign_engineer, kind="eligibility_overridden")
    assert REASON in noted.message_en and not noted.visible_to_applicant
    moved = TimelineEvent.objects.get(application=foreign_engineer, to_status=Status.ELIGIBLE)
    assert moved.reason == REASON and moved.actor == officer
    foreign_engineer.refresh_from_db()
    assert foreign_engineer.status == Status.ELIGIBLE
    # The page now says who decided and why.
    text = client.get(page(foreign_engineer)).content.decode()
    assert "Overridden by olivia.officer@example.org" in text
    assert "EMI (Rabat)" in text


def test_a_not_eligible_override_tells_the_applicant_the_reason(officer, foreign_engineer):
    reason = "The EMI degree presented is a 3-year diploma, not the engineering degree."
    services.override_eligibility(
        application=foreign_engineer, outcome="not_eligible", reason=reason, actor=officer, now=NOW
    )
    foreign_engineer.refresh_from_db()
    assert foreign_engineer.status == Status.INELIGIBLE
    message = OutboxMessage.objects.get(event="eligibility_outcome")
    assert message.context["reasons"] == [reason]


def test_an_appeal_turns_an_ineligible_application_eligible(officer, apply):
    application = apply(toeic=690)
    services.snapshot_on_submission(application, NOW)
    services.decide_eligibility(application=application, actor=officer, now=NOW)
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    services.override_eligibility(
        application=application,
        outcome="eligible",
        reason="TOEIC retaken before the deadline: 745 (report checked).",
        actor=officer,
        now=NOW,
    )
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE


def test_without_an_eligibility_stage_the_override_is_only_recorded(officer, apply):
    Programme.objects.filter(slug="post-master-ai").update(pipeline=["interview", "panel"])
    application = apply(**FOREIGN)
    services.override_eligibility(
        application=application, outcome="eligible", reason=REASON, actor=officer, now=NOW
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert EligibilityOverride.objects.filter(application=application).count() == 1


def test_a_draft_cannot_be_overridden(officer, apply):
    with pytest.raises(errors.OverrideRefused):
        services.override_eligibility(
            application=apply(status=Status.DRAFT), outcome="eligible", reason=REASON, actor=officer
        )


def test_the_officer_records_the_eligibility_step_from_the_page(client, officer, apply):
    application = apply()
    services.snapshot_on_submission(application, NOW)
    client.force_login(officer)
    assert "Record the eligibility outcome" in client.get(page(application)).content.decode()
    response = client.post(page(application) + "decide/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE


def test_the_page_explains_why_a_person_must_decide(client, officer, foreign_engineer):
    client.force_login(officer)
    response = client.post(page(foreign_engineer) + "decide/", follow=True)
    assert "a person must judge it" in response.content.decode()
    foreign_engineer.refresh_from_db()
    assert foreign_engineer.status == Status.SUBMITTED
