"""Content sniffing: what a file is from its bytes, and the one streamed first pass
(size, SHA-256, type, embedded executables or archives, PDF active-content names)."""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Protocol

import magic

from admissions.documents.validation.errors import (
    EmptyFile,
    FileTooLarge,
    PolyglotFile,
    TypeNotAllowed,
)
from admissions.documents.validation.kinds import (
    _JPEG_SIGNATURE,
    _MAGIC_KINDS,
    _PDF_SIGNATURE,
    _PNG_SIGNATURE,
    _TAIL_SIZE,
    CHUNK_SIZE,
    SNIFF_SIZE,
)

# --------------------------------------------------------------------------------------------
# Type detection
# --------------------------------------------------------------------------------------------

_EXECUTABLE = ("a program (an executable file)", "un programme (fichier exécutable)")
_SCRIPT = ("a script", "un script")
_ARCHIVE = ("a compressed archive", "une archive compressée")
_OFFICE = ("an office document", "un document bureautique")
_WEB_PAGE = ("a web page", "une page web")

# Our own look at the first bytes, so a renamed program is named as such even when libmagic
# only says "application/octet-stream".
_LEADING_SIGNATURES: tuple[tuple[bytes, tuple[str, str]], ...] = (
    (b"\x7fELF", _EXECUTABLE),
    (b"MZ", _EXECUTABLE),
    (b"\xfe\xed\xfa\xce", _EXECUTABLE),
    (b"\xfe\xed\xfa\xcf", _EXECUTABLE),
    (b"\xce\xfa\xed\xfe", _EXECUTABLE),
    (b"\xcf\xfa\xed\xfe", _EXECUTABLE),
    (b"\xca\xfe\xba\xbe", _EXECUTABLE),
    (b"#!", _SCRIPT),
    (b"PK\x03\x04", _ARCHIVE),
    (b"PK\x05\x06", _ARCHIVE),
    (b"PK\x07\x08", _ARCHIVE),
    (b"Rar!\x1a\x07", _ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", _ARCHIVE),
    (b"\x1f\x8b", _ARCHIVE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _OFFICE),
)


_EXECUTABLE_MIMES = frozenset(
    {
        "application/x-executable",
        "application/x-pie-executable",
        "application/x-sharedlib",
        "application/x-dosexec",
        "application/x-mach-binary",
        "application/vnd.microsoft.portable-executable",
        "application/x-msdownload",
    }
)
_SCRIPT_MIMES = frozenset({"application/javascript", "text/javascript", "application/x-sh"})
_ARCHIVE_MIMES = frozenset(
    {
        "application/zip",
        "application/x-rar",
        "application/x-7z-compressed",
        "application/gzip",
        "application/x-tar",
        "application/x-bzip2",
        "application/x-xz",
    }
)
_OFFICE_MIMES = frozenset(
    {
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/rtf",
        "text/rtf",
    }
)
_WEB_MIMES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml"})


def _describe_mime(mime: str) -> tuple[str, str] | None:
    """A phrase for what libmagic found, so the applicant knows what they picked."""
    if mime in _EXECUTABLE_MIMES:
        return _EXECUTABLE
    if mime in _SCRIPT_MIMES or mime.startswith("text/x-"):  # shell, Python, PHP… source
        return _SCRIPT
    if mime in _ARCHIVE_MIMES:
        return _ARCHIVE
    if mime in _OFFICE_MIMES or mime.startswith(
        ("application/vnd.openxml", "application/vnd.oasis")
    ):
        return _OFFICE
    if mime in _WEB_MIMES:
        return _WEB_PAGE
    if mime.startswith("image/"):
        # Phones save HEIC, scanners TIFF: naming the format tells the applicant what to convert.
        image_format = mime.split("/", 1)[1].removeprefix("x-").removeprefix("vnd.").upper()
        return (f"an image in {image_format} format", f"une image au format {image_format}")
    return None


def _signature_kind(head: bytes) -> str | None:
    if head.startswith(_PDF_SIGNATURE):
        return "pdf"
    if head.startswith(_PNG_SIGNATURE):
        return "png"
    if head.startswith(_JPEG_SIGNATURE):
        return "jpeg"
    return None


def _detect_kind(head: bytes, allowed: Sequence[str]) -> str:
    """The kind of the upload from its first bytes; raises when refused.

    Two independent opinions must agree: our signature check (the exact header at offset 0)
    and libmagic. A file libmagic calls a PDF without ``%PDF-`` at offset 0 has something in
    front of its PDF header, which is how PDF/ZIP and PDF/image polyglots are built.
    """
    mime = magic.from_buffer(head, mime=True)
    by_signature = _signature_kind(head)
    by_magic = _MAGIC_KINDS.get(mime)
    if by_signature is None:
        if by_magic is not None:
            raise PolyglotFile(f"libmagic sees {mime} but the file does not start like one")
        what = next((w for sig, w in _LEADING_SIGNATURES if head.startswith(sig)), None)
        raise TypeNotAllowed(allowed, what=what or _describe_mime(mime), detail=f"mime {mime}")
    if by_magic != by_signature:
        raise PolyglotFile(f"starts like {by_signature} but libmagic sees {mime}")
    if by_signature != "pdf" and _PDF_SIGNATURE in head[:1024]:
        # PDF readers accept a header anywhere in the first KiB: an image that carries one is
        # also a PDF.
        raise PolyglotFile(f"{by_signature} with a PDF header in its first KiB")
    if by_signature not in allowed:
        raise TypeNotAllowed(allowed, detail=f"{by_signature} not in {list(allowed)}")
    return by_signature


# --------------------------------------------------------------------------------------------
# Streaming scanners (first pass)
# --------------------------------------------------------------------------------------------


def _zip_local_header(buf: bytes, i: int) -> bool:
    # "PK\3\4" alone turns up by chance in compressed data; a real local file header also has
    # a plausible version, compression method and a printable file name.
    if len(buf) < i + 30:
        return False
    version, _flags, method = struct.unpack_from("<HHH", buf, i + 4)
    name_length = struct.unpack_from("<H", buf, i + 26)[0]
    if not (10 <= version <= 63) or method not in {0, 8, 9, 12, 14, 93, 95, 98, 99}:
        return False
    if not 1 <= name_length <= 512 or len(buf) < i + 30 + name_length:
        return False
    try:
        name = buf[i + 30 : i + 30 + name_length].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return name.isprintable()


def _elf_header(buf: bytes, i: int) -> bool:
    return len(buf) >= i + 7 and buf[i + 4] in (1, 2) and buf[i + 5] in (1, 2) and buf[i + 6] == 1


def _pe_header(buf: bytes, i: int) -> bool:
    # "MZ" is two bytes and common by chance; a real DOS stub points at "PE\0\0".
    if len(buf) < i + 0x40:
        return False
    pe_offset = struct.unpack_from("<I", buf, i + 0x3C)[0]
    return 0x40 <= pe_offset <= 1024 and buf[i + pe_offset : i + pe_offset + 4] == b"PE\0\0"


def _always(buf: bytes, i: int) -> bool:
    return True


_EMBEDDED_SIGNATURES = (
    (b"PK\x03\x04", _zip_local_header, "ZIP archive"),
    (b"\x7fELF", _elf_header, "ELF executable"),
    (b"MZ", _pe_header, "Windows executable"),
    (b"Rar!\x1a\x07", _always, "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", _always, "7-Zip archive"),
)


class _EmbeddedSignatureScanner:
    """Finds executables and archives hidden inside the upload, across chunk boundaries."""

    OVERLAP = 2048  # longer than any header we validate (PE: 1024 + 4, ZIP: 30 + 512)

    def __init__(self) -> None:
        self._buf = b""
        self._base = 0  # file offset of self._buf[0]
        self.found: str | None = None

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        if self.found:
            return
        buf = self._buf + chunk
        limit = len(buf) if final else max(0, len(buf) - self.OVERLAP)
        for signature, check, label in _EMBEDDED_SIGNATURES:
            start = 0
            while (i := buf.find(signature, start, limit + len(signature) - 1)) != -1:
                if self._base + i > 0 and check(buf, i):  # offset 0 is the file's own header
                    self.found = f"{label} at byte {self._base + i}"
                    return
                start = i + 1
        self._buf = buf[limit:]
        self._base += limit


_PDF_WHITESPACE_DELIMITERS = frozenset(b"\x00\t\n\x0c\r ()<>[]{}/%")
# One pattern for both token kinds, so each search finds whichever comes first.
_PDF_TOKEN = re.compile(
    rb"/(?P<name>(?:[^\x00\t\n\x0c\r ()<>\[\]{}/%#]|#[0-9A-Fa-f]{2}){1,127})"
    rb"|(?<![A-Za-z])(?P<stream>stream)(?:\r\n|\r|\n)"
)
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_JS_NAMES = frozenset({"JS", "JavaScript", "AA"})
_PDF_EMBEDDED_NAMES = frozenset({"EmbeddedFiles", "EmbeddedFile", "Launch", "RichMedia"})


class _PdfNameScanner:
    """Belt and braces: spot risky PDF name tokens in the raw bytes, outside stream bodies.

    pypdf's structural check is the real test; this catches what it cannot reach (objects
    no reference leads to, a damaged cross-reference table that hides an object). Stream
    bodies are skipped because compressed data contains "/JS" by chance once every few
    megabytes; dictionaries are plain text in the file except inside object streams, which
    only the structural check sees. ``#xx`` escapes in names are decoded (``/J#61vaScript``).
    """

    OVERLAP = 512  # longer than any name (127 characters, escaped: 381 bytes) and "endstream"

    def __init__(self) -> None:
        self._buf = b""
        self._in_stream = False
        self.found: list[str] = []

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        buf = self._buf + chunk
        limit = len(buf) if final else max(0, len(buf) - self.OVERLAP)
        pos = 0
        while pos < limit:
            if self._in_stream:
                end = buf.find(b"endstream", pos)
                if end == -1 or end >= limit:
                    pos = limit
                    break
                self._in_stream = False
                pos = end + len(b"endstream")
                continue
            token = _PDF_TOKEN.search(buf, pos)
            if token is None or token.start() >= limit:
                pos = limit
                break
            pos = token.end()
            if token.group("stream"):
                self._in_stream = True
                continue
            following = buf[token.end() : token.end() + 1]
            if following and following[0] not in _PDF_WHITESPACE_DELIMITERS:
                continue  # a longer name, or one with characters we do not decode
            raw = _PDF_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token.group("name"))
            name = raw.decode("latin-1")
            if name in _PDF_JS_NAMES or name in _PDF_EMBEDDED_NAMES:
                self.found.append(name)
        self._buf = buf[pos:]


