"""Receipts are numbered R-<year>-<sequence> without gaps and without duplicates, per
calendar year in the programme's time zone; a payment rolled back gives its number back."""

from __future__ import annotations

import pytest
from django.db import transaction

from admissions.finance.models import FinanceCounter, Receipt
from admissions.finance.services import ledger
from tests.calendar import paris
from tests.finance.factories import ready_post_master_draft

pytestmark = pytest.mark.django_db


def pay(draft, at):
    return ledger.record_payment(
        fee=draft.fee, amount_cents=15_000, currency="EUR", method="bank_transfer", now=at
    )


def test_receipts_follow_each_other_within_a_year():
    for day in (5, 6, 7):
        pay(ready_post_master_draft(), paris(2027, 1, day, 10))
    assert list(Receipt.objects.values_list("number", flat=True)) == [
        "R-2027-000001",
        "R-2027-000002",
        "R-2027-000003",
    ]


def test_the_numbering_starts_again_on_new_years_day_in_paris():
    pay(ready_post_master_draft(), paris(2027, 12, 31, 23, 30))
    # 23:30 on 31 December in UTC is already 1 January in Paris.
    import datetime as dt

    pay(ready_post_master_draft(), dt.datetime(2027, 12, 31, 23, 30, tzinfo=dt.UTC))
    assert list(Receipt.objects.values_list("number", flat=True)) == [
        "R-2027-000001",
        "R-2028-000001",
    ]


def test_a_payment_rolled_back_gives_its_number_back():
    first, second = ready_post_master_draft(), ready_post_master_draft()
    with pytest.raises(RuntimeError), transaction.atomic():
        pay(first, paris(2027, 1, 5, 10))
        raise RuntimeError("the statement import failed further down")
    pay(second, paris(2027, 1, 5, 11))
    assert list(Receipt.objects.values_list("number", flat=True)) == ["R-2027-000001"]
    assert FinanceCounter.objects.get(kind="receipt", year=2027).last_number == 1


def test_a_replayed_confirmation_takes_no_second_number():
    draft = ready_post_master_draft()
    payment = pay(draft, paris(2027, 1, 5, 10))
    ledger.record_payment(
        fee=draft.fee,
        amount_cents=15_000,
        currency="EUR",
        method="card",
        payment=payment,
        now=paris(2027, 1, 5, 10, 1),
    )
    assert Receipt.objects.count() == 1
    assert FinanceCounter.objects.get(kind="receipt", year=2027).last_number == 1
