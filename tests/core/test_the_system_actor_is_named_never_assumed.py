"""Where no person acts, the caller says so with ``SYSTEM``; an actor of ``None`` is nobody
and is refused like a stranger, never let through."""

import pytest

from admissions.core.errors import NotFound
from admissions.core.permissions import (
    PERMISSIONS,
    SYSTEM,
    check,
    has_permission,
    is_staff_member,
    programme_scope,
)


@pytest.mark.parametrize("code", sorted(PERMISSIONS))
def test_no_actor_is_refused_as_not_found(db, post_master, code):
    with pytest.raises(NotFound) as refused:
        check(None, code, programme_id=post_master.pk)

    assert refused.value.message == PERMISSIONS[code].message


@pytest.mark.parametrize("code", sorted(PERMISSIONS))
def test_the_system_passes_every_check_on_every_programme(db, post_master, msc, code):
    for programme in (post_master, msc):
        check(SYSTEM, code, programme_id=programme.pk)
    check(SYSTEM, code, any_programme=True)

    assert has_permission(SYSTEM, code, programme_id=msc.pk)
    assert programme_scope(SYSTEM, code) is None


def test_the_system_is_not_a_person_signed_in():
    assert not SYSTEM.is_authenticated
    assert not is_staff_member(SYSTEM)


def test_a_page_refused_by_check_answers_404(client, officer):
    # Views call the same check as services; the NotFound it raises becomes the 404 page.
    client.force_login(officer)

    assert client.get("/staff/finance/").status_code == 404
