"""Seeding the demo twice changes nothing the second time, even for a demo applicant whose
application was withdrawn (a withdrawal no longer blocks applying again, so the demo itself
must not apply again for them)."""

from __future__ import annotations

import pytest

from admissions.applications.models import Application
from admissions.applications.services import withdraw_application
from admissions.demo.applications import _apply
from tests.applicants.factories import ProfileFactory, UserFactory
from tests.calendar import IN_ROUND_1, paris_calendar

pytestmark = pytest.mark.django_db


def test_a_second_seed_does_not_start_a_new_application_after_a_withdrawal():
    calendar = paris_calendar()
    person = UserFactory()
    ProfileFactory(user=person)
    first = _apply(person, calendar.programme, "pm", IN_ROUND_1, submit=False, pdf=b"")
    withdraw_application(application=first, actor=person, now=IN_ROUND_1)

    again = _apply(person, calendar.programme, "pm", IN_ROUND_1, submit=False, pdf=b"")

    assert again is None
    assert Application.objects.filter(applicant=person).count() == 1
