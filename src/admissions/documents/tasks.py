"""Background work of the documents app, on the "documents" queue."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="documents")
def build_merged_file(merged_file_id: int) -> str:
    """Produce a merged PDF requested by staff (safe to run twice: a ready file is kept)."""
    from admissions.documents import services

    return services.build_merged_file(merged_file_id=merged_file_id)
