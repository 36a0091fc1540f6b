"""Outbox throughput: queue N messages, deliver them to a local SMTP sink, compare with
sending the same emails straight through Django's SMTP backend.

    .venv/bin/python benchmarks/bench_outbox.py [--count 50000] [--batch 500] [--via-tasks]

It sets Django up by itself with a throwaway SQLite database in a temporary folder (or the
database in DATABASE_URL: give it a throwaway one, the benchmark writes N messages to it),
starts a minimal SMTP sink in a child process on 127.0.0.1 (an ephemeral port), and prints:

- queueing: render + insert + delivery task, in transactions of ``--batch`` messages;
- baseline: the same emails (read back in chunks) sent through one SMTP connection;
- outbox delivery: ``deliver_due_messages`` batches (claim, mark sending, send, mark sent),
  or with ``--via-tasks`` the per-message tasks run by the django-tasks database worker;
- the ratio of outbox delivery to the baseline, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- A minimal SMTP sink ----------------------------------------------------------------------


async def _session(reader, writer, counter) -> None:
    try:
        await _converse(reader, writer, counter)
    except ConnectionError:  # the start-up probe connects and hangs up without a word
        pass
    finally:
        writer.close()


async def _converse(reader, writer, counter) -> None:
    writer.write(b"220 sink.local ESMTP ready\r\n")
    await writer.drain()
    in_data = False
    while True:
        line = await reader.readline()
        if not line:
            break
        if in_data:
            if line in (b".\r\n", b".\n"):
                in_data = False
                with counter.get_lock():
                    counter.value += 1
                writer.write(b"250 2.0.0 queued\r\n")
                await writer.drain()
            continue
        verb = line[:4].upper()
        if verb == b"EHLO":
            writer.write(b"250-sink.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
        elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
            writer.write(b"250 2.0.0 OK\r\n")
        elif verb == b"DATA":
            in_data = True
            writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
        elif verb == b"QUIT":
            writer.write(b"221 2.0.0 Bye\r\n")
            await writer.drain()
            break
        else:
            writer.write(b"502 5.5.2 Command not recognised\r\n")
        await writer.drain()


def _serve(port_pipe, counter) -> None:
    async def main() -> None:
        server = await asyncio.start_server(
            lambda reader, writer: _session(reader, writer, counter), "127.0.0.1", 0
        )
        port_pipe.send(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def start_sink() -> tuple[multiprocessing.Process, int, object]:
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, counter), daemon=True)
    process.start()
    port = parent.recv()
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    return process, port, counter


# --- The benchmark ----------------------------------------------------------------------------


def setup_django(tmp: Path, port: int) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["VAR_DIR"] = str(tmp)
    os.environ["EMAIL_BACKEND"] = "smtp"
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_PORT"] = str(port)
    os.environ["TASKS_BACKEND"] = "database"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "admissions.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def queue_all(count: int, batch: int) -> float:
    from django.db import transaction

    from admissions.notifications.events import get_event
    from admissions.notifications.services import queue_message

    sample = get_event("decision_admitted").sample
    started = time.perf_counter()
    for first in range(0, count, batch):
        with transaction.atomic():
            for number in range(first, min(first + batch, count)):
                reference = f"PMAI-2027-{number:05d}"
                queue_message(
                    recipient_email=f"applicant{number}@example.org",
                    template="decision_admitted",
                    context={
                        **sample,
                        "application_ref": reference,
                        "recipient_name": f"Applicant {number}",
                    },
                    language="fr" if number % 2 else "en",
                    idempotency_key=f"bench:{reference}:admitted",
                )
    return time.perf_counter() - started


def send_directly(batch: int) -> float:
    """The baseline: the same emails, read back in chunks, sent over one SMTP connection."""
    from django.core.mail import EmailMultiAlternatives, get_connection

    from admissions.notifications.models import OutboxMessage

    rows = OutboxMessage.objects.order_by("id").values_list(
        "recipient_email", "subject", "body_text", "body_html"
    )
    started = time.perf_counter()
    connection = get_connection()
    connection.open()
    try:
        for to, subject, text, html in rows.iterator(chunk_size=batch):
            email = EmailMultiAlternatives(subject, text, None, [to], connection=connection)
            email.attach_alternative(html, "text/html")
            connection.send_messages([email])
    finally:
        connection.close()
    return time.perf_counter() - started


def deliver_with_sweeps(batch: int, workers: int) -> float:
    """``workers`` threads, each with its own database and SMTP connections, running
    ``deliver_due_messages`` until nothing is due (they share the queue through the claim)."""
    import threading

    from django.db import connection
    from django.utils import timezone

    from admissions.notifications.services import deliver_due_messages

    later = timezone.now() + dt.timedelta(minutes=1)
    failures: list[str] = []

    def work() -> None:
        try:
            while True:
                report = deliver_due_messages(now=later, limit=batch)
                if report.retrying or report.dead:
                    failures.extend(report.errors[:3])
                    return
                if report.attempted == 0 and report.skipped == 0 and report.bounced == 0:
                    return
        finally:
            connection.close()

    started = time.perf_counter()
    if workers == 1:
        work()
    else:
        threads = [threading.Thread(target=work) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"delivery failed: {failures}")
    return elapsed


def deliver_with_tasks() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(
        "db_worker",
        queue_name="mail",
        batch=True,
        interval=0,
        startup_delay=False,
        reload=False,
        verbosity=0,
    )
    return time.perf_counter() - started


def load() -> str:
    """The machine's load (1, 5, 15 minutes): other work running skews every number."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f} messages/s ({seconds:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--via-tasks",
        action="store_true",
        help="deliver through the per-message tasks and the database worker",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="delivery threads sharing the queue (PostgreSQL: SKIP LOCKED claims)",
    )
    arguments = parser.parse_args()
    count = arguments.count

    sink, port, received = start_sink()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-outbox-") as folder:
            setup_django(Path(folder), port)
            from django.db import connection

            from admissions.notifications.models import MessageStatus, OutboxMessage

            print(
                f"outbox benchmark: {count:,} messages, {connection.vendor}, SMTP sink on :{port}"
            )
            print(f"  load average at start:            {load()}")
            queued = queue_all(count, arguments.batch)
            print(f"  queue (render + insert + task):   {rate(count, queued)}")

            baseline = send_directly(arguments.batch)
            assert received.value == count, f"sink got {received.value} of {count}"
            print(f"  baseline (Django SMTP, direct):   {rate(count, baseline)}")

            received.value = 0
            delivered = (
                deliver_with_tasks()
                if arguments.via_tasks
                else deliver_with_sweeps(arguments.batch, arguments.workers)
            )
            sent = OutboxMessage.objects.filter(status=MessageStatus.SENT).count()
            assert sent == count == received.value, f"sent {sent}, sink got {received.value}"
            how = (
                "per-message tasks"
                if arguments.via_tasks
                else f"deliver_due_messages, {arguments.workers} worker(s)"
            )
            print(f"  outbox delivery ({how}): {rate(count, delivered)}")
            print(f"  ratio outbox / baseline:          {baseline / delivered:.2f}")
            print(f"  ratio queue+deliver / baseline:   {baseline / (queued + delivered):.2f}")
            print(f"  load average at end:              {load()}")
            connection.close()
    finally:
        sink.terminate()
        sink.join(timeout=5)


if __name__ == "__main__":
    main()
