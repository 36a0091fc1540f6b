"""In a browser: an applicant withdraws a draft, then applies to the same programme and
entry level again from its page and gets a new draft; the old one stays withdrawn."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from admissions.applications.models import Application
from admissions.applications.states import Status
from tests.applicants.factories import ProfileFactory, UserFactory
from tests.calendar import paris_calendar

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def apply_from_the_programme_page(page, live_server) -> str:
    page.goto(f"{live_server.url}/programmes/post-master-ai/")
    page.locator('a[href="/programmes/post-master-ai/apply/"]').first.click()
    page.get_by_role("button", name="Start my application").click()
    page.wait_for_url(re.compile(r".*/applications/PMAI-\d{4}-\d{5}/.*"))
    return re.search(r"PMAI-\d{4}-\d{5}", page.url).group(0)


def test_a_withdrawn_draft_does_not_stop_the_applicant_applying_again(live_server, page):
    # The live server reads the real clock: the round is open today.
    today = timezone.localdate()
    paris_calendar(
        [(today - dt.timedelta(days=10), today + dt.timedelta(days=30), today + dt.timedelta(60))],
        academic_year=today.year + 1,
    )
    applicant = UserFactory()
    ProfileFactory(user=applicant)
    sign_in(page, live_server, applicant)

    first = apply_from_the_programme_page(page, live_server)
    page.goto(f"{live_server.url}/applications/{first}/withdraw/")
    page.get_by_role("button", name="Withdraw my application").click()
    page.wait_for_url(f"**/applications/{first}/")
    second = apply_from_the_programme_page(page, live_server)

    assert second != first
    assert "You already have an application" not in page.content()
    assert Application.objects.get(reference=first).status == Status.WITHDRAWN
    assert Application.objects.get(reference=second).status == Status.DRAFT
