"""Everything that changes documents: upload, remove, reuse, review, requests for items.

An upload is validated from its bytes (``validation.validate_upload``), stored under a new
unguessable name (a blob is never overwritten), then recorded. Removing keeps the blob and
the row (``removed_at``): nothing already stored is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from admissions.applications import notify as application_notify
from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.selectors import APPLICATION_NOT_FOUND
from admissions.applications.states import Status
from admissions.catalogue.models import DocumentRequirement
from admissions.core import audit, clock
from admissions.core.errors import DomainError, NotFound
from admissions.documents import merge, selectors, storage
from admissions.documents.models import (
    Document,
    DocumentRequest,
    DocumentStatus,
    MergedFile,
    MergedFileStatus,
    RejectionReason,
)
from admissions.documents.validation import DEFAULT_ALLOWED_TYPES, validate_upload
from admissions.notifications import services as notifications

NOT_YOURS = APPLICATION_NOT_FOUND  # the one refusal of another person's application
NOT_ASKED = _(
    "This application does not ask for this document. Choose one of the items of the checklist."
)
NOT_NOW = _(
    "This document can no longer be changed: the application was submitted. Only documents "
    "that may be sent after submission, or that the admissions team asked for, can be added."
)
TOO_MANY_FILES = _(
    "This item already has %(count)s files, the most it takes. Remove or replace one first."
)
CANNOT_REUSE = _(
    "This document cannot be reused here: choose one of your own documents of the same type."
)
REUSE_TYPE = _(
    "This document cannot be reused here: its type (%(type)s) is not accepted for this item. "
    "Upload the file instead."
)
ALREADY_REVIEWED = _("Only documents still waiting for review can be removed by the applicant.")
REASON_REQUIRED = _("Choose the reason for rejecting this document.")
NOTHING_REQUESTED = _("Choose at least one item to ask the applicant for.")
EVENT_DOCUMENT_REVIEWED = "document_reviewed"
EVENT_DOCUMENT_REJECTED = "document_rejected"
EVENT_DOCUMENTS_REQUESTED = "documents_requested"
EVENT_DOCUMENT_UPLOADED = "document_uploaded"


class DocumentRefused(DomainError):
    """The action on a document is not allowed now; the message says why and what to do."""


def _check_owner(application: Application, actor: Any) -> None:
    if actor is None or getattr(actor, "pk", None) != application.applicant_id:
        raise NotFound(NOT_YOURS)


def _writable_item(application: Application, code: str) -> selectors.DocumentChecklistItem:
    item = selectors.item_for(application, code)
    if item is None:
        raise DocumentRefused(NOT_ASKED, field="document_type")
    if not item.after_submission_open:
        raise DocumentRefused(NOT_NOW, field="document_type")
    return item


def _lock_application(application: Application) -> None:
    """Inside the caller's transaction: lock the application row, so that what is read next
    (the item's files) sees every committed upload before it.

    Parallel uploads to one item each read the count before any of them wrote, so each saw
    room (eight at once to the one-file CV left several files). Locking the application row
    serialises the uploads of one application only. SQLite needs no lock: its transactions
    start IMMEDIATE.
    """
    Application.objects.select_for_update().filter(pk=application.pk).first()


def _lock_item_with_room(
    *,
    application: Application,
    requirement: DocumentRequirement,
    replacing: Document | None = None,
    locked: bool = False,
) -> None:
    """Inside the caller's transaction: lock the application row (unless the caller already
    did: ``locked``), then count the item's files and refuse when it is full."""
    if not locked:
        _lock_application(application)
    active = Document.objects.filter(
        application=application,
        document_type_id=requirement.document_type_id,
        removed_at__isnull=True,
    )
    if replacing is not None:
        if not active.filter(pk=replacing.pk).exists():
            raise NotFound(NOT_YOURS)  # removed or replaced by a parallel request
        active = active.exclude(pk=replacing.pk)
    if active.count() >= requirement.max_files:
        raise DocumentRefused(TOO_MANY_FILES % {"count": requirement.max_files}, field="file")


