"""Stories of applications: a calendar in Paris time and a draft ready to submit."""

from __future__ import annotations

import pytest

from admissions.applications.services import create_application, save_answers
from tests.applicants.factories import ProfileFactory, UserFactory
from tests.calendar import IN_ROUND_1, paris_calendar
from tests.conftest import pay_fee


@pytest.fixture
def calendar(db):
    return paris_calendar()


@pytest.fixture
def ready_draft(calendar):
    """A draft with everything a submission needs: a full profile, a career plan and the
    programme's €150 application fee, paid by bank transfer."""
    applicant = UserFactory()
    ProfileFactory(user=applicant)
    draft = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )
    draft = save_answers(
        application=draft,
        answers={"career_plan": "Build ML systems for industry."},
        expected_version=draft.version,
    )
    pay_fee(draft, now=IN_ROUND_1)
    return draft
