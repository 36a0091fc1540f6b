"""The permission helper decides every access: each role, scoped to its programmes."""

import pytest

from admissions.core import permissions
from admissions.core.errors import NotFound
from admissions.core.permissions import PERMISSIONS, check, filter_by_scope, has_permission
from admissions.core.roles import STAFF_ROLES, Role
from tests.conftest import make_programme
from tests.people import make_user

# What each role may do on a programme it holds the role for. Everything else is refused.
EXPECTED = {
    Role.APPLICANT: set(),
    # Reviewers and interviewers read only what is assigned to them (review.selectors).
    Role.REVIEWER: {"backoffice.access", "application.review"},
    Role.COMMITTEE_CHAIR: {
        "backoffice.access",
        "application.assign_reviewers",
        "application.review",
        "committee.chair",
    },
    Role.EXTERNAL_REVIEWER: {"backoffice.access", "application.review"},
    Role.INTERVIEWER: {"backoffice.access", "application.interview"},
    Role.PROGRAMME_HEAD: {
        "backoffice.access",
        "programme.configure",
        "application.view",
        "application.check",
        "committee.manage",
        "committee.chair",
        "application.assign_reviewers",
        "application.review",
        "interview.manage",
        "application.interview",
        "application.decide",
        "decisions.release",
        "reports.export",
    },
    Role.ADMISSIONS_OFFICER: {
        "backoffice.access",
        "programme.configure",
        "application.view",
        "application.check",
        "committee.manage",
        "application.assign_reviewers",
        "decisions.release",
        "interview.manage",
        "reports.export",
    },
    Role.FINANCE_OFFICER: {
        "backoffice.access",
        "application.view",
        "finance.view",
        "finance.payments",
        "finance.refund",
        "finance.waivers",
        "finance.quotes",
        "reports.export",
    },
    Role.PANEL_MEMBER: {"backoffice.access", "application.view", "application.decide"},
    Role.ADMINISTRATOR: {
        "backoffice.access",
        "programme.configure",
        "application.view",
        "application.check",
        "committee.manage",
        "reports.export",
        "audit.view",
        "admin.access",
        "service_accounts.manage",
    },
}


def test_every_role_has_an_expectation():
    assert set(EXPECTED) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_exactly_its_permissions_on_its_programme(db, role):
    programme = make_programme("post-master-ai")
    user = make_user(f"{role.value}@example.org", [(role, programme)])
    granted = {
        code for code in PERMISSIONS if has_permission(user, code, programme_id=programme.pk)
    }
    assert granted == EXPECTED[role]


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_a_staff_role_on_one_programme_grants_nothing_on_another(db, role):
    post_master = make_programme("post-master-ai")
    msc = make_programme("msc-cps2-ai-iot")
    user = make_user(f"{role.value}@example.org", [(role, post_master)])
    granted = {code for code in PERMISSIONS if has_permission(user, code, programme_id=msc.pk)}
    assert granted == set()


def test_a_role_held_for_all_programmes_applies_to_each(db):
    msc = make_programme("msc-cps2-ai-iot")
    user = make_user("head@example.org", [(Role.PROGRAMME_HEAD, None)])
    assert has_permission(user, "application.decide", programme_id=msc.pk)


def test_an_admissions_officer_of_the_post_masters_cannot_see_msc_programmes_in_lists(
    officer, post_master, msc
):
    from admissions.catalogue.models import Programme

    visible = filter_by_scope(
        officer, "application.view", Programme.objects.all(), programme_field="pk"
    )
    assert list(visible) == [post_master]


def test_a_refused_check_is_not_found_with_the_reason(officer, msc):
    with pytest.raises(NotFound) as refused:
        check(officer, "application.view", programme_id=msc.pk)
    assert str(refused.value) == str(PERMISSIONS["application.view"].message)


def test_anonymous_and_inactive_people_have_no_permission(db, post_master):
    from django.contrib.auth.models import AnonymousUser

    inactive = make_user("gone@example.org", [(Role.ADMINISTRATOR, None)], is_active=False)
    for person in (AnonymousUser(), inactive, None):
        assert not has_permission(person, "backoffice.access", programme_id=post_master.pk)
        assert not permissions.is_staff_member(person)


def test_every_permission_has_a_message_a_person_can_read():
    for permission in PERMISSIONS.values():
        assert str(permission.message).endswith(".")
        assert permission.roles <= STAFF_ROLES
