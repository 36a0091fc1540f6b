"""A draft is reminded of its round's deadline 7 days then 1 day before, once per moment, in
the applicant's language with the deadline in the programme's time zone, however often
`tick` runs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from admissions.core import clock
from admissions.notifications.models import OutboxMessage
from tests.applications.factories import ApplicationFactory
from tests.calendar import last_second, paris, paris_calendar

pytestmark = pytest.mark.django_db

# Round 1 of the Post-Master's calendar closes on Wednesday 3 February 2027, Paris time.
ROUND_1_DEADLINE = last_second(dt.date(2027, 2, 3))
SEVEN_DAYS_BEFORE = paris(2027, 1, 28, 0, 0)  # 6 days 23:59:59 before: the 7-day moment
ONE_DAY_BEFORE = paris(2027, 2, 3, 0, 0)  # 23:59:59 before: the 1-day moment


def tick(at: dt.datetime) -> None:
    with clock.frozen(at):
        call_command("tick", stdout=io.StringIO())


def tick_thrice(at: dt.datetime) -> None:
    """Three ticks an hour apart: the reminders job (every 30 minutes) runs each time."""
    for hours in range(3):
        tick(at + dt.timedelta(hours=hours))


def reminders():
    return OutboxMessage.objects.filter(event="deadline_approaching").order_by("pk")


def keys() -> list[str]:
    return list(reminders().values_list("idempotency_key", flat=True))


def draft_in(calendar, **fields):
    return ApplicationFactory(
        intake=calendar.intake, entry_level=calendar.entry_level, profile=False, **fields
    )


@pytest.fixture
def draft(calendar):
    return draft_in(calendar, applicant__email="ada@example.org", applicant__first_name="Ada")


def test_a_draft_is_reminded_seven_days_then_one_day_before_the_deadline_once_each(draft):
    tick(ROUND_1_DEADLINE - dt.timedelta(days=8))
    assert keys() == []

    tick_thrice(SEVEN_DAYS_BEFORE)
    assert keys() == [f"reminder:deadline:{draft.reference}:r1:7d"]
    seven = reminders().get()
    assert seven.recipient_email == "ada@example.org"
    assert seven.subject == "7 days left to submit your application"
    assert "The deadline for this round is Wednesday 3 February 2027, 23:59 CET." in seven.body_text
    assert draft.reference in seven.body_text
    assert f"/applications/{draft.reference}/" in seven.body_text

    tick_thrice(ONE_DAY_BEFORE)
    tick(ROUND_1_DEADLINE + dt.timedelta(hours=9))
    assert keys() == [
        f"reminder:deadline:{draft.reference}:r1:7d",
        f"reminder:deadline:{draft.reference}:r1:1d",
    ]
    assert reminders().last().subject == "1 day left to submit your application"


def test_a_french_speaking_applicant_reads_the_deadline_in_french_in_the_programmes_time_zone(
    calendar,
):
    calendar.programme.time_zone = "America/Montreal"
    calendar.programme.save()
    draft = draft_in(calendar, applicant__preferred_language="fr")

    tick_thrice(SEVEN_DAYS_BEFORE)

    message = reminders().get()
    assert message.language == "fr"
    assert message.subject == "Plus que 7 jours pour déposer votre candidature"
    # 23:59:59 in Paris is 17:59:59 in Montreal: the programme's zone, not the server's.
    assert (
        "La date limite de cette session est le mercredi 3 février 2027 à 17:59 EST."
        in message.body_text
    )
    assert "Mastère spécialisé IA" in message.body_text
    assert draft.reference in message.body_text


def test_a_tick_that_missed_the_seven_day_moment_sends_only_the_one_day_reminder(draft):
    tick_thrice(paris(2027, 2, 3, 8))  # the machine was down for a week

    assert keys() == [f"reminder:deadline:{draft.reference}:r1:1d"]
    assert reminders().get().subject == "1 day left to submit your application"


def test_a_late_seven_day_reminder_says_how_many_days_are_really_left(draft):
    tick_thrice(paris(2027, 1, 31, 10))  # the 7-day moment passed on 28 January

    assert keys() == [f"reminder:deadline:{draft.reference}:r1:7d"]
    assert reminders().get().subject == "4 days left to submit your application"


def test_submitted_and_withdrawn_applications_are_not_reminded(calendar):
    draft_in(calendar, submitted=True, round=calendar.round(1))
    draft_in(calendar, withdrawn=True)

    tick_thrice(SEVEN_DAYS_BEFORE)
    tick_thrice(ONE_DAY_BEFORE)

    assert keys() == []


def test_a_draft_whose_intake_has_no_round_open_is_not_reminded():
    later = paris_calendar(
        [(dt.date(2027, 2, 5), dt.date(2027, 2, 10), dt.date(2027, 3, 1))],
        slug="msc-later",
        reference_prefix="MSCL",
    )
    draft_in(later)

    tick_thrice(SEVEN_DAYS_BEFORE)  # its only round opens on 5 February

    assert keys() == []


def test_each_round_has_its_own_reminders(draft):
    tick(ONE_DAY_BEFORE)
    tick(paris(2027, 3, 17, 9))  # round 2 (10 February to 23 March) is open

    assert keys() == [
        f"reminder:deadline:{draft.reference}:r1:1d",
        f"reminder:deadline:{draft.reference}:r2:7d",
    ]
    assert "Tuesday 23 March 2027, 23:59 CET" in reminders().last().body_text


def test_when_two_rounds_are_open_the_reminder_is_about_the_one_closing_first():
    overlapping = paris_calendar(
        [
            (dt.date(2027, 1, 1), dt.date(2027, 2, 3), dt.date(2027, 3, 3)),
            (dt.date(2027, 1, 15), dt.date(2027, 2, 5), dt.date(2027, 3, 20)),
        ]
    )
    draft = draft_in(overlapping)

    tick_thrice(SEVEN_DAYS_BEFORE)

    assert keys() == [f"reminder:deadline:{draft.reference}:r1:7d"]


def test_the_reminder_days_are_configurable(draft, settings):
    settings.REMINDER_DAYS_BEFORE_DEADLINE = [3]

    tick_thrice(SEVEN_DAYS_BEFORE)
    assert keys() == []

    tick_thrice(paris(2027, 2, 1, 9))
    assert keys() == [f"reminder:deadline:{draft.reference}:r1:3d"]
    assert reminders().get().subject == "3 days left to submit your application"
