"""Referee invitations are limited per application: the form is not a mail relay.

The attack found that an applicant could name or replace referees without limit, each time
mailing an address of their choice with a name they typed. An application now sends at most
three invitations in any 24 hours and ten in all (``REFEREE_INVITATIONS_PER_DAY`` and
``REFEREE_INVITATIONS_IN_ALL``), replacements included; past the daily limit the page answers
429 with Retry-After, past the total 409, each with a message saying what to do.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.documents import referees
from admissions.documents.models import Referee
from admissions.notifications.models import OutboxMessage
from tests.calendar import paris
from tests.documents.stories import application_for

pytestmark = pytest.mark.django_db

MONDAY_9AM = paris(2026, 12, 7, 9, 0)


def person(number: int) -> dict[str, str]:
    return {
        "name": f"Referee {number}",
        "email": f"referee{number}@example.edu",
        "relationship": "Teacher",
        "institution": "Université Paris Cité",
    }


@pytest.fixture
def application(seed_programmes):
    return application_for(seed_programmes["post-master-ai"])


def invite(application, number: int, now: dt.datetime) -> Referee:
    referee, _token = referees.add_referee(
        application=application, actor=application.applicant, now=now, **person(number)
    )
    return referee


def replace(referee: Referee, number: int, now: dt.datetime) -> Referee:
    new, _token = referees.replace_referee(
        referee=referee, actor=referee.application.applicant, now=now, **person(number)
    )
    return new


def invitations_sent() -> int:
    return OutboxMessage.objects.filter(event="referee_invitation").count()


def test_a_fourth_invitation_within_24_hours_is_refused_until_the_first_ages_out(application):
    first = invite(application, 1, MONDAY_9AM)
    second = invite(application, 2, MONDAY_9AM + dt.timedelta(hours=1))
    replace(second, 3, MONDAY_9AM + dt.timedelta(hours=2))

    with pytest.raises(referees.TooManyInvitationsToday) as refused:
        replace(first, 4, MONDAY_9AM + dt.timedelta(hours=3))

    assert "3 referee invitations in the last 24 hours" in str(refused.value)
    assert "after 2026-12-08 09:00" in str(refused.value)
    assert refused.value.retry_after_seconds == 21 * 3600 + 1
    assert invitations_sent() == 3
    first.refresh_from_db()
    assert first.replaced_at is None  # the refused replacement changed nothing
    replace(first, 4, MONDAY_9AM + dt.timedelta(hours=24, minutes=1))
    assert invitations_sent() == 4


def test_an_application_sends_ten_invitations_in_all_replacements_included(application):
    referee = invite(application, 1, MONDAY_9AM)
    for number in range(2, 11):
        referee = replace(referee, number, MONDAY_9AM + dt.timedelta(days=number))

    with pytest.raises(referees.InvitationsUsedUp) as refused:
        replace(referee, 11, MONDAY_9AM + dt.timedelta(days=30))

    assert "already sent 10 referee invitations" in str(refused.value)
    assert "contact the admissions office" in str(refused.value)
    assert invitations_sent() == 10


def test_the_limits_are_settings(application, settings):
    settings.REFEREE_INVITATIONS_PER_DAY = 1
    settings.REFEREE_INVITATIONS_IN_ALL = 2
    invite(application, 1, MONDAY_9AM)

    with pytest.raises(referees.TooManyInvitationsToday):
        invite(application, 2, MONDAY_9AM + dt.timedelta(hours=1))
    invite(application, 2, MONDAY_9AM + dt.timedelta(days=1, hours=1))
    with pytest.raises(referees.InvitationsUsedUp):
        invite(application, 3, MONDAY_9AM + dt.timedelta(days=5))


def test_the_page_answers_429_with_retry_after_past_the_daily_limit(client, application):
    client.force_login(application.applicant)
    url = reverse("portal:referees", args=[application.reference])
    for number in (1, 2, 3):
        assert client.post(url, person(number)).status_code == 302
    last = Referee.objects.filter(application=application).order_by("-pk").first()
    replace_url = reverse("portal:referee-replace", args=[application.reference, last.public_id])

    response = client.post(replace_url, person(4))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert "the most allowed in a day" in response.content.decode()
    assert invitations_sent() == 3
    last.refresh_from_db()
    assert last.replaced_at is None


def test_the_page_answers_409_once_the_application_sent_every_invitation(
    client, application, settings
):
    settings.REFEREE_INVITATIONS_IN_ALL = 2
    invite(application, 1, MONDAY_9AM)
    invite(application, 2, MONDAY_9AM)
    client.force_login(application.applicant)
    url = reverse("portal:referees", args=[application.reference])

    response = client.post(url, person(3))

    assert response.status_code == 409
    assert "Retry-After" not in response
    assert "already sent 2 referee invitations" in response.content.decode()
    assert invitations_sent() == 2
