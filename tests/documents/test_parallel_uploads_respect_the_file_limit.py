"""An applicant (or a script) sends the same item's upload many times at once: the item
never ends with more files than it takes, the extra uploads are told the item is full, and
their stored blobs are removed. Real concurrency needs PostgreSQL's row locks: run with
DATABASE_URL=postgres://…"""

from __future__ import annotations

import pytest
from django.db import connection

from admissions.documents import services
from admissions.documents.models import Document
from tests.concurrency import at_once
from tests.documents.stories import application_for, upload

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Parallel uploads need real row locks: run with DATABASE_URL=postgres://…",
    ),
]


def stored_blobs(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def test_eight_uploads_at_once_to_the_one_file_cv_leave_one_file(seed_programmes, private_storage):
    application = application_for(seed_programmes["post-master-ai"])

    outcomes = at_once(8, lambda i: upload(application, "cv", name=f"cv-{i}.pdf"))

    stored = Document.objects.filter(application=application, document_type__code="cv")
    assert stored.count() == 1
    refused = [o for o in outcomes if isinstance(o, services.DocumentRefused)]
    assert len(refused) == 7, outcomes
    assert "already has 1 files" in str(refused[0].message)
    assert len(stored_blobs(private_storage)) == 1


def test_twenty_uploads_at_once_to_transcripts_stop_at_its_eight_files(
    seed_programmes, private_storage
):
    application = application_for(seed_programmes["post-master-ai"])

    outcomes = at_once(20, lambda i: upload(application, "transcripts", name=f"t-{i}.pdf"))

    stored = Document.objects.filter(application=application, document_type__code="transcripts")
    assert stored.count() == 8
    assert sum(isinstance(o, Document) for o in outcomes) == 8, outcomes
    assert len(stored_blobs(private_storage)) == 8
