"""Upload validation: every file here is built for real (see ``filebuilders``) and judged
from its bytes, whatever its name says."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import socketserver
import struct
import tempfile
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from admissions.core.errors import DomainError
from admissions.documents.validation import (
    CHUNK_SIZE,
    ClamdScanner,
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
    ScannerError,
    ScanResult,
    ScanUnavailable,
    TypeNotAllowed,
    UploadRejected,
    ValidatedFile,
    format_size,
    sanitize_filename,
    validate_upload,
)
from admissions.documents.validation.sniffing import _PdfNameScanner

from . import filebuilders as build

TEN_MB = 10 * 1024 * 1024


def validate(data: bytes, filename: str = "upload.pdf", **options: Any) -> ValidatedFile:
    options.setdefault("max_bytes", TEN_MB)
    return validate_upload(io.BytesIO(data), filename=filename, **options)


def rejection(data: bytes, filename: str = "upload.pdf", **options: Any) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        validate(data, filename, **options)
    return caught.value


# --------------------------------------------------------------------------------------------
# Accepted files
# --------------------------------------------------------------------------------------------


def test_a_valid_pdf_is_described_from_its_content() -> None:
    data = build.pdf_bytes(pages=3)
    upload = io.BytesIO(data)
    result = validate_upload(upload, filename="Transcript.PDF", max_bytes=TEN_MB)
    assert result == ValidatedFile(
        sanitized_name="Transcript.pdf",
        size=len(data),
        content_type="application/pdf",
        kind="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=3,
        inline_safe=True,
    )
    assert upload.tell() == 0, "the file is rewound, ready to be stored"


@pytest.mark.parametrize(
    ("data", "kind", "content_type", "name"),
    [
        (build.png_bytes(64, 48), "png", "image/png", "scan.png"),
        (build.jpeg_bytes(64, 48), "jpeg", "image/jpeg", "scan.jpg"),
        (build.jpeg_bytes(64, 48, progressive=True), "jpeg", "image/jpeg", "scan.jpg"),
    ],
)
def test_valid_images_are_described_with_their_size(
    data: bytes, kind: str, content_type: str, name: str
) -> None:
    result = validate(data, "scan")
    assert (result.kind, result.content_type, result.sanitized_name) == (kind, content_type, name)
    assert (result.width, result.height, result.page_count) == (64, 48, None)
    assert result.inline_safe


def test_an_end_of_image_marker_inside_a_segment_is_not_taken_for_the_end() -> None:
    # EXIF thumbnails carry their own FFD9; segments are skipped by length, not searched.
    result = validate(build.jpeg_with_comment(b"thumbnail \xff\xd9 and more"), "photo.jpg")
    assert result.kind == "jpeg"


def test_a_phone_photo_with_an_appended_gain_map_or_preview_is_accepted() -> None:
    # Multi-Picture Format and HDR gain maps store more JPEG images after the first one.
    photo = build.jpeg_bytes(64, 48) + build.jpeg_bytes(16, 12) + build.jpeg_bytes(8, 6)
    result = validate(photo, "IMG_0042.JPG")
    assert (result.kind, result.width, result.height) == ("jpeg", 64, 48)


def test_data_after_an_appended_jpeg_is_still_refused() -> None:
    photo = build.jpeg_bytes() + build.jpeg_bytes(16, 12) + build.random_bytes(4096)
    assert isinstance(rejection(photo, "photo.jpg"), PolyglotFile)


def test_a_few_stray_bytes_before_a_jpeg_marker_are_tolerated() -> None:
    data = build.jpeg_bytes()
    after_app0 = 4 + struct.unpack(">H", data[4:6])[0]  # SOI, then APP0 and its length
    with_stray = data[:after_app0] + b"\x00\x00" + data[after_app0:]
    assert validate(with_stray, "photo.jpg").kind == "jpeg"
    with_junk = data[:after_app0] + b"\x00" * 200 + data[after_app0:]
    assert isinstance(rejection(with_junk, "photo.jpg"), DamagedFile)


def test_zero_padding_after_an_image_is_harmless_and_accepted() -> None:
    assert validate(build.png_bytes() + b"\x00" * 5000, "padded.png").kind == "png"


def test_script_words_inside_page_content_are_not_mistaken_for_pdf_actions() -> None:
    data = build.pdf_with_text_in_stream(b"/JavaScript /JS /AA /EmbeddedFiles /Launch")
    assert validate(data).page_count == 1


def test_a_file_of_exactly_the_maximum_size_is_accepted() -> None:
    data = build.pdf_bytes()
    assert validate(data, max_bytes=len(data)).size == len(data)


def test_allowed_types_may_be_given_as_extensions_or_mime_types() -> None:
    assert validate(build.jpeg_bytes(), "a.jpg", allowed_types=["JPG"]).kind == "jpeg"
    assert validate(build.png_bytes(), "a.png", allowed_types=["image/png"]).kind == "png"
    assert validate(build.pdf_bytes(), allowed_types="pdf").kind == "pdf"
    with pytest.raises(ValueError, match="Unsupported document type"):
        validate(build.pdf_bytes(), allowed_types=["docx"])
    with pytest.raises(ValueError, match="empty"):
        validate(build.pdf_bytes(), allowed_types=[])


def test_a_django_uploaded_file_is_validated_and_left_rewound() -> None:
    # The browser's name and content type are ignored: only the bytes count.
    upload = SimpleUploadedFile(
        "../../Relevé de notes.exe", build.pdf_bytes(), content_type="application/x-msdownload"
    )
    upload.read(10)  # a form may already have read from it
    result = validate_upload(upload, filename=upload.name or "", max_bytes=TEN_MB)
    assert (result.kind, result.sanitized_name) == ("pdf", "Relevé de notes.pdf")
    assert upload.tell() == 0


def test_an_open_file_on_disk_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "diploma.png"
    path.write_bytes(build.png_bytes(30, 20))
    with path.open("rb") as upload:
        result = validate_upload(upload, filename=path.name, max_bytes=TEN_MB)
    assert (result.width, result.height) == (30, 20)


def test_a_stream_that_cannot_seek_is_spooled_and_validated() -> None:
    data = build.jpeg_bytes(40, 30)
    stream = build.CountingStream(len(data), head=data)
    result = validate_upload(stream, filename="photo.jpg", max_bytes=TEN_MB)
    assert (result.kind, result.width, result.sha256) == (
        "jpeg",
        40,
        hashlib.sha256(data).hexdigest(),
    )


# --------------------------------------------------------------------------------------------
# Size
# --------------------------------------------------------------------------------------------


def test_an_empty_file_is_refused_with_what_to_do() -> None:
    error = rejection(b"")
    assert isinstance(error, EmptyFile)
    assert (error.code, error.http_status) == ("empty", 422)
    assert error.message_en == "The file is empty. Choose the file again and upload it."
    assert (
        error.message_fr == "Le fichier est vide. Choisissez de nouveau le fichier et déposez-le."
    )


def test_a_file_over_the_limit_is_refused_with_the_limit_in_both_languages() -> None:
    error = rejection(build.pdf_bytes() + b"\n" * TEN_MB)
    assert isinstance(error, FileTooLarge)
    assert (error.code, error.http_status) == ("too_large", 413)
    assert error.message_en == (
        "The file is larger than 10 MB. Compress it or split it, then upload again."
    )
    assert error.message_fr == (
        "Le fichier dépasse 10\u00a0Mo. Compressez-le ou divisez-le, puis déposez-le de nouveau."
    )


def test_reading_stops_one_chunk_after_the_limit() -> None:
    stream = build.CountingStream(200 * 1024 * 1024, head=b"%PDF-1.7\n")
    with pytest.raises(FileTooLarge):
        validate_upload(stream, filename="huge.pdf", max_bytes=TEN_MB)
    assert TEN_MB < stream.bytes_read <= TEN_MB + CHUNK_SIZE


def test_sizes_are_formatted_as_people_read_them() -> None:
    assert format_size(10 * 1024 * 1024) == "10 MB"
    assert format_size(int(2.5 * 1024 * 1024), "fr") == "2,5\u00a0Mo"
    assert format_size(500 * 1024) == "500 KB"
    assert format_size(100) == "100 bytes"


# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (build.elf_bytes(), "a program (an executable file)"),
        (build.pe_bytes(), "a program (an executable file)"),
        (build.shell_script_bytes(), "a script"),
        (build.zip_bytes(), "a compressed archive"),
        (build.html_bytes(), "a web page"),
        (build.gif_bytes(), "an image in GIF format"),
    ],
    ids=["elf", "pe", "shell-script", "zip", "html", "gif"],
)
def test_a_renamed_file_of_another_type_is_refused_and_named(data: bytes, what: str) -> None:
    error = rejection(data, "certificate.pdf")
    assert isinstance(error, TypeNotAllowed)
    assert (error.code, error.http_status) == ("type_not_allowed", 415)
    assert error.message_en == (
        f"This file is {what}, which is not accepted here. Upload a PDF, JPEG or PNG file instead."
    )
    assert "Déposez plutôt un fichier PDF, JPEG ou PNG." in error.message_fr


def test_an_unrecognised_file_is_refused_with_the_accepted_types() -> None:
    error = rejection(b"Dear committee,\nplease find my letter.\n", "letter.pdf")
    assert isinstance(error, TypeNotAllowed)
    assert error.message_en == (
        "This type of file is not accepted here. Upload a PDF, JPEG or PNG file instead."
    )
    assert error.message_fr == (
        "Ce type de fichier n'est pas accepté ici. Déposez plutôt un fichier PDF, JPEG ou PNG."
    )


def test_a_valid_file_of_a_kind_the_requirement_does_not_accept_is_refused() -> None:
    error = rejection(build.png_bytes(), "photo.png", allowed_types=["pdf"])
    assert isinstance(error, TypeNotAllowed)
    assert error.message_en.endswith("Upload a PDF file instead.")


# --------------------------------------------------------------------------------------------
# Polyglots and hidden payloads
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        build.pdf_bytes() + build.zip_bytes(),
        build.png_bytes() + build.zip_bytes(),
        build.jpeg_bytes() + build.zip_bytes(),
        build.png_with_chunk_before_iend(b"prVt", build.elf_bytes()),
        build.png_with_chunk_before_iend(b"prVt", build.pe_bytes()),
        build.png_bytes() + build.random_bytes(4096),
        build.jpeg_bytes() + build.random_bytes(4096),
        b"junk before the header\n" + build.pdf_bytes(),
        build.png_with_chunk_before_iend(b"tEXt", b"Comment\x00%PDF-1.7\n"),
        build.pdf_bytes() + build.random_bytes(4096),
    ],
    ids=[
        "pdf+zip",
        "png+zip",
        "jpeg+zip",
        "png-with-elf-inside",
        "png-with-pe-inside",
        "png+trailing-data",
        "jpeg+trailing-data",
        "data-before-pdf-header",
        "png-that-is-also-a-pdf",
        "pdf+trailing-data",
    ],
)
def test_a_file_that_hides_data_or_mixes_formats_is_refused(data: bytes) -> None:
    error = rejection(data, "document")
    assert isinstance(error, PolyglotFile)
    assert (error.code, error.http_status) == ("polyglot", 422)
    assert "save or export it again" in error.message_en
    assert error.detail, "the log says what was found"


def test_a_zip_found_only_by_its_end_record_is_refused() -> None:
    # An archive whose local headers are unreadable still opens from its central directory.
    archive = bytearray(build.zip_bytes())
    archive[4] = 0xFF  # spoil the version of the local header so only the end record is left
    error = rejection(build.pdf_bytes() + bytes(archive))
    assert isinstance(error, PolyglotFile)


# --------------------------------------------------------------------------------------------
# PDFs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        build.truncated_pdf(0.6),
        build.truncated_pdf(0.95),
        b"%PDF-1.7\n" + build.random_bytes(5000) + b"\n%%EOF\n",
        build.pdf_bytes()[:200] + build.pdf_bytes()[300:],
    ],
    ids=["truncated", "truncated-near-the-end", "garbage", "hole-in-the-middle"],
)
def test_a_damaged_pdf_is_refused(data: bytes) -> None:
    error = rejection(data)
    assert isinstance(error, DamagedFile)
    assert (error.code, error.http_status) == ("damaged", 422)
    assert error.message_en == (
        "The file is damaged or incomplete and cannot be opened. Save or scan the document "
        "again, then upload it."
    )


@pytest.mark.parametrize(
    "data",
    [
        build.encrypted_pdf(user_password="secret"),
        build.encrypted_pdf(user_password="", owner_password="owner"),
    ],
    ids=["password-to-open", "owner-password-only"],
)
def test_an_encrypted_pdf_is_refused_with_how_to_remove_the_password(data: bytes) -> None:
    error = rejection(data)
    assert isinstance(error, EncryptedPdf)
    assert error.code == "encrypted"
    assert error.message_en.startswith(
        "The PDF is password-protected: remove the password and upload again."
    )
    assert "retirez le mot de passe" in error.message_fr


@pytest.mark.parametrize(
    "data",
    [
        build.pdf_with_javascript(),
        build.pdf_with_open_action_javascript(),
        build.pdf_with_outline_javascript(),
        build.pdf_with_orphan_javascript(),
    ],
    ids=["names-tree", "open-action", "bookmark", "unreferenced-object"],
)
def test_a_pdf_with_javascript_is_refused(data: bytes) -> None:
    error = rejection(data)
    assert isinstance(error, PdfHasJavaScript)
    assert (error.code, error.http_status) == ("pdf_javascript", 422)


@pytest.mark.parametrize(
    "data",
    [build.pdf_with_attachment(), build.pdf_with_launch_link()],
    ids=["attachment", "launch-action"],
)
def test_a_pdf_with_embedded_files_or_launch_actions_is_refused(data: bytes) -> None:
    error = rejection(data)
    assert isinstance(error, PdfHasEmbeddedFiles)
    assert (error.code, error.http_status) == ("pdf_embedded_files", 422)


def test_a_pdf_without_pages_is_refused() -> None:
    error = rejection(build.pdf_without_pages())
    assert isinstance(error, PdfHasNoPages)
    assert error.code == "pdf_no_pages"


def feed_in_pieces(data: bytes, size: int) -> list[str]:
    scanner = _PdfNameScanner()
    for start in range(0, len(data), size):
        scanner.feed(data[start : start + size])
    scanner.feed(b"", final=True)
    return scanner.found


@pytest.mark.parametrize("piece", [1, 3, 7, 64, 4096])
def test_the_raw_scan_finds_risky_names_across_chunk_boundaries(piece: int) -> None:
    data = (
        b"1 0 obj << /Type /Action /S /J#61vaScript /JS (x) >> endobj\n"
        b"2 0 obj << /Length 20 >>\nstream\n/JS /AA /Launch inside\nendstream endobj\n"
        b"3 0 obj << /JSX 1 /AAA 2 /AA << >> /EmbeddedFile 1 >> endobj\n"
    )
    assert feed_in_pieces(data, piece) == ["JavaScript", "JS", "AA", "EmbeddedFile"]


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    size = build.write_png(path, 8000, 8000, level=9)  # 64 million pixels in a tiny file
    assert size < 200_000
    with path.open("rb") as upload, pytest.raises(ImageTooManyPixels) as caught:
        validate_upload(upload, filename="bomb.png", max_bytes=TEN_MB)
    error = caught.value
    assert (error.code, error.http_status) == ("image_too_many_pixels", 422)
    assert error.message_en == (
        "The image is too large in pixels (8000 × 8000; the limit is 50 million pixels). "
        "Reduce its resolution, then upload it again."
    )
    assert error.message_fr.startswith("L'image est trop grande en pixels")


def test_a_tiny_file_declaring_a_huge_canvas_is_refused() -> None:
    error = rejection(build.png_declaring_size(100_000, 100_000), "tiny.png")
    assert isinstance(error, ImageTooManyPixels)


def test_pillows_own_bomb_limit_still_applies_when_ours_is_raised() -> None:
    error = rejection(build.png_declaring_size(20_000, 20_000), "tiny.png", max_pixels=10**12)
    assert isinstance(error, ImageTooManyPixels)
    assert "limit is 89.5 million pixels" in error.message_en


def test_the_pixel_limit_can_be_lowered() -> None:
    error = rejection(build.png_bytes(100, 100), "photo.png", max_pixels=5_000)
    assert isinstance(error, ImageTooManyPixels)
    assert "(100 × 100; the limit is 5,000 pixels)" in error.message_en


@pytest.mark.parametrize(
    "data",
    [
        build.truncated(build.png_bytes(300, 300, mode="RGB"), 0.6),
        build.truncated(build.jpeg_bytes(300, 300), 0.6),
        build.truncated(build.jpeg_bytes(300, 300), 0.98),
        build.png_with_bad_crc(),
    ],
    ids=["truncated-png", "truncated-jpeg", "jpeg-missing-its-end", "png-bad-crc"],
)
def test_a_damaged_image_is_refused(data: bytes) -> None:
    error = rejection(data, "scan.png")
    assert isinstance(error, DamagedFile)


# --------------------------------------------------------------------------------------------
# Whatever the bytes, the answer is a verdict, never a crash
# --------------------------------------------------------------------------------------------

SAMPLES = [
    build.pdf_bytes(pages=2),
    build.pdf_with_attachment(),
    build.png_bytes(20, 10),
    build.jpeg_bytes(20, 10),
    build.jpeg_bytes(20, 10, progressive=True),
]


@settings(max_examples=250, deadline=None)
@given(
    sample=st.sampled_from(SAMPLES),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), max_size=4),
    cut=st.floats(0.05, 1.0),
)
def test_corrupted_files_are_accepted_or_refused_but_never_crash(
    sample: bytes, edits: list[tuple[float, bytes]], cut: float
) -> None:
    data = bytearray(sample)
    for where, replacement in edits:
        at = int(where * (len(data) - 1))
        data[at : at + len(replacement)] = replacement
    data = data[: max(1, int(len(data) * cut))]
    try:
        result = validate(bytes(data), "fuzz")
    except UploadRejected as error:
        assert error.code and error.message_en and error.message_fr
    else:
        assert result.kind in {"pdf", "jpeg", "png"}


# --------------------------------------------------------------------------------------------
# Virus scanning
# --------------------------------------------------------------------------------------------


class FakeScanner:
    def __init__(self, result: ScanResult | Exception) -> None:
        self.result = result
        self.seen = b""

    def scan(self, fileobj: BinaryIO) -> ScanResult:
        self.seen = fileobj.read()
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def test_the_scanner_sees_the_whole_file_once_the_other_checks_pass() -> None:
    data = build.pdf_bytes()
    scanner = FakeScanner(ScanResult(clean=True))
    assert validate(data, scanner=scanner).kind == "pdf"
    assert scanner.seen == data


def test_a_file_the_scanner_flags_is_refused() -> None:
    error = rejection(build.pdf_bytes(), scanner=FakeScanner(ScanResult(False, "Eicar-Test")))
    assert isinstance(error, InfectedFile)
    assert (error.code, error.http_status, error.signature) == ("infected", 422, "Eicar-Test")
    assert "Eicar" not in error.message_en, "the applicant is not shown scanner internals"


def test_an_unreachable_scanner_fails_closed_with_a_retry_message() -> None:
    error = rejection(build.pdf_bytes(), scanner=FakeScanner(ScannerError("down")))
    assert isinstance(error, ScanUnavailable)
    assert (error.code, error.http_status) == ("scan_unavailable", 503)
    assert error.message_en.endswith("Try again in a few minutes.")


INFECTED_MARKER = b"NOT-A-REAL-VIRUS-TEST-MARKER"


class FakeClamdHandler(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM protocol: zINSTREAM\\0, length-prefixed chunks, zero length."""

    def handle(self) -> None:
        stream = self.request.makefile("rb")
        command = b""
        while not command.endswith(b"\0"):
            command += stream.read(1)
        received = b""
        while length := struct.unpack("!I", stream.read(4))[0]:
            received += stream.read(length)
        server: Any = self.server
        server.received.append((command, received))
        if server.reply is not None:
            reply = server.reply
        elif INFECTED_MARKER in received:
            reply = b"stream: Test.Marker-1 FOUND\0"
        else:
            reply = b"stream: OK\0"
        self.request.sendall(reply)


