"""Where document blobs live: the default storage backend, under unguessable names.

Nothing here builds a URL: blobs are read back only through permission-checked views.
"""

from __future__ import annotations

import secrets
from typing import IO
from urllib.parse import urlparse

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from admissions.documents.validation import ClamdScanner, Scanner

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def new_name(content_type: str) -> str:
    """A fresh path that says nothing about the applicant or the file."""
    token = secrets.token_hex(16)
    return f"documents/{token[:2]}/{token}.{_EXTENSIONS.get(content_type, 'bin')}"


def save(fileobj: IO[bytes], content_type: str) -> str:
    """Store ``fileobj`` (streamed in chunks by the storage) and return its stored name.

    The storage never overwrites: a name already taken gets another one.
    """
    fileobj.seek(0)
    return default_storage.save(new_name(content_type), File(fileobj))


def open_blob(name: str) -> IO[bytes]:
    return default_storage.open(name, "rb")


def delete_blob(name: str) -> None:
    default_storage.delete(name)


def scanner() -> Scanner | None:
    """The virus scanner configured by ``CLAMAV_URL`` (``unix:///path`` or
    ``tcp://host:port``), or ``None`` when scanning is off."""
    url = getattr(settings, "CLAMAV_URL", "") or ""
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme == "unix":
        return ClamdScanner(parsed.path)
    return ClamdScanner(host=parsed.hostname or "127.0.0.1", port=parsed.port or 3310)
