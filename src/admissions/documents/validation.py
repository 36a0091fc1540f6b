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
"""

from __future__ import annotations

import hashlib
import re
import socket
import struct
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any, ClassVar, Protocol, cast
from urllib.parse import urlsplit

import magic
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from admissions.core.errors import DomainError

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
_MAX_APPENDED_IMAGES = 8  # JPEG images stored after the primary one (see below)
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


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def _active_language() -> str:
    # Django is optional here: when it is configured, show the active language; otherwise
    # (scripts, tests without settings) English.
    try:
        from django.utils.translation import get_language

        return (get_language() or "en")[:2]
    except Exception:
        return "en"


@dataclass(frozen=True, slots=True)
class _BilingualMessage:
    en: str
    fr: str

    def __str__(self) -> str:
        return self.fr if _active_language() == "fr" else self.en


class UploadRejected(DomainError):
    """The upload was refused. Show ``message_en`` or ``message_fr``; log ``detail``.

    ``code`` is stable (API clients and tests use it); ``http_status`` is the status an API
    should answer with: 413 too large, 415 refused type, 422 damaged or unsafe.
    """

    code: str = "upload_rejected"
    http_status: ClassVar[int] = 422

    def __init__(self, message_en: str, message_fr: str, *, detail: str = "") -> None:
        super().__init__(_BilingualMessage(message_en, message_fr), code=self.code)
        self.message_en = message_en
        self.message_fr = message_fr
        self.detail = detail  # for logs and staff, never shown to the applicant

    def message_for(self, lang: str) -> str:
        return self.message_fr if lang[:2].lower() == "fr" else self.message_en


class EmptyFile(UploadRejected):
    code = "empty"
    http_status = 422

    def __init__(self) -> None:
        super().__init__(
            "The file is empty. Choose the file again and upload it.",
            "Le fichier est vide. Choisissez de nouveau le fichier et déposez-le.",
        )


class FileTooLarge(UploadRejected):
    code = "too_large"
    http_status = 413

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        super().__init__(
            f"The file is larger than {format_size(max_bytes)}. "
            "Compress it or split it, then upload again.",
            f"Le fichier dépasse {format_size(max_bytes, 'fr')}. "
            "Compressez-le ou divisez-le, puis déposez-le de nouveau.",
            detail=f"more than {max_bytes} bytes",
        )


class TypeNotAllowed(UploadRejected):
    code = "type_not_allowed"
    http_status = 415

    def __init__(
        self,
        accepted: Sequence[str],
        *,
        what: tuple[str, str] | None = None,
        detail: str = "",
    ) -> None:
        self.accepted = tuple(accepted)
        labels = [_KINDS[kind].label for kind in self.accepted]
        list_en = _join(labels, "or")
        list_fr = _join(labels, "ou")
        if what is None:
            opening_en = "This type of file is not accepted here."
            opening_fr = "Ce type de fichier n'est pas accepté ici."
        else:
            opening_en = f"This file is {what[0]}, which is not accepted here."
            opening_fr = f"Ce fichier est {what[1]}, qui n'est pas accepté ici."
        super().__init__(
            f"{opening_en} Upload a {list_en} file instead.",
            f"{opening_fr} Déposez plutôt un fichier {list_fr}.",
            detail=detail,
        )


class PolyglotFile(UploadRejected):
    code = "polyglot"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The file contains hidden data or mixes several formats, so it cannot be accepted "
            "safely. Open it, save or export it again as a new file, then upload that file.",
            "Le fichier contient des données cachées ou mélange plusieurs formats\u00a0: il ne "
            "peut pas être accepté en toute sécurité. Ouvrez-le, enregistrez-le ou exportez-le "
            "de nouveau dans un nouveau fichier, puis déposez ce fichier.",
            detail=detail,
        )


class DamagedFile(UploadRejected):
    code = "damaged"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The file is damaged or incomplete and cannot be opened. Save or scan the document "
            "again, then upload it.",
            "Le fichier est endommagé ou incomplet et ne peut pas être ouvert. Enregistrez ou "
            "numérisez de nouveau le document, puis déposez-le.",
            detail=detail,
        )


class EncryptedPdf(UploadRejected):
    code = "encrypted"
    http_status = 422

    def __init__(self) -> None:
        super().__init__(
            "The PDF is password-protected: remove the password and upload again. If it opens "
            "without a password, print it to a new PDF and upload that file.",
            "Le PDF est protégé par un mot de passe\u00a0: retirez le mot de passe et "
            "déposez-le de nouveau. S'il s'ouvre sans mot de passe, imprimez-le dans un "
            "nouveau PDF et déposez ce fichier.",
        )


class PdfHasJavaScript(UploadRejected):
    code = "pdf_javascript"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The PDF contains scripts (JavaScript or automatic actions), which are not "
            "accepted. Print it to a new PDF, then upload that file.",
            "Le PDF contient des scripts (JavaScript ou actions automatiques), qui ne sont pas "
            "acceptés. Imprimez-le dans un nouveau PDF, puis déposez ce fichier.",
            detail=detail,
        )


class PdfHasEmbeddedFiles(UploadRejected):
    code = "pdf_embedded_files"
    http_status = 422

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The PDF contains attached or embedded files, which are not accepted. Upload each "
            "document on its own, or print the PDF to a new PDF and upload that file.",
            "Le PDF contient des fichiers joints ou intégrés, qui ne sont pas acceptés. "
            "Déposez chaque document séparément, ou imprimez le PDF dans un nouveau PDF et "
            "déposez ce fichier.",
            detail=detail,
        )


class PdfHasNoPages(UploadRejected):
    code = "pdf_no_pages"
    http_status = 422

    def __init__(self) -> None:
        super().__init__(
            "The PDF has no pages. Check that you chose the right file, then upload it again.",
            "Le PDF ne contient aucune page. Vérifiez que vous avez choisi le bon fichier, puis "
            "déposez-le de nouveau.",
        )


class ImageTooManyPixels(UploadRejected):
    code = "image_too_many_pixels"
    http_status = 422

    def __init__(self, width: int | None, height: int | None, max_pixels: int) -> None:
        self.width, self.height, self.max_pixels = width, height, max_pixels
        if max_pixels >= 1_000_000:
            limit = f"{max_pixels / 1_000_000:.1f}".rstrip("0").rstrip(".")
            limit_en = f"{limit} million pixels"
            limit_fr = f"{limit.replace('.', ',')} millions de pixels"
        else:
            limit_en = f"{max_pixels:,} pixels"
            limit_fr = f"{max_pixels:,} pixels".replace(",", "\u202f")
        size = f"{width} × {height}; " if width and height else ""
        size_fr = f"{width} × {height}\u00a0; " if width and height else ""
        super().__init__(
            f"The image is too large in pixels ({size}the limit is {limit_en}). "
            "Reduce its resolution, then upload it again.",
            f"L'image est trop grande en pixels ({size_fr}la limite est de {limit_fr}). "
            "Réduisez sa résolution, puis déposez-la de nouveau.",
            detail=f"{width}x{height} > {max_pixels} pixels",
        )


class InfectedFile(UploadRejected):
    code = "infected"
    http_status = 422

    def __init__(self, signature: str | None) -> None:
        self.signature = signature
        super().__init__(
            "Our virus scanner found a threat in this file, so it was not accepted. Check your "
            "device with an antivirus, then upload a clean copy.",
            "Notre antivirus a détecté une menace dans ce fichier, qui n'a donc pas été "
            "accepté. Analysez votre appareil avec un antivirus, puis déposez une copie saine.",
            detail=f"virus scanner: {signature or 'infected'}",
        )


class ScanUnavailable(UploadRejected):
    """The scanner could not give an answer. Uploads fail closed rather than skip the scan."""

    code = "scan_unavailable"
    http_status = 503

    def __init__(self, detail: str) -> None:
        super().__init__(
            "We could not check the file for viruses just now. Try again in a few minutes.",
            "Nous n'avons pas pu analyser le fichier pour le moment. Réessayez dans quelques "
            "minutes.",
            detail=detail,
        )


def _join(items: Sequence[str], word: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def format_size(n_bytes: int, lang: str = "en") -> str:
    """``10485760`` is "10 MB" ("10 Mo" in French): binary units, as file managers show."""
    french = lang[:2].lower() == "fr"
    for unit_en, unit_fr, factor in (
        ("GB", "Go", 1024**3),
        ("MB", "Mo", 1024**2),
        ("KB", "Ko", 1024),
    ):
        if n_bytes >= factor:
            text = f"{n_bytes / factor:.1f}".rstrip("0").rstrip(".")
            if french:
                return f"{text.replace('.', ',')}\u00a0{unit_fr}"
            return f"{text} {unit_en}"
    return f"{n_bytes}\u00a0octets" if french else f"{n_bytes} bytes"


# --------------------------------------------------------------------------------------------
# Virus scanning
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScanResult:
    clean: bool
    signature: str | None = None


class Scanner(Protocol):
    """Anything that can tell whether a file is infected. Raise ``ScannerError`` when unsure."""

    def scan(self, fileobj: IO[bytes]) -> ScanResult: ...


class ScannerError(Exception):
    """The scanner could not be reached or did not give a verdict."""


class ClamdScanner:
    """Talks to clamd's INSTREAM command over a Unix socket or TCP.

    The file is streamed in chunks, each prefixed by its length as a 4-byte big-endian
    integer, and ended by a zero length; clamd answers ``stream: OK`` or
    ``stream: <signature> FOUND``. clamd refuses streams above its ``StreamMaxLength``
    (25 MB by default): keep that above the largest upload allowed.
    """

    def __init__(
        self,
        socket_path: str | None = None,
        *,
        host: str | None = None,
        port: int = 3310,
        timeout: float = 30.0,
    ) -> None:
        if (socket_path is None) == (host is None):
            raise ValueError("Give either socket_path or host to ClamdScanner")
        self.socket_path = socket_path
        self.host = host
        self.port = port
        self.timeout = timeout

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 30.0) -> ClamdScanner:
        """``unix:///run/clamav/clamd.ctl`` or ``tcp://clamav:3310`` (from a setting)."""
        parts = urlsplit(url)
        if parts.scheme == "unix" and parts.path:
            return cls(parts.path, timeout=timeout)
        if parts.scheme == "tcp" and parts.hostname:
            return cls(host=parts.hostname, port=parts.port or 3310, timeout=timeout)
        raise ValueError(f"Unsupported clamd URL {url!r}; use unix:///path or tcp://host:port")

    def _connect(self) -> socket.socket:
        if self.socket_path is not None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(self.socket_path)
            except OSError:
                sock.close()
                raise
            return sock
        assert self.host is not None
        return socket.create_connection((self.host, self.port), timeout=self.timeout)

    def scan(self, fileobj: IO[bytes]) -> ScanResult:
        try:
            sock = self._connect()
        except OSError as exc:
            raise ScannerError(f"cannot reach clamd: {exc}") from exc
        with sock:
            try:
                sock.sendall(b"zINSTREAM\0")
                while chunk := fileobj.read(CHUNK_SIZE):
                    sock.sendall(struct.pack("!I", len(chunk)) + chunk)
                sock.sendall(struct.pack("!I", 0))
            except OSError as exc:
                # clamd closes the connection after answering "size limit exceeded": read
                # its answer if there is one, so the log says why.
                reply = self._read_reply(sock, swallow_errors=True)
                raise ScannerError(f"clamd stopped the stream: {reply or exc}") from exc
            reply = self._read_reply(sock)
        return self._parse_reply(reply)

    @staticmethod
    def _read_reply(sock: socket.socket, *, swallow_errors: bool = False) -> str:
        data = b""
        try:
            while b"\0" not in data and len(data) < 4096:
                part = sock.recv(4096)
                if not part:
                    break
                data += part
        except OSError as exc:
            if not swallow_errors:
                raise ScannerError(f"no answer from clamd: {exc}") from exc
        return data.split(b"\0", 1)[0].decode("utf-8", "replace").strip()

    @staticmethod
    def _parse_reply(reply: str) -> ScanResult:
        verdict = reply.removeprefix("stream:").strip()
        if verdict == "OK":
            return ScanResult(clean=True)
        if verdict.endswith(" FOUND"):
            return ScanResult(clean=False, signature=verdict.removesuffix(" FOUND").strip())
        raise ScannerError(f"unexpected clamd answer: {reply!r}")


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


