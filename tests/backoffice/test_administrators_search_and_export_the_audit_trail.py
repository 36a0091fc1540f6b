"""Administrators search the audit trail at /staff/audit/ by who, action, reference and days,
a page at a time, and download what they found as CSV that a spreadsheet cannot run; every
other person gets the 404 page."""

import csv
import html
import io

import pytest

from admissions.core import audit, clock
from admissions.core.models import AuditEvent
from tests.calendar import paris

URL = "/staff/audit/"
EXPORT = "/staff/audit/export.csv"


@pytest.fixture
def trail(officer, reviewer):
    with clock.frozen(paris(2027, 3, 1, 9)):
        audit.record(
            action="application.file_viewed",
            actor=officer,
            object_type="application",
            object_ref="PMAI-2027-00042",
        )
    with clock.frozen(paris(2027, 3, 2, 23, 30)):
        audit.record(
            action="document.downloaded",
            actor=reviewer,
            object_type="document",
            object_ref="PMAI-2027-00007",
        )
    with clock.frozen(paris(2027, 3, 3, 0, 30)):
        audit.record(
            action="account.sign_in_failed",
            object_type="account",
            object_ref='=HYPERLINK("http://evil.example","x")',
        )


def refs(response):
    return [event.object_ref for event in response.context["page"].object_list]


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


def test_the_administrator_sees_every_entry_newest_first(signed_in, trail):
    response = signed_in.get(URL)

    assert response.status_code == 200
    assert refs(response)[:3] == [
        '=HYPERLINK("http://evil.example","x")',
        "PMAI-2027-00007",
        "PMAI-2027-00042",
    ]
    assert "PMAI-2027-00042" in response.content.decode()


def test_search_by_who(signed_in, trail):
    assert refs(signed_in.get(URL, {"actor": "olivia"})) == ["PMAI-2027-00042"]
    # A failed sign-in has no actor: it is found by the account it named.
    assert refs(signed_in.get(URL, {"actor": "HYPERLINK"})) == [
        '=HYPERLINK("http://evil.example","x")'
    ]


def test_search_by_action_or_its_beginning(signed_in, trail):
    assert refs(signed_in.get(URL, {"action": "document.downloaded"})) == ["PMAI-2027-00007"]
    assert refs(signed_in.get(URL, {"action": "account.sign_in"})) == [
        '=HYPERLINK("http://evil.example","x")'
    ]


def test_search_by_reference(signed_in, trail):
    assert refs(signed_in.get(URL, {"reference": "pmai-2027-00042"})) == ["PMAI-2027-00042"]


def test_search_by_days_in_paris_time_both_included(signed_in, trail):
    response = signed_in.get(URL, {"from_on": "2027-03-02", "to_on": "2027-03-02"})
    assert refs(response) == ["PMAI-2027-00007"]
    assert refs(signed_in.get(URL, {"from_on": "2027-03-03"})) == [
        '=HYPERLINK("http://evil.example","x")'
    ]


def test_a_period_that_ends_before_it_starts_is_refused_on_the_field(signed_in, trail):
    response = signed_in.get(URL, {"from_on": "2027-03-03", "to_on": "2027-03-01"})
    assert response.status_code == 400
    assert "The first day comes after the last day" in response.content.decode()


def test_the_list_is_paginated(signed_in, officer):
    for number in range(55):
        audit.record(action="application.file_viewed", actor=officer, object_ref=f"R-{number}")

    first = signed_in.get(URL, {"action": "application."})
    second = signed_in.get(URL, {"action": "application.", "page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert "action=application.&amp;page=2" in first.content.decode()


def test_the_export_is_csv_of_what_the_search_found_with_formulas_neutralised(
    signed_in, administrator, trail
):
    response = signed_in.get(EXPORT, {"from_on": "2027-03-02"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["When", "Who", "Action"]
    by_action = {row[2]: row for row in rows[1:]}
    assert by_action["document.downloaded"][1] == "rita.reviewer@example.org"
    assert by_action["account.sign_in_failed"][4] == '\'=HYPERLINK("http://evil.example","x")'
    assert "application.file_viewed" not in by_action
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor == administrator and exported.data == {"from_on": "2027-03-02"}


def test_the_page_speaks_french(signed_in, trail):
    response = signed_in.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Journal d'audit" in html.unescape(response.content.decode())


@pytest.mark.parametrize("path", [URL, EXPORT])
def test_staff_who_are_not_administrators_get_404(client, officer, finance_officer, path):
    for person in (officer, finance_officer):
        client.force_login(person)
        assert client.get(path).status_code == 404


def test_an_applicant_gets_404(client, applicant):
    client.force_login(applicant)
    assert client.get(URL).status_code == 404


def test_the_staff_home_links_the_audit_trail_for_administrators_only(
    client, administrator, officer
):
    client.force_login(administrator)
    assert URL in client.get("/staff/").content.decode()
    client.force_login(officer)
    assert URL not in client.get("/staff/").content.decode()


def test_opening_an_application_in_the_admin_is_audited(client, administrator, post_master):
    from tests.applications.factories import ApplicationFactory

    application = ApplicationFactory(programme=post_master)
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)

    page = client.get(f"/admin/applications/application/{application.pk}/change/")

    assert page.status_code == 200
    event = AuditEvent.objects.get(action="admin.application_viewed")
    assert (event.actor, event.object_ref) == (administrator, application.reference)
