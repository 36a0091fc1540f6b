"""In a browser: the Post-Master's officer rejects the transcripts and asks only for the
diplomas; the request form stays for asking again; the applicant replaces the rejected
transcripts from the documents page and submits again. The documents page passes axe-core's
WCAG 2.1 AA rules."""

from __future__ import annotations

import pytest

from admissions.applications.states import Status
from admissions.documents.models import Document, DocumentStatus
from tests.documents import filebuilders
from tests.documents.stories import submitted_post_master

# The live server runs in another thread: the data must be committed; the flush between
# tests restores the rows data migrations made (document types, rejection reasons).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def submitted(post_master, msc, seed_programmes):
    return submitted_post_master(seed_programmes["post-master-ai"])


def test_a_rejected_transcript_not_ticked_in_the_request_is_replaced_and_resubmitted(
    journey, submitted, officer, tmp_path
):
    reference = submitted.reference
    staff = journey.person("officer", officer).goto(f"/staff/documents/{reference}/")
    transcripts = staff.locator('section[aria-labelledby="item-transcripts"]')
    transcripts.get_by_label("Reject", exact=True).check()
    transcripts.get_by_label("Reason for rejecting").select_option("incomplete")
    transcripts.get_by_label("Comment for the applicant").fill("Page 2 is missing.")
    transcripts.get_by_role("button", name="Save the review").click()
    staff.wait_for_load_state()
    request = staff.locator('section[aria-labelledby="request-title"]')
    request.get_by_label("Diplomas", exact=True).check()
    request.get_by_label("Reply by").fill("2099-03-01")
    request.get_by_role("button", name="Send the request").click()
    staff.wait_for_load_state()
    submitted.refresh_from_db()
    assert submitted.status == Status.INCOMPLETE
    # The officer can still ask again while the application is incomplete.
    assert staff.get_by_role("heading", name="Ask the applicant for missing items").is_visible()
    journey.people[0].screenshot("staff-document-review")

    person = journey.person("applicant", submitted.applicant)
    applicant = person.goto(f"/applications/{reference}/documents/")
    item = applicant.locator("#item-transcripts")
    assert "Page 2 is missing." in item.inner_text()
    person.assert_accessible()
    person.screenshot("applicant-documents")
    corrected = tmp_path / "transcripts-complete.pdf"
    corrected.write_bytes(filebuilders.pdf_bytes())
    item.get_by_label("Replace transcripts.pdf").set_input_files(str(corrected))
    item.get_by_role("button", name="Replace", exact=True).click()
    applicant.wait_for_load_state()
    item = applicant.locator("#item-transcripts")
    assert "transcripts-complete.pdf" in item.inner_text()
    assert item.locator("[data-state]").get_attribute("data-state") == "uploaded"

    person.goto(f"/applications/{reference}/step/review/")
    applicant.get_by_role("button", name="Submit my application").click()
    applicant.wait_for_url(f"**/applications/{reference}/submitted/")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    current = Document.objects.get(
        application=submitted, document_type__code="transcripts", removed_at__isnull=True
    )
    assert current.status == DocumentStatus.UPLOADED
    journey.check_every_visited_page()