# --------------------------------------------------------------------------------------------
# Image checks
# --------------------------------------------------------------------------------------------


class _Truncated(Exception):
    pass


class _Reader:
    """Buffered forward reader over a seekable file, for walking PNG chunks and JPEG markers
    without loading the image (skips past large segments with a seek)."""

    def __init__(self, f: IO[bytes], size: int, start: int = 0) -> None:
        f.seek(start)
        self._f = f
        self._size = size
        self._buf = b""
        self._i = 0
        self._base = start

    def tell(self) -> int:
        return self._base + self._i

    def _ensure(self, n: int) -> bool:
        while len(self._buf) - self._i < n:
            data = self._f.read(CHUNK_SIZE)
            if not data:
                return False
            self._buf = self._buf[self._i :] + data
            self._base += self._i
            self._i = 0
        return True

    def read(self, n: int) -> bytes:
        if not self._ensure(n):
            raise _Truncated
        data = self._buf[self._i : self._i + n]
        self._i += n
        return data

    def byte(self) -> int:
        return self.read(1)[0]

    def skip(self, n: int) -> None:
        if n <= len(self._buf) - self._i:
            self._i += n
            return
        target = self.tell() + n
        if target > self._size:
            raise _Truncated
        self._f.seek(target)
        self._buf, self._i, self._base = b"", 0, target

    def to_next_marker(self) -> None:
        """Skip JPEG entropy-coded data up to the next marker (0xFF not followed by a
        stuffed 0x00, a restart marker or a fill byte)."""
        while True:
            if not self._ensure(2):
                raise _Truncated
            j = self._buf.find(b"\xff", self._i)
            if j == -1 or j + 1 >= len(self._buf):
                self._i = len(self._buf) if j == -1 else j
                if not self._ensure(2 if j != -1 else 1):
                    raise _Truncated
                continue
            following = self._buf[j + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7:
                self._i = j + 2
            elif following == 0xFF:
                self._i = j + 1
            else:
                self._i = j
                return


def _walk_png(reader: _Reader) -> tuple[int, int, int]:
    """Offset just past IEND, width and height, from the chunk structure."""
    if reader.read(8) != _PNG_SIGNATURE:
        raise DamagedFile("bad PNG signature")
    length, chunk_type = struct.unpack(">I4s", reader.read(8))
    if chunk_type != b"IHDR" or length != 13:
        raise DamagedFile("PNG does not start with IHDR")
    width, height = struct.unpack(">II", reader.read(8))
    reader.skip(5 + 4)  # rest of IHDR and its CRC
    while True:
        length, chunk_type = struct.unpack(">I4s", reader.read(8))
        if length > 0x7FFFFFFF or not chunk_type.isalpha():
            raise DamagedFile(f"bad PNG chunk {chunk_type!r}")
        reader.skip(length + 4)
        if chunk_type == b"IEND":
            return reader.tell(), width, height


_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _walk_jpeg(reader: _Reader) -> tuple[int, int, int]:
    """Offset just past EOI, width and height, from the marker structure.

    Segments are skipped by their length, so the EXIF thumbnail's own end marker is not
    mistaken for the image's.
    """
    if reader.read(2) != b"\xff\xd8":
        raise DamagedFile("bad JPEG signature")
    width = height = 0
    while True:
        # libjpeg tolerates a few stray bytes before a marker ("extraneous bytes") and some
        # encoders write them; more than that is not an encoder's slip.
        stray = 0
        while reader.byte() != 0xFF:
            stray += 1
            if stray > _IMAGE_TRAILING_TOLERANCE:
                raise DamagedFile(f"JPEG data where a marker should be, at byte {reader.tell()}")
        marker = reader.byte()
        while marker == 0xFF:  # fill bytes
            marker = reader.byte()
        if marker == 0xD9:
            if not width or not height:
                raise DamagedFile("JPEG without a frame header")
            return reader.tell(), width, height
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        if marker in (0x00, 0xD8):
            raise DamagedFile(f"unexpected JPEG marker {marker:#x}")
        length = struct.unpack(">H", reader.read(2))[0]
        if length < 2:
            raise DamagedFile("bad JPEG segment length")
        if marker in _JPEG_SOF and not width:
            segment = reader.read(length - 2)
            if len(segment) < 5:
                raise DamagedFile("short JPEG frame header")
            height, width = struct.unpack(">HH", segment[1:5])
        else:
            reader.skip(length - 2)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            reader.to_next_marker()


def _only_zeros(source: IO[bytes], start: int, end: int) -> bool:
    source.seek(start)
    remaining = end - start
    while remaining > 0:
        chunk = source.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            break
        if chunk.strip(b"\x00"):
            return False
        remaining -= len(chunk)
    return True


def _end_of_appended_jpegs(source: IO[bytes], size: int, end: int) -> int:
    """Skip whole JPEG images appended after the first one, as phones write them.

    The Multi-Picture Format (camera previews, depth maps) and HDR gain maps (iPhone, Android
    Ultra HDR) store further JPEG images after the primary image's end marker. They are
    walked like the primary, so what follows them is still held to the trailing-data rule.
    """
    for _ in range(_MAX_APPENDED_IMAGES):
        if size - end < len(_JPEG_SIGNATURE):
            break
        source.seek(end)
        if source.read(len(_JPEG_SIGNATURE)) != _JPEG_SIGNATURE:
            break
        end, _width, _height = _walk_jpeg(_Reader(source, size, start=end))
    return end


def _check_image(source: IO[bytes], kind: _Kind, size: int, max_pixels: int) -> tuple[int, int]:
    try:
        if kind.name == "png":
            end, width, height = _walk_png(_Reader(source, size))
        else:
            end, width, height = _walk_jpeg(_Reader(source, size))
            end = _end_of_appended_jpegs(source, size, end)
    except (_Truncated, struct.error) as exc:
        raise DamagedFile(f"{kind.label} ends before its end marker") from exc
    # Checked from the header, before Pillow allocates anything: a small file can declare
    # a huge canvas (a decompression bomb).
    if width == 0 or height == 0:
        raise DamagedFile(f"{kind.label} of size {width}x{height}")
    if width * height > max_pixels:
        raise ImageTooManyPixels(width, height, max_pixels)
    trailing = size - end
    if trailing > _IMAGE_TRAILING_TOLERANCE and not _only_zeros(source, end, size):
        raise PolyglotFile(f"{trailing} bytes after the {kind.label} end marker")
    assert kind.pillow_format is not None
    try:
        # Only the expected decoder is allowed, so Pillow's rarer plugins never see the file.
        source.seek(0)
        with Image.open(source, formats=[kind.pillow_format]) as image:
            if image.size != (width, height):
                raise DamagedFile(f"Pillow reads {image.size}, the header says {width}x{height}")
            image.verify()  # structure and checksums (PNG CRCs)
        source.seek(0)
        with Image.open(source, formats=[kind.pillow_format]) as image:
            image.load()  # decodes everything: a truncated image fails here
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own limit (Image.MAX_IMAGE_PIXELS, process-wide) was reached first, so it
        # is the limit to tell the applicant about.
        limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
        raise ImageTooManyPixels(width, height, limit) from exc
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError… on bad data
        raise DamagedFile(f"Pillow: {type(exc).__name__}: {exc}") from exc
    return width, height


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
