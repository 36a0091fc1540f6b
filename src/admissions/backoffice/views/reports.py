"""The finance dashboard and its CSV export, under ``/staff/finance/reports/`` (MFA).

Both need ``finance.view`` or ``reports.export`` on at least one programme and show only
the programmes where the person holds one of them; a programme outside that scope answers
404, like one that does not exist. Every export is audited, and needs a two-factor code
typed within the last minutes (``accounts.reauthentication``): it lists applicants' names
and email addresses.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from admissions.accounts.reauthentication import staff_reauthentication_required
from admissions.backoffice.forms.reports import ReportFilterForm
from admissions.core import audit, clock
from admissions.finance.models import FeeStatus, QuoteStatus
from admissions.finance.selectors import dashboard as selectors
from admissions.finance.selectors import fee_export


def _scope(request: HttpRequest) -> set[int] | None:
    if not selectors.can_see_finance_figures(request.user):
        raise Http404(gettext("You cannot see the finance figures."))
    return selectors.finance_scope(request.user)


def _filters(request: HttpRequest, scope: set[int] | None) -> ReportFilterForm:
    """The filter form bound to the query string. A programme the person may not see is a
    404: its figures, and whether it exists, are not theirs to learn."""
    programmes = list(selectors.visible_programmes(request.user))
    form = ReportFilterForm(
        request.GET or None, programmes=programmes, years=selectors.academic_years(scope)
    )
    wanted = request.GET.get("programme", "")
    if wanted and wanted not in form.programmes:
        raise Http404
    return form


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = _filters(request, scope)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "backoffice/finance/dashboard.html",
            {"form": form, "figures": None, "query": ""},
            status=400,
        )
    programme = form.selected_programme() if form.is_bound else None
    year = form.cleaned_data.get("year") if form.is_bound else None
    figures = selectors.finance_dashboard(
        programme_ids=scope, programme=programme, academic_year=year
    )
    return render(
        request,
        "backoffice/finance/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "query": request.GET.urlencode(),
            "fee_statuses": FeeStatus.choices,
            "quote_statuses": QuoteStatus.choices,
        },
    )


# --- CSV ---------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a
# cell is written with a leading apostrophe, which spreadsheets show as text. The first
# character is also compared once normalised (NFKC): spreadsheets read the full-width ＝ ＋ －
# ＠ (and the small ﹦ ﹢ ﹣ ﹫) as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or unicodedata.normalize("NFKC", text[:1]).startswith(
        FORMULA_STARTS
    ):
        return "'" + text
    return text


def _decimal(cents: int | None) -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units}.{rest:02d}"


def export_header() -> list[str]:
    return [
        gettext("Reference"),
        gettext("Programme"),
        gettext("Academic year"),
        gettext("Round"),
        gettext("Applicant"),
        gettext("Email"),
        gettext("Fee"),
        gettext("Currency"),
        gettext("Fee status"),
        gettext("Paid"),
        gettext("Refunded"),
        gettext("Balance"),
        gettext("Payment methods"),
        gettext("Receipts"),
        gettext("Waiver"),
        gettext("Quote number"),
        gettext("Quote version"),
        gettext("Quote status"),
        gettext("Quote total"),
        gettext("Funding routes"),
    ]


def export_cells(row: fee_export.ExportRow) -> list[Any]:
    funding = "; ".join(
        f"{route}: {_decimal(amount)}" if amount is not None else f"{route}: {gettext('rest')}"
        for route, amount in row.funding
    )
    return [
        row.reference,
        row.programme,
        f"{row.academic_year}-{row.academic_year + 1}",
        row.round_number if row.round_number is not None else gettext("not submitted"),
        row.applicant_name,
        row.applicant_email,
        _decimal(row.amount_cents),
        row.currency,
        row.status,
        _decimal(row.paid_cents),
        _decimal(row.refunded_cents),
        _decimal(row.balance_cents),
        "; ".join(row.methods),
        "; ".join(row.receipts),
        row.waiver_status,
        row.quote_number,
        row.quote_version if row.quote_version is not None else "",
        row.quote_status,
        _decimal(row.quote_total_cents),
        funding,
    ]


class _Echo:
    """A file-like object whose ``write`` hands the line back: csv.writer then formats one
    row at a time for the streaming response, with nothing buffered."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[fee_export.ExportRow], *, language: str) -> Iterator[str]:
    """The CSV, line by line. The response is iterated after the view has returned, so the
    request's language is set again here for the header and the words in cells."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        # The byte order mark makes spreadsheets read the file as UTF-8 (accented names).
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in export_header()])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in export_cells(row)])


@login_required
@require_GET
@staff_reauthentication_required
def export(request: HttpRequest) -> StreamingHttpResponse | HttpResponse:
    scope = _scope(request)
    form = _filters(request, scope)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "backoffice/finance/dashboard.html",
            {"form": form, "figures": None, "query": ""},
            status=400,
        )
    programme = form.selected_programme() if form.is_bound else None
    year = form.cleaned_data.get("year") if form.is_bound else None
    audit.record(
        action="finance.fees_exported",
        actor=request.user,
        object_type="finance_report",
        object_ref=programme.slug if programme else "",
        programme_id=programme.pk if programme else None,
        request=request,
        data={
            "programme": programme.slug if programme else None,
            "academic_year": year,
            "programmes": sorted(scope) if scope is not None else "all",
        },
    )
    rows = fee_export.export_fees(programme_ids=scope, programme=programme, academic_year=year)
    response = StreamingHttpResponse(
        csv_lines(rows, language=translation.get_language() or "en"),
        content_type="text/csv; charset=utf-8",
    )
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    name = f"fees-{programme.slug if programme else 'all'}-{year or 'all-years'}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
