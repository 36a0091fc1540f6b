"""Concurrency on PostgreSQL: two requests at the same moment change an application once."""

from __future__ import annotations

import pytest
from django.conf import settings

from admissions.applications.models import Application, TimelineEvent
from admissions.applications.services import create_application, transition
from admissions.applications.states import Status
from admissions.notifications.models import OutboxMessage
from admissions.workflows.submission import submit_application
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory
from tests.calendar import IN_ROUND_1
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Row locks need PostgreSQL: SQLite serialises writers and ignores "
        "select_for_update. Run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_double_submission_makes_exactly_one_submission_event(ready_draft):
    applicant = ready_draft.applicant

    def submit(_index: int) -> Application:
        copy = Application.objects.get(pk=ready_draft.pk)
        return submit_application(application=copy, actor=applicant, now=IN_ROUND_1)

    results = at_once(4, submit)

    assert all(isinstance(result, Application) for result in results), results
    assert {result.status for result in results} == {Status.SUBMITTED}
    assert (
        TimelineEvent.objects.filter(application=ready_draft, to_status=Status.SUBMITTED).count()
        == 1
    )
    assert OutboxMessage.objects.filter(event="application_submitted").count() == 1


def test_two_staff_members_moving_the_same_application_at_once_move_it_once(db):
    application = ApplicationFactory(submitted=True)
    officers = [UserFactory(), UserFactory()]

    def move(index: int) -> Application:
        copy = Application.objects.get(pk=application.pk)
        return transition(
            application=copy, to=Status.ELIGIBLE, actor=officers[index], now=IN_ROUND_1
        )

    results = at_once(2, move)

    assert sorted(type(result).__name__ for result in results) == [
        "Application",
        "TransitionNotAllowed",
    ]
    assert TimelineEvent.objects.filter(application=application, kind="status_changed").count() == 1


def test_applications_created_at_the_same_moment_get_different_references(calendar):
    applicants = [UserFactory() for _ in range(6)]

    def create(index: int) -> str:
        return create_application(
            applicant=applicants[index],
            programme=calendar.programme,
            entry_level="pm",
            now=IN_ROUND_1,
        ).reference

    references = at_once(6, create)

    assert sorted(references) == [f"PMAI-2027-{n:05d}" for n in range(1, 7)]


def test_the_same_person_creating_twice_at_once_gets_one_application(calendar):
    applicant = UserFactory()

    def create(_index: int) -> object:
        return create_application(
            applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
        )

    results = at_once(3, create)

    assert Application.objects.filter(applicant=applicant).count() == 1
    assert sorted(type(result).__name__ for result in results) == [
        "Application",
        "ApplicationAlreadyExists",
        "ApplicationAlreadyExists",
    ]
