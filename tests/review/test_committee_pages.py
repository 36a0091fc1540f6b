"""The committee pages: creating a committee and its settings (members, invitations,
conflicts), for the programme head, admissions officers and administrators of the programme;
404 for anyone else; in English and French."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.accounts.models import RoleAssignment
from admissions.core.audit import AuditEvent
from admissions.core.roles import Role
from admissions.notifications.models import OutboxMessage
from admissions.review.models import Committee, CommitteeMember, Conflict, MemberInvitation
from tests.documents.stories import application_for
from tests.people import make_user, sign_in_without_two_factor
from tests.review.committee_stories import committee_of, head_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def head(msc):
    return head_of(msc)


@pytest.fixture
def committee(msc, head):
    return committee_of(msc, head)


def settings_url(committee):
    return reverse("staff:committee-settings", args=[committee.public_id])


def person(seed_programmes, who):
    msc = seed_programmes["msc-cps2-ai-iot"]
    other = seed_programmes["post-master-ai"]
    roles = {
        "programme_head": [(Role.PROGRAMME_HEAD, msc)],
        "admissions_officer": [(Role.ADMISSIONS_OFFICER, msc)],
        "administrator": [(Role.ADMINISTRATOR, None)],
        "reviewer": [(Role.REVIEWER, msc)],
        "committee_chair": [(Role.COMMITTEE_CHAIR, msc)],
        "external_reviewer": [(Role.EXTERNAL_REVIEWER, msc)],
        "finance_officer": [(Role.FINANCE_OFFICER, msc)],
        "head_elsewhere": [(Role.PROGRAMME_HEAD, other)],
        "applicant": [],
    }[who]
    return make_user(f"{who}@example.org", roles, mfa=bool(roles))


MANAGERS = ("programme_head", "admissions_officer", "administrator")
OTHERS = (
    "reviewer",
    "committee_chair",
    "external_reviewer",
    "finance_officer",
    "head_elsewhere",
    "applicant",
)


@pytest.mark.parametrize("who", MANAGERS)
def test_the_programmes_managers_open_the_settings(client, seed_programmes, committee, who):
    client.force_login(person(seed_programmes, who))

    assert client.get(settings_url(committee)).status_code == 200
    assert client.get(reverse("staff:committee-new")).status_code == 200


@pytest.mark.parametrize("who", OTHERS)
def test_anyone_else_gets_404(client, seed_programmes, committee, who):
    client.force_login(person(seed_programmes, who))

    assert client.get(settings_url(committee)).status_code == 404
    assert client.post(settings_url(committee), {"action": "settings"}).status_code == 404


def test_the_head_of_another_programme_may_create_only_for_their_own(client, seed_programmes, msc):
    other_head = person(seed_programmes, "head_elsewhere")
    client.force_login(other_head)
    page = client.get(reverse("staff:committee-new"))
    assert {i.programme for i in page.context["form"].fields["intake"].queryset} == {
        seed_programmes["post-master-ai"]
    }

    intake = msc.intakes.first()
    refused = client.post(reverse("staff:committee-new"), {"intake": intake.pk, "name": "X"})

    assert refused.status_code == 400
    assert not Committee.objects.exists()


def test_staff_without_two_factor_are_sent_to_it(client, seed_programmes, committee):
    sign_in_without_two_factor(client, person(seed_programmes, "programme_head"))

    response = client.get(settings_url(committee))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/")


def test_a_committee_is_created_from_the_page(client, msc, head):
    client.force_login(head)
    intake = msc.intakes.order_by("-academic_year").first()

    created = client.post(
        reverse("staff:committee-new"),
        {"intake": intake.pk, "round": intake.rounds.first().pk, "name": "Round 1 committee"},
    )

    committee = Committee.objects.get()
    assert created["Location"] == settings_url(committee)
    assert committee.round == intake.rounds.first()


def test_the_settings_are_saved_and_audited(client, head, committee):
    client.force_login(head)

    saved = client.post(
        settings_url(committee),
        {
            "action": "settings",
            "name": "Jury 2027",
            "reviewers_per_application": "2",
            "blind": "on",
            "review_days": "10",
        },
    )

    assert saved.status_code == 302
    committee.refresh_from_db()
    assert (committee.name, committee.reviewers_per_application, committee.blind) == (
        "Jury 2027",
        2,
        True,
    )
    page = client.get(settings_url(committee)).content.decode()
    assert "CVs and letters are not redacted: they may name the applicant." in page


def test_a_bad_setting_is_shown_on_its_field(client, head, committee):
    client.force_login(head)

    page = client.post(
        settings_url(committee),
        {"action": "settings", "name": "", "reviewers_per_application": "0", "review_days": "7"},
    )

    assert page.status_code == 400
    assert page.context["settings_form"].errors.keys() == {"name", "reviewers_per_application"}
    assert 'id="form-errors"' in page.content.decode()


def test_a_member_of_staff_is_seated_and_removed_from_the_page(client, msc, head, committee):
    tom = make_user("tom.teacher@example.org", [(Role.INTERVIEWER, msc)], mfa=True)
    client.force_login(head)

    added = client.post(
        settings_url(committee),
        {
            "action": "add_member",
            "member-user": tom.pk,
            "member-role": "internal",
            "member-capacity": "15",
            "member-expertise": "IoT, security",
            "member-institution": "INSA Lyon",
        },
    )
    assert added.status_code == 302
    member = CommitteeMember.objects.get(user=tom)
    assert member.expertise == ["iot", "security"]
    assert RoleAssignment.objects.filter(user=tom, role=Role.REVIEWER, programme=msc).exists()

    removed = client.post(settings_url(committee), {"action": "leave", "member": member.pk})

    assert removed.status_code == 302
    member.refresh_from_db()
    assert not member.active
    assert not RoleAssignment.objects.filter(user=tom, role=Role.REVIEWER).exists()


def test_an_external_member_is_invited_and_the_invitation_revoked(client, head, committee):
    client.force_login(head)

    invited = client.post(
        settings_url(committee),
        {
            "action": "invite",
            "invite-email": "helene.moreau@example.edu",
            "invite-first_name": "Hélène",
            "invite-last_name": "Moreau",
            "invite-capacity": "8",
            "invite-language": "fr",
        },
    )
    assert invited.status_code == 302
    invitation = MemberInvitation.objects.get()
    assert OutboxMessage.objects.get(event="committee_invitation").language == "fr"
    page = client.get(settings_url(committee)).content.decode()
    assert "helene.moreau@example.edu" in page

    client.post(settings_url(committee), {"action": "revoke", "invitation": invitation.public_id})

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert client.get(settings_url(committee)).context["invitations"] == []


def test_a_conflict_is_recorded_from_the_page(client, msc, head, committee):
    from admissions.review import committees

    tom = make_user("tom.teacher@example.org", [(Role.INTERVIEWER, msc)], mfa=True)
    member = committees.add_member(
        committee=committee, user=tom, role="internal", capacity=5, actor=head
    )
    application = application_for(msc, submitted=True)
    client.force_login(head)

    unknown = client.post(
        settings_url(committee),
        {
            "action": "conflict",
            "conflict-member": member.pk,
            "conflict-application": "NOPE-1",
            "conflict-kind": "personal",
        },
    )
    assert unknown.status_code == 400
    assert "application" in unknown.context["conflict_form"].errors

    recorded = client.post(
        settings_url(committee),
        {
            "action": "conflict",
            "conflict-member": member.pk,
            "conflict-application": application.reference.lower(),
            "conflict-kind": "personal",
            "conflict-note": "Former student",
        },
    )

    assert recorded.status_code == 302
    assert Conflict.objects.get().application == application
    assert application.reference in client.get(settings_url(committee)).content.decode()
    assert AuditEvent.objects.filter(action="review.conflict_recorded").exists()


def test_the_pages_speak_french(client, head, committee):
    client.force_login(head)

    settings_page = client.get(settings_url(committee) + "?lang=fr").content.decode()
    new_page = client.get(reverse("staff:committee-new") + "?lang=fr").content.decode()

    assert "Inviter un membre extérieur par courriel" in settings_page
    assert "Conflits d'intérêts" in settings_page
    assert "Nouveau comité d'évaluation" in new_page


def test_the_new_committee_page_lists_the_committees_of_the_callers_programmes(
    client, seed_programmes, head, committee
):
    other_head = person(seed_programmes, "head_elsewhere")
    committee_of(seed_programmes["post-master-ai"], other_head, name="Phone interviews")
    client.force_login(head)

    page = client.get(reverse("staff:committee-new"))

    assert [c.name for c in page.context["committees"]] == [committee.name]
    assert settings_url(committee) in page.content.decode()


def test_the_staff_home_links_managers_to_the_committees(client, head, seed_programmes):
    client.force_login(head)
    assert reverse("staff:review-committees") in client.get("/staff/").content.decode()
    committees = client.get(reverse("staff:review-committees")).content.decode()
    assert reverse("staff:committee-new") in committees

    client.force_login(person(seed_programmes, "reviewer"))
    assert reverse("staff:review-committees") not in client.get("/staff/").content.decode()