@pytest.fixture(params=["unix", "tcp"])
def clamd(request: pytest.FixtureRequest) -> Iterator[tuple[ClamdScanner, Any]]:
    server: Any
    if request.param == "unix":
        folder = tempfile.mkdtemp(prefix="clamd")  # short: Unix socket paths are limited
        server = socketserver.ThreadingUnixStreamServer(f"{folder}/clamd.sock", FakeClamdHandler)
        scanner = ClamdScanner(f"{folder}/clamd.sock", timeout=5)
    else:
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeClamdHandler)
        scanner = ClamdScanner.from_url(f"tcp://127.0.0.1:{server.server_address[1]}", timeout=5)
    server.received, server.reply = [], None
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield scanner, server
    server.shutdown()
    server.server_close()
    thread.join()
    if request.param == "unix":
        shutil.rmtree(folder, ignore_errors=True)


def test_clamd_receives_the_file_in_chunks_and_answers_clean(clamd: Any) -> None:
    scanner, server = clamd
    data = build.random_bytes(3 * CHUNK_SIZE + 17)
    assert scanner.scan(io.BytesIO(data)) == ScanResult(clean=True)
    assert server.received == [(b"zINSTREAM\0", data)]


def test_clamd_reports_the_signature_it_found(clamd: Any) -> None:
    scanner, _server = clamd
    result = scanner.scan(io.BytesIO(b"prefix " + INFECTED_MARKER))
    assert result == ScanResult(clean=False, signature="Test.Marker-1")


