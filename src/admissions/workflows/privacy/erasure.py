"""Erasing personal data: one application's (retention), or a whole person's (their request).

What goes: the profile and its lists, the answers, the timeline, eligibility results and
overrides, documents and their files, referees and their letters, merged PDFs, messages,
fee-waiver reasons and proofs, quote notes and PDFs, payers' contact details, the names on
payments and bank statement lines, the account's email addresses and authenticators.

What stays, anonymised: the committee's reviews keep their scores (the reviewers'
calibration counts them) without their comments, which speak of the applicant; the
application row (reference, programme, intake, status, dates),
because the fee, payments, refunds, receipts and quotes hang off it and French accounting law
(Code de commerce, article L123-22) has the school keep them ten years: their numbers,
amounts, currencies, dates and methods stay; the payer's name and email on them are replaced.
The account row stays too, with its email replaced by an address that reaches no one, no
password, inactive, so the ledger's "who recorded it" links still resolve.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from admissions.accounts.erasure import request_erasure
from admissions.accounts.models import ErasureRequest, User
from admissions.accounts.search import refresh_search_text
from admissions.applicants.models import Profile
from admissions.applications.models import Application
from admissions.applications.services import withdraw_application
from admissions.applications.states import FINAL
from admissions.core import audit, clock
from admissions.decisions.models import Decision, DecisionCondition
from admissions.documents import storage
from admissions.documents.models import Document, DocumentRequest, MergedFile, Referee
from admissions.eligibility.models import EligibilityOverride
from admissions.finance.models import (
    BankStatementLine,
    FeeWaiver,
    Payer,
    PayerKind,
    Payment,
    Quote,
    Receipt,
)
from admissions.notifications.models import NotificationPreference, OutboxMessage
from admissions.review.models import Assignment, Conflict, Interview, Review

# What an anonymised payer is called on a kept receipt or payment.
ANONYMISED = "anonymised"


def erased_email(user: User) -> str:
    """The address an erased account keeps: unique, and reserved never to be delivered."""
    return f"erased-{user.pk}@erased.invalid"


@dataclass
class Erased:
    """What one erasure removed or anonymised, counted for the report and the audit entry."""

    applications: int = 0
    documents: int = 0
    files: int = 0
    messages: int = 0
    anonymised_payments: int = 0
    anonymised_receipts: int = 0
    people: int = 0
    blobs: list[str] = field(default_factory=list, repr=False)

    def add(self, other: Erased) -> None:
        for name in (
            "applications",
            "documents",
            "files",
            "messages",
            "anonymised_payments",
            "anonymised_receipts",
            "people",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.blobs.extend(other.blobs)

    def counts(self) -> dict[str, int]:
        return {
            "applications": self.applications,
            "documents": self.documents,
            "files": self.files,
            "messages": self.messages,
            "anonymised_payments": self.anonymised_payments,
            "anonymised_receipts": self.anonymised_receipts,
            "people": self.people,
        }


def _delete_blobs_after_commit(names: list[str]) -> None:
    # A rolled-back erasure must not have lost the files: delete them once the rows are gone.
    def delete() -> None:
        for name in names:
            storage.delete_blob(name)

    transaction.on_commit(delete)


def _erase_documents(application: Application, erased: Erased) -> None:
    documents = list(Document.objects.filter(application=application))
    ids = [document.pk for document in documents]
    # Another application's copy may point at one of these rows (reuse) and share its blob.
    Document.objects.filter(reused_from_id__in=ids).exclude(application=application).update(
        reused_from=None
    )
    Document.objects.filter(pk__in=ids).update(reused_from=None)
    names = {document.stored_name for document in documents if document.stored_name}
    shared = set(
        Document.objects.filter(stored_name__in=names)
        .exclude(application=application)
        .values_list("stored_name", flat=True)
    )
    Document.objects.filter(pk__in=ids).delete()
    erased.documents += len(ids)
    erased.blobs.extend(sorted(names - shared))

    for referee in Referee.objects.filter(application=application):
        if referee.letter_stored_name:
            erased.blobs.append(referee.letter_stored_name)
    Referee.objects.filter(application=application).delete()
    DocumentRequest.objects.filter(application=application).delete()
    for merged in MergedFile.objects.filter(application=application):
        if merged.stored_name:
            erased.blobs.append(merged.stored_name)
    MergedFile.objects.filter(application=application).delete()


def _anonymise_finance(application: Application, erased: Erased) -> None:
    payments = Payment.objects.filter(fee__application=application)
    erased.anonymised_payments += payments.update(payer_name=ANONYMISED, checkout_url="")
    erased.anonymised_receipts += Receipt.objects.filter(payment__in=payments).update(
        payer_name=ANONYMISED, payer_email=""
    )
    BankStatementLine.objects.filter(fee__application=application).update(
        payer_name=ANONYMISED, label=""
    )
    for waiver in FeeWaiver.objects.filter(fee__application=application):
        if waiver.proof.name:
            erased.blobs.append(waiver.proof.name)
    FeeWaiver.objects.filter(fee__application=application).update(
        reason="", decision_note="", proof="", proof_filename="", proof_content_type=""
    )
    if hasattr(application, "fee"):
        type(application.fee).objects.filter(pk=application.fee.pk).update(deferral_reason="")
    quotes = Quote.objects.filter(application=application)
    for quote in quotes:
        if quote.pdf.name:
            erased.blobs.append(quote.pdf.name)
    quotes.update(applicant_note="", staff_note="", pdf="")
    payers = Payer.objects.filter(quote__application=application)
    payers.filter(kind=PayerKind.APPLICANT).update(
        organisation="", billing_address="", registration_number="", purchase_order=""
    )
    payers.update(contact_name="", email="", phone="")


def erase_application(
    *, application: Application, now: dt.datetime, reason: str = "retention", audited: bool = True
) -> Erased:
    """Erase one application's personal data, keeping the row and its anonymised money.

    ``audited=False`` when a person's erasure, audited as a whole, calls it."""
    erased = Erased()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.personal_data_erased_at is not None:
            return erased
        _erase_documents(locked, erased)
        _anonymise_finance(locked, erased)
        EligibilityOverride.objects.filter(application=locked).delete()
        # Review assignments and conflicts stay (a committee's record of its work), without
        # the free text people wrote about the applicant.
        Conflict.objects.filter(application=locked).update(note="")
        Assignment.objects.filter(application=locked).update(ended_reason="")
        Review.objects.filter(assignment__application=locked).update(comment="")
        # The interview rows stay (their slots' bookings and the outcome counted for the
        # panel); what was written about the person goes.
        Interview.objects.filter(application=locked).update(
            scores={}, prerequisites={}, notes="", time_zone=""
        )
        # Decisions stay (places were counted with them); what was written about the person
        # goes: the panel's note, free-text reasons and conditions.
        Decision.objects.filter(application=locked).update(note="", reasons=[])
        DecisionCondition.objects.filter(decision__application=locked).update(
            text_en="", text_fr=""
        )
        locked.timeline.all().delete()
        Application.objects.filter(pk=locked.pk).update(
            answers={},
            answer_versions={},
            withdrawal_reason="",
            eligibility_snapshot=None,
            personal_data_erased_at=now,
        )
        erased.applications += 1
        erased.files += len(erased.blobs)
        _delete_blobs_after_commit(list(erased.blobs))
        if audited:
            audit.record(
                action="privacy.application_erased",
                object_type="application",
                object_ref=locked.reference,
                programme_id=locked.programme_id,
                data={"reason": reason, **erased.counts()},
            )
    return erased