def upload_document(
    *,
    application: Application,
    document_type: str,
    fileobj: IO[bytes],
    filename: str,
    actor: Any,
    now: dt.datetime | None = None,
    replace: Document | None = None,
) -> Document:
    """Validate and store one file for the checklist item ``document_type`` (a code).

    Raises ``NotFound`` (not the actor's application), ``DocumentRefused`` (item not asked,
    not open now, already full) or an ``UploadRejected`` (``http_status`` 413/415/422).
    ``replace`` removes that document of the same item once the new one is stored.
    """
    now = now or clock.now()
    _check_owner(application, actor)
    item = _writable_item(application, document_type)
    if replace is not None and (
        replace.application_id != application.pk
        or replace.document_type_id != item.requirement.document_type_id
        or replace.removed_at is not None
    ):
        raise NotFound(NOT_YOURS)
    if replace is None and len(item.documents) >= item.requirement.max_files:
        raise DocumentRefused(TOO_MANY_FILES % {"count": item.requirement.max_files}, field="file")
    requirement = item.requirement
    validated = validate_upload(
        fileobj,
        filename=filename,
        allowed_types=requirement.accepted_formats or DEFAULT_ALLOWED_TYPES,
        max_bytes=requirement.max_size_mb * 1024 * 1024,
        scanner=storage.scanner(),
    )
    # Stored before it is recorded (and acknowledged); a failed insert removes the new blob
    # only, never one already referenced.
    stored_name = storage.save(fileobj, validated.content_type)
    try:
        with transaction.atomic():
            _lock_item_with_room(
                application=application, requirement=requirement, replacing=replace
            )
            document = Document.objects.create(
                application=application,
                document_type=requirement.document_type,
                requirement=requirement,
                stored_name=stored_name,
                original_name=validated.sanitized_name,
                size=validated.size,
                content_type=validated.content_type,
                sha256=validated.sha256,
                uploaded_by=actor,
                uploaded_at=now,
            )
            if replace is not None:
                Document.objects.filter(pk=replace.pk).update(removed_at=now)
            application_services.record_event(
                application=application,
                kind=EVENT_DOCUMENT_UPLOADED,
                actor=actor,
                message_en=f"Document uploaded: {requirement.document_type.name_en}.",
                message_fr=(
                    "Document déposé : "
                    f"{requirement.document_type.name_fr or requirement.document_type.name_en}."
                ),
                data={"document": str(document.public_id), "type": document_type},
                now=now,
            )
    except Exception:
        storage.delete_blob(stored_name)
        raise
    return document


def remove_document(*, document: Document, actor: Any, now: dt.datetime | None = None) -> Document:
    """Take ``document`` off its application (the row and blob stay for the retention
    period). Allowed while the item accepts uploads, for a file not accepted yet."""
    now = now or clock.now()
    application = document.application
    _check_owner(application, actor)
    if document.removed_at is not None:
        return document
    _writable_item(application, document.document_type.code)
    if document.status == DocumentStatus.ACCEPTED:
        raise DocumentRefused(ALREADY_REVIEWED)
    document.removed_at = now
    document.save(update_fields=["removed_at"])
    return document


def reuse_document(
    *, application: Application, source: Document, actor: Any, now: dt.datetime | None = None
) -> Document:
    """Add ``source`` (a document of another application of the same applicant) to
    ``application``: a new row pointing at the same stored blob, nothing uploaded again.

    Idempotent: when the file (or another copy of it) is already on ``application``, that
    document is returned and nothing is added; a unique constraint settles two requests at
    the same moment."""
    now = now or clock.now()
    _check_owner(application, actor)
    if (
        source.application.applicant_id != application.applicant_id
        or source.application_id == application.pk
        or source.removed_at is not None
    ):
        raise DocumentRefused(CANNOT_REUSE)
    root = source.reused_from or source
    already = _active_copy(application, root)
    if already is not None:
        return already
    item = _writable_item(application, source.document_type.code)
    if len(item.documents) >= item.requirement.max_files:
        raise DocumentRefused(TOO_MANY_FILES % {"count": item.requirement.max_files})
    formats = item.requirement.accepted_formats or DEFAULT_ALLOWED_TYPES
    kind = storage._EXTENSIONS.get(source.content_type, "")
    aliases = {kind, source.content_type, "jpeg" if kind == "jpg" else kind}
    if not aliases & {f.lower() for f in formats} or (
        source.size > item.requirement.max_size_mb * 1024 * 1024
    ):
        raise DocumentRefused(REUSE_TYPE % {"type": source.content_type})
    try:
        with transaction.atomic():
            # Application row locked first: a parallel reuse of the same file waits here,
            # then answers with the copy the first one made instead of finding no room.
            _lock_application(application)
            already = _active_copy(application, root)
            if already is not None:
                return already
            _lock_item_with_room(application=application, requirement=item.requirement, locked=True)
            return Document.objects.create(
                application=application,
                document_type=source.document_type,
                requirement=item.requirement,
                stored_name=source.stored_name,
                original_name=source.original_name,
                size=source.size,
                content_type=source.content_type,
                sha256=source.sha256,
                uploaded_by=actor,
                uploaded_at=now,
                reused_from=root,
            )
    except IntegrityError:
        # Another request added the same file a moment ago: answer with its copy.
        already = _active_copy(application, root)
        if already is None:
            raise
        return already


