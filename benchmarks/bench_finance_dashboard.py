"""The finance dashboard and the CSV export over a busy year: 20,000 fees, 10,000 payments,
5,000 quotes.

    .venv/bin/python benchmarks/bench_finance_dashboard.py [--fees N] [--database-url URL]

Builds a throwaway database (a temporary SQLite file by default; with ``--database-url
postgres://user@host:port/`` a temporary database on that server, dropped at the end), loads
the seed programmes from programmes/*.yaml and bulk-creates, over their 2027 intakes: N
applications (10% drafts, the rest spread over the rounds) each with its fee in every status,
N/2 received payments with their receipts, refunds on 2% of them, waiver requests on 5% of
the fees, and N/4 quotes (revised ones with a superseded first version) with their funding
routes.

Then it times, each against a baseline measured in the same run:

1. the dashboard (``selectors.dashboard.finance_dashboard`` over every programme): against
   a plain ``count()`` of each table it reads (fees, payments, refunds, quotes);
2. the CSV export (``fee_export.export_fees`` written by the export view's ``csv_lines``, the
   same code the streaming response runs): against reading the same fee rows with
   ``values_list`` and writing them with ``csv.writer``; with the export's peak Python
   memory, which stays bounded by its chunk, not by the number of rows.

It prints seconds, rows per second and the ratios. Timings are the median of ``--repeat``
runs.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

NOW_ISO = "2027-03-01T10:00:00+01:00"


# --------------------------------------------------------------------------------------------
# The throwaway database


@contextlib.contextmanager
def throwaway_database(url: str | None) -> Iterator[str]:
    if not url:
        folder = tempfile.mkdtemp(prefix="bench-finance-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = f"admissions_bench_{os.getpid()}_{secrets.token_hex(3)}"
    server = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    conninfo = server.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(conninfo, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # no query log kept in memory
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "admissions.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --------------------------------------------------------------------------------------------
# Bulk creation


def _batches(total: int, size: int = 5000) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(start + size, total)


def create_data(fees: int, seed: int) -> dict[str, int]:
    from django.contrib.auth.hashers import make_password

    from admissions.accounts.models import User
    from admissions.applications.models import Application
    from admissions.applications.states import Status
    from admissions.catalogue.models import EntryLevel, Intake
    from admissions.catalogue.services import load_programme_files
    from admissions.finance.models import (
        ApplicationFee,
        FeeStatus,
        FeeWaiver,
        FundingRoute,
        Payment,
        PaymentMethod,
        PaymentStatus,
        Quote,
        QuoteFunding,
        QuoteStatus,
        Receipt,
        Refund,
        WaiverStatus,
    )
    from admissions.finance.services.ledger import creditor_reference

    load_programme_files([ROOT / "programmes"])
    rng = random.Random(seed)
    now = dt.datetime.fromisoformat(NOW_ISO)
    levels = list(EntryLevel.objects.select_related("programme"))
    intakes = {
        intake.programme_id: intake
        for intake in Intake.objects.filter(academic_year=2027).prefetch_related("rounds")
    }
    levels = [level for level in levels if level.programme_id in intakes]
    no_password = make_password(None)
    staff = User.objects.create(email="bench-finance@example.org", password=no_password)

    counters: dict[str, int] = {}
    payments_left = fees // 2
    quotes_left = fees // 4
    receipt_number = 0
    quote_number = 0
    counts = {"fees": 0, "payments": 0, "refunds": 0, "waivers": 0, "quotes": 0, "funding": 0}
    routes = [route.value for route in FundingRoute]
    for start, stop in _batches(fees):
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench{i}@example.org",
                    password=no_password,
                    first_name=rng.choice(["Camille", "Léa", "=cmd", "Youssef", "Anh"]),
                    last_name="Martin",
                )
                for i in range(start, stop)
            ]
        )
        applications = []
        for user in users:
            level = rng.choice(levels)
            intake = intakes[level.programme_id]
            rounds = list(intake.rounds.all())
            draft = rng.random() < 0.1
            prefix = level.programme.reference_prefix
            counters[prefix] = counters.get(prefix, 0) + 1
            applications.append(
                Application(
                    reference=f"{prefix}-2027-{counters[prefix]:06d}",
                    applicant=user,
                    programme=level.programme,
                    intake=intake,
                    entry_level=level,
                    round=None if draft else rng.choice(rounds),
                    status=Status.DRAFT if draft else Status.SUBMITTED,
                    submitted_at=None if draft else now,
                    created_at=now,
                    updated_at=now,
                )
            )
        applications = Application.objects.bulk_create(applications)
        fee_rows = []
        for application in applications:
            amount = application.programme.application_fee_cents or 15_000
            status = rng.choices(
                [FeeStatus.PAID, FeeStatus.DUE, FeeStatus.WAIVED, FeeStatus.DEFERRED],
                weights=[55, 30, 8, 7],
            )[0]
            fee_rows.append(
                ApplicationFee(
                    application=application,
                    full_amount_cents=amount,
                    amount_cents=amount,
                    currency=application.programme.currency,
                    status=status,
                    transfer_reference=creditor_reference(application.reference),
                    created_at=now,
                    updated_at=now,
                )
            )
        fee_rows = ApplicationFee.objects.bulk_create(fee_rows)
        counts["fees"] += len(fee_rows)

        payments, waivers = [], []
        for fee in fee_rows:
            # Every paid fee has its payment; one due fee in ten was partly paid.
            full = fee.status == FeeStatus.PAID
            partial = fee.status == FeeStatus.DUE and rng.random() < 0.1
            if payments_left and (full or partial):
                payments_left -= 1
                payments.append(
                    Payment(
                        fee=fee,
                        method=rng.choice(list(PaymentMethod)),
                        status=PaymentStatus.SUCCEEDED,
                        amount_cents=fee.amount_cents if full else fee.amount_cents // 2,
                        currency=fee.currency,
                        received_on=now.date(),
                        created_at=now,
                        succeeded_at=now,
                    )
                )
            if rng.random() < 0.05 or fee.status == FeeStatus.WAIVED:
                waivers.append(
                    FeeWaiver(
                        fee=fee,
                        status=WaiverStatus.GRANTED
                        if fee.status == FeeStatus.WAIVED
                        else WaiverStatus.REFUSED,
                        reason="Job-seeker.",
                        requested_by=staff,
                        requested_at=now,
                    )
                )
        payments = Payment.objects.bulk_create(payments)
        counts["payments"] += len(payments)
        FeeWaiver.objects.bulk_create(waivers)
        counts["waivers"] += len(waivers)
        receipts, refunds = [], []
        for payment in payments:
            receipt_number += 1
            receipts.append(
                Receipt(
                    number=f"R-2027-{receipt_number:06d}",
                    year=2027,
                    sequence=receipt_number,
                    payment=payment,
                    issued_at=now,
                    payer_name="Camille Martin",
                    payer_email="camille@example.org",
                    amount_cents=payment.amount_cents,
                    currency=payment.currency,
                    description_en="Application fee",
                    description_fr="Frais de candidature",
                )
            )
            if rng.random() < 0.02:
                refunds.append(
                    Refund(
                        payment=payment,
                        amount_cents=payment.amount_cents,
                        currency=payment.currency,
                        reason="Withdrew.",
                        refunded_by=staff,
                        refunded_at=now,
                    )
                )
        Receipt.objects.bulk_create(receipts)
        Refund.objects.bulk_create(refunds)
        counts["refunds"] += len(refunds)

        quotes, funded = [], []
        for application in applications:
            if not quotes_left or application.round_id is None or rng.random() < 0.6:
                continue
            quote_number += 1
            tuition = application.programme.tuition_cents or 1_850_000
            status = rng.choices(
                [QuoteStatus.REQUESTED, QuoteStatus.ISSUED, QuoteStatus.ACCEPTED],
                weights=[20, 40, 40],
            )[0]
            versions = [QuoteStatus.SUPERSEDED, status] if rng.random() < 0.2 else [status]
            for version, version_status in enumerate(versions, start=1):
                if not quotes_left:
                    break
                quotes_left -= 1
                quotes.append(
                    Quote(
                        application=application,
                        number=f"DEV-2027-{quote_number:05d}",
                        version=version,
                        status=version_status,
                        currency=application.programme.currency,
                        total_cents=0 if version_status == QuoteStatus.REQUESTED else tuition,
                        requested_by=application.applicant,
                        requested_at=now - dt.timedelta(days=10 - version),
                    )
                )
        quotes = Quote.objects.bulk_create(quotes)
        counts["quotes"] += len(quotes)
        for quote in quotes:
            if quote.status == QuoteStatus.REQUESTED:
                continue
            chosen = rng.sample(routes, rng.choice([1, 1, 2]))
            for position, route in enumerate(chosen):
                amount = None if position == len(chosen) - 1 else quote.total_cents // 3
                funded.append(QuoteFunding(quote=quote, route=route, amount_cents=amount))
        QuoteFunding.objects.bulk_create(funded)
        counts["funding"] += len(funded)
    return counts


# --------------------------------------------------------------------------------------------
# Timings


def median_seconds(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


class _Sink:
    """Where the CSV goes: counted, not kept."""

    def __init__(self) -> None:
        self.characters = 0

    def write(self, text: str) -> int:
        self.characters += len(text)
        return len(text)


def run(fees: int, seed: int, repeat: int) -> None:
    from django.db.models import Count

    from admissions.backoffice.views.reports import csv_lines
    from admissions.finance.models import ApplicationFee, Payment, Quote, Refund
    from admissions.finance.selectors import dashboard, fee_export

    started = time.perf_counter()
    counts = create_data(fees, seed)
    print(
        "created "
        + ", ".join(f"{n:,} {name}" for name, n in counts.items())
        + f" in {time.perf_counter() - started:.1f} s"
    )

    # 1. The dashboard against counting the rows of the tables it reads.
    def count_tables() -> int:
        return (
            ApplicationFee.objects.count()
            + Payment.objects.count()
            + Refund.objects.count()
            + Quote.objects.count()
        )

    def group_fees() -> list[object]:
        return list(ApplicationFee.objects.values("status").annotate(n=Count("pk")).order_by())

    def build_dashboard() -> object:
        return dashboard.finance_dashboard(programme_ids=None)

    count_tables()  # warm the page cache
    baseline, _ = median_seconds(count_tables, repeat)
    grouped, _ = median_seconds(group_fees, repeat)
    seconds, figures = median_seconds(build_dashboard, repeat)
    fee_total = sum(total.fees for total in figures.totals)  # type: ignore[attr-defined]
    assert fee_total == counts["fees"], (fee_total, counts["fees"])
    rows = counts["fees"] + counts["payments"] + counts["refunds"] + counts["quotes"]
    print(f"{'baseline: count() of fees, payments, refunds, quotes':<56} {baseline * 1000:9.1f} ms")
    print(f"{'baseline: fees grouped by status (one GROUP BY)':<56} {grouped * 1000:9.1f} ms")
    print(
        f"{'1. dashboard (every programme)':<56} {seconds * 1000:9.1f} ms  "
        f"{rows / seconds:12,.0f} rows/s  {seconds / baseline:6.1f}x count(), "
        f"{seconds / grouped:4.1f}x one GROUP BY"
    )

    # 2. The export against reading and writing the bare fee rows.
    def plain_csv() -> int:
        sink = _Sink()
        writer = csv.writer(sink)
        n = 0
        for row in (
            ApplicationFee.objects.order_by("pk")
            .values_list("application__reference", "amount_cents", "currency", "status")
            .iterator(chunk_size=1000)
        ):
            writer.writerow(row)
            n += 1
        return n

    def export_csv() -> int:
        sink = _Sink()
        n = -1  # the header
        for line in csv_lines(fee_export.export_fees(programme_ids=None), language="en"):
            sink.write(line)
            n += 1
        return n

    baseline, written = median_seconds(plain_csv, repeat)
    seconds, exported = median_seconds(export_csv, repeat)
    assert written == exported == counts["fees"], (written, exported)
    print(
        f"{'baseline: fee rows read (values_list) and written as CSV':<56} "
        f"{baseline:9.2f} s  {written / baseline:12,.0f} rows/s"
    )
    print(
        f"{'2. CSV export (payments, receipts, refunds, quotes)':<56} {seconds:9.2f} s  "
        f"{exported / seconds:12,.0f} rows/s  {seconds / baseline:6.1f}x the baseline"
    )

    tracemalloc.start()
    export_csv()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"   export peak Python memory: {peak / 1_048_576:.1f} MB for {exported:,} rows")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fees", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="postgres://user@host:port/ to run on a throwaway PostgreSQL database "
        "(default: a temporary SQLite file)",
    )
    arguments = parser.parse_args()
    with throwaway_database(arguments.database_url) as url:
        setup_django(url)
        from django.db import connection

        print(f"finance dashboard benchmark: {connection.vendor}; fees: {arguments.fees:,}")
        run(arguments.fees, arguments.seed, arguments.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
