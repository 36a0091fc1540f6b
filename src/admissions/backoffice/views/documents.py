"""Staff pages for documents: an application's documents with accept / reject forms and the
request for missing items, the list of applications still waiting for documents allowed
after submission, and the download of one document.

Every page needs ``application.view`` (reading) or ``application.check`` (reviewing) on the
programme; anything else answers 404. A reviewer also downloads the documents and the merged
PDF of an application assigned to them (``review.selectors.application_for_reader``), and
nothing else: a blind reviewer neither the identity documents nor the merged PDF, whose cover
names the applicant. Pages sit under ``/staff/`` where MFA is required. Every staff read of
an applicant's document is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.backoffice.forms.documents import RequestItemsForm, ReviewForm
from admissions.core import audit, clock
from admissions.core.errors import DomainError
from admissions.core.permissions import check, has_permission, programme_scope
from admissions.documents import selectors, services, storage
from admissions.documents.downloads import serve
from admissions.documents.models import Document, MergedFile, MergedFileStatus
from admissions.review import access as review_access
from admissions.review import blind as blind_review
from admissions.review import selectors as review_selectors


def _request_form(application: Application, items: list[Any], data: Any = None) -> RequestItemsForm:
    # Asking again while incomplete replaces the open request: start from what it asked.
    already = [item.code for item in items if item.requested]
    return RequestItemsForm(
        data,
        choices=[(item.code, item.name) for item in items],
        today=clock.local(clock.now(), application.programme.time_zone).date(),
        initial={"reply_by": clock.now().date() + dt.timedelta(days=14), "items": already},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_documents(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action="application.view"
    )
    blind = blind_review.reads_blind(request.user, application)
    items = selectors.checklist_items(application)
    if blind:
        items = [
            item
            for item in items
            if not blind_review.is_identity_type(item.requirement.document_type.code)
        ]
    may_check = has_permission(
        request.user, "application.check", programme_id=application.programme_id
    )
    request_form = _request_form(application, items)
    status = 200
    if request.method == "POST":
        if not may_check:
            raise Http404
        request_form = _request_form(application, items, request.POST)
        if request_form.is_valid():
            try:
                services.request_missing_items(
                    application=application,
                    items=request_form.cleaned_data["items"],
                    reply_by=request_form.cleaned_data["reply_by"],
                    note=request_form.cleaned_data["note"],
                    actor=request.user,
                )
            except DomainError as exc:
                request_form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("The applicant was asked for the items."))
                return HttpResponseRedirect(reverse("staff:documents", args=[reference]))
        status = 400
    audit.record(
        action="application.documents_viewed",
        actor=request.user,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        request=request,
    )
    for item in items:
        for document in item.documents:
            document.review_form = ReviewForm(prefix=str(document.public_id))
    return render(
        request,
        "backoffice/documents/application.html",
        {
            "application": application,
            "items": items,
            "may_check": may_check,
            "request_form": request_form,
            "may_request": services.may_request_items(application),
            "open_request": selectors.open_request(application),
            "merged": application.merged_files.filter(blind=True).first()
            if blind
            else application.merged_files.first(),
            "blind": blind,
        },
        status=status,
    )


@login_required
@require_POST
def review(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action="application.check"
    )
    document = (
        Document.objects.filter(
            public_id=public_id, application=application, removed_at__isnull=True
        )
        .select_related("application", "document_type")
        .first()
    )
    if document is None:
        raise Http404
    form = ReviewForm(request.POST, prefix=str(document.public_id))
    if form.is_valid():
        try:
            services.review_document(
                document=document,
                accepted=form.cleaned_data["decision"] == "accept",
                reason_code=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                gettext("The review of %(name)s was saved.") % {"name": document.original_name},
            )
    else:
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
    return HttpResponseRedirect(reverse("staff:documents", args=[reference]))


@login_required
@require_GET
def download(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    application = review_selectors.application_for_reader(reference=reference, user=request.user)
    document = (
        Document.objects.filter(public_id=public_id, application=application)
        .select_related("document_type")
        .first()
    )
    if document is None or blind_review.is_withheld_document(
        document, blind=blind_review.reads_blind(request.user, application)
    ):
        raise Http404
    audit.record(
        action="document.downloaded",
        actor=request.user,
        object_type="document",
        object_ref=str(document.public_id),
        programme_id=application.programme_id,
        request=request,
        data={"application": application.reference},
    )
    return serve(document)


@login_required
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    check(request.user, "application.view", any_programme=True)
    scope = programme_scope(request.user, "application.view")
    rows = selectors.waiting_after_submission(scope)
    return render(request, "backoffice/documents/waiting.html", {"rows": rows})


def _merged_reader(request: HttpRequest, reference: str) -> Application:
    """The application whose merged PDF ``request.user`` may ask for or download: staff of
    its programme, or its assigned reviewer (a blind reader gets the file built blind: no
    identity documents, a cover without the applicant's identity)."""
    return review_selectors.application_for_reader(reference=reference, user=request.user)


@login_required
@require_POST
def request_merged(request: HttpRequest, reference: str) -> HttpResponse:
    application = _merged_reader(request, reference)
    merged = services.request_merged_file(
        application=application,
        actor=request.user,
        blind=blind_review.reads_blind(request.user, application),
    )
    if merged.status == MergedFileStatus.READY:
        messages.success(request, gettext("The merged PDF is ready."))
    elif merged.status == MergedFileStatus.FAILED:
        messages.error(request, gettext("The merged PDF could not be made. Try again later."))
    else:
        messages.info(
            request, gettext("The merged PDF is being prepared: reload this page shortly.")
        )
    if review_selectors.reads_by_assignment(user=request.user, application=application):
        assignment = review_access.active_assignment(user=request.user, application=application)
        return HttpResponseRedirect(reverse("staff:review", args=[assignment.public_id]))
    return HttpResponseRedirect(reverse("staff:documents", args=[reference]))


@login_required
@require_GET
def download_merged(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    application = _merged_reader(request, reference)
    merged = MergedFile.objects.filter(
        public_id=public_id, application=application, status=MergedFileStatus.READY
    ).first()
    # A blind reader gets only a file built blind.
    if merged is None or (not merged.blind and blind_review.reads_blind(request.user, application)):
        raise Http404
    audit.record(
        action="application.merged_pdf_downloaded",
        actor=request.user,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        request=request,
    )
    response = FileResponse(
        storage.open_blob(merged.stored_name),
        as_attachment=True,
        filename=f"{application.reference}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
