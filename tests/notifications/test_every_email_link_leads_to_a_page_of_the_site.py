"""Every link of every email leads to a page of the site: each event is rendered (through the
public rendering function, in both languages) with the links its producer builds, and every
link to the site in the subject, text and HTML must resolve to one of the site's URL patterns.

A route renamed without its callers would otherwise send applicants to a 404 page; the
producers reverse their routes by name with no fallback, so a wrong name fails here."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

from admissions.applications import notify
from admissions.documents.referees import link_for, referees_url
from admissions.documents.services import documents_url
from admissions.notifications.events import all_events
from admissions.notifications.rendering import render_message
from admissions.review.committees import join_link
from admissions.review.interviews.calendar import interview_url

SITE = "https://admissions.example.org"
REFERENCE = "PMAI-2027-00042"
OTHER_REFERENCE = "PMAI-2027-00057"
LINK = re.compile(r"""https?://[^\s"'<>)]+|href="(/[^"]*)\"""")


def _site(path: str) -> str:
    return SITE + path


def _application_links() -> dict[str, Any]:
    return {"action_url": notify.application_url(REFERENCE)}


def _interview_links() -> dict[str, Any]:
    return {"action_url": interview_url(REFERENCE)}


def _referee_links() -> dict[str, Any]:
    return {"action_url": link_for("a-referees-token")}


def _staff_item(reference: str) -> str:
    return _site(reverse("staff:documents", args=[reference]))


# The links each event's producer puts in its context (the producer's own helper where it
# has a public one, otherwise the page it links to).
PRODUCED_LINKS: dict[str, Callable[[], dict[str, Any]]] = {
    "account_created": lambda: {
        "action_url": _site(reverse("account_confirm_email", args=["a-confirmation-key"]))
    },
    "email_confirmation": lambda: {
        "action_url": _site(reverse("account_confirm_email", args=["a-confirmation-key"]))
    },
    "password_reset": lambda: {
        "action_url": _site(
            reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "a-key"})
        )
    },
    "account_already_exists": lambda: {"action_url": _site(reverse("account_reset_password"))},
    "unknown_account": lambda: {"action_url": _site(reverse("account_signup"))},
    "application_submitted": _application_links,
    "documents_requested": _application_links,
    "document_rejected": lambda: {"action_url": documents_url(REFERENCE)},
    "documents_missing_reminder": _application_links,
    "referee_invitation": _referee_links,
    "referee_reminder": _referee_links,
    "referee_declined": lambda: {"action_url": referees_url(REFERENCE)},
    "eligibility_outcome": _application_links,
    "interview_invitation": _interview_links,
    "interview_booked": _interview_links,
    "interview_changed": _interview_links,
    "interview_cancelled": _interview_links,
    "interview_no_show": _interview_links,
    "interview_reminder": _interview_links,
    "decision_admitted": _application_links,
    "decision_conditionally_admitted": _application_links,
    "decision_waitlisted": _application_links,
    "decision_refused": _application_links,
    "offer_expiring": _application_links,
    "decision_deferred": _application_links,
    "offer_expired": _application_links,
    "waitlist_promoted": _application_links,
    "registration_confirmed": _application_links,
    "deadline_approaching": _application_links,
    "payment_received": lambda: {"action_url": _site(reverse("portal:fee", args=[REFERENCE]))},
    "quote_issued": lambda: {
        "action_url": _site(reverse("portal:quote", args=[REFERENCE, str(uuid.uuid4())]))
    },
    "staff_work_item": lambda: {"action_url": _staff_item(REFERENCE)},
    "review_assigned": lambda: {"action_url": _site(reverse("staff:home"))},
    "review_overdue": lambda: {"action_url": _site(reverse("staff:home"))},
    "committee_invitation": lambda: {"action_url": join_link("an-invitations-token")},
    "staff_digest": lambda: {
        "items": [
            {"subject": "One", "action_url": _staff_item(REFERENCE)},
            {"subject": "Two", "action_url": _staff_item(OTHER_REFERENCE)},
        ],
        "action_url": _site(reverse("staff:home")),
    },
}

EVENTS = [spec for spec in all_events()]


def _links(rendered: str) -> list[str]:
    found = []
    for match in LINK.finditer(rendered):
        found.append((match.group(1) or match.group(0)).rstrip(".,;:!?"))
    return found


def _unresolved(links: list[str]) -> list[str]:
    missing = []
    for link in links:
        if link.startswith("http") and not link.startswith(SITE):
            continue  # another site (a CDN, the school's own pages)
        path = urlsplit(link).path
        if path.startswith(settings.STATIC_URL):
            continue  # a file, not a page
        try:
            resolve(path)
        except Resolver404:
            missing.append(link)
    return missing


def test_every_event_says_which_links_its_producer_builds():
    assert {spec.code for spec in EVENTS} == set(PRODUCED_LINKS)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("spec", EVENTS, ids=[spec.code for spec in EVENTS])
@override_settings(SITE_URL=SITE)
def test_every_link_of_the_email_leads_to_a_page_of_the_site(spec, language):
    context = {
        **spec.sample,
        **PRODUCED_LINKS[spec.code](),
        "message_url": _site(reverse("portal:inbox-message", args=[uuid.uuid4()])),
    }

    rendered = render_message(event=spec.code, language=language, context=context)

    links = _links(rendered.subject + "\n" + rendered.text + "\n" + rendered.html)
    assert context["action_url"] in links, "the email does not show its action link"
    assert _unresolved(links) == []