def _active_copy(application: Application, root: Document) -> Document | None:
    """The active document of ``application`` that is ``root`` or a copy of it."""
    return (
        Document.objects.filter(application=application, removed_at__isnull=True)
        .filter(Q(reused_from=root) | Q(pk=root.pk))
        .first()
    )


def review_document(
    *,
    document: Document,
    accepted: bool,
    actor: Any,
    reason_code: str = "",
    text: str = "",
    now: dt.datetime | None = None,
) -> Document:
    """Staff accept or reject ``document``; a rejection needs a reason from the list."""
    now = now or clock.now()
    reason = None
    if not accepted:
        reason = RejectionReason.objects.filter(code=reason_code, is_active=True).first()
        if reason is None:
            raise DocumentRefused(REASON_REQUIRED, field="reason")
    with transaction.atomic():
        document.status = DocumentStatus.ACCEPTED if accepted else DocumentStatus.REJECTED
        document.rejection_reason = reason
        document.review_text = (text or "").strip()[:2000]
        document.reviewed_by = actor
        document.reviewed_at = now
        document.save(
            update_fields=[
                "status",
                "rejection_reason",
                "review_text",
                "reviewed_by",
                "reviewed_at",
            ]
        )
        name_en = document.document_type.name_en
        name_fr = document.document_type.name_fr or name_en
        if reason is None:
            message_en, message_fr = f"{name_en}: accepted.", f"{name_fr} : document accepté."
        else:
            comment = f" {document.review_text}" if document.review_text else ""
            message_en = f"{name_en}: rejected — {reason.label_en}.{comment}"
            message_fr = f"{name_fr} : document refusé — {reason.label_fr or reason.label_en}."
            message_fr += comment
        event = application_services.record_event(
            application=document.application,
            kind=EVENT_DOCUMENT_REVIEWED,
            actor=actor,
            message_en=message_en,
            message_fr=message_fr,
            data={
                "document": str(document.public_id),
                "status": document.status,
                "reason": reason.code if reason else "",
            },
            now=now,
        )
        audit.record(
            action="document.reviewed",
            actor=actor,
            object_type="document",
            object_ref=str(document.public_id),
            programme_id=document.application.programme_id,
            data={"status": document.status, "reason": reason.code if reason else ""},
        )
        if reason is not None:
            _tell_rejected(document=document, reason=reason, event_id=event.pk)
    return document


def documents_url(reference: str) -> str:
    """The applicant's documents page (absolute, for emails)."""
    return str(settings.SITE_URL).rstrip("/") + reverse("portal:documents", args=[reference])


def _tell_rejected(*, document: Document, reason: RejectionReason, event_id: int) -> None:
    """Email the applicant (and put it in their inbox) in their correspondence language: which
    file, why, and the link to replace it. Queued in the caller's transaction."""
    application = document.application
    applicant = application.applicant
    language = applicant.preferred_language or settings.LANGUAGE_CODE
    french = language.startswith("fr")
    context: dict[str, Any] = {
        **application_notify.base_context(application, language),
        "action_url": documents_url(application.reference),
        "document_name": document.document_type.t("name", language),
        "file_name": document.original_name,
        "reason": (reason.label_fr or reason.label_en) if french else reason.label_en,
    }
    if document.review_text:
        context["comment"] = document.review_text
    notifications.queue_message(
        recipient_email=applicant.email,
        template=EVENT_DOCUMENT_REJECTED,
        context=context,
        language=language,
        idempotency_key=f"document:{document.public_id}:rejected:{event_id}",
        user=applicant,
    )


