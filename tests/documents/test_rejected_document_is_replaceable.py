"""A rejected document stays replaceable by its applicant until staff accept a file for it,
whatever the officer ticked in "Ask for missing items"; the officer may ask again while the
application is incomplete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.applications.states import Status
from admissions.documents import services
from admissions.documents.models import Document, DocumentRequest, DocumentStatus
from admissions.notifications.models import OutboxMessage
from tests.documents import filebuilders
from tests.documents.stories import submitted_post_master, upload, uploaded_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(post_master, msc, seed_programmes):
    return submitted_post_master(seed_programmes["post-master-ai"])


def reject(document, officer, reason="incomplete"):
    return services.review_document(
        document=document, accepted=False, reason_code=reason, text="Page 2 missing.", actor=officer
    )


@pytest.fixture
def transcript_rejected_other_item_asked(application, officer):
    """The officer rejects the transcripts and, in "Ask for missing items", ticks only the
    diplomas."""
    transcript = application.documents.get(document_type__code="transcripts")
    reject(transcript, officer)
    services.request_missing_items(
        application=application, items=["diplomas"], reply_by=dt.date(2099, 3, 1), actor=officer
    )
    application.refresh_from_db()
    assert application.status == Status.INCOMPLETE
    return transcript


def replace_by_post(client, application, document, name="transcripts-v2.pdf"):
    return client.post(
        reverse("portal:document-upload", args=[application.reference]),
        {
            "document_type": document.document_type.code,
            "replace": str(document.public_id),
            "file": uploaded_file(filebuilders.pdf_bytes(), name),
        },
    )


def test_the_documents_page_offers_to_replace_a_rejected_file_the_officer_did_not_tick(
    client, application, transcript_rejected_other_item_asked
):
    transcript = transcript_rejected_other_item_asked
    client.force_login(application.applicant)
    page = client.get(reverse("portal:documents", args=[application.reference])).content.decode()
    assert f'name="replace" value="{transcript.public_id}"' in page
    assert f'id="replace-{transcript.public_id}"' in page


def test_posting_a_replacement_of_a_rejected_file_replaces_it(
    client, application, transcript_rejected_other_item_asked
):
    transcript = transcript_rejected_other_item_asked
    client.force_login(application.applicant)
    response = replace_by_post(client, application, transcript)
    assert response.status_code == 302
    transcript.refresh_from_db()
    assert transcript.removed_at is not None
    current = Document.objects.get(
        application=application, document_type__code="transcripts", removed_at__isnull=True
    )
    assert current.original_name == "transcripts-v2.pdf"
    assert current.status == DocumentStatus.UPLOADED


def test_the_review_step_lets_the_applicant_submit_once_the_rejected_file_is_replaced(
    client, application, transcript_rejected_other_item_asked
):
    transcript = transcript_rejected_other_item_asked
    client.force_login(application.applicant)
    submit_url = reverse("portal:submit", args=[application.reference])
    refused = client.post(submit_url)
    assert refused.status_code == 409
    assert "Replace the rejected document" in refused.content.decode()

    replace_by_post(client, application, transcript)
    assert client.post(submit_url).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_file_rejected_without_any_request_can_be_replaced_while_submitted(application, officer):
    transcript = application.documents.get(document_type__code="transcripts")
    reject(transcript, officer)
    replacement = upload(application, "transcripts", replace=transcript)
    assert replacement.status == DocumentStatus.UPLOADED


def test_the_replacement_stays_replaceable_until_staff_accept_it(application, officer):
    transcript = application.documents.get(document_type__code="transcripts")
    reject(transcript, officer)
    second = upload(application, "transcripts", replace=transcript)
    third = upload(application, "transcripts", replace=second)
    services.review_document(document=third, accepted=True, actor=officer)
    with pytest.raises(services.DocumentRefused):
        upload(application, "transcripts", replace=third)


def test_an_item_never_rejected_stays_closed_after_submission(application):
    cv = application.documents.get(document_type__code="cv")
    with pytest.raises(services.DocumentRefused):
        upload(application, "cv", replace=cv)


def test_the_officer_sees_the_request_form_while_the_application_is_incomplete(
    client, application, officer, transcript_rejected_other_item_asked
):
    client.force_login(officer)
    page = client.get(reverse("staff:documents", args=[application.reference])).content.decode()
    assert "Ask the applicant for missing items" in page
    assert "Send the request" in page


def test_the_officer_can_ask_again_while_incomplete(
    client, application, officer, transcript_rejected_other_item_asked
):
    client.force_login(officer)
    response = client.post(
        reverse("staff:documents", args=[application.reference]),
        {"items": ["transcripts", "cv"], "reply_by": "2099-04-01", "note": "Both, please."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INCOMPLETE
    open_requests = DocumentRequest.objects.filter(application=application, resolved_at=None)
    assert [r.items for r in open_requests] == [["transcripts", "cv"]]
    messages = OutboxMessage.objects.filter(event="documents_requested").order_by("pk")
    assert messages.count() == 2
    assert messages.last().context["due_on"] in ("2099-04-01", dt.date(2099, 4, 1))
    # The newly asked item accepts uploads.
    upload(application, "cv", replace=application.documents.get(document_type__code="cv"))
