"""Reusing a document in another application is idempotent: a second click (or a second
request at the same moment) attaches no second copy, and the button goes once used."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from admissions.documents import services
from admissions.documents.models import Document
from tests.concurrency import at_once
from tests.documents.stories import application_for, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_applications(seed_programmes):
    first = application_for(seed_programmes["post-master-ai"])
    second = application_for(seed_programmes["msc-cps2-ai-iot"], applicant=first.applicant)
    return first, second


def active_in(application, code="transcripts"):
    return Document.objects.filter(
        application=application, document_type__code=code, removed_at__isnull=True
    )


def reuse_url(application):
    return reverse("portal:document-reuse", args=[application.reference])


def test_a_second_post_of_the_reuse_button_attaches_no_second_copy(client, two_applications):
    first, second = two_applications
    source = upload(first, "transcripts", name="transcripts.pdf")
    client.force_login(first.applicant)

    for _ in range(2):
        response = client.post(reuse_url(second), {"source": str(source.public_id)})
        assert response.status_code == 302

    assert active_in(second).count() == 1
    assert active_in(second).get().reused_from == source


def test_reusing_twice_through_the_service_returns_the_first_copy(two_applications):
    first, second = two_applications
    source = upload(first, "transcripts")

    copy = services.reuse_document(application=second, source=source, actor=first.applicant)
    again = services.reuse_document(application=second, source=source, actor=first.applicant)

    assert again == copy
    assert active_in(second).count() == 1


def test_the_button_goes_once_the_document_is_used(client, two_applications):
    first, second = two_applications
    source = upload(first, "transcripts", name="transcripts.pdf")
    client.force_login(first.applicant)
    page_url = reverse("portal:documents", args=[second.reference])
    button = f"Use transcripts.pdf from application {first.reference}"
    assert button in client.get(page_url).content.decode()

    client.post(reuse_url(second), {"source": str(source.public_id)})

    assert button not in client.get(page_url).content.decode()


def test_a_copy_of_the_same_file_in_a_third_application_is_not_offered_again(
    client, two_applications, seed_programmes
):
    first, second = two_applications
    third = application_for(
        seed_programmes["msc-cps2-ai-iot"], level="m2", applicant=first.applicant
    )
    source = upload(first, "transcripts", name="transcripts.pdf")
    copy_in_third = services.reuse_document(application=third, source=source, actor=first.applicant)
    services.reuse_document(application=second, source=source, actor=first.applicant)

    again = services.reuse_document(application=second, source=copy_in_third, actor=first.applicant)

    assert active_in(second).count() == 1
    assert again.reused_from == source
    client.force_login(first.applicant)
    page = client.get(reverse("portal:documents", args=[second.reference])).content.decode()
    assert "Use transcripts.pdf" not in page


def test_a_removed_copy_may_be_reused_again(two_applications):
    first, second = two_applications
    source = upload(first, "transcripts")
    copy = services.reuse_document(application=second, source=source, actor=first.applicant)
    services.remove_document(document=copy, actor=first.applicant)

    again = services.reuse_document(application=second, source=source, actor=first.applicant)

    assert again != copy
    assert active_in(second).count() == 1


def test_the_database_refuses_two_active_copies_of_one_file_in_one_application(
    two_applications,
):
    first, second = two_applications
    source = upload(first, "transcripts")
    copy = services.reuse_document(application=second, source=source, actor=first.applicant)

    copy.pk = None
    copy.public_id = None
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            **{
                field.attname: getattr(copy, field.attname)
                for field in Document._meta.concrete_fields
                if field.name not in ("id", "public_id")
            }
        )


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="Concurrent requests need PostgreSQL: SQLite serialises writers.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reuse_requests_at_the_same_moment_attach_one_copy(seed_programmes):
    first = application_for(seed_programmes["post-master-ai"])
    second = application_for(seed_programmes["msc-cps2-ai-iot"], applicant=first.applicant)
    source = upload(first, "transcripts")

    def reuse(_index: int) -> Document:
        return services.reuse_document(
            application=type(second).objects.get(pk=second.pk),
            source=Document.objects.get(pk=source.pk),
            actor=first.applicant,
        )

    results = at_once(4, reuse)

    assert all(isinstance(result, Document) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert active_in(second).count() == 1
