"""Arrangements of the committee tests: the seed programmes' people and a committee."""

from __future__ import annotations

from admissions.catalogue.models import Programme
from admissions.core.roles import Role
from admissions.review import committees
from tests.people import make_user


def head_of(programme: Programme, email: str = "hugo.head@example.org"):
    """The programme head, with MFA on."""
    return make_user(
        email, [(Role.PROGRAMME_HEAD, programme)], mfa=True, first_name="Hugo", last_name="Head"
    )


def committee_of(programme: Programme, actor, name: str = "Academic committee", **kw):
    """A committee over the programme's latest intake."""
    intake = programme.intakes.order_by("-academic_year").first()
    return committees.create_committee(intake=intake, name=name, actor=actor, **kw)
