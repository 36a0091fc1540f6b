"""Safe names for stored uploads."""

from __future__ import annotations

import re
import unicodedata

from admissions.documents.validation.kinds import _KIND_ALIASES, _KINDS

# --------------------------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------------------------

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")
_SAFE_EXTENSIONS = frozenset().union(*(kind.extensions for kind in _KINDS.values()))
_MAX_NAME_CHARS = 150
_MAX_NAME_BYTES = 240  # file systems cap a name at 255 bytes of UTF-8


def sanitize_filename(name: str, kind: str | None = None) -> str:
    """A name safe to store and to offer in Content-Disposition, keeping what the user wrote.

    Directories (``/`` and ``\\``), control and invisible format characters (including the
    right-to-left override used to disguise ``gpj.exe``), characters Windows forbids, leading
    dots and dashes, and Windows device names are removed or neutralised; Unicode is NFKC
    normalised (so a full-width solidus is treated as the ``/`` it looks like); whitespace is
    collapsed. With ``kind`` the extension is made to match the detected type (``cv.exe`` that
    is really a PDF becomes ``cv.pdf``); without it, only a known safe extension is kept.
    An empty result becomes ``document.<ext>``.
    """
    text = unicodedata.normalize("NFKC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    # Whitespace first (a tab between words is a space), then the remaining control and
    # invisible characters go.
    text = re.sub(r"\s+", " ", text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = _WINDOWS_FORBIDDEN.sub("_", text)
    text = re.sub(r" {2,}", " ", text).strip(" .").lstrip("-. ")
    stem, dot, extension = text.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(extension):
        stem, extension = text, ""
    extension = extension.lower()
    if kind is not None:
        wanted = _KINDS[_KIND_ALIASES[kind]]
        extension = extension if extension in wanted.extensions else wanted.extension
    elif extension not in _SAFE_EXTENSIONS:
        extension = ""
    stem = stem.rstrip(" .")
    if stem.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    suffix = f".{extension}" if extension else ""
    stem = stem[: _MAX_NAME_CHARS - len(suffix)]
    while len((stem + suffix).encode("utf-8")) > _MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(" .")
    return f"{stem or 'document'}{suffix}"
