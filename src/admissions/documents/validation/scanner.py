"""Virus scanning: the ``Scanner`` protocol and the clamd client."""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import IO, Protocol
from urllib.parse import urlsplit

from admissions.documents.validation.kinds import CHUNK_SIZE

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
        assert self.host is not None  # nosec B101  # narrows the type: TCP mode has a host
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
