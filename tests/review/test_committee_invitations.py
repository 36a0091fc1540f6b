"""An external member is invited by email: a single-use link valid 7 days, only its hash
stored, refused once expired (by the clock), used or revoked, and unknown to anyone guessing."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from admissions.accounts.models import RoleAssignment
from admissions.core import clock
from admissions.core.audit import AuditEvent
from admissions.core.roles import Role
from admissions.notifications.models import OutboxMessage
from admissions.review import committees
from admissions.review.committees import CommitteeRefused, InvitationRefused
from admissions.review.models import MemberInvitation, MemberRole
from tests.people import make_user
from tests.review.committee_stories import committee_of, head_of

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def head(msc):
    return head_of(msc)


@pytest.fixture
def committee(msc, head):
    return committee_of(msc, head)


def invite(committee, head, email="helene.moreau@example.edu", now=NOW, **kw):
    return committees.invite_external_member(
        committee=committee,
        email=email,
        first_name="Hélène",
        last_name="Moreau",
        capacity=8,
        expertise="robotics",
        institution="Université de Lyon",
        actor=head,
        now=now,
        **kw,
    )


def test_the_invitation_stores_only_the_hash_of_its_token_and_emails_the_link(committee, head):
    invitation, token = invite(committee, head, language="fr")

    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not MemberInvitation.objects.filter(token_hash=token).exists()
    assert invitation.expires_at == NOW + dt.timedelta(days=7)
    message = OutboxMessage.objects.get(event="committee_invitation")
    assert message.recipient_email == "helene.moreau@example.edu"
    assert f"/staff/join/{token}/" in message.body_text
    assert "Accepter l'invitation" in message.body_text
    event = AuditEvent.objects.get(action="review.member_invited")
    assert token not in str(event.data)


def test_a_valid_link_seats_the_invitee_as_external_member_with_the_role(msc, committee, head):
    _invitation, token = invite(committee, head)
    helene = make_user("helene.moreau@example.edu", first_name="Hélène")

    member = committees.accept_invitation(token=token, user=helene, now=NOW + dt.timedelta(days=6))

    assert (member.role, member.capacity, member.expertise, member.institution) == (
        MemberRole.EXTERNAL,
        8,
        ["robotics"],
        "Université de Lyon",
    )
    assert RoleAssignment.objects.filter(
        user=helene, role=Role.EXTERNAL_REVIEWER, programme=msc
    ).exists()
    assert AuditEvent.objects.filter(action="review.invitation_accepted", actor=helene).exists()


def test_the_link_expires_seven_days_after_it_was_sent(committee, head):
    _invitation, token = invite(committee, head)
    helene = make_user("helene.moreau@example.edu")
    expiry = NOW + dt.timedelta(days=7)

    assert committees.check_invitation(token, expiry - dt.timedelta(seconds=1)).problem == ""
    with clock.frozen(expiry):
        assert committees.check_invitation(token).problem == "expired"
        with pytest.raises(InvitationRefused) as refused:
            committees.accept_invitation(token=token, user=helene)

    assert refused.value.message == committees.INVITATION_EXPIRED


def test_the_link_works_once(committee, head):
    _invitation, token = invite(committee, head)
    helene = make_user("helene.moreau@example.edu")
    committees.accept_invitation(token=token, user=helene, now=NOW)

    with pytest.raises(InvitationRefused) as refused:
        committees.accept_invitation(token=token, user=helene, now=NOW)

    assert refused.value.problem == "used"


def test_a_revoked_link_no_longer_works(committee, head):
    invitation, token = invite(committee, head)
    committees.revoke_invitation(invitation=invitation, actor=head, now=NOW)
    helene = make_user("helene.moreau@example.edu")

    with pytest.raises(InvitationRefused) as refused:
        committees.accept_invitation(token=token, user=helene, now=NOW)

    assert refused.value.problem == "revoked"
    assert AuditEvent.objects.filter(action="review.invitation_revoked").exists()


def test_a_wrong_token_is_unknown(committee, head):
    _invitation, token = invite(committee, head)
    helene = make_user("helene.moreau@example.edu")

    assert committees.check_invitation(token[:-1] + "x", NOW).problem == "unknown"
    with pytest.raises(InvitationRefused) as refused:
        committees.accept_invitation(token="guessed", user=helene, now=NOW)

    assert refused.value.message == committees.INVITATION_UNKNOWN


def test_another_account_cannot_take_the_seat(committee, head):
    _invitation, token = invite(committee, head)
    someone = make_user("someone.else@example.org")

    with pytest.raises(CommitteeRefused):
        committees.accept_invitation(token=token, user=someone, now=NOW)

    assert committees.check_invitation(token, NOW).problem == ""


def test_one_pending_invitation_per_address(committee, head):
    invitation, _token = invite(committee, head)

    with pytest.raises(CommitteeRefused) as refused:
        invite(committee, head, email="Helene.Moreau@example.edu")
    assert refused.value.field == "email"

    committees.revoke_invitation(invitation=invitation, actor=head, now=NOW)
    invite(committee, head)
    assert MemberInvitation.objects.count() == 2


def test_an_accepted_invitation_cannot_be_revoked(committee, head):
    invitation, token = invite(committee, head)
    committees.accept_invitation(token=token, user=make_user("helene.moreau@example.edu"), now=NOW)

    with pytest.raises(CommitteeRefused) as refused:
        committees.revoke_invitation(invitation=invitation, actor=head, now=NOW)

    assert refused.value.message == committees.INVITATION_ALREADY_USED
