"""The applicant's documents pages: the checklist with uploads, removal, reuse, download.

Another person's application answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.core import clock
from admissions.core.edge import takes_uploads
from admissions.core.errors import DomainError
from admissions.documents import selectors, services
from admissions.documents.downloads import serve
from admissions.documents.models import Document
from admissions.portal.forms.documents import ReuseForm, UploadForm


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _page(
    request: HttpRequest,
    application: Application,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    items = selectors.checklist_items(application, clock.now())
    reusable = selectors.reusable_documents_by_code(
        application, [item.code for item in items if item.can_add]
    )
    for item in items:
        item.error = (errors or {}).get(item.code, "")
        item.reusable = reusable.get(item.code, []) if item.can_add else []
    return render(
        request,
        "portal/documents/checklist.html",
        {"application": application, "items": items},
        status=status,
    )


@login_required
@require_GET
def checklist(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(
        request,
        application_selectors.application_of_applicant(
            reference=reference, user=request.user, timeline=False
        ),
    )


@takes_uploads
@login_required
@require_POST
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user, timeline=False
    )
    form = UploadForm(request.POST, request.FILES)
    code = request.POST.get("document_type", "")
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _refused(request, application, code, message, 400)
    replace = None
    if form.cleaned_data.get("replace"):
        replace = Document.objects.filter(
            public_id=form.cleaned_data["replace"], application=application
        ).first()
        if replace is None:
            raise Http404
    uploaded = form.cleaned_data["file"]
    try:
        document = services.upload_document(
            application=application,
            document_type=code,
            fileobj=uploaded,
            filename=uploaded.name or "",
            actor=request.user,
            replace=replace,
        )
    except DomainError as exc:
        return _refused(request, application, code, str(exc), getattr(exc, "http_status", 400))
    if _wants_json(request):
        return JsonResponse(
            {"id": str(document.public_id), "name": document.original_name}, status=201
        )
    messages.success(request, gettext("%(name)s was uploaded.") % {"name": document.original_name})
    return HttpResponseRedirect(reverse("portal:documents", args=[reference]))


def _refused(
    request: HttpRequest, application: Application, code: str, message: str, status: int
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            {"detail": message, "errors": [{"field": "file", "message": message}]}, status=status
        )
    return _page(request, application, errors={code: message}, status=status)


@login_required
@require_POST
def remove(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user, timeline=False
    )
    document = Document.objects.filter(public_id=public_id, application=application).first()
    if document is None:
        raise Http404
    try:
        services.remove_document(document=document, actor=request.user)
    except DomainError as exc:
        return _page(
            request, application, errors={document.document_type.code: str(exc)}, status=400
        )
    messages.success(request, gettext("%(name)s was removed.") % {"name": document.original_name})
    return HttpResponseRedirect(reverse("portal:documents", args=[reference]))


@login_required
@require_POST
def reuse(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user, timeline=False
    )
    form = ReuseForm(request.POST)
    source = None
    if form.is_valid():
        source = selectors.document_for_applicant(request.user, form.cleaned_data["source"])
    if source is None:
        raise Http404
    try:
        services.reuse_document(application=application, source=source, actor=request.user)
    except DomainError as exc:
        return _page(request, application, errors={source.document_type.code: str(exc)}, status=400)
    messages.success(request, gettext("%(name)s was added.") % {"name": source.original_name})
    return HttpResponseRedirect(reverse("portal:documents", args=[reference]))


@login_required
@require_GET
def download(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user, timeline=False
    )
    document = Document.objects.filter(
        public_id=public_id, application=application, removed_at__isnull=True
    ).first()
    if document is None:
        raise Http404
    return serve(document)
