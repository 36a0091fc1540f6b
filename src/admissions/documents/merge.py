"""The merged PDF of an application file: a cover rendered by WeasyPrint from a template
(the applicant's identity, every answer and profile section as staff read them on the
application's file page, and the list of documents), then every PDF or image document in
checklist order, images converted to PDF pages with Pillow.

Built for a blind reviewer (``blind=True``, review.blind says what that hides), the cover
leaves out who the applicant is (name, contact, date of birth, nationalities, residence),
names files by their type rather than by the name the applicant gave them, and the identity
documents (``catalogue.standard_types.IDENTITY_DOCUMENT_TYPES``) are not in the file at all.
CVs and letters are merged as they are: they may name the applicant, and the cover says so.

Pages are appended one document at a time and written to a temporary file, then stored
through the storage API: the whole file is never held in memory as one bytes object.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter

from admissions.applicants import selectors as applicant_selectors
from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.catalogue.standard_types import is_identity_type
from admissions.core import clock
from admissions.documents import selectors, storage
from admissions.documents.models import Document, DocumentStatus


def documents_in_order(
    application: Application, *, blind: bool = False
) -> list[tuple[Any, Document]]:
    """(checklist item, document) pairs in checklist order, rejected files left out, and
    identity documents too for a blind reader."""
    pairs = []
    for item in selectors.checklist_items(application):
        if blind and is_identity_type(item.requirement.document_type.code):
            continue
        for document in item.documents:
            if document.status != DocumentStatus.REJECTED:
                pairs.append((item, document))
    return pairs


def cover_pdf(
    application: Application,
    pairs: list[tuple[Any, Document]],
    now: dt.datetime,
    language: str = "en",
    *,
    blind: bool = False,
) -> bytes:
    from weasyprint import HTML

    # A blind cover is given no profile at all, so no later edit of the template can show it.
    profile = None if blind else applicant_selectors.profile_of(application.applicant)
    # In the language of the staff member who asked for it.
    with translation.override(language):
        html = render_to_string(
            "documents/merged_cover.html",
            {
                "application": application,
                "profile": profile,
                "file": application_selectors.application_file(application),
                "pairs": pairs,
                "generated_at": clock.local(now, application.programme.time_zone),
                "blind": blind,
            },
        )
    return HTML(string=html).write_pdf()


def _image_as_pdf(fileobj: Any) -> bytes:
    with Image.open(fileobj) as image:
        page = image.convert("RGB")
        buffer = io.BytesIO()
        page.save(buffer, "PDF", resolution=150.0)
        return buffer.getvalue()


def build(
    application: Application,
    now: dt.datetime | None = None,
    language: str = "en",
    *,
    blind: bool = False,
) -> tuple[str, int, int]:
    """Write the merged PDF to storage; return (stored name, size in bytes, page count).
    ``blind``: for a blind reviewer (no identity on the cover, no identity documents)."""
    now = now or clock.now()
    pairs = documents_in_order(application, blind=blind)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover_pdf(application, pairs, now, language, blind=blind))))
    opened = []
    try:
        for _item, document in pairs:
            blob = storage.open_blob(document.stored_name)
            opened.append(blob)
            if document.content_type == "application/pdf":
                writer.append(PdfReader(blob))
            else:
                writer.append(PdfReader(io.BytesIO(_image_as_pdf(blob))))
        pages = len(writer.pages)
        with tempfile.TemporaryFile() as output:
            writer.write(output)
            size = output.tell()
            stored = storage.save(output, "application/pdf")
    finally:
        for blob in opened:
            blob.close()
        writer.close()
    return stored, size, pages
