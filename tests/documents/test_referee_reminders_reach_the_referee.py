"""The referee reminder `tick` queues reaches the referee by email once, with a link that
opens the letter page, however often `tick` and the mail worker run."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from admissions.core import clock
from admissions.documents import referees
from tests.documents.stories import application_for
from tests.notifications.conftest import run_mail_queue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tick_and_deliver(at: dt.datetime) -> None:
    with clock.frozen(at):
        call_command("tick", stdout=io.StringIO())
        run_mail_queue()


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("en", "Reminder: reference for Ada Lovelace", "Dear Prof. Jean Dupont,"),
        ("fr", "Rappel\u00a0: recommandation pour Ada Lovelace", "Bonjour Prof. Jean Dupont,"),
    ],
)
def test_the_referee_gets_one_reminder_whose_link_opens_the_letter_page(
    client, seed_programmes, language, subject, greeting
):
    application = application_for(
        seed_programmes["post-master-ai"],
        applicant__first_name="Ada",
        applicant__last_name="Lovelace",
        applicant__preferred_language=language,
    )
    invited_at = clock.now()
    referees.add_referee(
        application=application,
        actor=application.applicant,
        name="Prof. Jean Dupont",
        email="jean.dupont@example.edu",
        relationship="Thesis supervisor",
        institution="Université Paris Cité",
        now=invited_at,
    )

    for hours in (0, 1, 2):
        tick_and_deliver(invited_at + dt.timedelta(days=7, hours=hours))

    [email] = [
        email
        for email in mail.outbox
        if email.extra_headers["X-Admissions-Event"] == "referee_reminder"
    ]
    assert email.to == ["jean.dupont@example.edu"]
    assert email.subject == subject
    assert greeting in email.body
    link = re.search(r"https?://\S+/references/\S+", email.body)
    assert link is not None
    path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
    with clock.frozen(invited_at + dt.timedelta(days=8)):
        assert client.get(path).status_code == 200
