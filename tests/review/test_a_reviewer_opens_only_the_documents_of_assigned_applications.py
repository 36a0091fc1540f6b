"""A reviewer downloads the documents and the merged PDF of an application assigned to them,
each download audited, and nothing of any other application: those answer 404, like
documents that do not exist. A blind reviewer does not open the identity document nor the
merged PDF, whose cover names the applicant."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.core.audit import AuditEvent
from admissions.documents.models import Document
from admissions.review.models import AssignmentStatus
from tests.documents.stories import submitted_post_master
from tests.pages import finish
from tests.people import make_reviewer
from tests.review.scoring_stories import assign, committee_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_master(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def application(post_master):
    return submitted_post_master(post_master)


@pytest.fixture
def rita(post_master):
    return make_reviewer(post_master)


def status_of(client, url: str) -> int:
    """The status of a download, its file closed."""
    response = client.get(url)
    finish(response)
    return response.status_code


def download_url(application, code: str) -> str:
    document = Document.objects.get(application=application, document_type__code=code)
    return reverse("staff:document-download", args=[application.reference, document.public_id])


def test_the_assigned_reviewer_downloads_a_document_and_the_download_is_audited(
    client, application, rita
):
    assign(application, rita)
    client.force_login(rita)

    assert status_of(client, download_url(application, "cv")) == 200
    event = AuditEvent.objects.get(action="document.downloaded")
    assert event.actor == rita
    assert event.data == {"application": application.reference}


def test_a_reviewer_of_the_programme_without_an_assignment_gets_404(client, application, rita):
    client.force_login(rita)

    assert status_of(client, download_url(application, "cv")) == 404
    assert client.get(reverse("staff:documents", args=[application.reference])).status_code == 404


def test_a_declined_assignment_no_longer_opens_the_documents(client, application, rita):
    assign(application, rita, status=AssignmentStatus.DECLINED)
    client.force_login(rita)

    assert status_of(client, download_url(application, "cv")) == 404


def test_a_blind_reviewer_gets_404_for_the_identity_document_and_a_merged_pdf_built_blind(
    client, application, rita
):
    committee = committee_of(application)
    committee.blind = True
    committee.save()
    assign(application, rita)
    client.force_login(rita)

    assert status_of(client, download_url(application, "cv")) == 200
    assert status_of(client, download_url(application, "identity_document")) == 404
    merge = client.post(reverse("staff:documents-merge", args=[application.reference]))
    assert merge.status_code == 302
    # The file asked for is the one built blind: no identity document, an anonymous cover.
    from admissions.documents.models import MergedFile

    assert list(
        MergedFile.objects.filter(application=application).values_list("blind", flat=True)
    ) == [True]


def test_the_assigned_reviewer_asks_for_the_merged_pdf_and_comes_back_to_their_screen(
    client, application, rita
):
    assignment = assign(application, rita)
    client.force_login(rita)

    response = client.post(reverse("staff:documents-merge", args=[application.reference]))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:review", args=[assignment.public_id])