def test_clamd_errors_become_scanner_errors(clamd: Any) -> None:
    scanner, server = clamd
    server.reply = b"INSTREAM size limit exceeded. ERROR\0"
    with pytest.raises(ScannerError, match="size limit exceeded"):
        scanner.scan(io.BytesIO(b"data"))


def test_an_infected_upload_is_refused_through_clamd(clamd: Any) -> None:
    scanner, _server = clamd
    data = build.png_with_chunk_before_iend(b"tEXt", b"Comment\x00" + INFECTED_MARKER)
    error = rejection(data, "photo.png", scanner=scanner)
    assert isinstance(error, InfectedFile)
    assert error.signature == "Test.Marker-1"


def test_a_missing_clamd_is_a_scanner_error(tmp_path: Path) -> None:
    with pytest.raises(ScannerError, match="cannot reach clamd"):
        ClamdScanner(str(tmp_path / "nowhere.sock")).scan(io.BytesIO(b"x"))


def test_clamd_is_configured_by_url_or_arguments() -> None:
    unix = ClamdScanner.from_url("unix:///run/clamav/clamd.ctl")
    assert unix.socket_path == "/run/clamav/clamd.ctl"
    tcp = ClamdScanner.from_url("tcp://clamav")
    assert (tcp.host, tcp.port) == ("clamav", 3310)
    with pytest.raises(ValueError):
        ClamdScanner.from_url("http://clamav")
    with pytest.raises(ValueError):
        ClamdScanner()


