"""The applicant's answer to an offer: accept or decline, each after a confirmation page.

``GET`` shows what the answer means with the deadline; ``POST`` answers. Refusals (no open
offer, the deadline passed to the second, the last place taken) come back to the application
page with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from admissions.applications import selectors as application_selectors
from admissions.core import clock
from admissions.decisions import selectors as decision_selectors
from admissions.decisions.errors import DecisionConflict
from admissions.decisions.services import offers

ACCEPT = "accept"
DECLINE = "decline"


def _answer(request: HttpRequest, reference: str, answer: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user, timeline=False
    )
    now = clock.now()
    if request.method == "POST":
        service = offers.accept_offer if answer == ACCEPT else offers.decline_offer
        try:
            service(application=application, actor=request.user, now=now)
        except DecisionConflict as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("You accepted your place. Welcome!")
                if answer == ACCEPT
                else _("You declined the offer. Thank you for telling us."),
            )
        return redirect("portal:application", reference=reference)
    seen = decision_selectors.for_applicant(application, now, get_language() or "en")
    if not seen.can_answer:
        messages.error(request, _("There is no open offer on this application."))
        return redirect("portal:application", reference=reference)
    return render(
        request,
        "portal/applicant/offer_answer.html",
        {"application": application, "seen": seen, "answer": answer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, reference: str) -> HttpResponse:
    return _answer(request, reference, ACCEPT)


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, reference: str) -> HttpResponse:
    return _answer(request, reference, DECLINE)
