"""Factories for the money side: application fees and what settles them.

``ApplicationFeeFactory()`` is the €150 fee of a draft application to a Post-Master's-like
programme, still due, with a valid creditor reference. Traits: ``paid`` (status only; use
``PaymentFactory(succeeded=True)`` or ``ledger.record_payment`` for the money itself),
``waived``, ``deferred``, ``not_charged``.

``PaymentFactory()`` is a pending card payment of the whole fee with the simulator; traits
``succeeded``, ``failed``, ``cancelled``, ``bank_transfer``. A succeeded payment made by a
factory has no receipt: go through ``ledger.record_payment`` when the story needs one.
``RefundFactory``, ``FeeWaiverFactory`` and ``ReceiptFactory`` complete the set.
"""

from __future__ import annotations

import datetime as dt
import uuid

import factory
from factory.django import DjangoModelFactory

from admissions.core import clock
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FeeWaiver,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Receipt,
    Refund,
    WaiverStatus,
)
from admissions.finance.services.ledger import creditor_reference
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory
from tests.calendar import paris
from tests.catalogue.factories import IntakeFactory, ProgrammeFactory


class FeeApplicationFactory(ApplicationFactory):
    """A draft application to a programme charging the Post-Master's €150 fee."""

    intake = factory.SubFactory(
        IntakeFactory, programme=factory.SubFactory(ProgrammeFactory, post_master=True)
    )


class ApplicationFeeFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationFee

    class Params:
        paid = factory.Trait(status=FeeStatus.PAID, settled_at=factory.LazyFunction(clock.now))
        waived = factory.Trait(status=FeeStatus.WAIVED, settled_at=factory.LazyFunction(clock.now))
        deferred = factory.Trait(
            status=FeeStatus.DEFERRED,
            deferred_until=factory.LazyFunction(lambda: clock.now().date() + dt.timedelta(days=60)),
            deferral_reason="Funded by France Travail: paid with the tuition.",
        )
        not_charged = factory.Trait(
            status=FeeStatus.NOT_CHARGED,
            full_amount_cents=0,
            amount_cents=0,
            settled_at=factory.LazyFunction(clock.now),
        )

    application = factory.SubFactory(FeeApplicationFactory)
    full_amount_cents = factory.LazyAttribute(
        lambda o: o.application.programme.application_fee_cents or 15_000
    )
    amount_cents = factory.SelfAttribute("full_amount_cents")
    currency = factory.LazyAttribute(lambda o: o.application.programme.currency or "EUR")
    status = FeeStatus.DUE
    transfer_reference = factory.LazyAttribute(
        lambda o: creditor_reference(o.application.reference)
    )
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class PaymentFactory(DjangoModelFactory):
    class Meta:
        model = Payment

    class Params:
        succeeded = factory.Trait(
            status=PaymentStatus.SUCCEEDED,
            succeeded_at=factory.LazyFunction(clock.now),
            received_on=factory.LazyFunction(lambda: clock.now().date()),
        )
        failed = factory.Trait(status=PaymentStatus.FAILED, failure_reason="Card declined.")
        cancelled = factory.Trait(status=PaymentStatus.CANCELLED)
        bank_transfer = factory.Trait(
            method=PaymentMethod.BANK_TRANSFER,
            provider="",
            provider_reference=factory.Sequence(lambda n: f"BANK-{n:08d}"),
            status=PaymentStatus.SUCCEEDED,
            succeeded_at=factory.LazyFunction(clock.now),
            received_on=factory.LazyFunction(lambda: clock.now().date()),
        )

    fee = factory.SubFactory(ApplicationFeeFactory)
    method = PaymentMethod.CARD
    status = PaymentStatus.PENDING
    amount_cents = factory.SelfAttribute("fee.amount_cents")
    currency = factory.SelfAttribute("fee.currency")
    provider = "simulator"
    provider_reference = factory.LazyFunction(lambda: f"sim_cs_{uuid.uuid4().hex}")
    created_at = factory.LazyFunction(clock.now)


class RefundFactory(DjangoModelFactory):
    class Meta:
        model = Refund

    payment = factory.SubFactory(PaymentFactory, succeeded=True)
    amount_cents = factory.SelfAttribute("payment.amount_cents")
    currency = factory.SelfAttribute("payment.currency")
    reason = "Withdrawn before the round's deadline."
    refunded_by = factory.SubFactory(UserFactory)
    refunded_at = factory.LazyFunction(clock.now)


