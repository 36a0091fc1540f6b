"""Each finance action is its own permission, held by the programme's finance officer; anyone
else is refused as if the thing did not exist."""

import pytest

from admissions.core.errors import NotFound
from admissions.core.permissions import PERMISSIONS, check
from admissions.core.roles import STAFF_ROLES, Role
from tests.people import make_user

FINANCE_ACTIONS = (
    "finance.view",
    "finance.payments",
    "finance.refund",
    "finance.waivers",
    "finance.quotes",
)
OTHER_STAFF_ROLES = sorted(STAFF_ROLES - {Role.FINANCE_OFFICER})


@pytest.mark.parametrize("code", FINANCE_ACTIONS)
@pytest.mark.parametrize("role", OTHER_STAFF_ROLES)
def test_each_finance_action_is_refused_as_not_found_to_every_other_staff_role(
    post_master, role, code
):
    person = make_user(f"{role.value}@example.org", [(role, post_master)])

    with pytest.raises(NotFound) as refused:
        check(person, code, programme_id=post_master.pk)

    assert refused.value.message == PERMISSIONS[code].message


@pytest.mark.parametrize("code", FINANCE_ACTIONS)
def test_each_finance_action_is_refused_to_a_finance_officer_of_another_programme(
    post_master, msc, code
):
    mona = make_user("mona.finance@example.org", [(Role.FINANCE_OFFICER, msc)])

    with pytest.raises(NotFound) as refused:
        check(mona, code, programme_id=post_master.pk)

    assert refused.value.message == PERMISSIONS[code].message


@pytest.mark.parametrize("code", FINANCE_ACTIONS)
def test_each_finance_action_is_allowed_to_the_finance_officer_of_the_programme(post_master, code):
    fanny = make_user("fanny.finance@example.org", [(Role.FINANCE_OFFICER, post_master)])

    check(fanny, code, programme_id=post_master.pk)
    check(fanny, code, any_programme=True)


@pytest.mark.parametrize("code", FINANCE_ACTIONS)
def test_a_finance_officer_of_every_programme_may_do_each_finance_action_anywhere(
    post_master, msc, code
):
    farid = make_user("farid.finance@example.org", [(Role.FINANCE_OFFICER, None)])

    for programme in (post_master, msc):
        check(farid, code, programme_id=programme.pk)


@pytest.mark.parametrize("code", FINANCE_ACTIONS)
def test_each_finance_action_says_who_may_do_it(code):
    message = str(PERMISSIONS[code].message)

    assert message.startswith("Only a finance officer")
    assert PERMISSIONS[code].roles == {Role.FINANCE_OFFICER}
