"""After a failed submit, the error summary above the form is what a keyboard or screen reader
user meets first: it can take the focus (a static script focuses it on load, the strict CSP
allowing no inline code), and each item links to the field it is about, which still names its
error through aria-describedby."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.pages import assert_csp_clean
from tests.portal.test_applicant_support import applicant_urls  # noqa: F401

STATIC = Path(__file__).resolve().parents[2] / "src" / "admissions" / "static"


class _Page(HTMLParser):
    """Every element's attributes by id, the summary's attributes and the links inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.summary: dict[str, str] | None = None
        self.summary_links: list[str] = []
        self._depth = 0
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.by_id[attributes["id"]] = attributes
        if tag == "script" and "src" in attributes:
            self.scripts.append(attributes["src"])
        if self._depth:
            if tag not in {"br", "input", "img"}:
                self._depth += 1
            if tag == "a":
                self.summary_links.append(attributes["href"])
        elif "data-error-summary" in attributes:
            self.summary = attributes
            self._depth = 1

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def assert_summary_leads_to_the_fields(page: _Page, fields: list[str]) -> None:
    assert page.summary is not None, "no error summary"
    assert page.summary["tabindex"] == "-1"
    assert page.summary["role"] == "alert"
    assert page.summary["aria-labelledby"] in page.by_id
    assert "/static/js/error-summary.js" in page.scripts
    for name in fields:
        assert f"#id_{name}" in page.summary_links, page.summary_links
    for link in page.summary_links:
        control = page.by_id.get(link.removeprefix("#"))
        assert control is not None, f"{link} leads nowhere"
        described = control.get("aria-describedby", "").split()
        assert any(part in page.by_id for part in described), f"{link} names no error"
        assert control.get("aria-invalid") == "true"


@pytest.mark.django_db
def test_an_empty_sign_up_lists_each_missing_field_with_a_link_to_it(client):
    response = client.post("/accounts/signup/", {})

    page = parse(response)
    assert_summary_leads_to_the_fields(page, ["email", "password1", "password2"])
    assert_csp_clean(response)


@pytest.mark.django_db
def test_a_sign_up_form_is_left_to_the_summary_rather_than_the_browser_bubbles(client):
    response = client.get("/accounts/signup/")

    assert "<form" in response.content.decode()
    assert " novalidate" in response.content.decode()
    assert parse(response).summary is None


@pytest.mark.usefixtures("applicant_urls")
def test_a_refused_profile_section_links_the_summary_to_the_field_and_its_error(client, applicant):
    client.force_login(applicant)

    response = client.post(
        "/me/profile/identity/",
        {
            "given_names": "Ada",
            "family_name": "Lovelace",
            "date_of_birth": "2090-01-01",
            "nationalities": ["GB"],
            "residence_country": "GB",
            "phone": "+44 20 7946 0958",
            "address": "",
            "preferred_language": "en",
        },
    )

    assert response.status_code == 422
    page = parse(response)
    assert_summary_leads_to_the_fields(page, ["date_of_birth"])
    assert page.by_id["id_date_of_birth"]["aria-describedby"] == "date_of_birth-error"


def test_the_focus_script_is_a_static_file_that_focuses_the_summary():
    script = (STATIC / "js" / "error-summary.js").read_text()

    assert "[data-error-summary]" in script
    assert ".focus()" in script
