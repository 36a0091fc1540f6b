# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""The staff's interview pages: the intake's slots and invitations, the interviewer's day,
the outcome sheet, each answering 404 to whoever may not see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.applications.states import Status
from admissions.core import clock
from admissions.core.roles import Role
from admissions.review.interviews import selection
from admissions.review.models import Interview, InterviewSlot, InterviewStatus
from tests.calendar import paris
from tests.people import make_user
from tests.review.interview_stories import (
    NOW,
    PREREQUISITES,
    booked,
    eligible,
    head,
    interviewer,
    invited,
    pm,
    pm_intake,
    slot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_monday_morning():
    with clock.frozen(NOW):
        yield


def intake_url(intake):
    return reverse("staff:interviews", args=[intake.programme.slug, intake.academic_year])


def test_the_head_sees_slots_bookings_and_who_to_invite(client, head, booked, pm_intake):
    from tests.review.interview_stories import eligible_application

    waiting = eligible_application(pm_intake)
    client.force_login(head)

    response = client.get(intake_url(pm_intake))

    assert response.status_code == 200
    page = response.content.decode()
    assert booked.application.reference in page
    assert waiting.reference in page
    assert "Open a slot" in page
    assert "Name as representative" in page


def test_an_officer_opens_a_slot_from_the_page(client, officer, interviewer, pm_intake):
    client.force_login(officer)

    response = client.post(
        reverse("staff:interviews-slot-create", args=["post-master-ai", 2027]),
        {
            "slot-starts_on": "2027-03-10",
            "slot-starts_time": "14:00",
            "slot-duration_minutes": "30",
            "slot-mode": "phone",
            "slot-phone_number": "+33 4 93 00 00 01",
            "slot-places": "1",
            "slot-interviewers": [interviewer.pk],
        },
    )

    assert response.status_code == 302
    slot = InterviewSlot.objects.get()
    assert slot.starts_at == paris(2027, 3, 10, 14)


def test_a_busy_interviewer_is_refused_on_the_form_with_the_reason(
    client, officer, interviewer, slot
):
    client.force_login(officer)

    response = client.post(
        reverse("staff:interviews-slot-create", args=["post-master-ai", 2027]),
        {
            "slot-starts_on": "2027-03-08",
            "slot-starts_time": "10:15",
            "slot-duration_minutes": "30",
            "slot-mode": "phone",
            "slot-phone_number": "+33 4 93 00 00 01",
            "slot-places": "1",
            "slot-interviewers": [interviewer.pk],
        },
    )

    assert response.status_code == 200
    assert "already sits on another interview slot" in response.content.decode()
    assert InterviewSlot.objects.count() == 1


def test_the_head_invites_from_the_page(client, head, eligible, pm_intake):
    client.force_login(head)

    response = client.post(
        reverse("staff:interviews-invite", args=["post-master-ai", 2027]),
        {"reference": eligible.reference},
    )

    assert response.status_code == 302
    eligible.refresh_from_db()
    assert eligible.status == Status.INTERVIEW


def test_an_interviewer_without_a_role_in_selection_gets_404_on_the_intake_page(
    client, interviewer, pm_intake
):
    client.force_login(interviewer)

    assert client.get(intake_url(pm_intake)).status_code == 404


def test_the_interviewer_sees_their_day_with_the_number_to_call(client, interviewer, booked):
    client.force_login(interviewer)

    response = client.get(reverse("staff:interviews-day") + "?date=2027-03-08")

    page = response.content.decode()
    assert response.status_code == 200
    assert booked.application.reference in page
    assert "+33 4 93 00 00 00" in page


def test_the_interviewer_records_a_pass_from_the_sheet(client, interviewer, booked):
    client.force_login(interviewer)
    data = {
        "version": booked.version,
        "outcome": "pass",
        "score_career_goals": "4",
        "score_motivation": "4",
        "score_fit": "3",
        **{f"prerequisite_{code}": "met" for code in PREREQUISITES},
    }

    with clock.frozen(paris(2027, 3, 8, 11)):
        response = client.post(reverse("staff:interview", args=[booked.public_id]), data)

    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == InterviewStatus.COMPLETED
    booked.application.refresh_from_db()
    assert booked.application.status == Status.READY_FOR_PANEL


def test_a_missing_score_is_shown_on_its_field(client, interviewer, booked):
    client.force_login(interviewer)

    with clock.frozen(paris(2027, 3, 8, 11)):
        response = client.post(
            reverse("staff:interview", args=[booked.public_id]),
            {"version": booked.version, "outcome": "fail", "score_career_goals": "4"},
        )

    assert response.status_code == 200
    assert 'id="score_motivation-error"' in response.content.decode()


def test_an_interviewer_who_does_not_sit_on_the_slot_gets_404(client, pm, booked):
    stranger = make_user("ivan.other@example.org", [(Role.INTERVIEWER, pm)], mfa=True)
    client.force_login(stranger)

    assert client.get(reverse("staff:interview", args=[booked.public_id])).status_code == 404


def test_an_officer_cannot_open_the_outcome_sheet(client, officer, booked):
    client.force_login(officer)

    assert client.get(reverse("staff:interview", args=[booked.public_id])).status_code == 404


def test_the_sheet_in_french(client, interviewer, booked):
    client.force_login(interviewer)

    response = client.get(reverse("staff:interview", args=[booked.public_id]) + "?lang=fr")

    assert "Fiche d'entretien" in response.content.decode()


def test_the_head_names_a_representative_who_then_invites(client, head, interviewer, eligible):
    client.force_login(head)
    client.post(
        reverse("staff:interviews-representatives", args=["post-master-ai", 2027]),
        {"representative-user": interviewer.pk},
    )
    client.force_login(interviewer)

    response = client.post(
        reverse("staff:interviews-invite", args=["post-master-ai", 2027]),
        {"reference": eligible.reference},
    )

    assert response.status_code == 302
    assert Interview.objects.get(application=eligible).invited_by == interviewer


def test_the_staff_home_leads_the_head_to_the_interviews_and_their_day(client, head, pm_intake):
    client.force_login(head)

    page = client.get(reverse("staff:home")).content.decode()

    assert intake_url(pm_intake) in page
    assert reverse("staff:interviews-day") in page
