"""No file is reachable without permission: the owner and staff of the programme only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.core.models import AuditEvent
from tests.documents import filebuilders
from tests.documents.stories import application_for, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(post_master, msc, seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    return upload(application, "cv", name="cv.pdf")


def own_url(document):
    return reverse(
        "portal:document-download", args=[document.application.reference, document.public_id]
    )


def staff_url(document):
    return reverse(
        "staff:document-download", args=[document.application.reference, document.public_id]
    )


def staff_login(client, user):
    client.force_login(user)  # the officers of the fixtures have MFA set up


def test_the_owner_downloads_a_pdf_inline_with_nosniff(client, document):
    client.force_login(document.application.applicant)
    response = client.get(own_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == filebuilders.pdf_bytes()


def test_anonymous_gets_no_file(client, document):
    response = client.get(own_url(document))
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_another_applicant_gets_a_404(client, document, other_applicant):
    client.force_login(other_applicant)
    assert client.get(own_url(document)).status_code == 404


def test_staff_of_another_programme_gets_a_404(client, document, officer_of_other_programme):
    staff_login(client, officer_of_other_programme)
    assert client.get(staff_url(document)).status_code == 404


def test_staff_of_the_programme_download_it_and_the_read_is_audited(client, document, officer):
    staff_login(client, officer)
    response = client.get(staff_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="document.downloaded", actor=officer, object_ref=str(document.public_id)
    ).exists()


def test_the_storage_folder_has_no_url(client, document):
    client.force_login(document.application.applicant)
    assert client.get("/media/" + document.stored_name).status_code == 404
    assert client.get("/" + document.stored_name).status_code == 404
