"""Uploads: 20 concurrent 5 MB PDFs through the real upload view, against a baseline.

    .venv/bin/python benchmarks/bench_uploads.py [--count 20] [--size-mb 5]

Serves the project on 127.0.0.1 (Django's threaded WSGI server, in this process) with a
throwaway SQLite database and storage folder, loads the seed programmes, and gives each of
``count`` applicants a draft application to the Post-Master's in AI. Then:

1. baseline: ``count`` threads write the same file to the storage backend
   (``default_storage.save``), with no HTTP, parsing or validation;
2. uploads: ``count`` threads post the file to ``portal:document-upload`` over HTTP at once
   (``http.client``, the body streamed from disk in 64 KiB chunks, never built in memory),
   each as its own signed-in applicant.

For each it prints the wall time, the throughput (MB/s) and the peak of Python memory
(tracemalloc) above the starting point, and the ratio of the uploads to the baseline. The
peak staying far below ``count × size`` shows that files are streamed: Django spools each
upload to a temporary file and the validator reads it in chunks.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

BOUNDARY = "----bench-uploads-boundary"
CSRF = "b" * 32


def setup_django(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["VAR_DIR"] = str(tmp)
    os.environ["EMAIL_BACKEND"] = "locmem"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "admissions.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def arrange(count: int) -> list[tuple[str, str]]:
    """(application reference, session cookie) for ``count`` applicants."""
    from django.test import Client
    from tests.documents.stories import application_for

    from admissions.catalogue.services import load_programme_files

    programme = load_programme_files([ROOT / "programmes"]).programmes["post-master-ai"]
    people = []
    for _ in range(count):
        application = application_for(programme)
        client = Client()
        client.force_login(application.applicant)
        people.append((application.reference, client.cookies["sessionid"].value))
    return people


def serve() -> tuple[object, int]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, server.server_address[1]


def multipart(path: Path) -> tuple[list[bytes], int]:
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{CSRF}\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="document_type"\r\n\r\ncv\r\n'
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="cv.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return [head, tail], len(head) + path.stat().st_size + len(tail)


def post_file(port: int, reference: str, session: str, path: Path) -> int:
    (head, tail), length = multipart(path)

    def body():
        yield head
        with path.open("rb") as source:
            while chunk := source.read(64 * 1024):
                yield chunk
        yield tail

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(
        "POST",
        f"/applications/{reference}/documents/upload/",
        body=body(),
        headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(length),
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-Requested-With": "XMLHttpRequest",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def measure(work, count: int) -> tuple[float, int, list]:
    results: list = [None] * count
    tracemalloc.start()
    tracemalloc.reset_peak()
    start_current, _ = tracemalloc.get_traced_memory()
    threads = [
        threading.Thread(target=lambda i=i: results.__setitem__(i, work(i))) for i in range(count)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak - start_current, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--size-mb", type=float, default=5.0)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    try:
        setup_django(tmp)
        from django.core.files import File
        from django.core.files.storage import default_storage
        from django.db import connections
        from tests.documents.filebuilders import write_large_pdf

        pdf = tmp / "five-mb.pdf"
        size = write_large_pdf(pdf, target_bytes=int(args.size_mb * 1024 * 1024))
        people = arrange(args.count)
        connections.close_all()
        total_mb = size * args.count / 1024 / 1024

        def baseline(i: int) -> str:
            with pdf.open("rb") as source:
                return default_storage.save(f"baseline/{i}.pdf", File(source))

        base_time, base_peak, _ = measure(baseline, args.count)

        server, port = serve()
        try:
            up_time, up_peak, statuses = measure(
                lambda i: post_file(port, people[i][0], people[i][1], pdf), args.count
            )
        finally:
            server.shutdown()
            server.server_close()
        from admissions.documents.models import Document

        stored = Document.objects.count()
        print(f"{args.count} files of {size / 1024 / 1024:.1f} MB ({total_mb:.0f} MB in all)")
        print(
            f"baseline (storage write only): {base_time:.2f} s, {total_mb / base_time:.0f} MB/s, "
            f"peak Python memory {base_peak / 1024 / 1024:.1f} MB"
        )
        print(
            f"uploads through the view:      {up_time:.2f} s, {total_mb / up_time:.0f} MB/s, "
            f"peak Python memory {up_peak / 1024 / 1024:.1f} MB"
        )
        print(f"statuses: {sorted(set(statuses))}; documents stored: {stored}")
        print(
            f"ratio uploads / baseline: time x{up_time / base_time:.1f}; peak memory "
            f"{up_peak / (size * args.count):.2f} of the bytes uploaded "
            f"({'streamed' if up_peak < size * args.count / 2 else 'NOT streamed'})"
        )
        return 0 if stored == args.count and set(statuses) == {201} else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