# --------------------------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd", None, "passwd"),
        ("C:\\Users\\amina\\Desktop\\CV Amina.pdf", "pdf", "CV Amina.pdf"),
        ("..\\..\\windows/system32/evil.pdf", "pdf", "evil.pdf"),
        ("cv\x00.pdf\x07\x1b[31m", "pdf", "cv.pdf[31m.pdf"),
        ("report\u202egpj.exe", "jpeg", "reportgpj.jpg"),
        ("...hidden.pdf", "pdf", "hidden.pdf"),
        ("-rf.pdf", "pdf", "rf.pdf"),
        ("CON.pdf", "pdf", "_CON.pdf"),
        ("lpt1", "png", "_lpt1.png"),
        ("  lettre   de\tmotivation .pdf ", "pdf", "lettre de motivation.pdf"),
        ("ｃｖ／ｐｈｏｔｏ．ＪＰＧ", "jpeg", "photo.jpg"),
        ("diploma.exe", "pdf", "diploma.pdf"),
        ("photo.JPEG", "jpeg", "photo.jpeg"),
        ("scan.png", "pdf", "scan.pdf"),
        ("Dr. Martin's letter", "pdf", "Dr. Martin's letter.pdf"),
        ('what?<is>:this|*"', "pdf", "what__is__this___.pdf"),
        ("", "pdf", "document.pdf"),
        ("/", "png", "document.png"),
        ("....", None, "document"),
        ("transcript.exe", None, "transcript"),
        ("transcript.PDF", None, "transcript.pdf"),
        ("Relevé de notes.pdf", "pdf", "Relevé de notes.pdf"),
    ],
)
def test_file_names_are_made_safe(name: str, kind: str | None, expected: str) -> None:
    assert sanitize_filename(name, kind) == expected


