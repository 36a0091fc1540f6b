"""Every link on the staff home answers: each role sees only the pages it may open. Signed
in as the Post-Master's interviewer or panel member, or the MSc reviewer, "Eligibility" on
each row used to answer 404."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from admissions.accounts.models import User
from admissions.core.roles import Role
from admissions.demo.services import STAFF, seed_demo

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/Paris"))


def links_on(html: str) -> list[str]:
    """The page's links to the site itself, the static files left out."""
    hrefs = {href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)"', html)}
    return sorted(href for href in hrefs if not href.startswith("/static/"))


def test_every_link_on_the_staff_home_answers_for_every_staff_role_of_the_demo(client):
    seed_demo(now=NOW, applicants=12)
    broken: dict[str, dict[str, int]] = {}
    for person in STAFF:
        client.force_login(User.objects.get(email=person.email))
        home = client.get(reverse("staff:home"))
        assert home.status_code == 200, person.email
        links = links_on(home.content.decode())
        # An interviewer no longer reads the programme's files (application.view): their
        # work list comes with the interview pages, which link it from here.
        if person.role != Role.INTERVIEWER:
            assert any(link.startswith("/staff/") and link != "/staff/" for link in links), links
        statuses = {link: client.get(link).status_code for link in links}
        failing = {link: status for link, status in statuses.items() if status != 200}
        if failing:
            broken[person.email] = failing
        client.logout()

    assert broken == {}
