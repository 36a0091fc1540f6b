"""An applicant asked for documents is reminded before the reply date, once per moment,
in their language, however often `tick` runs."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.documents import services
from admissions.notifications.models import OutboxMessage
from admissions.notifications.reminders import run_reminders
from tests.calendar import PARIS
from tests.documents.test_review_and_request import application  # noqa: F401

pytestmark = pytest.mark.django_db
REPLY_BY = dt.date(2027, 3, 1)


def reminders():
    return OutboxMessage.objects.filter(event="documents_missing_reminder").order_by("pk")


def test_the_applicant_is_reminded_seven_days_then_one_day_before_the_reply_date(
    application,  # noqa: F811
    officer,
):
    services.request_missing_items(
        application=application, items=["transcripts"], reply_by=REPLY_BY, actor=officer
    )
    run_reminders(now=dt.datetime(2027, 2, 20, 9, tzinfo=PARIS))
    assert not reminders().exists()  # more than seven days ahead

    six_days_before = dt.datetime(2027, 2, 24, 9, tzinfo=PARIS)
    run_reminders(now=six_days_before)
    run_reminders(now=six_days_before + dt.timedelta(hours=1))
    assert reminders().count() == 1
    assert reminders().get().context["documents"] == ["Transcripts"]

    run_reminders(now=dt.datetime(2027, 3, 1, 8, tzinfo=PARIS))
    run_reminders(now=dt.datetime(2027, 3, 1, 20, tzinfo=PARIS))
    assert reminders().count() == 2


def test_a_french_speaking_applicant_is_reminded_in_french(application, officer):  # noqa: F811
    application.applicant.preferred_language = "fr"
    application.applicant.save()
    services.request_missing_items(
        application=application, items=["transcripts"], reply_by=REPLY_BY, actor=officer
    )
    run_reminders(now=dt.datetime(2027, 2, 28, 9, tzinfo=PARIS))
    message = reminders().get()
    assert message.language == "fr"
    assert message.context["documents"] == ["Relevés de notes"]


def test_no_reminder_once_the_application_is_submitted_again(application, officer):  # noqa: F811
    services.request_missing_items(
        application=application, items=["transcripts"], reply_by=REPLY_BY, actor=officer
    )
    services.resolve_requests(application=application, now=dt.datetime(2027, 2, 22, tzinfo=PARIS))
    run_reminders(now=dt.datetime(2027, 2, 28, 9, tzinfo=PARIS))
    assert not reminders().exists()
