"""The kinds of documents accepted (PDF, JPEG, PNG) and the limits every check shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CHUNK_SIZE = 64 * 1024
SNIFF_SIZE = 8 * 1024  # what libmagic is shown: enough for every signature we rely on
DEFAULT_ALLOWED_TYPES: tuple[str, ...] = ("pdf", "jpeg", "png")
DEFAULT_MAX_PIXELS = 50_000_000

# A ZIP reader finds the archive from its end-of-central-directory record, which sits in the
# last 22 bytes plus an optional comment of up to 65535 bytes: keeping that much of the tail
# lets one streamed pass tell whether the file is also a ZIP.
_TAIL_SIZE = 22 + 0xFFFF
# Bytes tolerated after a PDF's last %%EOF (some producers add a little junk) and after an
# image's end marker (some encoders pad). Anything larger could carry a payload.
_PDF_TRAILING_TOLERANCE = 1024
_IMAGE_TRAILING_TOLERANCE = 64
_MAX_APPENDED_IMAGES = 8  # JPEG images stored after the primary one (see images.py)
# A generous bound on the PDF objects walked for active content; a hostile PDF with millions
# of objects must not keep a web worker busy.
_MAX_PDF_OBJECTS = 200_000


# --------------------------------------------------------------------------------------------
# Kinds of documents we accept
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    content_type: str
    extension: str
    extensions: frozenset[str]  # extensions a user's file may keep as they are
    label: str
    pillow_format: str | None


_KINDS: dict[str, _Kind] = {
    "pdf": _Kind("pdf", "application/pdf", "pdf", frozenset({"pdf"}), "PDF", None),
    "jpeg": _Kind("jpeg", "image/jpeg", "jpg", frozenset({"jpg", "jpeg", "jpe"}), "JPEG", "JPEG"),
    "png": _Kind("png", "image/png", "png", frozenset({"png"}), "PNG", "PNG"),
}
_KIND_ALIASES = {
    "pdf": "pdf",
    "application/pdf": "pdf",
    "jpeg": "jpeg",
    "jpg": "jpeg",
    "image/jpeg": "jpeg",
    "png": "png",
    "image/png": "png",
}
_MAGIC_KINDS = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_PDF_SIGNATURE = b"%PDF-"


def _normalise_allowed(allowed_types: Iterable[str]) -> tuple[str, ...]:
    if isinstance(allowed_types, str):
        allowed_types = (allowed_types,)  # a single "pdf" must not become "p", "d", "f"
    kinds: list[str] = []
    for name in allowed_types:
        kind = _KIND_ALIASES.get(name.strip().lower().lstrip("."))
        if kind is None:
            raise ValueError(f"Unsupported document type {name!r}; use pdf, jpeg or png")
        if kind not in kinds:
            kinds.append(kind)
    if not kinds:
        raise ValueError("allowed_types is empty; pass DEFAULT_ALLOWED_TYPES for the default")
    return tuple(kinds)
