"""Staff may defer the application fee: a deferred fee no longer stops a submission, the
applicant reads until when, and ending the deferral makes it due again (or paid, if money
arrived meanwhile)."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.models import TimelineEvent
from admissions.core.errors import NotFound
from admissions.finance import errors, submission_checks
from admissions.finance.models import FeeStatus, FinanceEvent, FinanceEventKind
from admissions.finance.models.fees import SETTLED
from admissions.finance.services import ledger
from admissions.finance.services.waivers import WaiverRefused, defer_fee, end_deferral
from tests.finance.conftest import NOW, fee_of, make_fee_application

SEPTEMBER = dt.date(2027, 9, 1)


def test_a_deferred_fee_no_longer_stops_a_submission(fee, finance_officer):
    defer_fee(
        fee=fee,
        until=SEPTEMBER,
        reason="Funded by France Travail: paid with the tuition.",
        actor=finance_officer,
        now=NOW,
    )

    fee.refresh_from_db()
    assert fee.status == FeeStatus.DEFERRED
    assert fee.status in SETTLED
    assert fee.is_settled
    assert fee.deferred_until == SEPTEMBER
    assert fee.deferral_reason == "Funded by France Travail: paid with the tuition."


def test_the_deferral_is_a_finance_event_and_the_applicant_reads_until_when(fee, finance_officer):
    defer_fee(fee=fee, until=SEPTEMBER, reason="Employer pays.", actor=finance_officer, now=NOW)

    event = FinanceEvent.objects.get(kind=FinanceEventKind.FEE_DEFERRED)
    assert event.actor == finance_officer
    assert event.data == {"until": "2027-09-01", "reason": "Employer pays."}
    timeline = TimelineEvent.objects.get(application=fee.application, kind="fee_deferred")
    assert timeline.visible_to_applicant
    assert "deferred until 1 September 2027" in timeline.message_en
    assert "reporté au 1 septembre 2027" in timeline.message_fr


def test_a_fee_may_be_deferred_until_further_notice(fee, finance_officer):
    defer_fee(
        fee=fee, until=None, reason="Scholarship decision pending.", actor=finance_officer, now=NOW
    )

    fee.refresh_from_db()
    assert (fee.status, fee.deferred_until) == (FeeStatus.DEFERRED, None)
    timeline = TimelineEvent.objects.get(application=fee.application, kind="fee_deferred")
    assert "You will be told when to pay." in timeline.message_en


def test_a_deferral_needs_a_reason_and_a_date_after_today(fee, finance_officer):
    with pytest.raises(WaiverRefused) as no_reason:
        defer_fee(fee=fee, until=SEPTEMBER, reason="", actor=finance_officer, now=NOW)
    with pytest.raises(WaiverRefused) as today:
        defer_fee(fee=fee, until=NOW.date(), reason="Later.", actor=finance_officer, now=NOW)

    assert no_reason.value.message == errors.DEFERRAL_REASON_REQUIRED
    assert today.value.message == errors.DEFERRAL_DATE_PAST
    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE
    assert not FinanceEvent.objects.filter(kind=FinanceEventKind.FEE_DEFERRED).exists()


def test_a_paid_fee_cannot_be_deferred(fee, finance_officer):
    ledger.record_payment(fee=fee, amount_cents=15_000, currency="EUR", method="bank_transfer")

    with pytest.raises(WaiverRefused) as refused:
        defer_fee(fee=fee, until=SEPTEMBER, reason="Later.", actor=finance_officer, now=NOW)

    assert str(refused.value) == "The application fee is already paid: there is nothing to defer."


def test_deferring_again_changes_the_date(fee, finance_officer):
    defer_fee(fee=fee, until=SEPTEMBER, reason="Employer pays.", actor=finance_officer, now=NOW)
    defer_fee(
        fee=fee, until=dt.date(2027, 10, 1), reason="Later still.", actor=finance_officer, now=NOW
    )

    fee.refresh_from_db()
    assert fee.deferred_until == dt.date(2027, 10, 1)
    assert FinanceEvent.objects.filter(kind=FinanceEventKind.FEE_DEFERRED).count() == 2


def test_ending_a_deferral_makes_the_fee_due_again(fee, finance_officer):
    defer_fee(fee=fee, until=SEPTEMBER, reason="Employer pays.", actor=finance_officer, now=NOW)

    end_deferral(fee=fee, reason="The employer declined.", actor=finance_officer, now=NOW)

    fee.refresh_from_db()
    assert (fee.status, fee.deferred_until, fee.deferral_reason) == (FeeStatus.DUE, None, "")
    event = FinanceEvent.objects.get(kind=FinanceEventKind.DEFERRAL_ENDED)
    assert event.actor == finance_officer
    assert event.data["was_until"] == "2027-09-01"
    assert TimelineEvent.objects.filter(
        application=fee.application, kind="fee_deferral_ended", visible_to_applicant=True
    ).exists()


def test_a_deferred_fee_paid_meanwhile_is_paid_when_the_deferral_ends(fee, finance_officer):
    defer_fee(fee=fee, until=SEPTEMBER, reason="Employer pays.", actor=finance_officer, now=NOW)
    ledger.record_payment(fee=fee, amount_cents=15_000, currency="EUR", method="bank_transfer")
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID

    with pytest.raises(WaiverRefused) as refused:
        end_deferral(fee=fee, actor=finance_officer, now=NOW)

    assert refused.value.message == errors.NOT_DEFERRED


def test_a_deferred_fee_partly_paid_stays_deferred_then_becomes_due(fee, finance_officer):
    defer_fee(fee=fee, until=SEPTEMBER, reason="Employer pays.", actor=finance_officer, now=NOW)
    ledger.record_payment(fee=fee, amount_cents=5_000, currency="EUR", method="bank_transfer")
    fee.refresh_from_db()
    assert fee.status == FeeStatus.DEFERRED

    end_deferral(fee=fee, actor=finance_officer, now=NOW)

    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE
    assert ledger.balance_cents(fee) == 10_000


def test_only_a_finance_officer_of_the_programme_defers(
    fee, officer, applicant, finance_officer_of_other_programme
):
    for stranger in (officer, applicant, finance_officer_of_other_programme):
        with pytest.raises(NotFound):
            defer_fee(fee=fee, until=SEPTEMBER, reason="Why not.", actor=stranger, now=NOW)

    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE


def test_the_submission_checks_stop_asking_for_the_fee_once_it_is_deferred(
    programme, applicant, finance_officer
):
    draft = make_fee_application(programme, applicant, submitted=False)
    draft_fee = fee_of(draft)
    assert [item.code for item in submission_checks.fee_is_settled(draft, NOW)] == [
        submission_checks.CODE
    ]

    defer_fee(
        fee=draft_fee, until=SEPTEMBER, reason="Employer pays.", actor=finance_officer, now=NOW
    )

    assert submission_checks.fee_is_settled(draft, NOW) == []