WITHDRAWN_FOR_ERASURE = "The applicant asked for the erasure of their personal data."


def ask_for_erasure(
    *, user: User, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> ErasureRequest:
    """The applicant's erasure request: their account closes now (``accounts.erasure``) and
    every application still open is withdrawn, so that no one goes on assessing a file
    about to be erased. Cancelling the request reopens the account, not the applications:
    the applicant may apply again while a round is open."""
    now = now or clock.now()
    with transaction.atomic():
        erasure = request_erasure(user=user, request=request, now=now)
        for application in Application.objects.filter(applicant=user).exclude(
            status__in=[status.value for status in FINAL]
        ):
            withdraw_application(
                application=application, actor=user, reason=WITHDRAWN_FOR_ERASURE, now=now
            )
    return erasure


def erase_person(*, user: User, now: dt.datetime | None = None, reason: str) -> Erased:
    """Erase everything about ``user`` but the anonymised money records; audited.

    ``reason`` is ``request`` (the applicant's erasure request) or ``retention``."""
    now = now or clock.now()
    erased = Erased()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        for application in Application.objects.filter(applicant=locked):
            erased.add(erase_application(application=application, now=now, audited=False))
        Profile.objects.filter(user=locked).delete()
        messages = OutboxMessage.objects.filter(
            Q(user=locked) | Q(recipient_email__iexact=locked.email)
        )
        erased.messages, _ = messages.delete()
        NotificationPreference.objects.filter(user=locked).delete()
        EmailAddress.objects.filter(user=locked).delete()
        Authenticator.objects.filter(user=locked).delete()
        locked.email = erased_email(locked)
        locked.first_name = ""
        locked.last_name = ""
        locked.is_active = False
        locked.set_unusable_password()
        locked.save()
        # The staff list no longer finds the person by their former name or address.
        refresh_search_text(locked)
        ErasureRequest.objects.filter(
            user=locked, cancelled_at__isnull=True, completed_at__isnull=True
        ).update(completed_at=now)
        erased.people += 1
        audit.record(
            action="privacy.erased",
            object_type="user",
            object_ref=str(locked.pk),
            data={"reason": reason, **erased.counts()},
        )
    return erased
