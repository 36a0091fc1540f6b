"""Everything the platform holds about one applicant, as one zip (GDPR articles 15 and 20).

The zip holds ``data.json`` (account, profile, applications with their answers, states,
timeline, the released decision with its offer and waiting-list position, documents'
details, referees, fee, payments, receipts, waivers and quotes, and the
messages sent to the person) and the files themselves under ``files/``: uploaded documents,
fee-waiver proofs and issued quotes. File paths in ``data.json`` point into the zip.

It is built synchronously, into a temporary file that spills to disk past 10 MB, and streamed
to the browser from there: an applicant's files are bounded by the checklists (a few dozen
files of at most the upload limit each), so the request stays within a worker's timeout.
Should that change, ``build_export`` can run in a task and store its result instead.

The committee's submitted reviews of each application are there too (scores, the weighted
score, recommendation and comment: the school's assessment of the applicant), without who
wrote them; drafts are not, being no assessment yet.

Left out on purpose: referees' letters (confidential to the school, never shown to the
applicant), reviewers' names, staff-only timeline entries and notes, and the audit trail
(security records).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from decimal import Decimal
from typing import IO, Any

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.http import HttpRequest
from django.utils.text import get_valid_filename

from admissions.accounts.models import User
from admissions.applicants.models import Profile
from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.core import audit, clock
from admissions.decisions import selectors as decision_selectors
from admissions.documents import storage
from admissions.notifications.models import OutboxMessage
from admissions.review.models import Assignment, Conflict, Interview, Review, ReviewStatus

SPOOL_BYTES = 10 * 1024 * 1024
FORMAT_VERSION = 1


def _row(obj: Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The concrete fields of ``obj`` as plain values; foreign keys as their ids."""
    skip = {"id", *exclude}
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
            value = value.name or ""
        data[field.name] = value
    return data


def _profile(user: User) -> dict[str, Any] | None:
    profile = (
        Profile.objects.filter(user=user)
        .prefetch_related("degrees", "experiences", "language_tests", "certifications")
        .first()
    )
    if profile is None:
        return None
    return {
        **_row(profile, exclude=("user",)),
        "degrees": [_row(row, exclude=("profile",)) for row in profile.degrees.all()],
        "experiences": [_row(row, exclude=("profile",)) for row in profile.experiences.all()],
        "language_tests": [_row(row, exclude=("profile",)) for row in profile.language_tests.all()],
        "certifications": [_row(row, exclude=("profile",)) for row in profile.certifications.all()],
    }


