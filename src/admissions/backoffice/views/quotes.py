"""The finance office's quote pages: the list (requests to issue, issued, accepted; filters by
programme and status), one quote (issue it with its lines prefilled, revise it, send it to a
payer, cancel a request, with the funding rules and the history), and its PDF.

Every page needs ``finance.quotes`` on the quote's programme; anything else answers 404,
like a quote that does not exist. Staff pages sit under ``/staff/``, where MFA is required.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from admissions.backoffice.forms.quotes import (
    IssueQuoteForm,
    QuoteFilterForm,
    add_service_errors,
    line_formset,
)
from admissions.core import audit, clock
from admissions.core.permissions import check
from admissions.finance import errors, funding, quote_delivery
from admissions.finance.models import Quote, QuoteStatus
from admissions.finance.selectors import quotes as quote_selectors
from admissions.finance.services import quotes

PERMISSION = "finance.quotes"
SEVERITY_CLASSES = {"info": "info", "warning": "warning", "late": "danger"}


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _quote(request: HttpRequest, public_id: Any) -> Quote:
    quote = quote_selectors.staff_quote(request.user, public_id)
    check(request.user, PERMISSION, programme_id=quote.application.programme_id)
    return quote


@login_required
@require_GET
def quote_list(request: HttpRequest) -> HttpResponse:
    check(request.user, PERMISSION, any_programme=True)
    programmes = list(quote_selectors.finance_programmes(request.user))
    filters = QuoteFilterForm(request.GET or None, programmes=programmes)
    programme_id = filters.chosen_programme_id() if request.GET else None
    status = filters.chosen_status() if request.GET else None
    now = clock.now()
    rows: list[dict[str, Any]] = [
        {
            "quote": quote,
            "expired": quote_selectors.is_expired(
                quote, quote_selectors.local_today(quote.application, now)
            ),
        }
        for quote in quote_selectors.staff_quotes(
            request.user, programme_id=programme_id, status=status
        )[:500]
    ]
    return render(
        request,
        "backoffice/quotes/list.html",
        {
            "filters": filters,
            "to_issue": [row for row in rows if row["quote"].status == QuoteStatus.REQUESTED],
            "others": [row for row in rows if row["quote"].status != QuoteStatus.REQUESTED],
        },
    )


def _current_lines(quote: Quote) -> list[dict[str, Any]]:
    if quote.status == QuoteStatus.REQUESTED:
        return [quote_selectors.tuition_line(quote.application)]
    return [
        {"label_en": line.label_en, "label_fr": line.label_fr, "amount_cents": line.amount_cents}
        for line in quote.lines.all()
    ]


def _context(
    quote: Quote, *, form: IssueQuoteForm | None = None, formset: Any = None
) -> dict[str, Any]:
    application = quote.application
    now = clock.now()
    today = quote_selectors.local_today(application, now)
    routes = [item.route for item in quote.funding.all()]
    notices = funding.notices_for(
        application=application, now=now, routes=routes, include_reminder=False
    )
    language = _language()
    can_issue = quote.status == QuoteStatus.REQUESTED
    can_revise = quote.status in quotes.REVISABLE_STATES
    if form is None:
        valid_until = quote_selectors.default_valid_until(application, now)
        form = IssueQuoteForm(initial={"valid_until": valid_until, "staff_note": quote.staff_note})
    if formset is None:
        formset = line_formset(lines=_current_lines(quote))
    return {
        "quote": quote,
        "application": application,
        "programme": application.programme,
        "applicant": application.applicant,
        "funding_rows": [
            {"name": funding.route_name(item.route, language), "item": item}
            for item in quote.funding.all()
        ],
        "payers": list(quote.payers.all()),
        "lines": list(quote.lines.all()),
        "notices": [
            {
                "route": notice.route,
                "severity": notice.severity,
                "css": SEVERITY_CLASSES.get(notice.severity, "info"),
                "text": notice.text(language),
                "link": notice.link,
            }
            for notice in notices
        ],
        "versions": quote_selectors.versions_of(quote),
        "events": quote_selectors.quote_events(quote),
        "expired": quote_selectors.is_expired(quote, today),
        "can_issue": can_issue,
        "can_revise": can_revise,
        "can_send": quote.status in (QuoteStatus.ISSUED, QuoteStatus.ACCEPTED),
        "form": form,
        "formset": formset,
        "validity_days": funding.quote_validity_days(application.programme),
    }


def _lines_and_form(
    request: HttpRequest,
) -> tuple[IssueQuoteForm, Any, list[dict[str, Any]] | None]:
    form = IssueQuoteForm(request.POST)
    formset = line_formset(request.POST)
    if not (form.is_valid() and formset.is_valid()):
        return form, formset, None
    lines = [line for line in (row.line() for row in formset.forms) if line is not None]
    return form, formset, lines


@login_required
@require_http_methods(["GET", "POST"])
def quote_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    quote = _quote(request, public_id)
    if request.method == "GET":
        audit.record(
            action="finance.quote_viewed",
            actor=request.user,
            object_type="quote",
            object_ref=str(quote.public_id),
            programme_id=quote.application.programme_id,
            request=request,
        )
        return render(request, "backoffice/quotes/detail.html", _context(quote))
    action = request.POST.get("action")
    now = clock.now()
    try:
        if action in ("issue", "revise"):
            return _issue(request, quote, action, now)
        if action == "send":
            payer = quote.payers.filter(pk=request.POST.get("payer") or 0).first()
            if payer is None:
                raise Http404
            quotes.send_quote_to_payer(quote=quote, payer=payer, actor=request.user, now=now)
            messages.success(
                request,
                _("The quote is being sent to %(email)s with its PDF.") % {"email": payer.email},
            )
        elif action == "cancel":
            quotes.cancel_quote_request(quote=quote, actor=request.user, now=now)
            messages.success(request, _("The quote request is cancelled."))
        else:
            raise Http404
    except errors.QuoteRefused as refused:
        # Someone else changed the quote first: show it as it is now, with what happened.
        context = _context(_quote(request, quote.public_id))
        context["refused"] = str(refused)
        return render(request, "backoffice/quotes/detail.html", context, status=409)
    return redirect("staff:quote", public_id=quote.public_id)


def _issue(request: HttpRequest, quote: Quote, action: str, now: Any) -> HttpResponse:
    form, formset, lines = _lines_and_form(request)
    if lines is not None:
        service = quotes.issue_quote if action == "issue" else quotes.revise_quote
        try:
            result = service(
                quote=quote,
                lines=lines,
                valid_until=form.cleaned_data["valid_until"],
                staff_note=form.cleaned_data["staff_note"],
                actor=request.user,
                now=now,
            )
        except errors.QuoteRequestInvalid as invalid:
            add_service_errors(form, formset, invalid.errors)
        else:
            messages.success(
                request,
                _("Quote %(number)s, version %(version)s, is issued and sent to the applicant.")
                % {"number": result.number, "version": result.version},
            )
            return redirect("staff:quote", public_id=result.public_id)
    return render(
        request,
        "backoffice/quotes/detail.html",
        _context(quote, form=form, formset=formset),
        status=422,
    )


@login_required
@require_GET
def quote_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    quote = _quote(request, public_id)
    if not quote.number:
        raise Http404(_("The PDF exists once the quote is issued."))
    content = quote_delivery.stored_pdf(quote)
    audit.record(
        action="finance.quote_downloaded",
        actor=request.user,
        object_type="quote",
        object_ref=str(quote.public_id),
        programme_id=quote.application.programme_id,
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{quote_delivery.pdf_filename(quote)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
