"""The audit trail, for administrators: ``/staff/audit/`` searches it (who, action,
reference, days) a page at a time, and ``/staff/audit/export.csv`` downloads what the search
found. Anyone else gets the 404 page (``audit.view``). The export lists people's email
addresses and addresses, so it asks for a fresh two-factor code and is itself audited."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from admissions.accounts.reauthentication import staff_reauthentication_required
from admissions.backoffice.forms.audit import AuditSearchForm
from admissions.backoffice.views.reports import safe_cell
from admissions.core import audit, clock
from admissions.core.models import AuditEvent
from admissions.core.permissions import check

PERMISSION = "audit.view"
PAGE_SIZE = 50


def _form(request: HttpRequest) -> AuditSearchForm:
    return AuditSearchForm(request.GET or None, actions=audit.actions())


def _invalid(request: HttpRequest, form: AuditSearchForm) -> HttpResponse:
    return render(request, "backoffice/audit/search.html", {"form": form, "page": None}, status=400)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    check(request.user, PERMISSION)
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _invalid(request, form)
    events = audit.search(**form.filters()) if form.is_bound else audit.search()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/audit/search.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


# --- CSV ---------------------------------------------------------------------------------------


def export_header() -> list[str]:
    return [
        gettext("When"),
        gettext("Who"),
        gettext("Action"),
        gettext("Object"),
        gettext("Reference"),
        gettext("Address"),
        gettext("Details"),
    ]


def export_cells(event: AuditEvent) -> list[Any]:
    local = timezone.localtime(event.at)
    return [
        local.isoformat(timespec="seconds"),
        event.actor.email if event.actor_id else "",
        event.action,
        event.object_type,
        event.object_ref,
        event.ip_address or "",
        "; ".join(f"{key}={value}" for key, value in sorted(event.data.items())),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(events: Iterable[AuditEvent], *, language: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in export_header()])
        for event in events:
            yield writer.writerow([safe_cell(cell) for cell in export_cells(event)])


@login_required
@require_GET
@staff_reauthentication_required
def export(request: HttpRequest) -> HttpResponse:
    check(request.user, PERMISSION)
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _invalid(request, form)
    filters = form.filters() if form.is_bound else {}
    events = audit.search(**filters)
    # Recorded before the rows are read, so the export lists itself.
    audit.record(
        action="audit.exported",
        actor=request.user,
        object_type="audit_trail",
        request=request,
        data={key: str(value) for key, value in filters.items() if value},
    )
    response = StreamingHttpResponse(
        csv_lines(events.iterator(chunk_size=2000), language=translation.get_language() or "en"),
        content_type="text/csv; charset=utf-8",
    )
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
