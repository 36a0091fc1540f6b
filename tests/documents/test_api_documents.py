"""The documents endpoints of the API: upload (201, 413, 415, 422), delete, checklist."""

from __future__ import annotations

import hashlib

import pytest

from admissions.documents.models import Document
from tests.documents import filebuilders
from tests.documents.stories import application_for, upload, uploaded_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(seed_programmes):
    return application_for(seed_programmes["post-master-ai"])


def post(client, application, data, code="cv", name="cv.pdf"):
    client.force_login(application.applicant)
    return client.post(
        f"/api/v1/applications/{application.reference}/documents",
        {"document_type": code, "file": uploaded_file(data, name)},
    )


def test_an_upload_answers_201_with_the_stored_document(client, application):
    data = filebuilders.pdf_bytes()
    response = post(client, application, data, name="../My CV.pdf")
    assert response.status_code == 201
    body = response.json()
    assert body["document_type"] == "cv"
    assert body["name"] == "My CV.pdf"
    assert body["size"] == len(data)
    assert body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert Document.objects.get(public_id=body["id"]).application == application


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (filebuilders.elf_bytes(), 415),
        (filebuilders.pdf_with_javascript(), 422),
        (filebuilders.encrypted_pdf(user_password="x"), 422),
        (b"", 422),
    ],
    ids=["executable", "javascript", "encrypted", "empty"],
)
def test_a_refused_upload_answers_with_its_status_and_reason(client, application, data, status):
    response = post(client, application, data)
    assert response.status_code == status
    body = response.json()
    assert body["detail"]
    assert body["errors"] == [{"field": "file", "message": body["detail"]}]


def test_a_file_too_large_answers_413(client, application):
    requirement = application.programme.document_requirements.get(document_type__code="cv")
    requirement.max_size_mb = 1
    requirement.save()
    response = post(client, application, filebuilders.pdf_bytes() + b"%" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_another_applicants_reference_answers_404(client, application, other_applicant):
    client.force_login(other_applicant)
    response = client.post(
        f"/api/v1/applications/{application.reference}/documents",
        {"document_type": "cv", "file": uploaded_file(filebuilders.pdf_bytes())},
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_delete_before_submission_answers_204_and_keeps_the_file(
    client, application, private_storage
):
    document = upload(application, "cv")
    client.force_login(application.applicant)
    response = client.delete(
        f"/api/v1/applications/{application.reference}/documents/{document.public_id}"
    )
    assert response.status_code == 204
    document.refresh_from_db()
    assert document.removed_at is not None
    assert (private_storage / document.stored_name).exists()


def test_delete_after_submission_is_refused(client, seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    document = upload(application, "cv")
    application.status = "submitted"
    application.save()
    client.force_login(application.applicant)
    response = client.delete(
        f"/api/v1/applications/{application.reference}/documents/{document.public_id}"
    )
    assert response.status_code == 400
    assert "can no longer be changed" in response.json()["detail"]


def test_the_application_lists_its_checklist_with_codes_and_states(client, application):
    upload(application, "cv")
    client.force_login(application.applicant)
    body = client.get(f"/api/v1/applications/{application.reference}").json()
    states = {item["code"]: item["state"] for item in body["checklist"]}
    assert states["cv"] == "uploaded"
    assert states["motivation_letter"] == "missing"
    assert states["mooc_certificate"] == "expected_later"
    missing = [item["code"] for item in body["missing"]]
    assert "documents.motivation_letter" in missing
    assert "documents.cv" not in missing
    assert "documents.mooc_certificate" not in missing