class _Files:
    """The files to copy into the zip, each under a unique, safe name."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str]] = []  # (path in the zip, stored name)

    def add(self, folder: str, prefix: str, original_name: str, stored_name: str) -> str:
        name = get_valid_filename(original_name) or "file"
        path = f"files/{folder}/{prefix}-{name}"
        self.entries.append((path, stored_name))
        return path


def _finance(application: Application, files: _Files) -> dict[str, Any]:
    fee = getattr(application, "fee", None)
    data: dict[str, Any] = {"fee": None, "payments": [], "waivers": [], "quotes": []}
    if fee is not None:
        data["fee"] = _row(fee, exclude=("application",))
        for payment in fee.payments.select_related("receipt").prefetch_related("refunds"):
            row = _row(payment, exclude=("fee", "recorded_by", "statement_line", "checkout_url"))
            receipt = getattr(payment, "receipt", None)
            row["receipt"] = _row(receipt, exclude=("payment",)) if receipt else None
            row["refunds"] = [
                _row(refund, exclude=("payment", "refunded_by")) for refund in payment.refunds.all()
            ]
            data["payments"].append(row)
        for waiver in fee.waivers.all():
            row = _row(waiver, exclude=("fee", "requested_by", "decided_by", "proof"))
            if waiver.proof.name:
                row["file"] = files.add(
                    application.reference,
                    f"waiver-{waiver.public_id}",
                    waiver.proof_filename or "proof",
                    waiver.proof.name,
                )
            data["waivers"].append(row)
    for quote in application.quotes.prefetch_related("lines", "payers", "funding"):
        row = _row(quote, exclude=("application", "requested_by", "issued_by", "pdf", "previous"))
        row["lines"] = [_row(line, exclude=("quote",)) for line in quote.lines.all()]
        row["payers"] = [_row(payer, exclude=("quote",)) for payer in quote.payers.all()]
        row["funding"] = [_row(item, exclude=("quote", "payer")) for item in quote.funding.all()]
        if quote.pdf.name:
            row["file"] = files.add(
                application.reference,
                f"quote-{quote.number or quote.public_id}-v{quote.version}",
                "quote.pdf",
                quote.pdf.name,
            )
        data["quotes"].append(row)
    return data


def _conflicts(application: Application) -> list[dict[str, Any]]:
    """Conflicts of interest recorded about the application: what and when, not which
    committee member (someone else's data)."""
    return [
        {"kind": conflict.kind, "note": conflict.note, "recorded_at": conflict.declared_at}
        for conflict in Conflict.objects.filter(application=application).order_by("declared_at")
    ]


def _decision(application: Application, now: dt.datetime) -> dict[str, Any] | None:
    """The released decision, its conditions and reasons, the offer and the waiting-list
    position, as the application page shows them (nothing before the release)."""
    seen = decision_selectors.for_applicant(application, now, "en")
    if seen.decision is None:
        return None
    offer = seen.offer
    return {
        "outcome": seen.decision.outcome,
        "released_at": seen.decision.release_at,
        "entry_level": seen.decision.entry_level.code,
        "conditions": [
            {
                "text_en": condition.text_en,
                "text_fr": condition.text_fr,
                "due_on": condition.due_on,
                "status": condition.status,
            }
            for condition in seen.decision.conditions.all()
        ],
        "reasons": [
            {"en": reason.get("en", ""), "fr": reason.get("fr", "")}
            for reason in seen.decision.reasons
        ],
        "offer": None
        if offer is None
        else {
            "status": seen.offer_status,
            "opened_at": offer.opened_at,
            "deadline_at": offer.deadline_at,
            "answered_at": offer.answered_at,
        },
        "waitlist_position": seen.waitlist_position,
    }


def _application(application: Application, files: _Files, now: dt.datetime) -> dict[str, Any]:
    documents = []
    for document in application.documents.select_related("document_type"):
        documents.append(
            {
                "document_type": document.document_type.code,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
                "uploaded_at": document.uploaded_at,
                "status": document.status,
                "review_text": document.review_text,
                "removed_at": document.removed_at,
                "file": files.add(
                    application.reference,
                    str(document.public_id),
                    document.original_name,
                    document.stored_name,
                ),
            }
        )
    return {
        "reference": application.reference,
        "programme": application.programme.slug,
        "academic_year": application.intake.academic_year,
        "entry_level": application.entry_level.code,
        # What the applicant sees: a decision held until its release is not shown before.
        "status": application_selectors.applicant_status(application, now),
        "decision": _decision(application, now),
        "answers": application.answers,
        "submitted_at": application.submitted_at,
        "withdrawn_at": application.withdrawn_at,
        "withdrawal_reason": application.withdrawal_reason,
        "eligibility": application.eligibility_snapshot,
        "created_at": application.created_at,
        "timeline": [
            {
                "at": event.at,
                "kind": event.kind,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "message_en": event.message_en,
                "message_fr": event.message_fr,
            }
            for event in application.timeline.filter(visible_to_applicant=True)
        ],
        "documents": documents,
        "conflicts_of_interest": _conflicts(application),
        "referees": [
            {
                "name": referee.name,
                "email": referee.email,
                "relationship": referee.relationship,
                "institution": referee.institution,
                "invited_at": referee.invited_at,
                "replaced_at": referee.replaced_at,
                "letter_received": referee.letter_received_at is not None,
            }
            for referee in application.referees.all()
        ],
        "reviews": _reviews(application),
        "interviews": _interviews(application),
        **_finance(application, files),
        "review_assignment": _review_assignment(application),
    }


def _review_assignment(application: Application) -> dict[str, Any]:
    """How the committee's review of the application was organised: each assignment's
    status and dates (not who reviews: reviewers may be blind to the applicant, and the
    applicant is not told their names), and the conflicts of interest recorded, with their
    notes, which speak about the applicant."""
    return {
        "assignments": [
            {"status": status, "created_at": created_at, "due_at": due_at, "ended_at": ended_at}
            for status, created_at, due_at, ended_at in Assignment.objects.filter(
                application=application
            )
            .order_by("created_at", "pk")
            .values_list("status", "created_at", "due_at", "ended_at")
        ],
        "conflicts_of_interest": [
            {"kind": kind, "found_by_the_system": derived, "note": note, "declared_at": at}
            for kind, derived, note, at in Conflict.objects.filter(application=application)
            .order_by("declared_at", "pk")
            .values_list("kind", "derived", "note", "declared_at")
        ],
    }


def _reviews(application: Application) -> list[dict[str, Any]]:
    # Like an interview's sheet, the committee's scores and comments wait for the decision's
    # release: exported before it, they would tell the applicant what was decided.
    if _decision_pending(application):
        return []
    return [
        {
            "scores": review.scores,
            "weighted_score": review.weighted_score,
            "recommendation": review.recommendation,
            "comment": review.comment,
            "submitted_at": review.submitted_at,
        }
        for review in Review.objects.filter(
            assignment__application=application, status=ReviewStatus.SUBMITTED
        ).order_by("submitted_at", "pk")
    ]


# While the application waits for its decision, an interview's sheet (outcome, scores,
# prerequisites, notes) stays with staff: a failed interview leads to a refusal, and a
# decision is shown to the applicant only once released (the export included). Once the
# application is decided or closed, the sheet is exported with the rest.
_SHEET_HELD_WHILE = ("eligible", "in_review", "interview", "ready_for_panel")


def _decision_pending(application: Application) -> bool:
    """Whether the applicant has not been told a decision yet: the status they see (a
    decision recorded but not released still reads "ready for the panel") is before one."""
    shown = application_selectors.applicant_status(application, clock.now())
    return shown in _SHEET_HELD_WHILE


def _interviews(application: Application) -> list[dict[str, Any]]:
    rows = []
    held = _decision_pending(application)
    for interview in Interview.objects.filter(application=application).select_related("slot"):
        slot = interview.slot
        row: dict[str, Any] = {
            "attempt": interview.attempt,
            "status": interview.status,
            "invited_at": interview.invited_at,
            "booked_at": interview.booked_at,
            "time_zone": interview.time_zone,
            "starts_at": slot.starts_at if slot else None,
            "duration_minutes": slot.duration_minutes if slot else None,
            "mode": slot.mode if slot else None,
            "calendar_uid": interview.uid,
        }
        if not held:
            row.update(
                {
                    "outcome": interview.outcome,
                    "scores": interview.scores,
                    "prerequisites": interview.prerequisites,
                    "weighted_score": interview.weighted_score,
                    "notes": interview.notes,
                    "recorded_at": interview.recorded_at,
                }
            )
        rows.append(row)
    return rows


def _messages(user: User) -> list[dict[str, Any]]:
    messages = OutboxMessage.objects.filter(Q(user=user) | Q(recipient_email__iexact=user.email))
    return [
        {
            "event": message.event,
            "to": message.recipient_email,
            "language": message.template_language,
            "subject": message.subject,
            "text": message.body_text,
            "status": message.status,
            "queued_at": message.created_at,
            "sent_at": message.sent_at,
            "read_at": message.read_at,
        }
        for message in messages.order_by("created_at", "pk")
    ]


def personal_data(user: User, *, now: dt.datetime) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """What ``data.json`` holds, and the files to add: (path in the zip, stored name)."""
    files = _Files()
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("programme", "intake", "entry_level", "fee")
        .order_by("created_at", "pk")
    )
    data = {
        "format": FORMAT_VERSION,
        "exported_at": now,
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "profile": _profile(user),
        "applications": [_application(application, files, now) for application in applications],
        "messages": _messages(user),
    }
    return data, files.entries


def build_export(
    *, user: User, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> IO[bytes]:
    """The zip of ``user``'s personal data, rewound and ready to stream; audited."""
    now = now or clock.now()
    data, entries = personal_data(user, now=now)
    # Returned open: the response streams it, then closes it.
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        missing = []
        for path, stored_name in entries:
            if not default_storage.exists(stored_name):
                missing.append(path)
                continue
            with storage.open_blob(stored_name) as blob, archive.open(path, "w") as target:
                while chunk := blob.read(1024 * 1024):
                    target.write(chunk)
        if missing:
            archive.writestr("missing_files.json", json.dumps(missing, indent=2))
    out.seek(0)
    audit.record(
        action="privacy.exported",
        actor=user,
        object_type="user",
        object_ref=str(user.pk),
        request=request,
        data={"applications": len(data["applications"]), "files": len(entries) - len(missing)},
    )
    return out
