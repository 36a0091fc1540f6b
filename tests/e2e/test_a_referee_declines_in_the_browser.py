"""In a browser: a referee opens their link, says why they cannot write the reference and
declines; the pages pass axe-core's WCAG 2.1 AA rules and the applicant is told."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from admissions.documents import referees
from admissions.notifications.models import OutboxMessage
from tests.documents.stories import application_for

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_no_violations(page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_a_referee_declines_with_a_reason(live_server, page, seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    referee, token = referees.add_referee(
        application=application,
        actor=application.applicant,
        name="Prof. Jean Dupont",
        email="jean.dupont@example.edu",
        relationship="Thesis supervisor",
        institution="Université Paris Cité",
    )

    page.goto(f"{live_server.url}/references/{token}/")
    assert page.get_by_role("heading", name="I cannot write this reference").is_visible()
    assert_no_violations(page)
    page.get_by_label("Why you cannot write it (optional)").fill("On sabbatical until June.")
    page.get_by_role("button", name="Decline to write the reference").click()

    assert page.get_by_role("heading", name="You declined", level=1).is_visible()
    assert_no_violations(page)
    referee.refresh_from_db()
    assert referee.decline_reason == "On sabbatical until June."
    told = OutboxMessage.objects.get(event="referee_declined")
    assert told.recipient_email == application.applicant.email
