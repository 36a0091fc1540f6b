"""Every message to a person is readable in their portal inbox, with read state."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from admissions.notifications.events import get_event
from admissions.notifications.models import OutboxMessage
from admissions.notifications.selectors import inbox_for, unread_count
from admissions.notifications.services import Attachment, queue_message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("notification_pages")]


def message_for(user, key: str, template: str = "decision_admitted", **extra) -> OutboxMessage:
    return queue_message(
        recipient_email=user.email,
        template=template,
        context=get_event(template).sample,
        language="en",
        idempotency_key=key,
        user=user,
        **extra,
    )


def test_the_inbox_lists_the_persons_messages_newest_first_with_unread_marked(client, applicant):
    message_for(applicant, "submitted", template="application_submitted")
    message_for(applicant, "admitted")
    client.force_login(applicant)

    response = client.get(reverse("portal:inbox"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "You have 2 unread messages." in page
    assert page.index("admitted") < page.index("We received your application")
    assert page.count(">Unread</span>") == 2


def test_opening_a_message_shows_it_and_marks_it_read(client, applicant):
    message = message_for(
        applicant, "admitted", attachments=[Attachment("offer.pdf", "application/pdf", b"%PDF")]
    )
    client.force_login(applicant)

    response = client.get(reverse("portal:inbox-message", kwargs={"public_id": message.public_id}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Congratulations! " not in page or "Congratulations!" in page
    assert "The admissions panel has decided to offer you a place" in page
    assert f'href="{get_event("decision_admitted").sample["action_url"]}"' in page
    assert "offer.pdf" in page
    message.refresh_from_db()
    assert message.read_at is not None
    assert unread_count(applicant) == 0


def test_an_attachment_downloads_from_the_inbox(client, applicant):
    message = message_for(
        applicant, "admitted", attachments=[Attachment("offer.pdf", "application/pdf", b"%PDF")]
    )
    client.force_login(applicant)

    response = client.get(
        reverse("portal:inbox-attachment", kwargs={"public_id": message.public_id, "index": 0})
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF"
    assert 'attachment; filename="offer.pdf"' in response["Content-Disposition"]


def test_another_persons_message_does_not_exist(client, applicant, other_applicant):
    message = message_for(applicant, "admitted")
    client.force_login(other_applicant)

    detail = client.get(reverse("portal:inbox-message", kwargs={"public_id": message.public_id}))
    attachment = client.get(
        reverse("portal:inbox-attachment", kwargs={"public_id": message.public_id, "index": 0})
    )
    unknown = client.get(reverse("portal:inbox-message", kwargs={"public_id": uuid.uuid4()}))

    assert (detail.status_code, attachment.status_code, unknown.status_code) == (404, 404, 404)
    message.refresh_from_db()
    assert message.read_at is None


def test_the_inbox_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("portal:inbox"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_messages_without_a_user_and_digests_stay_out_of_the_inbox(applicant):
    queue_message(
        recipient_email=applicant.email,
        template="referee_invitation",
        context=get_event("referee_invitation").sample,
        language="en",
        idempotency_key="referee",
    )
    message_for(applicant, "digest", template="staff_digest")
    mine = message_for(applicant, "admitted")

    assert list(inbox_for(applicant)) == [mine]


def test_the_email_links_to_the_inbox_copy(applicant):
    message = message_for(applicant, "admitted")

    assert f"/inbox/{message.public_id}/" in message.body_text
    assert f"/inbox/{message.public_id}/" in message.body_html


def test_the_inbox_is_in_french_for_a_french_visitor(client, applicant):
    message_for(applicant, "admitted")
    client.force_login(applicant)

    response = client.get(reverse("portal:inbox"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
