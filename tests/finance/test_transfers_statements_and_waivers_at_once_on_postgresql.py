"""Concurrency on PostgreSQL: two officers (or two clicks) acting on the same money at the
same moment change it once: a statement applied twice, the same transfer recorded twice, a
waiver decided twice."""

from __future__ import annotations

import pytest
from django.conf import settings

from admissions.core.errors import DomainError
from admissions.finance.models import (
    BankStatement,
    FeeStatus,
    FeeWaiver,
    FinanceEvent,
    FinanceEventKind,
    Payment,
    Receipt,
    WaiverStatus,
)
from admissions.finance.services.statements import apply_statement, preview_statement
from admissions.finance.services.transfers import reconcile_transfer
from admissions.finance.services.waivers import decide_waiver, request_waiver
from tests.concurrency import at_once
from tests.documents.filebuilders import pdf_bytes
from tests.finance.conftest import NOW, statement_csv

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Row locks need PostgreSQL: SQLite serialises writers and ignores "
        "select_for_update. Run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_officers_applying_the_same_statement_record_each_payment_once(
    fee, finance_officer, second_finance_officer
):
    statement = preview_statement(
        file_name="mars.csv",
        content=statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"),
        actor=finance_officer,
        now=NOW,
    )
    officers = [finance_officer, second_finance_officer]

    def apply(index: int):
        copy = BankStatement.objects.get(pk=statement.pk)
        return apply_statement(statement=copy, actor=officers[index], now=NOW)

    results = at_once(2, apply)

    assert not any(isinstance(result, Exception) for result in results), results
    assert sorted(result.already_applied for result in results) == [False, True]
    assert Payment.objects.count() == 1
    assert Receipt.objects.count() == 1
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID


def test_the_same_transfer_recorded_by_two_officers_at_once_is_recorded_once(
    fee, other_fee, finance_officer, second_finance_officer
):
    officers = [finance_officer, second_finance_officer]
    fees = [fee, other_fee]

    def record(index: int):
        return reconcile_transfer(
            fee=fees[index],
            amount_cents=15_000,
            currency="EUR",
            received_on=None,
            payer_name="",
            bank_reference="B-1",
            actor=officers[index],
            now=NOW,
        )

    results = at_once(2, record)

    assert sum(isinstance(result, Payment) for result in results) == 1
    (refused,) = [result for result in results if isinstance(result, DomainError)]
    assert refused.code == "transfer_already_recorded"
    assert Payment.objects.count() == 1
    assert FinanceEvent.objects.filter(kind=FinanceEventKind.TRANSFER_RECONCILED).count() == 1


def test_two_officers_deciding_the_same_waiver_at_once_decide_it_once(
    fee, applicant, finance_officer, second_finance_officer
):
    waiver = request_waiver(
        fee=fee,
        reason="Job-seeker.",
        proof_bytes=pdf_bytes(),
        proof_filename="proof.pdf",
        proof_content_type="application/pdf",
        actor=applicant,
        now=NOW,
    )
    officers = [finance_officer, second_finance_officer]

    def decide(index: int):
        copy = FeeWaiver.objects.get(pk=waiver.pk)
        return decide_waiver(
            waiver=copy, grant=index == 0, note="Decided.", actor=officers[index], now=NOW
        )

    results = at_once(2, decide)

    assert sum(isinstance(result, FeeWaiver) for result in results) == 1, results
    (refused,) = [result for result in results if isinstance(result, DomainError)]
    assert refused.code == "waiver_already_decided"
    waiver.refresh_from_db()
    assert waiver.status in (WaiverStatus.GRANTED, WaiverStatus.REFUSED)
    decided = FinanceEvent.objects.filter(
        kind__in=[FinanceEventKind.WAIVER_GRANTED, FinanceEventKind.WAIVER_REFUSED]
    )
    assert decided.count() == 1
