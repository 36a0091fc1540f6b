"""The entry point: ``validate_upload`` runs every check on one upload and describes it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, cast

from admissions.documents.validation.errors import InfectedFile, PolyglotFile, ScanUnavailable
from admissions.documents.validation.filenames import sanitize_filename
from admissions.documents.validation.images import _check_image
from admissions.documents.validation.kinds import (
    _KINDS,
    DEFAULT_ALLOWED_TYPES,
    DEFAULT_MAX_PIXELS,
    _normalise_allowed,
)
from admissions.documents.validation.pdf import _check_pdf
from admissions.documents.validation.scanner import Scanner, ScannerError
from admissions.documents.validation.sniffing import _first_pass, _Readable, _zip_end_record

# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValidatedFile:
    """What we know for sure about an accepted upload."""

    sanitized_name: str
    size: int
    content_type: str
    kind: str  # "pdf" | "jpeg" | "png"
    sha256: str
    page_count: int | None = None  # PDFs
    width: int | None = None  # images
    height: int | None = None
    # Safe to show in the browser (Content-Disposition: inline, with nosniff): true for every
    # kind accepted today; a future kind (office documents) would be download-only.
    inline_safe: bool = False


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _is_seekable(fileobj: object) -> bool:
    seekable = getattr(fileobj, "seekable", None)
    try:
        return bool(seekable()) if callable(seekable) else hasattr(fileobj, "seek")
    except (OSError, ValueError):
        return False


def validate_upload(
    fileobj: _Readable,
    *,
    filename: str,
    allowed_types: Iterable[str] = DEFAULT_ALLOWED_TYPES,
    max_bytes: int,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    scanner: Scanner | None = None,
) -> ValidatedFile:
    """Check an upload from its bytes and describe it, or raise an ``UploadRejected``.

    ``fileobj`` is a binary file-like object (a Django ``UploadedFile``, an open file). It is
    read in 64 KiB chunks, never whole. A seekable file is rewound before and after (ready to
    be stored); a non-seekable stream is copied to a temporary spool while it is read, since
    parsing needs to seek, and that spool is discarded afterwards. ``filename`` is only used
    for ``sanitized_name``. ``allowed_types`` takes kinds, extensions or MIME types ("pdf",
    "jpg", "image/png"). A file of exactly ``max_bytes`` passes; reading stops within one
    chunk past it. ``max_pixels`` bounds the decoded size of images (Pillow holds about four
    bytes per pixel while decoding). ``scanner``, when given, sees the file last, once every
    local check has passed; if it cannot answer, the upload is refused with a 503 hint
    (fail closed).
    """
    allowed = _normalise_allowed(allowed_types)
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    seekable = _is_seekable(fileobj)
    spool: IO[bytes] | None = None
    if seekable:
        cast(IO[bytes], fileobj).seek(0)
    else:
        spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
    source = spool if spool is not None else cast(IO[bytes], fileobj)
    try:
        first = _first_pass(fileobj, allowed=allowed, max_bytes=max_bytes, spool=spool)
        kind = _KINDS[first.kind]
        if first.embedded is not None:
            raise PolyglotFile(f"{kind.label} with an embedded {first.embedded}")
        if _zip_end_record(first.tail):
            raise PolyglotFile(f"{kind.label} that is also a ZIP archive")
        page_count = width = height = None
        if kind.name == "pdf":
            page_count = _check_pdf(source, first)
        else:
            width, height = _check_image(source, kind, first.size, max_pixels)
        if scanner is not None:
            source.seek(0)
            try:
                result = scanner.scan(source)
            except (ScannerError, OSError) as exc:
                raise ScanUnavailable(str(exc)) from exc
            if not result.clean:
                raise InfectedFile(result.signature)
    finally:
        if spool is not None:
            spool.close()
        elif seekable:
            source.seek(0)
    return ValidatedFile(
        sanitized_name=sanitize_filename(filename, kind.name),
        size=first.size,
        content_type=kind.content_type,
        kind=kind.name,
        sha256=first.sha256,
        page_count=page_count,
        width=width,
        height=height,
        inline_safe=kind.name in {"pdf", "jpeg", "png"},
    )
