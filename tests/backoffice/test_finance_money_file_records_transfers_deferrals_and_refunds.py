"""One application's money file: what the finance officer reads (fee, payments, receipts,
waivers, the ledger) and the forms they act with, each read audited."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from admissions.core import clock
from admissions.core.audit import AuditEvent
from admissions.finance.models import FeeStatus, FeeWaiver, Payment, Receipt, Refund
from admissions.finance.services import ledger
from admissions.finance.services.transfers import reconcile_transfer
from tests.finance.conftest import NOW, charge_the_post_master_fee, fee_of, make_fee_application
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_finance_officer

URL = "/staff/finance/applications/PMAI-2027-00042/"

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def programme(post_master):
    return charge_the_post_master_fee(post_master)


@pytest.fixture
def fee(programme, applicant):
    return fee_of(make_fee_application(programme, applicant))


@pytest.fixture
def signed_in(client, finance_officer):
    client.force_login(finance_officer)
    return client


def transfer_form(**overrides):
    data = {
        "reconcile-amount": "150,00",
        "reconcile-currency": "EUR",
        "reconcile-received_on": "2027-03-01",
        "reconcile-payer_name": "Ada Lovelace",
        "reconcile-bank_reference": "VIR-2027-0301-001",
    }
    data.update(overrides)
    return data


def test_the_money_file_shows_the_fee_its_reference_and_is_audited(signed_in, fee, finance_officer):
    response = signed_in.get(URL)

    assert response.status_code == 200
    text = text_of(response)
    assert "Money file of PMAI-2027-00042" in text
    assert "€150" in text
    assert "RF58PMAI202700042" in text
    assert "To pay" in text
    event = AuditEvent.objects.get(action="finance.money_file_viewed")
    assert (event.actor, event.object_ref) == (finance_officer, "PMAI-2027-00042")
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_a_transfer_recorded_by_hand_pays_the_fee_and_issues_a_receipt(
    signed_in, fee, finance_officer
):
    response = signed_in.post(f"{URL}transfer/", transfer_form(), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    text = text_of(response)
    assert "The transfer of €150 was recorded; receipt R-2027-000001 was issued." in text
    assert "R-2027-000001" in text
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID
    payment = Payment.objects.get(fee=fee)
    assert payment.recorded_by == finance_officer
    assert payment.provider_reference == "VIR-2027-0301-001"


def test_posting_the_same_transfer_twice_records_it_once_and_says_why(signed_in, fee):
    signed_in.post(f"{URL}transfer/", transfer_form(**{"reconcile-amount": "75"}))

    response = signed_in.post(f"{URL}transfer/", transfer_form(**{"reconcile-amount": "75"}))

    assert response.status_code == 400
    text = text_of(response)
    assert "The bank transaction VIR-2027-0301-001 is already recorded" in text
    assert 'id="reconcile-bank_reference-error"' in response.content.decode()
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reconcile-amount", "cent cinquante", "Type an amount such as 150 or 150.00"),
        ("reconcile-amount", "-150", "Type an amount such as 150 or 150.00"),
        ("reconcile-bank_reference", "", "Give the bank's reference of the transaction."),
        ("reconcile-received_on", "", "Give the date the bank booked the transfer."),
    ],
)
def test_bad_input_in_the_transfer_form_is_explained_on_its_field(
    signed_in, fee, field, value, message
):
    response = signed_in.post(f"{URL}transfer/", transfer_form(**{field: value}))

    assert response.status_code == 400
    html = response.content.decode()
    assert message in text_of(response)
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert not Payment.objects.exists()


def test_a_transfer_in_another_currency_is_refused_on_the_page(signed_in, fee):
    response = signed_in.post(f"{URL}transfer/", transfer_form(**{"reconcile-currency": "USD"}))

    assert response.status_code == 400
    assert "The payment is in USD but the fee is in EUR." in text_of(response)
    assert not Payment.objects.exists()


def test_the_fee_is_deferred_then_due_again_from_the_page(signed_in, fee):
    response = signed_in.post(
        f"{URL}defer/",
        {"defer-until": "2027-09-01", "defer-reason": "Funded by France Travail."},
        follow=True,
    )

    assert "The fee is deferred." in text_of(response)
    assert "until 1 September 2027" in text_of(response)
    fee.refresh_from_db()
    assert fee.status == FeeStatus.DEFERRED

    response = signed_in.post(f"{URL}end-deferral/", {"end-reason": ""}, follow=True)

    assert "The deferral has ended" in text_of(response)
    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE


def test_a_deferral_without_a_reason_is_explained(signed_in, fee):
    response = signed_in.post(f"{URL}defer/", {"defer-until": "", "defer-reason": ""})

    assert response.status_code == 400
    assert "Give the reason for deferring the fee." in text_of(response)


def test_a_deferral_to_a_past_date_is_explained(signed_in, fee):
    response = signed_in.post(
        f"{URL}defer/", {"defer-until": "2020-01-01", "defer-reason": "Late."}
    )

    assert response.status_code == 400
    assert "The fee can only be deferred to a later date than today." in text_of(response)


def test_a_waiver_is_granted_from_the_money_file(signed_in, fee, finance_officer):
    waiver = FeeWaiver.objects.create(
        fee=fee, reason="Job-seeker.", requested_by=fee.application.applicant, requested_at=NOW
    )
    page = text_of(signed_in.get(URL))
    assert "Job-seeker." in page

    response = signed_in.post(
        f"/staff/finance/waivers/{waiver.public_id}/decide/",
        {"decide-decision": "grant", "decide-note": ""},
        follow=True,
    )

    assert "The waiver was granted: the fee is waived." in text_of(response)
    fee.refresh_from_db()
    assert fee.status == FeeStatus.WAIVED


def test_refusing_a_waiver_without_a_note_is_explained(signed_in, fee):
    waiver = FeeWaiver.objects.create(
        fee=fee, reason="Job-seeker.", requested_by=fee.application.applicant, requested_at=NOW
    )

    response = signed_in.post(
        f"/staff/finance/waivers/{waiver.public_id}/decide/",
        {"decide-decision": "refuse", "decide-note": " "},
    )

    assert response.status_code == 400
    assert "Give the reason for refusing" in text_of(response)
    assert 'id="decide-note-error"' in response.content.decode()


def test_a_receipt_is_downloaded_as_a_pdf_and_the_download_is_audited(
    signed_in, fee, finance_officer
):
    reconcile_transfer(
        fee=fee,
        amount_cents=15_000,
        currency="EUR",
        received_on=None,
        payer_name="Ada Lovelace",
        bank_reference="B-1",
        actor=finance_officer,
        now=NOW,
    )
    number = Receipt.objects.get().number

    response = signed_in.get(f"/staff/finance/receipts/{number}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert number in text
    assert "PMAI-2027-00042" in text
    assert AuditEvent.objects.filter(
        action="finance.receipt_downloaded", actor=finance_officer
    ).exists()


def test_a_refund_is_recorded_from_the_money_file(signed_in, fee, finance_officer):
    payment = reconcile_transfer(
        fee=fee,
        amount_cents=20_000,
        currency="EUR",
        received_on=None,
        payer_name="Ada Lovelace",
        bank_reference="B-1",
        actor=finance_officer,
        now=NOW,
    )

    response = signed_in.post(
        f"{URL}refund/",
        {
            "refund-payment": str(payment.public_id),
            "refund-amount": "50",
            "refund-reason": "Paid €50 too much.",
        },
        follow=True,
    )

    assert "A refund of €50 was recorded." in text_of(response)
    refund = Refund.objects.get()
    assert (refund.amount_cents, refund.refunded_by) == (5_000, finance_officer)
    assert ledger.paid_cents(fee) == 15_000


def test_a_refund_larger_than_the_payment_is_explained(signed_in, fee, finance_officer):
    payment = reconcile_transfer(
        fee=fee,
        amount_cents=15_000,
        currency="EUR",
        received_on=None,
        payer_name="",
        bank_reference="B-1",
        actor=finance_officer,
        now=NOW,
    )

    response = signed_in.post(
        f"{URL}refund/",
        {"refund-payment": str(payment.public_id), "refund-amount": "200", "refund-reason": "x"},
    )

    assert response.status_code == 400
    assert "at most €150 can still be refunded" in text_of(response)
    assert not Refund.objects.exists()


def test_a_finance_officer_of_another_programme_gets_404_everywhere(client, fee, msc):
    stranger = make_finance_officer(msc, "mona.msc-finance@example.org")
    client.force_login(stranger)

    assert client.get(URL).status_code == 404
    assert client.post(f"{URL}transfer/", transfer_form()).status_code == 404
    assert client.post(f"{URL}defer/", {"defer-reason": "x"}).status_code == 404
    assert not Payment.objects.exists()
    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE


def test_an_unknown_reference_is_404(signed_in, fee):
    assert signed_in.get("/staff/finance/applications/PMAI-2027-99999/").status_code == 404
