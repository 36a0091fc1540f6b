"""The rows of the finance CSV export: one per fee with its payments, receipts, refunds,
waiver and latest quote, read in chunks with a fixed number of queries, within the scope."""

from __future__ import annotations

import pytest

from admissions.core import clock
from admissions.finance.selectors import dashboard, fee_export
from tests.finance.test_dashboard_figures import NOW, Story


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def story(post_master, msc, officer):
    return Story(post_master, msc, officer)


def test_the_export_gives_one_row_per_fee_with_its_payments_and_latest_quote(story):
    rows = {row.reference: row for row in fee_export.export_fees(programme_ids=None)}
    assert len(rows) == 7
    paid = rows[story.paid.reference]
    assert (paid.status, paid.paid_cents, paid.refunded_cents, paid.balance_cents) == (
        "paid",
        15_000,
        0,
        0,
    )
    assert paid.methods == ("bank_transfer",)
    assert len(paid.receipts) == 1
    assert paid.receipts[0].startswith("R-2027-")
    assert (paid.quote_number, paid.quote_version, paid.quote_status) == (
        "DEV-2027-0001",
        2,
        "accepted",
    )
    assert paid.funding == (("cpf", 500_000), ("employer", None))
    partly = rows[story.partly_paid.reference]
    assert (partly.status, partly.balance_cents) == ("due", 10_000)
    refunded = rows[story.refunded.reference]
    assert (refunded.status, refunded.paid_cents, refunded.refunded_cents) == (
        "refunded",
        15_000,
        15_000,
    )
    assert refunded.balance_cents == 15_000
    assert rows[story.waived.reference].balance_cents == 0
    assert rows[story.draft.reference].round_number is None


def test_the_export_reads_fees_in_chunks_with_a_fixed_number_of_queries_per_chunk(
    story, django_assert_max_num_queries
):
    # One query for the fees (read chunk by chunk from its cursor), then per chunk at most:
    # payments (with their receipts), refunds, waivers, quotes and funding rows (a chunk
    # without payments or quotes skips their rows). Seven fees in chunks of three.
    with django_assert_max_num_queries(1 + 3 * 5):
        rows = list(fee_export.export_fees(programme_ids=None, chunk_size=3))
    assert len(rows) == 7


def test_the_export_keeps_to_the_scope(story, officer_of_other_programme, post_master):
    scope = dashboard.finance_scope(officer_of_other_programme)
    references = [row.reference for row in fee_export.export_fees(programme_ids=scope)]
    assert references == [story.msc_paid.reference]
    assert list(fee_export.export_fees(programme_ids=scope, programme=post_master)) == []
