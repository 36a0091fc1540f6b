"""Reading documents: the application's checklist and the documents of one item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language, pgettext_lazy

from admissions.applicants import selectors as applicant_selectors
from admissions.applications.models import Application
from admissions.applications.selectors import applicant_status
from admissions.applications.states import Status, is_final
from admissions.catalogue.models import DocumentRequirement, RequirementTiming
from admissions.core import memo
from admissions.documents.models import Document, DocumentRequest, DocumentStatus
from admissions.rules.conditions import compile_condition

# What each checklist state reads as, on every page that lists the checklist, after the
# document's name ("Diplomas — Missing"). French cannot agree an adjective with names of
# every gender and number ("Diplômes Manquant"), so each state is a phrase of its own about
# the item of the file ("Diplômes — Pièce manquante"): the context tells translators so.
STATE_LABELS = {
    "missing": pgettext_lazy("document state", "Missing"),
    "uploaded": pgettext_lazy("document state", "Uploaded"),
    "accepted": pgettext_lazy("document state", "Accepted"),
    "rejected": pgettext_lazy("document state", "Rejected"),
    "expected_later": pgettext_lazy("document state", "Expected later"),
    # An optional item nobody sent is not "missing": nothing is wrong with the file.
    "not_provided": pgettext_lazy("document state", "Not provided"),
}


def _lang() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def facts_of(application: Application) -> dict[str, Any]:
    profile = applicant_selectors.profile_of(application.applicant)
    return applicant_selectors.profile_facts(profile) if profile is not None else {}


def requirements_of(application: Application) -> QuerySet[DocumentRequirement]:
    """The programme's requirements at the application's entry level (or every level)."""
    return (
        DocumentRequirement.objects.filter(programme_id=application.programme_id)
        .filter(Q(entry_level__isnull=True) | Q(entry_level_id=application.entry_level_id))
        .select_related("document_type")
        .order_by("position", "pk")
    )


def active_documents(application: Application) -> QuerySet[Document]:
    return (
        Document.objects.filter(application=application, removed_at__isnull=True)
        .select_related("document_type", "rejection_reason")
        .order_by("uploaded_at", "pk")
    )


# What a page view remembers (``core.memo``): the review page and the dashboard read an
# application's checklist several times, and the dashboard reads those of every application
# at once (``read_checklists_ahead``).
def _requirements_key(programme_id: int, entry_level_id: int) -> tuple[str, int, int]:
    return ("documents.requirements", programme_id, entry_level_id)


def _documents_key(application_id: int) -> tuple[str, int]:
    return ("documents.active", application_id)


def _correcting_key(application_id: int) -> tuple[str, int]:
    return ("documents.correcting", application_id)


def _requirements(application: Application) -> list[DocumentRequirement]:
    return memo.remembered(
        _requirements_key(application.programme_id, application.entry_level_id),
        lambda: list(requirements_of(application)),
    )


def _active_documents(application: Application) -> list[Document]:
    return memo.remembered(
        _documents_key(application.pk), lambda: list(active_documents(application))
    )


def read_checklists_ahead(applications: Sequence[Application]) -> None:
    """Within a page view, read the requirements and documents of all ``applications`` in
    three queries, so that their checklists (the dashboard's next steps) read nothing more."""
    if not memo.active() or not applications:
        return
    ids = [application.pk for application in applications]
    documents: dict[int, list[Document]] = {pk: [] for pk in ids}
    for document in (
        Document.objects.filter(application_id__in=ids, removed_at__isnull=True)
        .select_related("document_type", "rejection_reason")
        .order_by("uploaded_at", "pk")
    ):
        documents[document.application_id].append(document)
    rejected: dict[int, set[int]] = {pk: set() for pk in ids}
    accepted: dict[int, set[int]] = {pk: set() for pk in ids}
    for application_id, type_id, status, removed_at in Document.objects.filter(
        application_id__in=ids, status__in=(DocumentStatus.REJECTED, DocumentStatus.ACCEPTED)
    ).values_list("application_id", "document_type_id", "status", "removed_at"):
        if status == DocumentStatus.REJECTED:
            rejected[application_id].add(type_id)
        elif removed_at is None:
            accepted[application_id].add(type_id)
    requirements = list(
        DocumentRequirement.objects.filter(
            programme_id__in={application.programme_id for application in applications}
        )
        .select_related("document_type")
        .order_by("position", "pk")
    )
    for application in applications:
        memo.prime(_documents_key(application.pk), documents[application.pk])
        memo.prime(
            _correcting_key(application.pk),
            rejected[application.pk] - accepted[application.pk],
        )
        memo.prime(
            _requirements_key(application.programme_id, application.entry_level_id),
            [
                requirement
                for requirement in requirements
                if requirement.programme_id == application.programme_id
                and requirement.entry_level_id in (None, application.entry_level_id)
            ],
        )


def open_request(application: Application) -> DocumentRequest | None:
    return (
        DocumentRequest.objects.filter(application=application, resolved_at__isnull=True)
        .order_by("-requested_at", "-pk")
        .first()
    )


@dataclass
class DocumentChecklistItem:
    """One line of the documents checklist; ``as_dict()`` is what the API shows of it."""

    requirement: DocumentRequirement
    asked: bool | None  # the condition: True, False (not listed) or None (profile unknown)
    reason_en: str
    reason_fr: str
    documents: list[Document] = field(default_factory=list)
    # The same reason said to staff about the applicant ("the applicant's native language").
    staff_reason_en: str = ""
    staff_reason_fr: str = ""
    requested: bool = False
    after_submission_open: bool = False

    @property
    def code(self) -> str:
        return self.requirement.document_type.code

    @property
    def name(self) -> str:
        return self.requirement.document_type.t("name")

    @property
    def required(self) -> bool:
        return self.requirement.required

    @property
    def timing(self) -> str:
        return self.requirement.timing

    @property
    def reason(self) -> str:
        return self.reason_fr if _lang() == "fr" else self.reason_en

    @property
    def reason_for_staff(self) -> str:
        return self.staff_reason_fr if _lang() == "fr" else self.staff_reason_en

    @property
    def usable_documents(self) -> list[Document]:
        return [d for d in self.documents if d.status != DocumentStatus.REJECTED]

    @property
    def state(self) -> str:
        if any(d.status == DocumentStatus.REJECTED for d in self.documents):
            return "rejected"
        if any(d.status == DocumentStatus.UPLOADED for d in self.documents):
            return "uploaded"
        if self.documents:
            return "accepted"
        if self.timing == RequirementTiming.AFTER_SUBMISSION:
            return "expected_later"
        if not self.required:
            return "not_provided"
        return "missing"

    @property
    def state_label(self) -> str:
        """The state as a person reads it, in the page's language ("Pièce manquante")."""
        return str(STATE_LABELS[self.state])

    @property
    def rejections(self) -> list[dict[str, str]]:
        return [
            {
                "file": d.original_name,
                "reason": d.rejection_reason.label if d.rejection_reason else "",
                "text": d.review_text,
            }
            for d in self.documents
            if d.status == DocumentStatus.REJECTED
        ]

    @property
    def can_add(self) -> bool:
        return self.after_submission_open and len(self.documents) < self.requirement.max_files

    @property
    def is_missing(self) -> bool:
        return len(self.usable_documents) < max(self.requirement.min_files, 1)

    def as_dict(self) -> dict[str, Any]:
        rejected = self.rejections
        state = self.state
        return {
            "code": self.code,
            "name": self.name,
            "required": self.required,
            "timing": self.timing,
            "state": state,
            "state_label": str(STATE_LABELS[state]),
            "reason": self.reason,
            "reason_en": self.reason_en,
            "reason_fr": self.reason_fr,
            "note": self.requirement.t("note"),
            "min_files": self.requirement.min_files,
            "max_files": self.requirement.max_files,
            "accepted_formats": list(self.requirement.accepted_formats or []),
            "max_size_mb": self.requirement.max_size_mb,
            "requested": self.requested,
            "rejection_reason": "; ".join(
                " — ".join(x for x in (r["reason"], r["text"]) if x) for r in rejected
            ),
            "files": [
                {
                    "id": str(d.public_id),
                    "name": d.original_name,
                    "sha256": d.sha256,
                    "size": d.size,
                    "content_type": d.content_type,
                    "status": d.status,
                }
                for d in self.documents
            ],
        }


def may_upload(
    application: Application,
    requirement: DocumentRequirement,
    requested: bool,
    correcting: bool = False,
) -> bool:
    """Whether files may be added to or removed from this item now.

    ``correcting``: staff rejected a file of this item and have not accepted one since; the
    applicant may then replace it in any open state, whatever the officer asked for.
    """
    # What the applicant sees: a refusal held until its release must not close the page.
    status = applicant_status(application)
    if status == Status.DRAFT:
        return True
    if is_final(status) or status == Status.WITHDRAWN:
        return False
    if status == Status.INCOMPLETE and requested:
        return True
    return correcting or requirement.timing == RequirementTiming.AFTER_SUBMISSION


def types_being_corrected(application: Application) -> set[int]:
    """The document types with a rejected file (replaced or not) and no accepted file: the
    applicant may replace them until staff accept one."""
    return memo.remembered(
        _correcting_key(application.pk), lambda: _types_being_corrected(application)
    )


def _types_being_corrected(application: Application) -> set[int]:
    rejected = set(
        Document.objects.filter(application=application, status=DocumentStatus.REJECTED)
        .values_list("document_type_id", flat=True)
        .distinct()
    )
    if not rejected:
        return set()
    accepted = set(
        Document.objects.filter(
            application=application,
            status=DocumentStatus.ACCEPTED,
            removed_at__isnull=True,
            document_type_id__in=rejected,
        ).values_list("document_type_id", flat=True)
    )
    return rejected - accepted


def checklist_items(
    application: Application, now: dt.datetime | None = None
) -> list[DocumentChecklistItem]:
    """The application's documents checklist, in the programme's order.

    Each requirement's condition is evaluated on the applicant's profile facts: an item whose
    condition is false is not listed; an unknown one is listed with "Asked if …".
    """
    facts = facts_of(application)
    by_type: dict[int, list[Document]] = {}
    for document in _active_documents(application):
        by_type.setdefault(document.document_type_id, []).append(document)
    request = open_request(application) if application.status == Status.INCOMPLETE else None
    requested_codes = set(request.items) if request is not None else set()
    correcting = types_being_corrected(application)
    items = []
    for requirement in _requirements(application):
        condition = compile_condition(requirement.condition or "")
        asked = condition.evaluate(facts)
        if asked is False:
            continue
        if condition.is_always:
            reason_en = reason_fr = staff_reason_en = staff_reason_fr = ""
        else:
            reason_en = condition.explain(facts, "en")
            reason_fr = condition.explain(facts, "fr")
            staff_reason_en = condition.explain(facts, "en", voice="staff")
            staff_reason_fr = condition.explain(facts, "fr", voice="staff")
        requested = requirement.document_type.code in requested_codes
        items.append(
            DocumentChecklistItem(
                requirement=requirement,
                asked=asked,
                reason_en=reason_en,
                reason_fr=reason_fr,
                staff_reason_en=staff_reason_en,
                staff_reason_fr=staff_reason_fr,
                documents=by_type.get(requirement.document_type_id, []),
                requested=requested,
                after_submission_open=may_upload(
                    application,
                    requirement,
                    requested,
                    correcting=requirement.document_type_id in correcting,
                ),
            )
        )
    return items


def checklist(application: Application, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    return [item.as_dict() for item in checklist_items(application, now)]


def item_for(application: Application, code: str) -> DocumentChecklistItem | None:
    return next((i for i in checklist_items(application) if i.code == code), None)


def reusable_documents(application: Application, code: str) -> list[Document]:
    """The applicant's documents of this type in their other applications, one per stored
    file, leaving out the files already on ``application`` (as themselves or as copies)."""
    return reusable_documents_by_code(application, [code]).get(code, [])


def reusable_documents_by_code(
    application: Application, codes: Sequence[str]
) -> dict[str, list[Document]]:
    """``reusable_documents`` for several document types at once (the documents page asks
    for every item of its checklist): two queries whatever the number of codes."""
    if not codes:
        return {}
    on_application = Document.objects.filter(application=application, removed_at__isnull=True)
    used = {
        reused_from or pk for pk, reused_from in on_application.values_list("pk", "reused_from")
    }
    candidates = (
        Document.objects.filter(
            application__applicant_id=application.applicant_id,
            document_type__code__in=list(codes),
            removed_at__isnull=True,
        )
        .exclude(application=application)
        .exclude(status=DocumentStatus.REJECTED)
        .select_related("application", "document_type")
        .order_by("-uploaded_at", "-pk")
    )
    offered: dict[str, list[Document]] = {code: [] for code in codes}
    offered_roots: dict[str, set[int]] = {code: set(used) for code in codes}
    for document in candidates:
        code = document.document_type.code
        root = document.reused_from_id or document.pk
        if root not in offered_roots[code]:
            offered_roots[code].add(root)
            offered[code].append(document)
    return offered


def document_for_applicant(user: Any, public_id: Any) -> Document | None:
    return (
        Document.objects.filter(public_id=public_id, application__applicant_id=user.pk)
        .select_related("application", "document_type")
        .first()
    )


def waiting_after_submission(programme_ids: set[int] | None) -> list[tuple[Application, list[str]]]:
    """Submitted applications still waiting for documents that may come after submission,
    each with the names of those documents in the current language."""

    qs = Application.objects.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN]).select_related(
        "programme", "applicant"
    )
    if programme_ids is not None:
        qs = qs.filter(programme_id__in=programme_ids)
    waiting = []
    for application in qs.order_by("reference"):
        if is_final(Status(application.status)):
            continue
        names = [
            item.name
            for item in checklist_items(application)
            if item.timing == RequirementTiming.AFTER_SUBMISSION
            and item.asked
            and item.required
            and item.is_missing
        ]
        if names:
            waiting.append((application, names))
    return waiting
