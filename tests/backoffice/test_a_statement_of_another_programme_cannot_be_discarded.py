"""A finance officer discards only a statement they could apply: one whose lines pay fees of
a programme outside their scope stays, as applying it would be refused. Found by the
permission matrix: the MSc's finance officer could set aside the Post-Master's statement."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.core import clock
from admissions.finance.models import BankStatement
from tests.finance.conftest import (
    NOW,
    charge_the_post_master_fee,
    fee_of,
    make_fee_application,
    statement_csv,
)
from tests.pages import text_of
from tests.people import make_finance_officer


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def statement(client, post_master, applicant, finance_officer):
    fee_of(make_fee_application(charge_the_post_master_fee(post_master), applicant))
    client.force_login(finance_officer)
    client.post(
        "/staff/finance/statements/",
        {
            "file": SimpleUploadedFile(
                "releve-mars.csv",
                statement_csv("02/03/2027;RF58PMAI202700042 ADA LOVELACE;150,00;EUR;B-1"),
                content_type="text/csv",
            )
        },
    )
    client.logout()
    return BankStatement.objects.get()


def test_the_finance_officer_of_another_programme_cannot_discard_the_statement(
    client, statement, msc
):
    client.force_login(make_finance_officer(msc, "mona.msc-finance@example.org"))

    response = client.post(f"/staff/finance/statements/{statement.public_id}/discard/", follow=True)

    assert "programmes you do not manage (rows 2)" in text_of(response)
    statement.refresh_from_db()
    assert statement.status == BankStatement.Status.PREVIEWED


def test_the_finance_officer_of_the_programme_discards_it(client, statement, finance_officer):
    client.force_login(finance_officer)

    response = client.post(f"/staff/finance/statements/{statement.public_id}/discard/", follow=True)

    assert "The statement was discarded" in text_of(response)
    statement.refresh_from_db()
    assert statement.status == BankStatement.Status.DISCARDED
