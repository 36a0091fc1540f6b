"""Serving a stored document: streamed, never sniffed, inline only for safe types."""

from __future__ import annotations

from django.http import FileResponse

from admissions.documents import storage
from admissions.documents.models import Document


def serve(document: Document) -> FileResponse:
    response = FileResponse(
        storage.open_blob(document.stored_name),
        as_attachment=not document.inline_safe,
        filename=document.original_name,
        content_type=document.content_type if document.inline_safe else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
