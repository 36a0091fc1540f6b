"""The money side of the demo: fees settled the ways applicants settle them, a waiver waiting
for a decision, a bank statement waiting to be applied, and quotes at each stage.

Everything goes through the same services as the pages (the simulator for card payments,
reconciliation by the demo finance officer for transfers), so the demo shows real receipts,
events and emails. Idempotent: an application whose fee is settled, or that has quotes, is
left alone; the demo statement is imported once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from admissions.accounts.models import User
from admissions.applications.models import Application
from admissions.core.errors import DomainError
from admissions.finance.models import BankStatement, FeeStatus, Quote
from admissions.finance.providers import get_provider
from admissions.finance.providers.simulator import SimulatedSession
from admissions.finance.selectors import quotes as quote_selectors
from admissions.finance.services import card, ledger, quotes, statements, transfers, waivers

FINANCE_OFFICER = "finance@example.org"
STATEMENT_NAME = "demo-bank-statement.csv"


def _finance_officer() -> User | None:
    return User.objects.filter(email=FINANCE_OFFICER).first()


def _pay_by_card(application: Application, now: dt.datetime) -> None:
    """The applicant pays on the simulated provider's page; its signed webhook confirms."""
    fee = ledger.ensure_fee(application=application, now=now)
    payment = card.start_card_payment(
        fee=fee,
        actor=application.applicant,
        idempotency_key=f"demo-{application.reference}",
        return_url="/",
        cancel_url="/",
        now=now,
        provider=get_provider("simulator"),
    )
    provider = get_provider("simulator")
    session = SimulatedSession(
        session_id=payment.provider_reference,
        payment_public_id=str(payment.public_id),
        amount_cents=payment.amount_cents,
        currency=payment.currency,
        description=application.reference,
        return_url="/",
        cancel_url="/",
    )
    body = provider.event_body(session, "succeeded", now=now)
    card.handle_provider_webhook(
        provider=provider, body=body, headers=provider.signed_headers(body, now=now), now=now
    )


def _pay_by_transfer(application: Application, now: dt.datetime) -> None:
    """The applicant's transfer, reconciled by hand by the finance officer."""
    fee = ledger.ensure_fee(application=application, now=now)
    transfers.reconcile_transfer(
        fee=fee,
        amount_cents=fee.amount_cents,
        currency=fee.currency,
        received_on=now.date(),
        payer_name=application.applicant.get_full_name(),
        bank_reference=f"DEMO-VIR-{application.reference}",
        actor=_finance_officer(),
        now=now,
    )


def _waived(application: Application, now: dt.datetime, proof: bytes) -> None:
    officer = _finance_officer()
    fee = ledger.ensure_fee(application=application, now=now)
    waiver = waivers.request_waiver(
        fee=fee,
        reason="I am a job-seeker registered with France Travail; my certificate is attached.",
        proof_bytes=proof,
        proof_filename="france-travail-certificate.pdf",
        proof_content_type="application/pdf",
        actor=application.applicant,
        now=now,
    )
    waivers.decide_waiver(
        waiver=waiver,
        grant=True,
        note="Job-seeker certificate checked.",
        actor=officer,
        now=now,
    )


def settle_fee_before_submission(
    application: Application, now: dt.datetime, *, proof: bytes
) -> None:
    """Settle the fee of a draft about to be submitted: by card, by transfer, or a waiver,
    chosen by the application's number so seeding again chooses the same way."""
    if not application.programme.application_fee_cents or _finance_officer() is None:
        return
    fee = ledger.ensure_fee(application=application, now=now)
    if fee.is_settled:
        return
    number = int(application.reference.rsplit("-", 1)[1])
    try:
        if number % 7 == 6:
            _waived(application, now, proof)
        elif number % 2 == 0:
            _pay_by_card(application, now)
        else:
            _pay_by_transfer(application, now)
    except DomainError:
        return  # the submission then says what is missing


