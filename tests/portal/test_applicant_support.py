"""Shared ground of the applicant's page tests (no tests here): the URLs, the moment inside
an open round of both seed programmes, and a person whose profile is complete.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.core import clock
from tests.calendar import IN_ROUND_1  # round 1 of 2027 is open in both seed programmes


@pytest.fixture
def applicant_urls(db):
    """The applicant's pages are mounted by the project's urls.py."""
    reverse("portal:dashboard")


@pytest.fixture(name="in_round_1")
def in_round_1_fixture():
    with clock.frozen(IN_ROUND_1) as now:
        yield now


def complete_profile(user, **fields):
    from tests.applicants.factories import ProfileFactory

    return ProfileFactory(user=user, **fields)


def start_application(user, programme, now, level=None):
    from admissions.applications.services import create_application

    code = level or programme.entry_levels.order_by("position", "pk").first().code
    return create_application(applicant=user, programme=programme, entry_level=code, now=now)


def make_submitted(user, programme, now):
    """A submitted application: complete profile, career plan, every document due, and the
    application fee (if the programme charges one) paid by bank transfer beforehand."""
    import io

    from admissions.applications.services import save_answers
    from admissions.documents import services as document_services
    from admissions.documents.selectors import checklist
    from admissions.workflows.submission import submit_application
    from tests.conftest import pay_fee
    from tests.documents.filebuilders import pdf_bytes

    complete_profile(user)
    application = start_application(user, programme, now)
    application = save_answers(
        application=application,
        answers={"career_plan": "Build trustworthy AI."},
        expected_version=application.version,
        now=now,
    )
    for item in checklist(application, now):
        if item["required"] and item["timing"] == "at_submission" and item["state"] == "missing":
            document_services.upload_document(
                application=application,
                document_type=item["code"],
                fileobj=io.BytesIO(pdf_bytes()),
                filename=f"{item['code']}.pdf",
                actor=user,
                now=now,
            )
    pay_fee(application, now=now)
    return submit_application(application=application, actor=user, now=now)
