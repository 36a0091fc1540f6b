"""The applicant's quote pages: the quotes of an application with the funding rules and the
request form, one quote with its versions (accept, decline, cancel), and its PDF.

Every page goes through the applicant's own application: another person's reference, or a
quote of another application, answers 404 exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.core import clock
from admissions.finance import errors, funding, quote_delivery
from admissions.finance.models import Quote, QuoteStatus
from admissions.finance.selectors import quotes as quote_selectors
from admissions.finance.services import quotes
from admissions.portal.forms.quotes import DeclineForm, QuoteRequestForm

SEVERITY_CLASSES = {"info": "info", "warning": "warning", "late": "danger"}


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _quote(application: Application, key: str) -> Quote:
    return quote_selectors.quote_of(application, key)


def notice_rows(notices: list[funding.FundingNotice]) -> list[dict[str, Any]]:
    language = _language()
    return [
        {
            "route": notice.route,
            "severity": notice.severity,
            "css": SEVERITY_CLASSES.get(notice.severity, "info"),
            "text": notice.text(language),
            "link": notice.link,
            "dates": notice.dates,
        }
        for notice in notices
    ]


def _today(application: Application, now: dt.datetime) -> dt.date:
    return clock.local(now, application.programme.time_zone).date()


@login_required
@require_http_methods(["GET", "POST"])
def quote_list(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    now = clock.now()
    refusal = quote_selectors.refusal_of_request(application, now)
    pending = quote_selectors.pending_request(application)
    form = QuoteRequestForm(
        request.POST if request.method == "POST" else None, application=application
    )
    status = 200
    if request.method == "POST":
        if refusal is None and form.is_valid():
            try:
                quote = quotes.request_quote(
                    application=application,
                    funding=form.funding(),
                    note=form.cleaned_data["note"],
                    actor=request.user,
                    now=now,
                )
            except errors.QuoteRequestInvalid as invalid:
                form.add_service_errors(invalid.errors)
                status = 422
            except errors.QuoteRefused as refused:
                form.add_error(None, str(refused))
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Your quote request was sent to the finance office. You will get an "
                        "email when the quote is ready."
                    ),
                )
                return redirect("portal:quote", reference=reference, key=str(quote.public_id))
        elif refusal is not None:
            # The page shows the refusal where the form would be.
            status = 409
        else:
            form.mark_invalid()
            status = 422
    notices = notice_rows(funding.notices_for(application=application, now=now))
    return render(
        request,
        "portal/quotes/list.html",
        {
            "application": application,
            "threads": quote_selectors.quote_threads(application),
            "form": form,
            "sections": [
                {"group": group, "notices": _by_route(notices).get(group.route, [])}
                for group in form.groups()
            ],
            "reminder": [row for row in notices if not row["route"]],
            "notices": [row for row in notices if row["route"]],
            "banks": form.banks,
            "cpf_url": funding.cpf_url(application.programme),
            "refusal": refusal,
            "pending": pending,
            "today": _today(application, now),
        },
        status=status,
    )


def _by_route(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["route"]:
            grouped.setdefault(row["route"], []).append(row)
    return grouped


@login_required
@require_http_methods(["GET", "POST"])
def quote_detail(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    quote = _quote(application, key)
    now = clock.now()
    decline_form = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    if decline_form.is_bound:
        decline_form.is_valid()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                quotes.accept_quote(quote=quote, actor=request.user, now=now)
                messages.success(request, _("You accepted the quote. The finance office is told."))
            elif action == "decline":
                # The service checks the reason's length and says so.
                quotes.decline_quote(
                    quote=quote, actor=request.user, reason=request.POST.get("reason", ""), now=now
                )
                messages.success(
                    request, _("You declined the quote. Ask for a new one when you are ready.")
                )
            elif action == "cancel":
                quotes.cancel_quote_request(quote=quote, actor=request.user, now=now)
                messages.success(request, _("Your quote request is cancelled."))
            else:
                raise Http404
        except errors.QuoteRequestInvalid as invalid:
            messages.error(request, " ".join(str(message) for _field, message in invalid.errors))
            status = 422
        except errors.QuoteRefused as refused:
            messages.error(request, str(refused))
            status = 409
        else:
            return redirect("portal:quote", reference=reference, key=str(quote.public_id))
        quote = _quote(application, str(quote.public_id))
    today = _today(application, now)
    routes = [item.route for item in quote.funding.all()]
    notices = funding.notices_for(
        application=application, now=now, routes=routes, include_reminder=False
    )
    language = _language()
    return render(
        request,
        "portal/quotes/detail.html",
        {
            "application": application,
            "quote": quote,
            "versions": quote_selectors.versions_of(quote),
            "lines": [
                {
                    "label": line.label_fr if language == "fr" and line.label_fr else line.label_en,
                    "amount_cents": line.amount_cents,
                }
                for line in quote.lines.all()
            ],
            "funding_rows": [
                {"name": funding.route_name(item.route, language), "item": item}
                for item in quote.funding.all()
            ],
            "notices": notice_rows(notices),
            "expired": quote_selectors.is_expired(quote, today),
            "can_answer": quote.status == QuoteStatus.ISSUED
            and not quote_selectors.is_expired(quote, today),
            "can_cancel": quote.status == QuoteStatus.REQUESTED,
            "has_pdf": bool(quote.number),
            "decline_form": decline_form,
        },
        status=status,
    )


@login_required
@require_GET
def quote_pdf(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    quote = _quote(application, str(public_id))
    if not quote.number:
        raise Http404(_("The PDF exists once the finance office has issued the quote."))
    content = quote_delivery.stored_pdf(quote)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{quote_delivery.pdf_filename(quote)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
