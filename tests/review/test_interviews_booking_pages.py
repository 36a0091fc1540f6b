# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""The applicant's interview pages: free times in their own time zone, booking with a
confirmation, cancelling, the calendar file; another person's interview is not found."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from admissions.core import clock
from admissions.review.models import InterviewStatus
from tests.calendar import paris
from tests.review.interview_stories import (
    NOW,
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


def page(reference):
    return reverse("portal:interview", args=[reference])


def test_the_invited_applicant_sees_the_free_times_and_books_one(client, applicant, invited, slot):
    reference = invited.application.reference
    client.force_login(applicant)

    listing = client.get(page(reference)).content.decode()
    confirm = client.get(reverse("portal:interview-book", args=[reference, slot.public_id]))
    done = client.post(reverse("portal:interview-book", args=[reference, slot.public_id]))

    assert "Book this time" in listing
    assert "8 March 2027" in listing
    assert confirm.status_code == 200
    assert done.status_code == 302
    invited.refresh_from_db()
    assert invited.status == InterviewStatus.BOOKED
    assert invited.time_zone == "Europe/Paris"


def test_times_show_in_the_time_zone_the_applicant_chose_and_it_is_remembered(
    client, applicant, invited, slot
):
    reference = invited.application.reference
    client.force_login(applicant)

    client.get(page(reference) + "?tz=America/Montreal")
    listing = client.get(page(reference)).content.decode()
    client.post(reverse("portal:interview-book", args=[reference, slot.public_id]))

    assert "04:00" in listing
    invited.refresh_from_db()
    assert invited.time_zone == "America/Montreal"


def test_booking_after_the_cut_off_is_refused_on_the_page(client, applicant, invited, slot):
    reference = invited.application.reference
    client.force_login(applicant)

    with clock.frozen(paris(2027, 3, 7, 12)):
        response = client.post(
            reverse("portal:interview-book", args=[reference, slot.public_id]), follow=True
        )

    assert "It is too late now" in response.content.decode()
    invited.refresh_from_db()
    assert invited.status == InterviewStatus.INVITED


def test_the_applicant_cancels_with_a_confirmation(client, applicant, booked):
    reference = booked.application.reference
    client.force_login(applicant)

    assert client.get(reverse("portal:interview-cancel", args=[reference])).status_code == 200
    client.post(reverse("portal:interview-cancel", args=[reference]))

    booked.refresh_from_db()
    assert booked.status == InterviewStatus.INVITED


def test_the_calendar_file_downloads_for_a_booked_interview(client, applicant, booked):
    client.force_login(applicant)

    response = client.get(reverse("portal:interview-ics", args=[booked.application.reference]))

    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert str(cal.walk("VEVENT")[0]["UID"]) == booked.uid


def test_another_applicant_gets_404(client, other_applicant, booked):
    client.force_login(other_applicant)

    assert client.get(page(booked.application.reference)).status_code == 404


def test_an_application_without_an_interview_has_no_interview_page(client, applicant, eligible):
    client.force_login(applicant)

    assert client.get(page(eligible.reference)).status_code == 404


def test_the_status_page_links_to_the_interview(client, applicant, invited):
    client.force_login(applicant)

    response = client.get(reverse("portal:application", args=[invited.application.reference]))

    assert page(invited.application.reference) in response.content.decode()


def test_the_booking_page_in_french(client, applicant, invited, slot):
    client.force_login(applicant)

    response = client.get(page(invited.application.reference) + "?lang=fr")

    text = response.content.decode()
    assert "Votre entretien" in text
    assert "Réserver cet horaire" in text
    assert "8 mars 2027" in text


def test_the_dashboard_says_to_book_then_when_the_interview_is(client, applicant, invited, slot):
    from admissions.review.interviews import booking

    client.force_login(applicant)
    before = client.get(reverse("portal:dashboard")).content.decode()
    booking.book(interview=invited, slot=slot, actor=applicant, now=NOW)
    after = client.get(reverse("portal:dashboard")).content.decode()

    assert "book your interview time" in before
    assert page(invited.application.reference) in before
    assert "Your interview is on 8 March 2027 at 10:00" in after
