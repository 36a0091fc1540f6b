"""A person who withdrew an MSc M2 application applies to the MSc M2 again from its page."""

from __future__ import annotations

import pytest

from admissions.applications.models import Application
from admissions.applications.states import Status
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    complete_profile,
    in_round_1_fixture,
    start_application,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")


def test_applying_again_after_withdrawing_starts_a_new_draft(
    client, seed_programmes, applicant, in_round_1
):
    msc = seed_programmes["msc-cps2-ai-iot"]
    complete_profile(applicant)
    first = start_application(applicant, msc, in_round_1, level="m2")
    client.force_login(applicant)
    client.post(f"/applications/{first.reference}/withdraw/", {"reason": ""})

    response = client.post(f"/programmes/{msc.slug}/apply/", {"entry_level": "m2"})

    second = Application.objects.exclude(pk=first.pk).get(applicant=applicant)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/applications/{second.reference}/")
    assert second.status == Status.DRAFT
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    dashboard = client.get("/me/").content.decode()
    assert first.reference in dashboard and second.reference in dashboard
