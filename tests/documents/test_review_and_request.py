"""Staff accept or reject each document; asking for missing items makes the application
incomplete with a reply date; the applicant uploads, submits again, and it is back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.applications.states import Status
from admissions.documents import services
from admissions.documents.models import DocumentStatus, RejectionReason
from admissions.notifications.models import OutboxMessage
from admissions.workflows import submission
from tests.documents.stories import submitted_post_master, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(post_master, msc, seed_programmes):
    return submitted_post_master(seed_programmes["post-master-ai"])


def test_the_rejection_reasons_are_seeded_in_both_languages(db):
    codes = list(RejectionReason.objects.values_list("code", flat=True))
    assert codes == [
        "illegible",
        "incomplete",
        "wrong_document",
        "expired",
        "not_certified",
        "other",
    ]
    assert all(reason.label_fr for reason in RejectionReason.objects.all())


def test_rejecting_needs_a_reason_from_the_list(application, officer):
    document = application.documents.get(document_type__code="cv")
    with pytest.raises(services.DocumentRefused, match="Choose the reason"):
        services.review_document(document=document, accepted=False, actor=officer)


def test_the_round_trip_reject_request_upload_resubmit(application, officer):
    transcript = application.documents.get(document_type__code="transcripts")
    services.review_document(
        document=transcript,
        accepted=False,
        reason_code="illegible",
        text="The second page is blurred.",
        actor=officer,
    )
    services.review_document(
        document=application.documents.get(document_type__code="cv"), accepted=True, actor=officer
    )
    services.request_missing_items(
        application=application,
        items=["transcripts"],
        reply_by=dt.date(2027, 3, 1),
        note="Please scan it again.",
        actor=officer,
    )
    application.refresh_from_db()
    assert application.status == Status.INCOMPLETE
    message = OutboxMessage.objects.get(event="documents_requested")
    assert message.context["due_on"] in ("2027-03-01", dt.date(2027, 3, 1))

    item = {i.code: i for i in submission.checklist(application, None)}["transcripts"]
    assert item.state == "rejected"
    assert "Illegible" in item.record["rejection_reason"]
    assert "blurred" in item.record["rejection_reason"]
    with pytest.raises(submission.SubmissionRefused):
        submission.submit_application(application=application, actor=application.applicant)

    # Only the requested item accepts uploads while incomplete.
    with pytest.raises(services.DocumentRefused):
        upload(application, "motivation_letter")
    upload(application, "transcripts", replace=transcript)
    submission.submit_application(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    transcript.refresh_from_db()
    assert transcript.removed_at is not None  # replaced, kept


def test_the_staff_page_lists_documents_and_saves_a_review(client, application, officer):
    client.force_login(officer)
    page = client.get(reverse("staff:documents", args=[application.reference]))
    assert page.status_code == 200
    assert "Send the request" in page.content.decode()
    document = application.documents.get(document_type__code="cv")
    prefix = str(document.public_id)
    response = client.post(
        reverse("staff:document-review", args=[application.reference, document.public_id]),
        {f"{prefix}-decision": "reject", f"{prefix}-reason": "expired", f"{prefix}-text": "Old"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.REJECTED
    assert document.rejection_reason.code == "expired"


def test_the_staff_request_form_moves_the_application_to_incomplete(client, application, officer):
    client.force_login(officer)
    response = client.post(
        reverse("staff:documents", args=[application.reference]),
        {"items": ["diplomas"], "reply_by": "2099-01-31", "note": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INCOMPLETE


def test_staff_of_another_programme_cannot_see_the_documents(
    client, application, officer_of_other_programme
):
    client.force_login(officer_of_other_programme)
    url = reverse("staff:documents", args=[application.reference])
    assert client.get(url).status_code == 404


def test_staff_see_applications_still_waiting_for_the_mooc_certificate(
    client, application, officer
):
    client.force_login(officer)
    page = client.get(reverse("staff:documents-waiting")).content.decode()
    assert application.reference in page
    assert "MOOC certificate" in page
    assert "mooc_certificate" not in page
    upload(application, "mooc_certificate")
    page = client.get(reverse("staff:documents-waiting")).content.decode()
    assert application.reference not in page
