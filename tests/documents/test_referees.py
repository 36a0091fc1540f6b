"""Referees answer through an expiring one-use link; the applicant sees only whether the
letter arrived; reminders are rate limited; a replaced referee's link stops working."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.core import clock
from admissions.documents import referees
from admissions.documents.models import Referee
from admissions.notifications.models import OutboxMessage
from tests.documents import filebuilders
from tests.documents.stories import application_for, uploaded_file

pytestmark = pytest.mark.django_db

PEOPLE = {
    "name": "Prof. Jean Dupont",
    "email": "jean.dupont@example.edu",
    "relationship": "Thesis supervisor",
    "institution": "Université Paris Cité",
}


@pytest.fixture
def application(seed_programmes):
    return application_for(seed_programmes["post-master-ai"])


@pytest.fixture
def invited(application):
    return referees.add_referee(application=application, actor=application.applicant, **PEOPLE)


def letter_url(token):
    return reverse("portal:reference-letter", args=[token])


def test_the_applicant_names_a_referee_who_gets_an_email_with_a_link(client, application):
    client.force_login(application.applicant)
    response = client.post(reverse("portal:referees", args=[application.reference]), PEOPLE)
    assert response.status_code == 302
    referee = Referee.objects.get(application=application)
    message = OutboxMessage.objects.get(event="referee_invitation")
    assert message.recipient_email == PEOPLE["email"]
    link = message.context["action_url"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert referee.token_hash == referees.hash_token(token)
    assert token not in referee.token_hash


def test_a_referee_uploads_a_letter_once_and_the_link_cannot_be_reused(client, invited):
    referee, token = invited
    assert client.get(letter_url(token)).status_code == 200
    response = client.post(
        letter_url(token), {"letter": uploaded_file(filebuilders.pdf_bytes(), "letter.pdf")}
    )
    assert response.status_code == 200
    assert "Your letter was received" in response.content.decode()
    referee.refresh_from_db()
    assert referee.letter_received_at is not None
    assert referee.letter_sha256
    again = client.get(letter_url(token))
    assert again.status_code == 410
    assert "already used" in again.content.decode()


def test_a_referee_may_fill_the_short_form_instead(client, invited):
    referee, token = invited
    client.post(letter_url(token), {"text": "An excellent student."})
    referee.refresh_from_db()
    assert referee.letter_text == "An excellent student."


def test_an_unsafe_letter_is_refused_and_the_link_still_works(client, invited):
    _referee, token = invited
    response = client.post(
        letter_url(token), {"letter": uploaded_file(filebuilders.pdf_with_javascript())}
    )
    assert response.status_code == 400
    assert "JavaScript" in response.content.decode()
    assert client.get(letter_url(token)).status_code == 200


def test_an_expired_link_says_so_and_whom_to_contact(client, invited):
    referee, token = invited
    Referee.objects.filter(pk=referee.pk).update(token_expires_at=clock.now())
    response = client.get(letter_url(token))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page
    assert "pm-ai@example.org" in page


def test_a_forged_link_says_it_is_not_valid(client, invited):
    response = client.get(letter_url("forged-token-0123456789"))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_the_applicant_sees_that_the_letter_arrived_never_its_content(client, invited):
    referee, token = invited
    client.post(letter_url(token), {"text": "Confidential praise."})
    client.force_login(referee.application.applicant)
    page = client.get(reverse("portal:referees", args=[referee.application.reference]))
    text = page.content.decode()
    assert "Received" in text
    assert "Confidential praise" not in text


def test_reminders_are_limited_to_one_per_48_hours_and_renew_the_link(invited):
    referee, token = invited
    applicant = referee.application.applicant
    with pytest.raises(referees.RefereeRefused, match="less than 48 hours"):
        referees.send_reminder(referee=referee, actor=applicant)
    later = referee.invited_at + dt.timedelta(hours=49)
    new_token = referees.send_reminder(referee=referee, actor=applicant, now=later)
    assert OutboxMessage.objects.filter(event="referee_reminder").count() == 1
    assert referees.check_link(token, later).problem == "unknown"
    assert referees.check_link(new_token, later).problem == ""


def test_replacing_a_referee_revokes_the_old_link(client, invited):
    referee, token = invited
    _new, new_token = referees.replace_referee(
        referee=referee,
        actor=referee.application.applicant,
        **{**PEOPLE, "name": "Dr Marie Curie", "email": "marie@example.edu"},
    )
    response = client.get(letter_url(token))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert client.get(letter_url(new_token)).status_code == 200


def test_another_applicant_cannot_see_or_remind_the_referees(client, invited, other_applicant):
    referee, _token = invited
    client.force_login(other_applicant)
    reference = referee.application.reference
    assert client.get(reverse("portal:referees", args=[reference])).status_code == 404
    url = reverse("portal:referee-remind", args=[reference, referee.public_id])
    assert client.post(url).status_code == 404
