"""A referee who has not answered is reminded 7 then 14 days after the invitation, once per
moment, in the applicant's language, with a new link that works (the old one stops), however
often `tick` runs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from admissions.applications.states import Status
from admissions.core import clock
from admissions.documents import referees
from admissions.documents.models import Referee
from admissions.notifications.models import OutboxMessage
from tests.calendar import PARIS
from tests.documents.stories import application_for

pytestmark = pytest.mark.django_db

INVITED_AT = dt.datetime(2027, 1, 10, 10, tzinfo=PARIS)
PEOPLE = {
    "name": "Prof. Jean Dupont",
    "email": "jean.dupont@example.edu",
    "relationship": "Thesis supervisor",
    "institution": "Université Paris Cité",
}


def day(number: float) -> dt.datetime:
    """``number`` days after the invitation."""
    return INVITED_AT + dt.timedelta(days=number)


def tick(at: dt.datetime) -> None:
    with clock.frozen(at):
        call_command("tick", stdout=io.StringIO())


def tick_thrice(at: dt.datetime) -> None:
    """Three ticks an hour apart: the reminders job (every 30 minutes) runs each time."""
    for hours in range(3):
        tick(at + dt.timedelta(hours=hours))


def reminders():
    """The reminders `tick` sent (the applicant's own reminders have other keys)."""
    return OutboxMessage.objects.filter(
        event="referee_reminder", idempotency_key__startswith="reminder:"
    ).order_by("pk")


def keys() -> list[str]:
    return list(reminders().values_list("idempotency_key", flat=True))


def link_problem(message: OutboxMessage, at: dt.datetime) -> str:
    """What the referee sees when following the message's link: "" when it works."""
    token = message.context["action_url"].rstrip("/").rsplit("/", 1)[1]
    return referees.check_link(token, now=at).problem


def invite(application, **people):
    referee, _token = referees.add_referee(
        application=application,
        actor=application.applicant,
        now=INVITED_AT,
        **{**PEOPLE, **people},
    )
    return referee


@pytest.fixture
def application(seed_programmes):
    return application_for(
        seed_programmes["post-master-ai"],
        applicant__first_name="Ada",
        applicant__last_name="Lovelace",
    )


@pytest.fixture
def referee(application):
    return invite(application)


def test_a_referee_is_reminded_seven_then_fourteen_days_after_the_invitation_once_each(referee):
    invitation = OutboxMessage.objects.get(event="referee_invitation")
    tick(day(6.9))
    assert keys() == []

    tick_thrice(day(7))
    assert keys() == [f"reminder:referee:{referee.public_id}:7d"]
    first = reminders().get()
    assert first.recipient_email == "jean.dupont@example.edu"
    assert first.subject == "Reminder: reference for Ada Lovelace"
    assert "Dear Prof. Jean Dupont," in first.body_text
    # The new link is valid REFEREE_LINK_DAYS (21) from the reminder, and says so.
    assert "The deadline is 7 February 2027." in first.body_text
    assert link_problem(first, day(7.5)) == ""
    assert link_problem(invitation, day(7.5)) == "unknown"

    tick_thrice(day(14))
    tick(day(20))
    assert keys() == [
        f"reminder:referee:{referee.public_id}:7d",
        f"reminder:referee:{referee.public_id}:14d",
    ]
    second = reminders().last()
    assert link_problem(second, day(20)) == ""
    assert link_problem(first, day(20)) == "unknown"


def test_later_ticks_leave_the_link_of_the_reminder_working(referee):
    tick(day(7))
    reminder = reminders().get()

    tick(day(7) + dt.timedelta(hours=1))
    tick(day(10))

    assert reminders().count() == 1
    assert link_problem(reminder, day(10)) == ""


def test_a_referee_of_a_french_speaking_applicant_is_reminded_in_french(application):
    application.applicant.preferred_language = "fr"
    application.applicant.save()
    referee = invite(application)

    tick_thrice(day(7))

    message = reminders().get()
    assert message.language == "fr"
    assert message.subject == "Rappel\u00a0: recommandation pour Ada Lovelace"
    assert "Bonjour Prof. Jean Dupont," in message.body_text
    assert "La date limite est le 7 février 2027." in message.body_text
    assert message.idempotency_key == f"reminder:referee:{referee.public_id}:7d"


def test_a_tick_that_missed_the_seven_day_moment_sends_only_the_fourteen_day_reminder(referee):
    tick_thrice(day(15))  # the machine was down for a week

    assert keys() == [f"reminder:referee:{referee.public_id}:14d"]


def test_a_referee_who_sent_the_letter_is_not_reminded(referee):
    Referee.objects.filter(pk=referee.pk).update(letter_received_at=day(3))

    tick_thrice(day(7))
    tick_thrice(day(14))

    assert keys() == []


def test_a_replaced_referee_is_not_reminded_and_the_new_one_follows_their_own_days(
    application, referee
):
    replacement, _token = referees.replace_referee(
        referee=referee,
        actor=application.applicant,
        now=day(3),
        **{**PEOPLE, "name": "Dr. Marie Curie", "email": "marie.curie@example.edu"},
    )

    tick_thrice(day(7))
    assert keys() == []

    tick_thrice(day(10))
    assert keys() == [f"reminder:referee:{replacement.public_id}:7d"]
    assert reminders().get().recipient_email == "marie.curie@example.edu"


def test_referees_of_a_withdrawn_application_are_not_reminded(application, referee):
    application.status = Status.WITHDRAWN
    application.save()

    tick_thrice(day(7))

    assert keys() == []


def test_a_referee_whose_link_expired_is_not_reminded(application, settings):
    settings.REFEREE_LINK_DAYS = 5
    invite(application)

    tick_thrice(day(7))

    assert keys() == []


def test_a_reminder_the_applicant_sent_by_hand_stands_for_that_moment(application, referee):
    by_hand = referees.send_reminder(referee=referee, actor=application.applicant, now=day(8))

    tick_thrice(day(8.5))
    tick(day(12))
    assert keys() == []
    assert referees.check_link(by_hand, now=day(12)).problem == ""

    tick(day(14))
    assert keys() == [f"reminder:referee:{referee.public_id}:14d"]


def test_the_reminder_days_are_configurable(referee, settings):
    settings.REFEREE_REMINDER_DAYS = [3]

    tick_thrice(day(3))
    tick_thrice(day(7))
    tick_thrice(day(14))

    assert keys() == [f"reminder:referee:{referee.public_id}:3d"]
