"""In a browser: an applicant to the Post-Master's in AI pays the €150 application fee by
card on the simulated provider, comes back to "Paid" and a receipt link; the fee page, the
provider's page and the return page pass axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.finance.factories import ready_post_master_draft

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Browser tests need committed data (the live server runs in another thread). The standard
# document types come from a data migration, so the flush between tests must restore them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, live_server, user) -> None:
    """The session of a signed-in applicant, handed to the browser."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def assert_no_violations(page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_the_applicant_pays_150_euros_by_card_and_gets_a_receipt(live_server, page):
    draft = ready_post_master_draft()
    sign_in(page, live_server, draft.applicant)

    page.goto(f"{live_server.url}/applications/{draft.reference}/fee/")
    assert page.get_by_role("heading", name="Application fee", level=1).is_visible()
    assert page.locator("#fee-status").inner_text() == "To pay"
    assert_no_violations(page)

    page.get_by_role("button", name="Pay €150 by card").click()
    page.wait_for_url("**/payments/simulator/**")
    assert_no_violations(page)
    page.get_by_role("button", name="Pay €150").click()

    page.wait_for_url(f"**/applications/{draft.reference}/fee/return/**")
    assert page.locator("#payment-state").inner_text() == "Paid"
    receipt_link = page.get_by_role("link", name="Download receipt R-")
    assert receipt_link.is_visible()
    assert receipt_link.get_attribute("href").endswith(".pdf")
    assert_no_violations(page)

    page.get_by_role("link", name="Back to the fee page").click()
    assert page.locator("#fee-status").inner_text() == "Paid"
    assert page.get_by_role("link", name="Receipt R-").is_visible()
    assert_no_violations(page)


def test_the_fee_page_works_on_a_phone_in_french(live_server, phone):
    draft = ready_post_master_draft(language="fr")
    sign_in(phone, live_server, draft.applicant)
    phone.goto(f"{live_server.url}/applications/{draft.reference}/fee/")
    assert phone.locator("html").get_attribute("lang") == "fr"
    assert_no_violations(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
