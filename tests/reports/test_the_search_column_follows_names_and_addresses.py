"""The list's search column holds the reference, names and address as they are now: written
when the application starts, rewritten when the profile's names change, when the person makes
another address their primary one, and emptied of the person when their data is erased."""

from __future__ import annotations

import pytest
from allauth.account import signals as account_signals
from allauth.account.models import EmailAddress

from admissions.applicants.models import Profile
from admissions.applicants.services import update_profile
from admissions.applications.models import Application
from admissions.applications.services import create_application
from admissions.core import clock
from admissions.reports.applications import ApplicationFilter, applications_for_list
from admissions.workflows.privacy.erasure import erase_person
from tests.applicants.factories import UserFactory
from tests.calendar import IN_ROUND_1, paris_calendar
from tests.reports.conftest import apply

pytestmark = pytest.mark.django_db


def found(user, typed):
    return [a.reference for a in applications_for_list(user, ApplicationFilter(search=typed))]


def test_a_new_application_is_found_by_its_applicants_name_and_reference(administrator):
    calendar = paris_calendar()
    applicant = UserFactory(first_name="Zoé", last_name="Benalí", email="zoe@example.org")
    application = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )
    assert application.search_text == f"{application.reference.lower()} zoe benali zoe@example.org"
    assert found(administrator, "BENALI") == [application.reference]


def test_a_new_name_in_the_profile_is_found_and_the_old_one_no_longer(
    administrator, seed_programmes
):
    application = apply(seed_programmes["post-master-ai"], first="Camille", last="Martin")
    profile = Profile.objects.get(user=application.applicant)
    update_profile(profile=profile, data={"given_names": "Inès", "family_name": "Haddad"})
    assert found(administrator, "ines haddad") == [application.reference]
    assert found(administrator, "martin") == []


def test_a_new_primary_address_is_found(administrator, seed_programmes):
    application = apply(seed_programmes["post-master-ai"], email="old@example.org")
    user = application.applicant
    old = EmailAddress.objects.get(user=user)
    new = EmailAddress.objects.create(user=user, email="new@example.org", verified=True)
    new.set_as_primary()  # allauth copies the address to the account
    account_signals.email_changed.send(
        sender=user.__class__, request=None, user=user, from_email_address=old, to_email_address=new
    )
    assert found(administrator, "new@example") == [application.reference]
    assert found(administrator, "old@example") == []


def test_an_erased_person_is_no_longer_found_by_name(administrator, seed_programmes):
    application = apply(seed_programmes["post-master-ai"], first="Yasmine", last="Benali")
    erase_person(user=application.applicant, now=clock.now(), reason="request")
    assert found(administrator, "benali") == []
    assert "benali" not in Application.objects.get(pk=application.pk).search_text