def _statement_csv(drafts: list[Application], now: dt.datetime) -> bytes:
    booked = (now - dt.timedelta(days=2)).strftime("%d/%m/%Y")
    rows = ["Date;Libellé;Montant;Devise;Référence;Émetteur"]
    for index, application in enumerate(drafts):
        fee = ledger.ensure_fee(application=application)
        amount = fee.amount_cents if index % 2 == 0 else fee.amount_cents - 5_000
        euros = f"{amount // 100},{amount % 100:02d}"
        rows.append(
            f"{booked};VIR SEPA {fee.transfer_reference} FRAIS CANDIDATURE;{euros};EUR;"
            f"DEMO-STMT-{index + 1:03d};{application.applicant.get_full_name()}"
        )
    rows.append(f"{booked};VIR SEPA RF00WRONGREF FRAIS;150,00;EUR;DEMO-STMT-900;Inconnu")
    rows.append(f"{booked};PRLV COTISATION CARTE;-12,00;EUR;DEMO-STMT-901;Banque")
    return ("\n".join(rows) + "\n").encode("utf-8")


def seed_finance(*, now: dt.datetime, proof: bytes) -> list[str]:
    officer = _finance_officer()
    if officer is None:
        return ["finance: no finance officer yet"]
    drafts = list(
        Application.objects.filter(
            status="draft", programme__application_fee_cents__gt=0, intake__starts_on__gt=now
        )
        .select_related("programme", "applicant")
        .order_by("reference")
    )
    # A waiver request waiting for the finance officer.
    waiting = [a for a in drafts if a.applicant.email != "applicant@example.org"]
    if waiting:
        fee = ledger.ensure_fee(application=waiting[0], now=now)
        if fee.status == FeeStatus.DUE and not fee.waivers.exists():
            with contextlib.suppress(DomainError):
                waivers.request_waiver(
                    fee=fee,
                    reason="My home university is a partner school of the programme.",
                    proof_bytes=proof,
                    proof_filename="partner-school-enrolment.pdf",
                    proof_content_type="application/pdf",
                    actor=waiting[0].applicant,
                    now=now,
                )
    # A statement with two full transfers, two partial ones, an unknown reference and a debit.
    if not BankStatement.objects.filter(file_name=STATEMENT_NAME).exists() and waiting[1:5]:
        statements.preview_statement(
            file_name=STATEMENT_NAME,
            content=_statement_csv(waiting[1:5], now),
            actor=officer,
            now=now,
        )
    _seed_quotes(now, officer)
    return [
        "finance: "
        + ", ".join(
            f"{n} fees {status}"
            for status, n in sorted(
                {
                    s: Application.objects.filter(fee__status=s).count() for s in FeeStatus.values
                }.items()
            )
            if n
        )
        + f"; {Quote.objects.count()} quotes"
    ]


def _seed_quotes(now: dt.datetime, officer: User) -> None:
    submitted = list(
        Application.objects.filter(
            programme__slug="post-master-ai",
            status__in=["submitted", "eligible"],
            intake__starts_on__gt=now,
        )
        .select_related("programme", "applicant", "intake")
        .order_by("reference")[:4]
    )
    plans: list[list[dict[str, Any]]] = [
        [{"route": "pole_emploi", "amount_cents": None}],
        [
            {
                "route": "employer",
                "amount_cents": 1_200_000,
                "payer": {
                    "kind": "employer",
                    "organisation": "Acme Robotics SAS",
                    "contact_name": "Claire Dubois",
                    "email": "training@acme-robotics.example",
                    "billing_address": "12 rue de la Paix\n75002 Paris",
                    "registration_number": "552 100 554 00018",
                },
            },
            {"route": "cpf", "amount_cents": None},
        ],
        [{"route": "bank_loan", "amount_cents": None, "details": {"bank": "BNP Paribas"}}],
        [{"route": "self_funded", "amount_cents": None}],
    ]
    for index, application in enumerate(submitted):
        if Quote.objects.filter(application=application).exists():
            continue
        try:
            quote = quotes.request_quote(
                application=application,
                funding=plans[index % len(plans)],
                note="",
                actor=application.applicant,
                now=now,
            )
            if index in (1, 2, 3):
                quote = quotes.issue_quote(
                    quote=quote,
                    lines=[quote_selectors.tuition_line(application)],
                    valid_until=quote_selectors.default_valid_until(application, now),
                    actor=officer,
                    now=now,
                )
            if index == 3:
                quotes.accept_quote(quote=quote, actor=application.applicant, now=now)
        except DomainError:
            continue
