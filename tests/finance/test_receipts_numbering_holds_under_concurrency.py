"""Payments confirmed at the same moment, in threads with their own database connections:
receipt numbers stay gapless and unique, and a webhook delivered twice at once, or a pay
button clicked twice at once, pays once. Real row locks are needed: these run on PostgreSQL
(``DATABASE_URL=postgres://…``); the same rules are tested one call at a time on any
database in the neighbouring modules."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from admissions.finance.models import FinanceCounter, Payment, ProviderWebhook, Receipt
from admissions.finance.providers import get_provider
from admissions.finance.services import card, ledger
from tests.finance.factories import ready_post_master_draft, simulated_webhook

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent transactions need real row locks: run with DATABASE_URL=postgres://…",
    ),
]

THREADS = 8


def run_together(work: Callable[[int], Any], count: int = THREADS) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except BaseException as error:  # reported below; a thread must not die silently
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return results


def test_eight_payments_at_once_take_receipt_numbers_one_to_eight():
    fees = [ready_post_master_draft().fee for _ in range(THREADS)]

    run_together(
        lambda i: ledger.record_payment(
            fee=fees[i], amount_cents=15_000, currency="EUR", method="bank_transfer"
        )
    )

    sequences = sorted(Receipt.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))
    assert Receipt.objects.values("number").distinct().count() == THREADS
    counter = FinanceCounter.objects.get(kind="receipt")
    assert counter.last_number == THREADS


def test_one_webhook_delivered_eight_times_at_once_pays_once():
    draft = ready_post_master_draft()
    payment = card.start_card_payment(
        fee=draft.fee,
        actor=draft.applicant,
        idempotency_key="concurrent-webhook-0000",
        return_url="https://school.example/r",
        cancel_url="https://school.example/c",
    )
    body, headers = simulated_webhook(payment)

    outcomes = run_together(
        lambda i: (
            card.handle_provider_webhook(
                provider=get_provider("simulator"), body=body, headers=headers
            ).outcome
        )
    )

    assert sorted(outcomes).count("processed") == 1
    assert sorted(outcomes).count("duplicate") == THREADS - 1
    assert Receipt.objects.count() == 1
    assert ProviderWebhook.objects.count() == THREADS


def test_a_pay_button_clicked_eight_times_at_once_opens_one_checkout():
    draft = ready_post_master_draft()

    ids = run_together(
        lambda i: (
            card.start_card_payment(
                fee=draft.fee,
                actor=draft.applicant,
                idempotency_key="same-click-at-once-0000",
                return_url="https://school.example/r",
                cancel_url="https://school.example/c",
            ).pk
        )
    )

    assert len(set(ids)) == 1
    assert Payment.objects.count() == 1
