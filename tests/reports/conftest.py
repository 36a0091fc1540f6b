"""Arrangements of the application list's stories: applications to the two seed programmes
with applicants named as the story needs, and the count cache emptied between stories (a
count is kept for a minute; each test's database starts afresh)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.applicants.factories import UserFactory
from tests.documents.stories import application_for


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def apply(programme, *, first="Camille", last="Martin", email=None, profile=None, **kw):
    """An application to ``programme`` by a new applicant called ``first last``;
    ``profile`` gives the profile's fields (nationalities, residence_country…)."""
    fields = {"first_name": first, "last_name": last}
    if email:
        fields["email"] = email
    applicant = UserFactory(**fields)
    application = application_for(programme, applicant=applicant, profile=False, **kw)
    if profile is not False:
        from tests.applicants.factories import ProfileFactory

        ProfileFactory(user=applicant, given_names=first, family_name=last, **(profile or {}))
    return application
