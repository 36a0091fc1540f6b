"""Safe validation of uploaded documents (PDF, JPEG, PNG).

Applicants upload transcripts, diplomas, passports and certificates that staff and reviewers
then open in their browsers. An upload is therefore untrusted input twice over: it may be
broken (a truncated scan, a password-protected PDF the committee cannot read) or hostile (an
executable renamed ``.pdf``, a PDF with JavaScript, a polyglot that is a valid image and a
valid ZIP at once, a decompression bomb).

``validate_upload`` decides from the bytes alone, never from the file name or the browser's
content type, and reads the upload as a stream in 64 KiB chunks so memory stays bounded
whatever the size: one pass computes the size (stopping as soon as ``max_bytes`` is passed),
the SHA-256, the type (python-magic plus our own signature checks, which must agree) and
scans for embedded executables or archives; then the format is parsed for real (pypdf,
Pillow, and our own walk of the PNG chunks and JPEG markers to find where the image ends).
An optional virus scanner (clamd) sees the file last.

Every refusal is an ``UploadRejected`` subclass with a stable ``code``, an ``http_status``
hint and a message in English and French that says what to do next.

Pure Python: nothing here needs Django settings or a database. ``UploadRejected`` derives
from ``core.errors.DomainError`` so views that already show domain errors show these too.

The modules, in the order an upload meets them: ``kinds`` (what is accepted, shared limits),
``sniffing`` (the streamed first pass and content type), ``pdf`` and ``images`` (the format
parsed for real), ``scanner`` (clamd), ``filenames`` (the stored name), ``errors`` (every
refusal) and ``upload`` (``validate_upload``, which runs them in that order).
"""

from admissions.documents.validation.errors import (
    DamagedFile,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    ImageTooManyPixels,
    InfectedFile,
    PdfHasEmbeddedFiles,
    PdfHasJavaScript,
    PdfHasNoPages,
    PolyglotFile,
    ScanUnavailable,
    TypeNotAllowed,
    UploadRejected,
    format_size,
)
from admissions.documents.validation.filenames import sanitize_filename
from admissions.documents.validation.kinds import (
    CHUNK_SIZE,
    DEFAULT_ALLOWED_TYPES,
    DEFAULT_MAX_PIXELS,
)
from admissions.documents.validation.scanner import ClamdScanner, Scanner, ScannerError, ScanResult
from admissions.documents.validation.upload import ValidatedFile, validate_upload

__all__ = [
    "CHUNK_SIZE",
    "DEFAULT_ALLOWED_TYPES",
    "DEFAULT_MAX_PIXELS",
    "ClamdScanner",
    "DamagedFile",
    "EmptyFile",
    "EncryptedPdf",
    "FileTooLarge",
    "ImageTooManyPixels",
    "InfectedFile",
    "PdfHasEmbeddedFiles",
    "PdfHasJavaScript",
    "PdfHasNoPages",
    "PolyglotFile",
    "ScanResult",
    "ScanUnavailable",
    "Scanner",
    "ScannerError",
    "TypeNotAllowed",
    "UploadRejected",
    "ValidatedFile",
    "format_size",
    "sanitize_filename",
    "validate_upload",
]
