"""A document uploaded once can be reused in another application of the same applicant:
a new row pointing at the same stored file, nothing uploaded again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.documents import services
from admissions.documents.models import Document
from tests.documents.stories import application_for, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_applications(seed_programmes):
    first = application_for(seed_programmes["post-master-ai"])
    second = application_for(seed_programmes["msc-cps2-ai-iot"], applicant=first.applicant)
    return first, second


def test_reusing_points_at_the_same_stored_file(two_applications, private_storage):
    first, second = two_applications
    source = upload(first, "cv")
    files_before = sorted(p for p in private_storage.rglob("*") if p.is_file())
    copy = services.reuse_document(application=second, source=source, actor=first.applicant)
    assert copy.application == second
    assert copy.stored_name == source.stored_name
    assert copy.sha256 == source.sha256
    assert copy.reused_from == source
    assert sorted(p for p in private_storage.rglob("*") if p.is_file()) == files_before


def test_removing_the_reused_copy_keeps_the_original(two_applications):
    first, second = two_applications
    source = upload(first, "cv")
    copy = services.reuse_document(application=second, source=source, actor=first.applicant)
    services.remove_document(document=copy, actor=first.applicant)
    source.refresh_from_db()
    assert source.removed_at is None


def test_another_applicants_document_cannot_be_reused(two_applications, seed_programmes):
    first, _second = two_applications
    stranger = application_for(seed_programmes["msc-cps2-ai-iot"])
    source = upload(first, "cv")
    with pytest.raises(services.DocumentRefused):
        services.reuse_document(application=stranger, source=source, actor=stranger.applicant)


def test_the_checklist_page_offers_the_reuse_and_the_button_adds_it(client, two_applications):
    first, second = two_applications
    source = upload(first, "cv", name="cv-2026.pdf")
    client.force_login(first.applicant)
    page = client.get(reverse("portal:documents", args=[second.reference])).content.decode()
    assert f"Use cv-2026.pdf from application {first.reference}" in page
    response = client.post(
        reverse("portal:document-reuse", args=[second.reference]), {"source": str(source.public_id)}
    )
    assert response.status_code == 302
    assert Document.objects.get(application=second).reused_from == source


def test_someone_elses_document_id_in_the_reuse_form_is_a_404(
    client, two_applications, other_applicant
):
    first, _second = two_applications
    source = upload(first, "cv")
    mine = application_for(first.programme, applicant=other_applicant)
    client.force_login(other_applicant)
    response = client.post(
        reverse("portal:document-reuse", args=[mine.reference]), {"source": str(source.public_id)}
    )
    assert response.status_code == 404
