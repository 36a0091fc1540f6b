"""Image checks: a walk of the PNG chunks and JPEG markers to find where the image ends,
then a real decode with Pillow within a pixel budget."""

from __future__ import annotations

import struct
from typing import IO

from PIL import Image

from admissions.documents.validation.errors import (
    DamagedFile,
    ImageTooManyPixels,
    PolyglotFile,
    UploadRejected,
)
from admissions.documents.validation.kinds import (
    _IMAGE_TRAILING_TOLERANCE,
    _JPEG_SIGNATURE,
    _MAX_APPENDED_IMAGES,
    _PNG_SIGNATURE,
    CHUNK_SIZE,
    _Kind,
)

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
    assert kind.pillow_format is not None  # nosec B101  # narrows the type: image kinds have a format
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
