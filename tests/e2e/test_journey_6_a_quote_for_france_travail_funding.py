"""Journey 6, in a browser: an applicant to the Post-Master's in AI asks for a quote to be
funded by France Travail (ex-Pôle emploi) and is told the last safe date to send it to the
counsellor; the programme's finance officer issues the quote from the back office; the
applicant reads it, opens its PDF and accepts it. Every page both visited is checked again in
French on a phone."""

from __future__ import annotations

import pytest

from admissions.finance.models import Quote, QuoteStatus
from tests.calendar import IN_ROUND_1
from tests.finance.quote_helpers import application_to
from tests.people import make_finance_officer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_applicant_gets_and_accepts_a_quote_for_france_travail_funding(
    journey, seed_programmes, settings
):
    settings.CLOCK_FROZEN_AT = IN_ROUND_1
    programme = seed_programmes["post-master-ai"]
    application = application_to(programme)
    officer = make_finance_officer(programme)
    reference = application.reference

    applicant = journey.person("applicant", application.applicant)
    page = applicant.goto(f"/applications/{reference}/quotes/")
    assert "you must first request a quote" in page.locator("main").inner_text()
    page.locator('input[name="pole_emploi_use"]').check()
    page.locator('input[name="pole_emploi_counsellor"]').fill("M. Lefèvre")
    page.locator('textarea[name="note"]').fill("My counsellor needs it by March.")
    page.get_by_role("button", name="Send my quote request").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "France Travail" in main or "Pôle Emploi" in main
    applicant.assert_accessible()
    requested = Quote.objects.get(application=application)
    assert requested.status == QuoteStatus.REQUESTED

    finance = journey.person("finance officer", officer)
    desk = finance.goto("/staff/finance/quotes/")
    desk.get_by_role("link", name=reference).first.click()
    desk.wait_for_load_state()
    assert desk.locator('input[name="lines-0-amount"]').input_value() == "18500.00"
    desk.locator('textarea[name="staff_note"], input[name="staff_note"]').first.fill(
        "France Travail pays the whole tuition once the counsellor agrees."
    )
    finance.screenshot("staff-quote")
    desk.get_by_role("button", name="Issue and send to the applicant").click()
    desk.wait_for_load_state()
    finance.assert_accessible()
    requested.refresh_from_db()
    assert requested.status == QuoteStatus.ISSUED

    page = applicant.goto(f"/applications/{reference}/quotes/{requested.public_id}/")
    assert "18,500" in page.locator("main").inner_text()
    pdf = page.context.request.get(
        journey.url(f"/applications/{reference}/quotes/{requested.public_id}.pdf")
    )
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    applicant.screenshot("applicant-quote")
    page.get_by_role("button", name="Accept this quote").click()
    page.wait_for_load_state()
    assert "You accepted the quote." in page.locator("main").inner_text()
    requested.refresh_from_db()
    assert requested.status == QuoteStatus.ACCEPTED

    journey.check_every_visited_page()