def test_long_file_names_are_cut_to_150_characters_keeping_the_extension() -> None:
    name = sanitize_filename("a" * 400 + ".pdf", "pdf")
    assert len(name) == 150
    assert name.endswith("a.pdf")
    accented = sanitize_filename("é" * 400 + ".pdf", "pdf")
    assert accented.endswith(".pdf")
    assert len(accented.encode("utf-8")) <= 240


# --------------------------------------------------------------------------------------------
# Errors as domain errors
# --------------------------------------------------------------------------------------------


def test_rejections_are_domain_errors_readable_without_django_settings() -> None:
    error = rejection(b"")
    assert isinstance(error, DomainError)
    assert str(error) == error.message_en
    assert error.message_for("fr-fr") == error.message_fr


# --------------------------------------------------------------------------------------------
# Memory stays bounded
# --------------------------------------------------------------------------------------------


def peak_python_memory(action: Callable[[], object]) -> int:
    """Peak of Python allocations during ``action``. tracemalloc sees Python objects (our
    chunks and buffers, pypdf's objects), not libmagic's or Pillow's C buffers."""
    validate(build.png_bytes(), "warm-up.png")  # first-use imports are not the upload's cost
    tracemalloc.start()
    with contextlib.suppress(UploadRejected):
        action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_refusing_a_50_mb_upload_over_the_limit_reads_little_and_stays_small(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.pdf"
    build.write_file(path, 50 * 1024 * 1024, head=build.pdf_bytes())
    with path.open("rb") as upload:
        peak = peak_python_memory(
            lambda: validate_upload(upload, filename="big.pdf", max_bytes=TEN_MB)
        )
        assert upload.tell() == 0
    # Measured: about 0.4 MB.
    assert peak < 5 * 1024 * 1024


def test_hashing_and_checking_a_50_mb_image_streams_it(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    size = build.write_png(path, 4096, 4096, grey=False, level=0)  # stored: 50 MB on disk
    assert size > 50_000_000
    results: list[ValidatedFile] = []
    with path.open("rb") as upload:
        peak = peak_python_memory(
            lambda: results.append(
                validate_upload(upload, filename="big.png", max_bytes=60 * 1024 * 1024)
            )
        )
    assert results[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert results[0].size == size
    # Measured: about 3 MB (chunks, the 64 KiB tail, Pillow's read buffers); the decoded
    # image itself (4096 × 4096 × 3 bytes) lives in Pillow's C memory, bounded by max_pixels.
    assert peak < 5 * 1024 * 1024


def test_a_20_mb_pdf_is_parsed_from_the_file_not_loaded_into_memory(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.pdf"
    size = build.write_large_pdf(path, target_bytes=20 * 1024 * 1024)
    assert size > 20_000_000
    results: list[ValidatedFile] = []
    with path.open("rb") as upload:
        peak = peak_python_memory(
            lambda: results.append(
                validate_upload(upload, filename="portfolio.pdf", max_bytes=30 * 1024 * 1024)
            )
        )
    assert results[0].page_count == 20
    # Measured: about 0.4 MB. pypdf seeks through the file; page content and images are
    # never read because the active-content walk skips /Contents and /Resources.
    assert peak < 5 * 1024 * 1024
