"""The applicant's documents: ``POST /applications/{reference}/documents`` (multipart:
``document_type``, ``file``) and ``DELETE /applications/{reference}/documents/{id}``.

An upload answers 201 with the stored document, or 413 (too large), 415 (type refused),
422 (damaged or unsafe) with the reason in the one error shape. Another person's reference
answers 404, like one that does not exist.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.responses import Status as WithStatus

from admissions.api.errors import CODES, ErrorOut, error_body
from admissions.api.schemas import Code
from admissions.applications import selectors as application_selectors
from admissions.documents import services
from admissions.documents.models import Document
from admissions.documents.validation import UploadRejected

router = Router(tags=["documents"])

# What an upload's form may carry besides its file (a browser form adds its CSRF token).
FORM_FIELDS = {"document_type", "csrfmiddlewaretoken"}


class DocumentOut(Schema):
    id: str
    document_type: str
    name: str
    size: int
    content_type: str
    sha256: str


def document_out(document: Document) -> dict[str, Any]:
    return {
        "id": str(document.public_id),
        "document_type": document.document_type.code,
        "name": document.original_name,
        "size": document.size,
        "content_type": document.content_type,
        "sha256": document.sha256,
    }


@router.post(
    "/{reference}/documents",
    response={
        201: DocumentOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
    },
)
def upload_document(
    request: HttpRequest,
    reference: str,
    document_type: Form[Code],
    file: File[UploadedFile],
) -> WithStatus[dict[str, Any]]:
    """Upload one file for a checklist item. The file is checked from its content (never its
    name or declared type), stored under a private name, and its SHA-256 returned."""
    unknown = (set(request.POST) - FORM_FIELDS) | (set(request.FILES) - {"file"})
    if unknown:
        raise NinjaValidationError(
            [
                {"loc": ("form", name), "type": "extra_forbidden", "msg": ""}
                for name in sorted(unknown)
            ]
        )
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    try:
        document = services.upload_document(
            application=application,
            document_type=document_type,
            fileobj=file,
            filename=file.name or "",
            actor=request.user,
        )
    except UploadRejected as exc:
        return WithStatus(
            exc.http_status,
            error_body(
                exc.message, [("file", exc.message)], code=CODES.get(exc.http_status, "invalid")
            ),
        )
    return WithStatus(201, document_out(document))


@router.delete(
    "/{reference}/documents/{document_id}",
    response={204: None, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def remove_document(request: HttpRequest, reference: str, document_id: str) -> WithStatus[None]:
    """Remove a document before submission; the file stays recoverable for the retention
    period."""
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    try:
        public_id = uuid.UUID(document_id)
    except ValueError:
        raise Http404 from None
    document = (
        Document.objects.filter(
            public_id=public_id, application=application, removed_at__isnull=True
        )
        .select_related("application", "document_type")
        .first()
    )
    if document is None:
        raise Http404
    services.remove_document(document=document, actor=request.user)
    return WithStatus(204, None)
