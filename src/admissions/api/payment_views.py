"""What card payment providers reach: their webhooks, and the simulator's checkout pages.

The webhook endpoint (``POST /payments/webhooks/<provider>/``) is called by the provider's
servers, not a browser, so it is exempt from CSRF: the signature is what authenticates it.
It answers:

- 200 ``{"outcome": "processed" | "duplicate" | "ignored" | "unknown_payment"}`` for an
  event we believed, whatever we did with it;
- 200 ``{"outcome": "mismatch"}`` when the provider confirms another amount or currency
  than we asked for. The event is refused (nothing is recorded as paid, staff are alerted by
  a ``payment_mismatch`` finance event), but a non-2xx answer would make the provider retry
  the same event for days, and a retry cannot make it match;
- 400 ``{"outcome": "rejected"}`` for a missing or bad signature or a stale timestamp: a
  real provider never sends one, so a retry is harmless and nothing is recorded but the log;
- 404 for a provider that is not the one configured;
- 429 with ``Retry-After`` when one source address posts more than ``PAYMENT_WEBHOOK_RATE``,
  or more rejected posts than ``PAYMENT_WEBHOOK_REJECTED_RATE`` (a provider retries later).

Garbage (not JSON, not an event) is answered 400 or 200, never 500: every webhook that
reaches the view is kept in ``ProviderWebhook`` with what happened to it (a rejected one as a
short summary only, since anyone can post it). A hostile body is refused before it, at the
request edge (``core/edge.py``), in the API's error shape: 413 over
``REQUEST_BODY_MAX_BYTES``, 415 for another type than JSON, 400 for a NUL byte, a lone
surrogate or nesting deeper than 32 levels (which a recursive walk of the event could not
survive).

The simulator (``/payments/simulator/<session>/``) exists only when
``PAYMENT_PROVIDER=simulator``: see ``finance.providers.simulator``.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from ninja.throttling import AnonRateThrottle

from admissions.core import clock
from admissions.finance.models import PaymentStatus, WebhookOutcome
from admissions.finance.providers import PROVIDER_NAMES, EventOutcome, get_provider
from admissions.finance.providers.simulator import SessionInvalid, SimulatorProvider
from admissions.finance.selectors import fees as fee_selectors
from admissions.finance.services import card


class WebhookThrottle(AnonRateThrottle):
    """Every post to the webhook endpoint, per source address (ninja's throttle: the cache
    holds the counts, and the address is read as the API's throttles read it)."""

    scope = "payment-webhook"


class RejectedWebhookThrottle(AnonRateThrottle):
    """The posts we refused, per source address: checked before a post is read, counted
    after it was refused, so a provider's believed events never use this allowance."""

    scope = "payment-webhook-rejected"

    def is_exhausted(self, request: HttpRequest) -> bool:
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [
            at for at in self.cache.get(self.key, []) if at > self.now - (self.duration or 0)
        ]
        return len(self.history) >= (self.num_requests or 0)

    def count(self) -> None:
        self.throttle_success()

    def wait(self) -> float:
        oldest = self.history[-1] if self.history else self.now
        return (self.duration or 0) - (self.now - oldest)


def _too_many(wait: float | None) -> HttpResponse:
    response = JsonResponse({"detail": "Too many requests. Try again later."}, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait or 1)))
    return response


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, provider: str) -> HttpResponse:
    if provider not in PROVIDER_NAMES or provider != settings.PAYMENT_PROVIDER:
        return JsonResponse({"detail": "No such payment provider here."}, status=404)
    every_post = WebhookThrottle(settings.PAYMENT_WEBHOOK_RATE)
    if not every_post.allow_request(request):
        return _too_many(every_post.wait())
    rejected = RejectedWebhookThrottle(settings.PAYMENT_WEBHOOK_REJECTED_RATE)
    if rejected.is_exhausted(request):
        return _too_many(rejected.wait())
    try:
        body = request.body
    except RequestDataTooBig:
        return JsonResponse({"detail": "The body is too large."}, status=413)
    row = card.handle_provider_webhook(
        provider=get_provider(provider), body=body, headers=request.headers, now=clock.now()
    )
    if row.outcome == WebhookOutcome.REJECTED:
        rejected.count()
        return JsonResponse({"outcome": row.outcome}, status=400)
    return JsonResponse({"outcome": row.outcome}, status=200)


SIMULATED_OUTCOMES = {
    "pay": EventOutcome.SUCCEEDED,
    "decline": EventOutcome.FAILED,
    "cancel": EventOutcome.CANCELLED,
}


def _simulator() -> SimulatorProvider:
    if settings.PAYMENT_PROVIDER != "simulator":
        raise Http404("The payment simulator is off.")
    provider = get_provider("simulator")
    assert isinstance(provider, SimulatorProvider)  # nosec B101  # narrows the type: the simulator setting gives its provider
    return provider


@require_http_methods(["GET", "POST"])
def simulator_checkout(request: HttpRequest, session: str) -> HttpResponse:
    """The simulator's hosted checkout: the card holder pays, is declined, or cancels."""
    provider = _simulator()
    state = request.POST.get("state") or request.GET.get("state") or ""
    try:
        simulated = provider.read_session(session, state)
    except SessionInvalid:
        return render(request, "payments/simulator_invalid.html", status=404)
    if request.method == "POST":
        outcome = SIMULATED_OUTCOMES.get(request.POST.get("action", ""))
        if outcome is None:
            return redirect(f"{request.path}?{urlencode({'state': state})}")
        now = clock.now()
        body = provider.event_body(simulated, outcome, now=now)
        # Delivered in-process, through the very service the webhook endpoint calls, before
        # the browser goes back: as a provider does when its webhook is faster than the
        # card holder. (The other order is tested by not delivering it.)
        card.handle_provider_webhook(
            provider=provider, body=body, headers=provider.signed_headers(body, now=now), now=now
        )
        target = simulated.cancel_url if outcome == EventOutcome.CANCELLED else simulated.return_url
        return redirect(target)
    payment = fee_selectors.checkout_payment(simulated.payment_public_id)
    return render(
        request,
        "payments/simulator.html",
        {
            "simulated": simulated,
            "state": state,
            "already_paid": payment is not None and payment.status == PaymentStatus.SUCCEEDED,
        },
    )
