"""Staff get the whole file as one PDF: a cover page, then every document in checklist
order, images turned into pages; large files are built by the background task."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from admissions.documents import services
from admissions.documents.models import MergedFile, MergedFileStatus
from tests.documents import filebuilders
from tests.documents.stories import application_for, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(post_master, msc, seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    upload(application, "identity_document", filebuilders.png_bytes(), name="passport.png")
    upload(application, "cv", filebuilders.pdf_bytes(2), name="cv.pdf")
    upload(application, "motivation_letter", filebuilders.pdf_bytes(1), name="letter.pdf")
    return application


def test_the_merged_pdf_has_a_cover_then_the_documents_in_checklist_order(application, officer):
    merged = services.request_merged_file(application=application, actor=officer)
    assert merged.status == MergedFileStatus.READY
    assert merged.page_count >= 1 + 2 + 1 + 1
    cover = " ".join(page.extract_text() for page in PdfReader(open_stored(merged)).pages)
    assert application.reference in cover
    assert cover.index("cv.pdf") < cover.index("letter.pdf") < cover.index("passport.png")


def test_the_cover_carries_the_answers_and_the_profile_for_the_panel(application, officer):
    application.answers = {"career_plan": "Build clinical decision support at a hospital."}
    application.save()
    profile = application.applicant.applicant_profile
    profile.eef_file_number = "MA24-012345"
    profile.save()

    merged = services.request_merged_file(application=application, actor=officer)

    text = " ".join(page.extract_text() for page in PdfReader(open_stored(merged)).pages)
    text = " ".join(text.split())
    assert "Build clinical decision support at a hospital." in text
    assert "Career plan" in text
    assert "Master Informatique" in text  # the degree's title
    assert "MA24-012345" in text
    assert "Language tests" in text


def open_stored(merged):
    from django.core.files.storage import default_storage

    with default_storage.open(merged.stored_name, "rb") as handle:
        return io.BytesIO(handle.read())


def test_a_large_file_is_built_by_the_background_task(
    application, officer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail", "documents"],
        }
    }
    monkeypatch.setattr(services, "MERGE_INLINE_MAX_BYTES", 0)
    with django_capture_on_commit_callbacks(execute=True):
        merged = services.request_merged_file(application=application, actor=officer)
        assert merged.status == MergedFileStatus.PENDING
    merged.refresh_from_db()
    assert merged.status == MergedFileStatus.READY


def test_staff_download_it_and_staff_of_another_programme_cannot(
    client, application, officer, officer_of_other_programme
):
    client.force_login(officer)
    client.post(reverse("staff:documents-merge", args=[application.reference]))
    merged = MergedFile.objects.get(application=application)
    url = reverse("staff:documents-merged-download", args=[application.reference, merged.public_id])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(officer_of_other_programme)
    assert client.get(url).status_code == 404
    client.force_login(application.applicant)
    assert client.get(url).status_code in (302, 404)


def test_the_cover_page_is_in_the_language_of_the_staff_member_who_asked(application, officer):
    import io

    from pypdf import PdfReader

    from admissions.documents import merge

    officer.preferred_language = "fr"
    officer.save()
    stored, _size, _pages = merge.build(application, language=officer.preferred_language)
    from django.core.files.storage import default_storage

    with default_storage.open(stored) as handle:
        pages = PdfReader(io.BytesIO(handle.read())).pages
        cover = " ".join(page.extract_text() for page in pages)
    assert "Candidat" in cover
    assert "Confidentiel" in cover
