"""Each bad upload from the issue is refused with a message saying what to do, through the
applicant's page, and nothing already stored is lost or overwritten."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.documents.models import Document
from tests.documents import filebuilders
from tests.documents.stories import application_for, upload, uploaded_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(seed_programmes):
    return application_for(seed_programmes["post-master-ai"])


def post(client, application, data: bytes, name="file.pdf", code="cv", content_type=None):
    client.force_login(application.applicant)
    return client.post(
        reverse("portal:document-upload", args=[application.reference]),
        {
            "document_type": code,
            "file": uploaded_file(data, name, content_type or "application/pdf"),
        },
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty"),
        (filebuilders.elf_bytes(), "This file is a program"),
        (filebuilders.pdf_with_javascript(), "JavaScript"),
        (filebuilders.encrypted_pdf(user_password="secret"), "password"),
        (filebuilders.pdf_bytes() + filebuilders.zip_bytes(), "mixes several formats"),
    ],
    ids=["empty", "renamed-executable", "pdf-javascript", "password-protected", "polyglot"],
)
def test_a_bad_file_is_refused_on_its_item_with_what_to_do(client, application, data, expected):
    response = post(client, application, data)
    assert response.status_code in (413, 415, 422)
    assert expected.lower() in response.content.decode().lower()
    assert not Document.objects.filter(application=application).exists()


def test_an_image_decompression_bomb_is_refused(client, application):
    bomb = filebuilders.png_declaring_size(100_000, 100_000)
    response = post(client, application, bomb, name="id.png", code="identity_document")
    assert response.status_code == 422
    assert "pixels" in response.content.decode()


def test_a_file_over_the_items_size_limit_is_refused_with_413(client, application):
    requirement = application.programme.document_requirements.get(document_type__code="cv")
    requirement.max_size_mb = 1
    requirement.save()
    response = post(client, application, filebuilders.pdf_bytes() + b"%" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert "larger than 1" in response.content.decode()


def test_the_refusal_is_in_the_pages_language(client, application):
    client.cookies["django_language"] = "fr"
    response = post(client, application, b"")
    assert "Le fichier est vide" in response.content.decode()


def test_a_name_with_path_separators_and_control_characters_is_sanitised(client, application):
    response = post(
        client, application, filebuilders.pdf_bytes(), name="../../etc/pa\x1bss\x00wd.pdf"
    )
    assert response.status_code == 302
    document = Document.objects.get(application=application)
    assert "/" not in document.original_name and "\x1b" not in document.original_name
    assert document.original_name.endswith(".pdf")
    assert document.stored_name.startswith("documents/")
    assert application.reference not in document.stored_name


def test_an_upload_to_another_applicants_application_is_a_404(client, application, other_applicant):
    client.force_login(other_applicant)
    response = client.post(
        reverse("portal:document-upload", args=[application.reference]),
        {"document_type": "cv", "file": uploaded_file(filebuilders.pdf_bytes())},
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_after_submission_an_item_not_allowed_later_is_refused_with_a_message(
    client, seed_programmes
):
    application = application_for(seed_programmes["post-master-ai"], submitted=True)
    response = post(client, application, filebuilders.pdf_bytes(), code="cv")
    assert response.status_code == 400
    assert "can no longer be changed" in response.content.decode()
    response = post(client, application, filebuilders.pdf_bytes(), code="mooc_certificate")
    assert response.status_code == 302
    assert Document.objects.get(application=application).document_type.code == "mooc_certificate"


def test_a_refused_upload_keeps_the_file_already_stored(client, application, private_storage):
    kept = upload(application, "cv")
    before = (private_storage / kept.stored_name).read_bytes()
    client.force_login(application.applicant)
    response = client.post(
        reverse("portal:document-upload", args=[application.reference]),
        {
            "document_type": "cv",
            "replace": str(kept.public_id),
            "file": uploaded_file(filebuilders.pdf_with_javascript()),
        },
    )
    assert response.status_code == 422
    kept.refresh_from_db()
    assert kept.removed_at is None
    assert (private_storage / kept.stored_name).read_bytes() == before


def test_replacing_keeps_the_old_file_stored_and_adds_a_new_blob(application, private_storage):
    old = upload(application, "cv", name="old.pdf")
    new = upload(application, "cv", data=filebuilders.pdf_bytes(2), name="new.pdf", replace=old)
    old.refresh_from_db()
    assert old.removed_at is not None
    assert (private_storage / old.stored_name).exists()
    assert new.stored_name != old.stored_name


def test_a_second_file_beyond_the_items_maximum_is_refused(application):
    from admissions.documents.services import DocumentRefused

    upload(application, "cv")
    with pytest.raises(DocumentRefused, match="Remove or replace one first"):
        upload(application, "cv")
