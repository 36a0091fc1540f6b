# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""The applicant books, moves and cancels their interview time until the cut-off, and the
emails that go with each step."""

from __future__ import annotations

import pytest

from admissions.applications.models import TimelineEvent
from admissions.core.errors import NotFound
from admissions.notifications.models import OutboxMessage
from admissions.review.interviews import booking, errors, selectors, slots
from admissions.review.models import InterviewStatus
from tests.calendar import paris
from tests.review.interview_stories import (
    NOW,
    booked,
    eligible,
    eligible_application,
    head,
    interviewer,
    invited,
    open_slot,
    pm,
    pm_intake,
    slot,
)

pytestmark = pytest.mark.django_db


def test_booking_a_time_books_it_and_tells_the_applicant(invited, slot, applicant):
    interview = booking.book(interview=invited, slot=slot, actor=applicant, now=NOW)

    assert interview.status == InterviewStatus.BOOKED
    assert interview.slot == slot
    mail = OutboxMessage.objects.get(event="interview_booked")
    assert mail.recipient_email == applicant.email
    assert "8 March 2027" in mail.body_text
    assert TimelineEvent.objects.filter(
        application=interview.application, kind="interview_booked", visible_to_applicant=True
    ).exists()


def test_booking_after_the_cut_off_is_refused_with_the_cut_off_in_the_message(
    invited, slot, applicant
):
    just_too_late = paris(2027, 3, 7, 10)  # 24 hours before the slot starts

    with pytest.raises(errors.TooLate) as refused:
        booking.book(interview=invited, slot=slot, actor=applicant, now=just_too_late)

    assert "7 March 2027 at 10:00" in str(refused.value)
    assert "24 hours" in str(refused.value)


def test_booking_one_minute_before_the_cut_off_is_accepted(invited, slot, applicant):
    interview = booking.book(
        interview=invited, slot=slot, actor=applicant, now=paris(2027, 3, 7, 9, 59)
    )

    assert interview.status == InterviewStatus.BOOKED


def test_moving_after_the_cut_off_of_the_booked_time_is_refused(
    booked, pm_intake, head, interviewer, applicant
):
    later_slot = open_slot(pm_intake, [interviewer], actor=head, starts_at=paris(2027, 3, 12, 10))

    with pytest.raises(errors.TooLate):
        booking.move(interview=booked, slot=later_slot, actor=applicant, now=paris(2027, 3, 7, 11))


def test_cancelling_after_the_cut_off_is_refused(booked, applicant):
    with pytest.raises(errors.TooLate):
        booking.cancel(interview=booked, actor=applicant, now=paris(2027, 3, 8, 9))


def test_a_full_slot_is_refused_and_no_longer_offered(pm_intake, head, slot, applicant):
    other = eligible_application(pm_intake)
    from admissions.review.interviews import selection

    theirs = selection.invite(application=other, actor=head, now=NOW)
    booking.book(interview=theirs, slot=slot, actor=other.applicant, now=NOW)
    mine = selection.invite(
        application=eligible_application(pm_intake, applicant=applicant), actor=head, now=NOW
    )

    with pytest.raises(errors.SlotFull) as refused:
        booking.book(interview=mine, slot=slot, actor=applicant, now=NOW)

    assert str(refused.value) == str(errors.SLOT_IS_FULL)
    assert selectors.free_slots(mine, NOW) == []


def test_someone_else_cannot_book_the_applicants_interview(invited, slot, other_applicant):
    with pytest.raises(NotFound):
        booking.book(interview=invited, slot=slot, actor=other_applicant, now=NOW)


def test_cancelling_frees_the_place_and_keeps_the_invitation(booked, applicant, slot):
    interview = booking.cancel(interview=booked, actor=applicant, now=NOW)

    assert interview.status == InterviewStatus.INVITED
    assert interview.slot is None
    assert slot in selectors.free_slots(interview, NOW)


def test_a_cancelled_slot_frees_its_applicants_and_tells_them(booked, slot, head):
    freed = slots.cancel_slot(slot=slot, actor=head, now=NOW)

    assert [interview.pk for interview in freed] == [booked.pk]
    booked.refresh_from_db()
    assert booked.status == InterviewStatus.INVITED
    mail = OutboxMessage.objects.get(event="interview_cancelled")
    assert "We had to cancel" in mail.body_text


def test_the_applicants_time_zone_shows_in_the_emails(invited, slot, applicant):
    booking.book(
        interview=invited, slot=slot, actor=applicant, now=NOW, time_zone="America/Montreal"
    )

    mail = OutboxMessage.objects.get(event="interview_booked")
    assert "8 March 2027, 04:00 EST" in mail.body_text


def test_the_booking_email_is_in_the_applicants_language(invited, slot, applicant):
    applicant.preferred_language = "fr"
    applicant.save()

    booking.book(interview=invited, slot=slot, actor=applicant, now=NOW)

    mail = OutboxMessage.objects.get(event="interview_booked")
    assert mail.subject.startswith("Votre entretien est réservé")
    assert "Quand\u00a0: lundi 8 mars 2027 à 10:00 CET" in mail.body_text
    assert "Téléphone : appelez le +33 4 93 00 00 00" in mail.body_text


def test_a_withdrawn_applicant_frees_their_place_and_can_no_longer_book(
    booked, invited, slot, pm_intake, head, applicant
):
    from admissions.applications.services import withdraw_application
    from admissions.review.interviews import selection

    withdraw_application(application=booked.application, actor=applicant, reason="", now=NOW)
    other = eligible_application(pm_intake)
    theirs = selection.invite(application=other, actor=head, now=NOW)

    assert slot in selectors.free_slots(theirs, NOW)
    assert booking.book(interview=theirs, slot=slot, actor=other.applicant, now=NOW).slot == slot


def test_a_withdrawn_applicant_cannot_book(invited, slot, applicant):
    from admissions.applications.services import withdraw_application

    withdraw_application(application=invited.application, actor=applicant, reason="", now=NOW)

    with pytest.raises(errors.InterviewError) as refused:
        booking.book(interview=invited, slot=slot, actor=applicant, now=NOW)

    assert str(refused.value) == str(errors.INTERVIEW_CLOSED)
