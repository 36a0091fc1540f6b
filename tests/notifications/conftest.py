"""Helpers for the notification stories: running the mail queue, mounting the pages, and a
local HTTP server to receive webhooks."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from admissions.notifications.events import _REGISTRY as EVENT_REGISTRY
from admissions.notifications.events import EventSpec, register_event

ON_POSTGRESQL = connection.vendor == "postgresql"
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason=(
        "Concurrent workers need real row locks (SELECT … FOR UPDATE SKIP LOCKED): run with "
        "DATABASE_URL=postgres://… ; the SQLite variant of the claim is tested separately."
    ),
)


def run_mail_queue() -> None:
    """Run the django-tasks database worker over the "mail" queue until it is empty."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker",
            queue_name="mail",
            batch=True,
            interval=0,
            startup_delay=False,
            reload=False,
            verbosity=0,
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.fixture
def mail_queue() -> Callable[[], None]:
    return run_mail_queue


@pytest.fixture
def notification_pages() -> None:
    """The inbox and the staff pages are mounted by the project's urls.py."""
    reverse("portal:inbox")
    reverse("staff:notifications")


@pytest.fixture
def test_event() -> Iterator[str]:
    """An event that exists only for a test: no file templates at all."""
    code = "test_only_notice"
    register_event(
        EventSpec(code, "A notice used by tests.", ("recipient_name",), {"recipient_name": "Ada"})
    )
    try:
        yield code
    finally:
        EVENT_REGISTRY.pop(code, None)


# --- A local HTTP server that receives webhooks ----------------------------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    url: str
    requests: list[Received] = field(default_factory=list)


def _handler(status: int, delay: float, requests: list[Received]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            requests.append(Received(dict(self.headers.items()), body))
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"accepted" if status < 300 else b"something broke on our side")
            except OSError:  # the client gave up waiting (the timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def webhook_receiver() -> Iterator[Callable[..., WebhookReceiver]]:
    """Start HTTP servers on 127.0.0.1 (ephemeral ports) answering ``status`` after ``delay``."""
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(status: int = 200, delay: float = 0.0) -> WebhookReceiver:
        requests: list[Received] = []
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(status, delay, requests))
        server.daemon_threads = True
        server.block_on_close = False
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.daemon = True
        thread.start()
        servers.append((server, thread))
        host, port = server.server_address[:2]
        return WebhookReceiver(url=f"http://{host}:{port}/hooks/admissions", requests=requests)

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def english_by_default():
    """Each story starts in English, and a page visited in French does not leak its
    language into the next test (Django keeps the last activated language per thread)."""
    from django.utils import translation

    with translation.override("en"):
        yield