class ReceiptFactory(DjangoModelFactory):
    class Meta:
        model = Receipt

    payment = factory.SubFactory(PaymentFactory, succeeded=True)
    year = factory.LazyFunction(lambda: clock.now().year)
    sequence = factory.Sequence(lambda n: 900_000 + n)
    number = factory.LazyAttribute(lambda o: f"R-{o.year}-{o.sequence:06d}")
    issued_at = factory.LazyFunction(clock.now)
    language = "en"
    payer_name = "Camille Martin"
    payer_email = factory.LazyAttribute(lambda o: o.payment.fee.application.applicant.email)
    amount_cents = factory.SelfAttribute("payment.amount_cents")
    currency = factory.SelfAttribute("payment.currency")
    description_en = "Application fee"
    description_fr = "Frais de candidature"


class FeeWaiverFactory(DjangoModelFactory):
    class Meta:
        model = FeeWaiver

    fee = factory.SubFactory(ApplicationFeeFactory)
    status = WaiverStatus.REQUESTED
    reason = "I am registered as a job-seeker."
    requested_by = factory.LazyAttribute(lambda o: o.fee.application.applicant)
    requested_at = factory.LazyFunction(clock.now)


# --- Stories ---------------------------------------------------------------------------------

# 10:00 UTC (11:00 in Paris) on 15 January 2027, in round 1 of the 2027 intake.
IN_ROUND_1 = paris(2027, 1, 15, 11)


def ready_post_master_draft(
    *, calendar=None, applicant=None, language: str = "en", now: dt.datetime = IN_ROUND_1
):
    """A draft to the Post-Master's in AI (€150 fee) with everything else a submission
    needs: a full profile and a career plan. Its fee is set up, still due."""
    from admissions.applications.services import create_application, save_answers
    from admissions.catalogue.models import Programme
    from admissions.finance.services import ledger
    from tests.applicants.factories import ProfileFactory
    from tests.calendar import paris_calendar

    if calendar is not None:
        programme = calendar.programme
    else:
        # A second applicant of the same story applies to the same programme.
        programme = (
            Programme.objects.filter(slug="post-master-ai", entry_levels__code="pm").first()
            or paris_calendar().programme
        )
    applicant = applicant or UserFactory(preferred_language=language)
    ProfileFactory(user=applicant)
    draft = create_application(applicant=applicant, programme=programme, entry_level="pm", now=now)
    draft = save_answers(
        application=draft,
        answers={"career_plan": "Build ML systems for industry."},
        expected_version=draft.version,
        now=now,
    )
    ledger.ensure_fee(application=draft, now=now)
    return draft


def simulated_webhook(payment, outcome: str = "succeeded", *, now=None, **changes):
    """The body and headers the simulator posts for ``payment`` (opened with it), signed
    as the provider signs them; ``changes`` play a provider that disagrees with us
    (``amount_cents=``, ``currency=``, ``event_id=``)."""
    from admissions.finance.providers import get_provider
    from admissions.finance.providers.simulator import SimulatedSession

    provider = get_provider("simulator")
    now = now or clock.now()
    session = SimulatedSession(
        session_id=payment.provider_reference,
        payment_public_id=str(payment.public_id),
        amount_cents=payment.amount_cents,
        currency=payment.currency,
        description=payment.fee.application.reference,
        return_url="/",
        cancel_url="/",
    )
    body = provider.event_body(session, outcome, now=now, **changes)
    return body, provider.signed_headers(body, now=now)


def settle_fee(application, status: str = FeeStatus.WAIVED):
    """Settle ``application``'s fee so the fee no longer stops its submission: ``waived``
    (the default) or ``deferred`` set directly, as a story's arrangement; for ``paid`` the
    money is recorded through the ledger, with its receipt. Returns the fee."""
    from admissions.finance.services import ledger

    fee = ledger.ensure_fee(application=application)
    if status == FeeStatus.PAID:
        ledger.record_payment(
            fee=fee,
            amount_cents=ledger.balance_cents(fee) or fee.amount_cents,
            currency=fee.currency,
            method=PaymentMethod.BANK_TRANSFER,
        )
    elif fee.status != FeeStatus.NOT_CHARGED:
        fee.status = status
        fee.settled_at = clock.now()
        fee.save(update_fields=["status", "settled_at"])
    fee.refresh_from_db()
    return fee
