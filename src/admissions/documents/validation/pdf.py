"""PDF checks: pages, encryption, active content and what follows the last %%EOF."""

from __future__ import annotations

from typing import IO, Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from admissions.documents.validation.errors import (
    DamagedFile,
    EncryptedPdf,
    PdfHasEmbeddedFiles,
    PdfHasJavaScript,
    PdfHasNoPages,
    PolyglotFile,
    UploadRejected,
)
from admissions.documents.validation.kinds import _MAX_PDF_OBJECTS, _PDF_TRAILING_TOLERANCE
from admissions.documents.validation.sniffing import _PDF_JS_NAMES, _FirstPass

# --------------------------------------------------------------------------------------------
# PDF checks
# --------------------------------------------------------------------------------------------

# Keys that lead only to page content, fonts, images, appearance streams or the structure
# tree: nothing there can hold an action, and following them would read large streams.
_PDF_SKIPPED_KEYS = frozenset(
    {
        "/Parent",
        "/P",
        "/Contents",
        "/Resources",
        "/DR",
        "/AP",
        "/Thumb",
        "/Metadata",
        "/StructTreeRoot",
        "/StructParent",
        "/StructParents",
        "/PieceInfo",
        "/MarkInfo",
    }
)
_PDF_JS_KEYS = frozenset({"/JS", "/JavaScript", "/AA"})
_PDF_EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/RichMedia", "/EF"})
_PDF_EMBEDDED_ACTIONS = frozenset({"/Launch", "/GoToE", "/RichMediaExecute"})
_PDF_EMBEDDED_TYPES = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia"})


def _pdf_active_content(reader: PdfReader) -> UploadRejected | None:
    """Walk the document from its catalog looking for scripts, launches and attachments.

    Iterative with a visited set: PDF object graphs have cycles (a page's /Parent, an
    annotation's /P) and can be deep (outline lists linked by /Next).
    """
    stack: list[Any] = [reader.trailer.raw_get("/Root")]
    seen: set[tuple[int, int]] = set()
    walked = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        walked += 1
        if walked > _MAX_PDF_OBJECTS:
            raise DamagedFile(f"more than {_MAX_PDF_OBJECTS} objects to inspect")
        if isinstance(obj, DictionaryObject):
            keys = set(obj.keys())
            if found := keys & _PDF_JS_KEYS:
                return PdfHasJavaScript(f"key {sorted(found)[0]}")
            if found := keys & _PDF_EMBEDDED_KEYS:
                return PdfHasEmbeddedFiles(f"key {sorted(found)[0]}")
            action = obj.raw_get("/S") if "/S" in keys else None
            if action == "/JavaScript":
                return PdfHasJavaScript("action /JavaScript")
            if action in _PDF_EMBEDDED_ACTIONS:
                return PdfHasEmbeddedFiles(f"action {action}")
            for type_key in ("/Type", "/Subtype"):
                if type_key in keys and obj.raw_get(type_key) in _PDF_EMBEDDED_TYPES:
                    return PdfHasEmbeddedFiles(f"{type_key} {obj.raw_get(type_key)}")
            stack.extend(
                value
                for key, value in dict.items(obj)
                if key not in _PDF_SKIPPED_KEYS
                and isinstance(value, DictionaryObject | ArrayObject | IndirectObject)
            )
        elif isinstance(obj, ArrayObject):
            stack.extend(
                value
                for value in obj
                if isinstance(value, DictionaryObject | ArrayObject | IndirectObject)
            )
    return None


def _check_pdf(source: IO[bytes], first: _FirstPass) -> int:
    eof = first.tail.rfind(b"%%EOF")
    if eof == -1:
        # A truncated upload almost never ends exactly on a %%EOF marker.
        raise DamagedFile("no %%EOF marker near the end")
    trailing = first.tail[eof + 5 :].strip(b"\x00\t\n\x0c\r ")
    if len(trailing) > _PDF_TRAILING_TOLERANCE:
        raise PolyglotFile(f"{len(trailing)} bytes after the PDF's last %%EOF")
    source.seek(0)
    # pypdf reads through the file object with seeks, so memory stays small; only its
    # recovery from a broken cross-reference table reads the whole file (at most max_bytes).
    # pypdf raises many exception types on hostile input (its own, but also KeyError,
    # ValueError, RecursionError…): any failure to read the file means "damaged".
    try:
        reader = PdfReader(source, strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise DamagedFile(f"pypdf: {type(exc).__name__}: {exc}") from exc
    if encrypted:
        # Even a PDF that opens without a password (owner password only) is refused: its
        # content cannot be inspected or merged into the committee's file reliably.
        raise EncryptedPdf()
    try:
        page_count = len(reader.pages)
        problem = _pdf_active_content(reader)
    except UploadRejected:
        raise
    except Exception as exc:
        raise DamagedFile(f"pypdf: {type(exc).__name__}: {exc}") from exc
    if problem is not None:
        raise problem
    for name in first.pdf_names:
        if name in _PDF_JS_NAMES:
            raise PdfHasJavaScript(f"name /{name} in the raw bytes")
        raise PdfHasEmbeddedFiles(f"name /{name} in the raw bytes")
    if page_count == 0:
        raise PdfHasNoPages()
    return page_count
