"""The applicant withdraws with an optional reason; the application is kept, marked withdrawn."""

from __future__ import annotations

import pytest

from admissions.applications.models import Application
from admissions.applications.states import Status
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    in_round_1_fixture,
    make_submitted,
    start_application,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")


def test_withdrawing_asks_for_confirmation_then_keeps_the_application_withdrawn(
    client, seed_programmes, applicant, in_round_1
):
    application = make_submitted(applicant, seed_programmes["post-master-ai"], in_round_1)
    client.force_login(applicant)
    status_page = client.get(f"/applications/{application.reference}/").content.decode()
    assert f'href="/applications/{application.reference}/withdraw/"' in status_page

    confirm = client.get(f"/applications/{application.reference}/withdraw/")
    assert confirm.status_code == 200
    assert 'for="id_reason"' in confirm.content.decode()
    response = client.post(
        f"/applications/{application.reference}/withdraw/", {"reason": "I accepted a job."}
    )

    assert response.status_code == 302
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.WITHDRAWN
    assert application.withdrawal_reason == "I accepted a job."
    page = client.get(f"/applications/{application.reference}/").content.decode()
    assert "Withdrawn" in page
    assert f'href="/applications/{application.reference}/withdraw/"' not in page


def test_a_draft_can_be_withdrawn_without_a_reason(client, seed_programmes, applicant, in_round_1):
    application = start_application(applicant, seed_programmes["msc-cps2-ai-iot"], in_round_1)
    client.force_login(applicant)

    client.post(f"/applications/{application.reference}/withdraw/", {"reason": ""})
    client.post(f"/applications/{application.reference}/withdraw/", {"reason": ""})

    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.timeline.filter(to_status=Status.WITHDRAWN).count() == 1
