"""The deadline reminders `tick` queues reach each applicant by email, in their language, once
per moment however often `tick` and the mail worker run."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from admissions.core import clock
from tests.applications.factories import ApplicationFactory
from tests.calendar import paris
from tests.notifications.conftest import run_mail_queue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tick_and_deliver(at: dt.datetime) -> None:
    with clock.frozen(at):
        call_command("tick", stdout=io.StringIO())
        run_mail_queue()


def test_each_applicant_gets_the_reminder_once_in_their_language(calendar):
    english = ApplicationFactory(
        intake=calendar.intake,
        entry_level=calendar.entry_level,
        applicant__email="ada@example.org",
        applicant__first_name="Ada",
        profile=False,
    )
    french = ApplicationFactory(
        intake=calendar.intake,
        entry_level=calendar.entry_level,
        applicant__email="jules@example.org",
        applicant__first_name="Jules",
        applicant__preferred_language="fr",
        profile=False,
    )
    seven_days_before = paris(2027, 1, 28, 0, 0)  # round 1 closes on 3 February

    for hours in range(3):
        tick_and_deliver(seven_days_before + dt.timedelta(hours=hours))

    sent = {email.to[0]: email for email in mail.outbox}
    assert sorted(sent) == ["ada@example.org", "jules@example.org"]
    assert sent["ada@example.org"].subject == "7 days left to submit your application"
    assert "Dear Ada Martin," in sent["ada@example.org"].body
    assert english.reference in sent["ada@example.org"].body
    assert sent["jules@example.org"].subject == "Plus que 7 jours pour déposer votre candidature"
    assert "Bonjour Jules Martin," in sent["jules@example.org"].body
    assert "mercredi 3 février 2027 à 23:59 CET" in sent["jules@example.org"].body
    assert french.reference in sent["jules@example.org"].body
