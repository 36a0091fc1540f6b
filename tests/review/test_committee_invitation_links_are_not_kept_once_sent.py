"""The invitation's link is a key to a seat on a committee: once the email has left, the
outbox keeps no working link (like a referee's)."""

from __future__ import annotations

import json

import pytest

from admissions.notifications.models import MessageStatus, OutboxMessage
from admissions.review import committees
from tests.notifications.conftest import run_mail_queue
from tests.review.committee_stories import committee_of, head_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_after_delivery_the_outbox_row_holds_no_working_link(seed_programmes):
    msc = seed_programmes["msc-cps2-ai-iot"]
    head = head_of(msc)
    committee = committee_of(msc, head)
    _invitation, token = committees.invite_external_member(
        committee=committee,
        email="helene.moreau@example.edu",
        capacity=8,
        actor=head,
    )

    run_mail_queue()

    message = OutboxMessage.objects.get(event="committee_invitation")
    assert message.status == MessageStatus.SENT
    stored = "\n".join(
        [message.subject, message.body_text, message.body_html, json.dumps(message.context)]
    )
    assert token not in stored
    assert committees.check_invitation(token).problem == ""
