"""A referee who cannot write the reference declines from their link (with an optional
reason); the applicant is told, in their language, and invites someone else in their place."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import resolve, reverse

from admissions.applications.models import TimelineEvent
from admissions.core import clock
from admissions.documents import referees
from admissions.documents.models import Referee
from admissions.notifications.models import OutboxMessage
from tests.documents.stories import application_for
from tests.people import make_user

pytestmark = pytest.mark.django_db

SITE = "https://admissions.example.org"
PEOPLE = {
    "name": "Prof. Jean Dupont",
    "email": "jean.dupont@example.edu",
    "relationship": "Thesis supervisor",
    "institution": "Université Paris Cité",
}
SOMEONE_ELSE = {**PEOPLE, "name": "Dr Marie Curie", "email": "marie@example.edu"}


def invite(programme, language="en"):
    applicant = make_user(
        f"ada.{language}@example.org", first_name="Ada", preferred_language=language
    )
    application = application_for(programme, applicant=applicant)
    referee, token = referees.add_referee(
        application=application, actor=application.applicant, **PEOPLE
    )
    return application, referee, token


@pytest.fixture
def invited(seed_programmes):
    return invite(seed_programmes["post-master-ai"])


def letter_url(token):
    return reverse("portal:reference-letter", args=[token])


def decline_url(token):
    return reverse("portal:reference-decline", args=[token])


def test_the_referees_page_offers_to_decline(client, invited):
    _application, _referee, token = invited
    page = client.get(letter_url(token)).content.decode()
    assert f'action="{decline_url(token)}"' in page
    assert "I cannot write this reference" in page


def test_the_decline_link_shows_a_form_with_an_optional_reason(client, invited):
    _application, _referee, token = invited
    response = client.get(decline_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="reason"' in page
    assert "optional" in page


def test_declining_with_a_reason_records_it_and_the_link_stops_working(client, invited):
    _application, referee, token = invited
    response = client.post(decline_url(token), {"reason": "I am on sabbatical until June."})
    assert response.status_code == 200
    assert "You declined" in response.content.decode()
    referee.refresh_from_db()
    assert referee.declined_at is not None
    assert referee.decline_reason == "I am on sabbatical until June."
    again = client.get(letter_url(token))
    assert again.status_code == 410
    assert "declined" in again.content.decode()
    assert client.post(decline_url(token), {"reason": ""}).status_code == 410


def test_declining_without_a_reason_is_fine(client, invited):
    _application, referee, token = invited
    assert client.post(decline_url(token), {}).status_code == 200
    referee.refresh_from_db()
    assert referee.declined_at is not None
    assert referee.decline_reason == ""


def test_a_referee_who_sent_the_letter_can_no_longer_decline(client, invited):
    _application, _referee, token = invited
    client.post(letter_url(token), {"text": "An excellent student."})
    assert client.post(decline_url(token), {}).status_code == 410


@override_settings(SITE_URL=SITE)
def test_the_applicant_is_told_in_english_with_a_link_to_invite_someone_else(client, invited):
    application, _referee, token = invited
    client.post(decline_url(token), {"reason": "I am on sabbatical."})

    message = OutboxMessage.objects.get(event="referee_declined")
    assert message.recipient_email == application.applicant.email
    assert message.user == application.applicant
    assert message.template_language == "en"
    assert "Prof. Jean Dupont" in message.subject
    assert "I am on sabbatical." in message.body_text
    referees_url = SITE + reverse("portal:referees", args=[application.reference])
    assert f": {referees_url}" in message.body_text
    assert resolve(urlsplit(referees_url).path).view_name == "portal:referees"
    event = TimelineEvent.objects.filter(application=application).latest("pk")
    assert event.message_en == "Prof. Jean Dupont declined to write a reference."


@override_settings(SITE_URL=SITE)
def test_an_applicant_who_corresponds_in_french_is_told_in_french(client, seed_programmes):
    application, _referee, token = invite(seed_programmes["post-master-ai"], language="fr")
    client.post(decline_url(token), {})

    message = OutboxMessage.objects.get(event="referee_declined")
    assert message.template_language == "fr"
    assert message.template_fallback is False
    assert "Prof. Jean Dupont" in message.subject
    assert "ne peut pas" in message.subject
    referees_url = SITE + reverse("portal:referees", args=[application.reference])
    assert f": {referees_url}" in message.body_text


def test_the_applicant_sees_the_decline_and_invites_someone_else_in_place(client, invited):
    application, referee, token = invited
    client.post(decline_url(token), {"reason": "Too busy."})
    client.force_login(application.applicant)
    page_url = reverse("portal:referees", args=[application.reference])

    page = client.get(page_url).content.decode()
    assert "Declined" in page
    assert "Too busy." in page
    assert "Invite someone else in place of Prof. Jean Dupont" in page
    assert (
        reverse("portal:referee-remind", args=[application.reference, referee.public_id])
        not in page
    )

    response = client.post(
        reverse("portal:referee-replace", args=[application.reference, referee.public_id]),
        SOMEONE_ELSE,
    )
    assert response.status_code == 302
    referee.refresh_from_db()
    assert referee.replaced_at is not None
    newcomer = Referee.objects.get(application=application, replaced_at__isnull=True)
    assert newcomer.name == "Dr Marie Curie"
    invitation = OutboxMessage.objects.filter(event="referee_invitation").latest("pk")
    assert invitation.recipient_email == "marie@example.edu"
    page = client.get(page_url).content.decode()
    assert "Dr Marie Curie" in page
    assert "Too busy." not in page


def test_a_declined_referee_is_not_reminded(invited):
    application, referee, _token = invited
    referee = referees.decline_reference(referee=referee, reason="")
    later = referee.invited_at + dt.timedelta(days=5)
    with pytest.raises(referees.RefereeRefused, match="declined"):
        referees.send_reminder(referee=referee, actor=application.applicant, now=later)


def test_the_scheduled_reminders_leave_a_declined_referee_alone(invited):
    _application, referee, _token = invited
    referees.decline_reference(referee=referee, reason="")
    with clock.frozen(referee.invited_at + dt.timedelta(days=8)):
        call_command("tick", stdout=io.StringIO())
    assert not OutboxMessage.objects.filter(event="referee_reminder").exists()