@dataclass(slots=True)
class _FirstPass:
    kind: str
    size: int
    sha256: str
    tail: bytes
    embedded: str | None
    pdf_names: list[str]


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def _first_pass(
    fileobj: _Readable, *, allowed: Sequence[str], max_bytes: int, spool: IO[bytes] | None
) -> _FirstPass:
    digest = hashlib.sha256()
    size = 0
    head = b""
    pending: list[bytes] = []  # chunks read before the type is known (normally just one)
    kind: str | None = None
    tail = b""
    signatures = _EmbeddedSignatureScanner()
    pdf_names = _PdfNameScanner()

    def inspect(chunk: bytes) -> None:
        signatures.feed(chunk)
        if kind == "pdf":
            pdf_names.feed(chunk)

    while chunk := fileobj.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            # Stop here: at most one chunk past the limit has been read.
            raise FileTooLarge(max_bytes)
        digest.update(chunk)
        if spool is not None:
            spool.write(chunk)
        tail = (tail + chunk)[-_TAIL_SIZE:]
        if kind is None:
            head = (head + chunk)[:SNIFF_SIZE]
            pending.append(chunk)
            if len(head) < SNIFF_SIZE:
                continue
            kind = _detect_kind(head, allowed)  # refuse a renamed program before reading on
            for earlier in pending:
                inspect(earlier)
            pending.clear()
        else:
            inspect(chunk)
    if size == 0:
        raise EmptyFile()
    if kind is None:  # smaller than the sniffing window
        kind = _detect_kind(head, allowed)
        for earlier in pending:
            inspect(earlier)
    signatures.feed(b"", final=True)
    if kind == "pdf":
        pdf_names.feed(b"", final=True)
    return _FirstPass(
        kind=kind,
        size=size,
        sha256=digest.hexdigest(),
        tail=tail,
        embedded=signatures.found,
        pdf_names=pdf_names.found,
    )


def _zip_end_record(tail: bytes) -> bool:
    """Whether the file ends like a ZIP archive (end of central directory record)."""
    pos = len(tail)
    while (pos := tail.rfind(b"PK\x05\x06", 0, pos)) != -1:
        if pos + 22 <= len(tail):
            comment_length = struct.unpack_from("<H", tail, pos + 20)[0]
            if pos + 22 + comment_length == len(tail):
                return True
    return False
