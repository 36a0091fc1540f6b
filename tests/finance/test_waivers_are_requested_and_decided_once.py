"""An applicant asks for the fee to be waived, with a reason and a proof; a finance officer
grants it (nothing to pay) or refuses it (the fee stays due, the applicant reads why). A
decided request cannot be decided again, and every step is a finance event and a line on the
applicant's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from admissions.applications.models import TimelineEvent
from admissions.core.errors import NotFound
from admissions.finance import errors
from admissions.finance.models import (
    FeeStatus,
    FeeWaiver,
    FinanceEvent,
    FinanceEventKind,
    WaiverStatus,
)
from admissions.finance.services import ledger
from admissions.finance.services.waivers import (
    WaiverRefused,
    decide_waiver,
    request_waiver,
    withdraw_waiver,
)
from tests.documents.filebuilders import pdf_bytes
from tests.finance.conftest import NOW

LATER = NOW + dt.timedelta(days=2)


def ask(fee, actor, **overrides) -> FeeWaiver:
    arguments = {
        "fee": fee,
        "reason": "I am registered as a job-seeker with France Travail.",
        "proof_bytes": pdf_bytes(),
        "proof_filename": "attestation-france-travail.pdf",
        "proof_content_type": "application/pdf",
        "actor": actor,
        "now": NOW,
    }
    arguments.update(overrides)
    return request_waiver(**arguments)


def test_a_request_keeps_the_reason_and_the_proof_under_an_unguessable_name(fee, applicant):
    waiver = ask(fee, applicant)

    assert waiver.status == WaiverStatus.REQUESTED
    assert waiver.requested_by == applicant
    assert waiver.proof_filename == "attestation-france-travail.pdf"
    assert "attestation" not in waiver.proof.name
    assert waiver.proof.name.startswith("finance/waivers/")
    with default_storage.open(waiver.proof.name, "rb") as stored:
        assert stored.read() == pdf_bytes()
    event = FinanceEvent.objects.get(kind=FinanceEventKind.WAIVER_REQUESTED)
    assert event.actor == applicant
    timeline = TimelineEvent.objects.get(application=fee.application, kind="fee_waiver_requested")
    assert timeline.visible_to_applicant
    assert "waived" in timeline.message_en
    assert "exonération" in timeline.message_fr


def test_a_second_open_request_for_the_same_fee_is_refused(fee, applicant):
    ask(fee, applicant)

    with translation.override("en"), pytest.raises(WaiverRefused) as refused:
        ask(fee, applicant, reason="Again")

    assert refused.value.code == "waiver_already_open"
    assert "on 2 March 2027" in str(refused.value)
    assert FeeWaiver.objects.count() == 1


def test_a_request_without_a_reason_or_a_proof_is_refused(fee, applicant):
    with pytest.raises(WaiverRefused) as no_reason:
        ask(fee, applicant, reason="   ")
    with pytest.raises(WaiverRefused) as no_proof:
        ask(fee, applicant, proof_bytes=b"")

    assert (no_reason.value.message, no_reason.value.field) == (
        errors.WAIVER_REASON_REQUIRED,
        "reason",
    )
    assert (no_proof.value.message, no_proof.value.field) == (errors.WAIVER_PROOF_REQUIRED, "proof")
    assert not FeeWaiver.objects.exists()


def test_a_paid_fee_cannot_be_waived(fee, applicant):
    ledger.record_payment(fee=fee, amount_cents=15_000, currency="EUR", method="bank_transfer")

    with pytest.raises(WaiverRefused) as refused:
        ask(fee, applicant)

    assert (
        str(refused.value) == "The application fee is already paid: there is no fee left to waive."
    )
    assert not FeeWaiver.objects.exists()
    assert not default_storage.exists("finance/waivers")


def test_only_the_applicant_can_ask_for_their_fee_to_be_waived(fee, other_applicant, officer):
    for stranger in (other_applicant, officer):
        with pytest.raises(NotFound):
            ask(fee, stranger)

    assert not FeeWaiver.objects.exists()


def test_a_granted_waiver_leaves_nothing_to_pay(fee, applicant, finance_officer):
    waiver = ask(fee, applicant)

    decide_waiver(waiver=waiver, grant=True, note="", actor=finance_officer, now=LATER)

    fee.refresh_from_db()
    waiver.refresh_from_db()
    assert fee.status == FeeStatus.WAIVED
    assert fee.is_settled
    assert ledger.balance_cents(fee) == 0
    assert (waiver.status, waiver.decided_by, waiver.decided_at) == (
        WaiverStatus.GRANTED,
        finance_officer,
        LATER,
    )
    event = FinanceEvent.objects.get(kind=FinanceEventKind.WAIVER_GRANTED)
    assert event.actor == finance_officer
    timeline = TimelineEvent.objects.get(application=fee.application, kind="fee_waiver_decided")
    assert timeline.visible_to_applicant
    assert "granted: there is nothing to pay (€150 waived)" in timeline.message_en
    assert "acceptée" in timeline.message_fr


def test_a_refused_waiver_keeps_the_fee_due_and_tells_the_applicant_why(
    fee, applicant, finance_officer
):
    waiver = ask(fee, applicant)

    decide_waiver(
        waiver=waiver,
        grant=False,
        note="The certificate is older than three months.",
        actor=finance_officer,
        now=LATER,
    )

    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE
    assert FinanceEvent.objects.get(kind=FinanceEventKind.WAIVER_REFUSED).actor == finance_officer
    timeline = TimelineEvent.objects.get(application=fee.application, kind="fee_waiver_decided")
    assert "The certificate is older than three months." in timeline.message_en
    assert "Motif : The certificate is older than three months." in timeline.message_fr


def test_refusing_needs_a_reason(fee, applicant, finance_officer):
    waiver = ask(fee, applicant)

    with pytest.raises(WaiverRefused) as refused:
        decide_waiver(waiver=waiver, grant=False, note=" ", actor=finance_officer, now=LATER)

    assert refused.value.field == "note"
    waiver.refresh_from_db()
    assert waiver.status == WaiverStatus.REQUESTED


def test_a_decided_waiver_cannot_be_decided_again_and_says_who_decided_and_when(
    fee, applicant, finance_officer, second_finance_officer
):
    waiver = ask(fee, applicant)
    stale = FeeWaiver.objects.get(pk=waiver.pk)
    decide_waiver(waiver=waiver, grant=True, note="", actor=finance_officer, now=LATER)

    with translation.override("en"), pytest.raises(WaiverRefused) as refused:
        decide_waiver(
            waiver=stale, grant=False, note="No.", actor=second_finance_officer, now=LATER
        )

    assert refused.value.code == "waiver_already_decided"
    assert str(refused.value).startswith(
        "This waiver request was already granted by Fanny Finance on 4 March 2027, 10:00."
    )
    fee.refresh_from_db()
    assert fee.status == FeeStatus.WAIVED
    assert FinanceEvent.objects.filter(kind=FinanceEventKind.WAIVER_REFUSED).count() == 0


def test_a_waiver_cannot_be_granted_once_the_fee_was_paid(fee, applicant, finance_officer):
    waiver = ask(fee, applicant)
    ledger.record_payment(fee=fee, amount_cents=15_000, currency="EUR", method="bank_transfer")

    with pytest.raises(WaiverRefused) as refused:
        decide_waiver(waiver=waiver, grant=True, note="", actor=finance_officer, now=LATER)

    assert refused.value.message == errors.WAIVER_GRANT_FEE_PAID
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID


def test_only_a_finance_officer_of_the_programme_decides(
    fee, applicant, officer, finance_officer_of_other_programme
):
    waiver = ask(fee, applicant)

    for stranger in (applicant, officer, finance_officer_of_other_programme):
        with pytest.raises(NotFound):
            decide_waiver(waiver=waiver, grant=True, note="", actor=stranger, now=LATER)

    waiver.refresh_from_db()
    assert waiver.status == WaiverStatus.REQUESTED


def test_a_withdrawn_request_can_be_asked_again(fee, applicant, finance_officer):
    first = ask(fee, applicant)

    withdraw_waiver(waiver=first, actor=applicant, now=LATER)
    second = ask(fee, applicant, now=LATER)

    first.refresh_from_db()
    assert first.status == WaiverStatus.WITHDRAWN
    assert second.status == WaiverStatus.REQUESTED
    assert FinanceEvent.objects.filter(kind=FinanceEventKind.WAIVER_WITHDRAWN).get().actor == (
        applicant
    )
    with pytest.raises(WaiverRefused) as refused:
        decide_waiver(waiver=first, grant=True, note="", actor=finance_officer, now=LATER)
    assert refused.value.code == "waiver_not_open"


def test_another_applicant_cannot_withdraw_the_request(fee, applicant, other_applicant):
    waiver = ask(fee, applicant)

    with pytest.raises(NotFound):
        withdraw_waiver(waiver=waiver, actor=other_applicant, now=LATER)

    waiver.refresh_from_db()
    assert waiver.status == WaiverStatus.REQUESTED