def request_missing_items(
    *,
    application: Application,
    items: Iterable[str],
    reply_by: dt.date,
    actor: Any,
    now: dt.datetime | None = None,
    note: str = "",
) -> Application:
    """Ask the applicant for ``items`` (document type codes) by ``reply_by``: the application
    moves to ``incomplete`` through ``transition()``, which emails ``documents_requested``.
    The applicant uploads, then submits again (``submission.submit_application``).

    Asked again while ``incomplete``, the new request replaces the open one (the officer
    ticks every item still needed), with its timeline event and the same email."""
    now = now or clock.now()
    codes = list(dict.fromkeys(items))
    if not codes:
        raise DocumentRefused(NOTHING_REQUESTED, field="items")
    listed = {item.code: item for item in selectors.checklist_items(application, now)}
    unknown = [code for code in codes if code not in listed]
    if unknown:
        raise DocumentRefused(NOT_ASKED, field="items")
    with transaction.atomic():
        resolve_requests(application=application, now=now)
        request = DocumentRequest.objects.create(
            application=application,
            items=codes,
            reply_by=reply_by,
            note=note,
            requested_by=actor,
            requested_at=now,
        )
        language = application.applicant.preferred_language or "en"
        names = [listed[code].requirement.document_type.t("name", language) for code in codes]
        context: dict[str, Any] = {"documents": names, "due_on": reply_by}
        if note:
            context["note"] = note
        if application.status == Status.INCOMPLETE:
            types = [listed[code].requirement.document_type for code in codes]
            return _request_again(
                application=application,
                request=request,
                names_en=[t.t("name", "en") for t in types],
                names_fr=[t.t("name", "fr") for t in types],
                context=context,
                language=language,
                actor=actor,
                now=now,
            )
        return application_services.transition(
            application=application,
            to=Status.INCOMPLETE,
            actor=actor,
            reason=note,
            now=now,
            data={"items": codes, "reply_by": reply_by.isoformat()},
            message_context=context,
        )


def may_request_items(application: Application) -> bool:
    """Staff may ask for items of a submitted application, and again while it is incomplete."""
    return application.status in (Status.SUBMITTED, Status.INCOMPLETE)


def _request_again(
    *,
    application: Application,
    request: DocumentRequest,
    names_en: list[str],
    names_fr: list[str],
    context: dict[str, Any],
    language: str,
    actor: Any,
    now: dt.datetime,
) -> Application:
    """A new request while ``incomplete``: no change of status, the same email."""
    application_services.record_event(
        application=application,
        kind=EVENT_DOCUMENTS_REQUESTED,
        actor=actor,
        message_en=f"Documents asked for again: {', '.join(names_en)}.",
        message_fr=f"Documents demandés à nouveau : {', '.join(names_fr)}.",
        data={"items": request.items, "reply_by": request.reply_by.isoformat()},
        now=now,
    )
    applicant = application.applicant
    notifications.queue_message(
        recipient_email=applicant.email,
        template=EVENT_DOCUMENTS_REQUESTED,
        context={**application_notify.base_context(application, language), **context},
        language=language,
        idempotency_key=f"application:{application.reference}:documents_requested:{request.pk}",
        user=applicant,
    )
    return application


def resolve_requests(*, application: Application, now: dt.datetime) -> None:
    """Close the open requests once the application is submitted again."""
    DocumentRequest.objects.filter(application=application, resolved_at__isnull=True).update(
        resolved_at=now
    )


# Files below this total are merged during the request; larger ones by the worker.
MERGE_INLINE_MAX_BYTES = 15 * 1024 * 1024


def request_merged_file(
    *,
    application: Application,
    actor: Any,
    now: dt.datetime | None = None,
    blind: bool = False,
) -> MergedFile:
    """Ask for the merged PDF of ``application``: built at once for a small file, else
    queued on the "documents" queue after commit. ``blind``: the file a blind reviewer
    reads (``merge.build``), kept apart from the full one."""
    now = now or clock.now()
    merged = MergedFile.objects.create(
        application=application, requested_by=actor, requested_at=now, blind=blind
    )
    total = sum(d.size for d in selectors.active_documents(application))
    if total <= MERGE_INLINE_MAX_BYTES:
        build_merged_file(merged_file_id=merged.pk)
        merged.refresh_from_db()
    else:
        from admissions.documents import tasks

        transaction.on_commit(partial(tasks.build_merged_file.enqueue, merged.pk))
    return merged


def build_merged_file(*, merged_file_id: int) -> str:
    merged = MergedFile.objects.select_related("application__programme").get(pk=merged_file_id)
    if merged.status == MergedFileStatus.READY:
        return merged.status
    try:
        language = merged.requested_by.preferred_language if merged.requested_by else "en"
        stored, size, pages = merge.build(merged.application, language=language, blind=merged.blind)
    except Exception as exc:  # a damaged stored file must not leave the request pending
        MergedFile.objects.filter(pk=merged.pk).update(
            status=MergedFileStatus.FAILED, error=str(exc)[:2000]
        )
        return MergedFileStatus.FAILED
    MergedFile.objects.filter(pk=merged.pk).update(
        status=MergedFileStatus.READY,
        stored_name=stored,
        size=size,
        page_count=pages,
        generated_at=clock.now(),
    )
    return MergedFileStatus.READY
