"""The staff application list at ``/staff/applications/``: filters (a GET form, so every search
is a link), sortable columns, pages, saved filters, and the CSV export of the same list.

Whoever may view applications somewhere (``application.view``) opens the list and sees the
applications of their programmes only; the export needs ``reports.export`` as well, asks for
a fresh sign-in confirmation (``staff_reauthentication_required``) and is audited with its
filters and its number of rows. A filter value or sort that is not offered answers 400 with
the form's message; a page past the end answers 200 and says how many pages there are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from admissions.accounts.reauthentication import staff_reauthentication_required
from admissions.backoffice.forms.applications import (
    COLUMNS,
    FILTER_PARAMETERS,
    ApplicationFilterForm,
    SaveFilterForm,
)
from admissions.backoffice.views.reports import safe_cell
from admissions.core import audit, clock
from admissions.core.errors import DomainError
from admissions.core.permissions import check, has_permission
from admissions.reports import applications as application_list
from admissions.reports import services as report_services

UNKNOWN_COLUMNS = _("The export cannot hold the column “%(column)s”. Choose among: %(columns)s.")
FILTER_SAVED = _("Filter “%(name)s” saved. It is listed under “Your saved filters”.")
FILTER_REMOVED = _("Filter removed.")


def _filter_query(data: QueryDict, *, with_sort: bool = True) -> str:
    """The list's filters (and sort) from ``data``, without the page or anything else."""
    kept = QueryDict(mutable=True)
    names = (*FILTER_PARAMETERS, "sort") if with_sort else FILTER_PARAMETERS
    for name in names:
        value = data.get(name, "")
        if value:
            kept[name] = value
    return kept.urlencode()


def _headers(query: QueryDict, sort: str) -> list[dict[str, Any]]:
    """The table's column heads: each a link that sorts by it (ascending, or the other way
    when it is the current order) and its ``aria-sort``."""
    heads = []
    for key, label in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        params = QueryDict(_filter_query(query, with_sort=False), mutable=True)
        params["sort"] = f"-{key}" if current and not descending else key
        heads.append(
            {
                "label": label,
                "url": "?" + params.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return heads


def _render(
    request: HttpRequest,
    form: ApplicationFilterForm,
    *,
    page: application_list.ListPage | None = None,
    sort: str = application_list.DEFAULT_SORT,
    status: int = 200,
    save_form: SaveFilterForm | None = None,
    export_error: str = "",
    data: QueryDict | None = None,
) -> HttpResponse:
    data = request.GET if data is None else data
    query = _filter_query(data)
    return render(
        request,
        "backoffice/applications/list.html",
        {
            "form": form,
            "page": page,
            "headers": _headers(data, sort) if page is not None else [],
            "query": query,
            "filter_query": _filter_query(data, with_sort=False),
            "save_form": save_form or SaveFilterForm(initial={"query": query}),
            "saved_filters": application_list.saved_filters_of(request.user),
            "can_export": has_permission(request.user, application_list.EXPORT, any_programme=True),
            "export_columns": [
                (key, column.label, key in application_list.DEFAULT_EXPORT_COLUMNS)
                for key, column in application_list.EXPORT_COLUMNS.items()
            ],
            "export_error": export_error,
        },
        status=status,
    )


@login_required
@require_GET
def application_list_page(request: HttpRequest) -> HttpResponse:
    check(request.user, application_list.VIEW, any_programme=True)
    form = ApplicationFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return _render(request, form, status=400)
    sort = form.chosen_sort()
    page = application_list.page_of(
        request.user, form.filters(), sort=sort, number=form.page_number()
    )
    return _render(request, form, page=page, sort=sort)


# --- CSV ---------------------------------------------------------------------------------------


def _chosen_columns(request: HttpRequest) -> tuple[str, ...]:
    """The ``columns=`` of the request (repeated, or comma-separated), in the order asked;
    the default set when none is. Raises ``ValueError`` naming an unknown one."""
    asked = [
        name.strip()
        for value in request.GET.getlist("columns")
        for name in value.split(",")
        if name.strip()
    ]
    for name in asked:
        if name not in application_list.EXPORT_COLUMNS:
            raise ValueError(name)
    return tuple(dict.fromkeys(asked)) or application_list.DEFAULT_EXPORT_COLUMNS


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list[Any]], *, language: str) -> Iterator[str]:
    """The CSV, a line at a time; every cell neutralised (``safe_cell``) so a spreadsheet
    never runs an applicant's "=HYPERLINK(…)" as a formula."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])


@login_required
@require_GET
@staff_reauthentication_required
def export(request: HttpRequest) -> HttpResponse:
    check(request.user, application_list.EXPORT, any_programme=True)
    check(request.user, application_list.VIEW, any_programme=True)
    form = ApplicationFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return _render(request, form, status=400)
    try:
        columns = _chosen_columns(request)
    except ValueError as error:
        message = UNKNOWN_COLUMNS % {
            "column": str(error)[:40],
            "columns": ", ".join(application_list.EXPORT_COLUMNS),
        }
        return _render(request, form, status=400, export_error=str(message))
    filters = form.filters()
    rows = application_list.export_count(request.user, filters)
    audit.record(
        action="reports.applications_exported",
        actor=request.user,
        object_type="application_list",
        request=request,
        data={**filters.described(), "columns": ",".join(columns), "rows": rows},
    )
    language = translation.get_language() or "en"
    with translation.override(language):
        header = [str(application_list.EXPORT_COLUMNS[key].label) for key in columns]
    response = StreamingHttpResponse(
        csv_lines(
            header,
            application_list.rows_for_export(
                request.user, filters, columns=columns, sort=form.chosen_sort()
            ),
            language=language,
        ),
        content_type="text/csv; charset=utf-8",
    )
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Saved filters -----------------------------------------------------------------------------


@login_required
@require_POST
def save_filter(request: HttpRequest) -> HttpResponse:
    check(request.user, application_list.VIEW, any_programme=True)
    save_form = SaveFilterForm(request.POST)
    if save_form.is_valid():
        query = _filter_query(QueryDict(save_form.cleaned_data["query"]))
        try:
            saved = report_services.save_filter(
                owner=request.user, name=save_form.cleaned_data["name"], query_string=query
            )
        except DomainError as error:
            save_form.add_error("name" if error.field == "name" else None, str(error.message))
        else:
            messages.success(request, FILTER_SAVED % {"name": saved.name})
            return redirect(_list_url(saved.query_string))
    save_form.mark_invalid()
    query = QueryDict(_filter_query(QueryDict(request.POST.get("query", ""))))
    form = ApplicationFilterForm(query or None, user=request.user)
    form.is_valid()
    return _render(request, form, status=400, save_form=save_form, data=query)


@login_required
@require_POST
def delete_filter(request: HttpRequest) -> HttpResponse:
    check(request.user, application_list.VIEW, any_programme=True)
    try:
        saved_filter_id = int(request.POST.get("filter", ""))
    except ValueError:
        saved_filter_id = 0
    report_services.delete_filter(owner=request.user, saved_filter_id=saved_filter_id)
    messages.success(request, FILTER_REMOVED)
    return redirect(_list_url(""))


def _list_url(query: str) -> str:
    url = reverse("staff:applications")
    return f"{url}?{query}" if query else url
