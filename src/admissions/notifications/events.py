"""The events that send email: their codes, the context each needs, and a sample of it.

Every event has file templates ``emails/<language>/<event>/{subject.txt,body.md}``
in English and French. ``queue_message`` refuses a context that lacks a required key, so a
caller finds a missing value in its own tests rather than in an applicant's mailbox. The
sample contexts feed the template previews and the test that renders every event in both
languages.

Values are plain: strings, numbers, booleans, dates and datetimes, lists and dicts of those.
Dates render in the message's language (``{{ due_on|date:"j F Y" }}``); amounts are cents
shown with the ``money`` filter (``{{ amount_cents|money:currency }}``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Audience = Literal["applicant", "staff", "referee", "anyone"]

_PARIS = ZoneInfo("Europe/Paris")
_URL = "https://admissions.example.org/applications/PMAI-2027-00042/"


@dataclass(frozen=True)
class EventSpec:
    code: str
    description: str | Promise  # shown to administrators, in their language
    required: tuple[str, ...]
    sample: dict[str, Any]
    audience: Audience = "applicant"
    # Staff work notices may wait for the daily digest when the person asked for one.
    digestible: bool = False
    # The digest repeats messages already in the inbox: it stays out of it.
    in_inbox: bool = True
    optional: tuple[str, ...] = field(default=())
    # Context values that work as a key (a referee's link): the outbox keeps them only until
    # the message has left, then removes them from the stored context, subject and bodies.
    secret_context: tuple[str, ...] = field(default=())


_REGISTRY: dict[str, EventSpec] = {}


def register_event(spec: EventSpec) -> EventSpec:
    """Add an event (later capabilities may add their own, with their templates)."""
    missing = [key for key in spec.required if key not in spec.sample]
    if missing:
        raise ValueError(f"The sample context of {spec.code!r} lacks {', '.join(missing)}.")
    _REGISTRY[spec.code] = spec
    return spec


def get_event(code: str) -> EventSpec:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(
            f"{code!r} is not a notification event. Known events: {', '.join(sorted(_REGISTRY))}."
        ) from None


def all_events() -> list[EventSpec]:
    return sorted(_REGISTRY.values(), key=lambda spec: spec.code)


def event_choices() -> list[tuple[str, str]]:
    return [(spec.code, spec.code) for spec in all_events()]


_APPLICATION = {
    "recipient_name": "Camille Martin",
    "programme_name": "MSc in Artificial Intelligence",
    "application_ref": "PMAI-2027-00042",
    "action_url": _URL,
}
_APPLICATION_KEYS = ("recipient_name", "programme_name", "application_ref", "action_url")
_INTERVIEW = {
    **_APPLICATION,
    "starts_at": dt.datetime(2027, 3, 15, 14, 30, tzinfo=_PARIS),
    "duration_minutes": 30,
    "location": "Video call (the link is on your application page)",
}
_INTERVIEW_KEYS = (*_APPLICATION_KEYS, "starts_at", "duration_minutes", "location")


for _spec in [
    EventSpec(
        "account_created",
        _("A person created an account; the link confirms the address."),
        ("recipient_name", "action_url"),
        {
            "recipient_name": "Camille Martin",
            "action_url": "https://admissions.example.org/accounts/confirm-email/abc/",
        },
        audience="anyone",
    ),
    EventSpec(
        "email_confirmation",
        _("A person asked to confirm an email address again; the link confirms it."),
        ("recipient_name", "action_url"),
        {
            "recipient_name": "Camille Martin",
            "action_url": "https://admissions.example.org/accounts/confirm-email/abc/",
        },
        audience="anyone",
    ),
    EventSpec(
        "password_reset",
        _("A person asked to reset their password; the link lets them choose a new one."),
        ("recipient_name", "action_url"),
        {
            "recipient_name": "Camille Martin",
            "action_url": "https://admissions.example.org/accounts/password/reset/key/1-abc/",
        },
        audience="anyone",
    ),
    EventSpec(
        "account_already_exists",
        _(
            "Someone signed up with the address of an existing account; "
            "the link resets its password."
        ),
        ("recipient_name", "action_url"),
        {
            "recipient_name": "Camille Martin",
            "action_url": "https://admissions.example.org/accounts/password/reset/",
        },
        audience="anyone",
    ),
    EventSpec(
        "unknown_account",
        _("Someone asked for a password reset for an address no account uses; the link signs up."),
        ("recipient_name", "action_url"),
        {
            "recipient_name": "camille@example.org",
            "action_url": "https://admissions.example.org/accounts/signup/",
        },
        audience="anyone",
    ),
    EventSpec(
        "application_submitted",
        _("The applicant submitted; the receipt (PDF) may be attached."),
        (*_APPLICATION_KEYS, "submitted_at"),
        {
            **_APPLICATION,
            "submitted_at": dt.datetime(2027, 1, 20, 18, 5, tzinfo=_PARIS),
            "has_receipt": True,
        },
        optional=("has_receipt",),
    ),
    EventSpec(
        "documents_requested",
        _("Staff asked the applicant for documents."),
        (*_APPLICATION_KEYS, "documents", "due_on"),
        {
            **_APPLICATION,
            "documents": ["Transcript of your M1 year", "Copy of your passport"],
            "due_on": dt.date(2027, 2, 10),
            "note": "Please send the transcript signed by your university.",
        },
        optional=("note",),
    ),
    EventSpec(
        "document_rejected",
        _("Staff rejected a document; the applicant replaces it from the documents page."),
        (*_APPLICATION_KEYS, "document_name", "file_name", "reason"),
        {
            **_APPLICATION,
            "action_url": _URL + "documents/",
            "document_name": "Transcripts",
            "file_name": "transcripts-m1.pdf",
            "reason": "Incomplete: pages or parts are missing",
            "comment": "Page 2 is missing.",
        },
        optional=("comment",),
    ),
    EventSpec(
        "documents_missing_reminder",
        _("Documents are still missing."),
        (*_APPLICATION_KEYS, "documents", "due_on"),
        {
            **_APPLICATION,
            "documents": ["Transcript of your M1 year"],
            "due_on": dt.date(2027, 2, 10),
        },
    ),
    EventSpec(
        "referee_invitation",
        _("A referee is asked for a reference through a signed link."),
        ("referee_name", "applicant_name", "programme_name", "due_on", "action_url"),
        {
            "referee_name": "Prof. Jean Dupont",
            "applicant_name": "Camille Martin",
            "programme_name": "MSc in Artificial Intelligence",
            "due_on": dt.date(2027, 2, 1),
            "action_url": "https://admissions.example.org/references/r/abc123/",
        },
        audience="referee",
        in_inbox=False,
        secret_context=("action_url",),
    ),
    EventSpec(
        "referee_reminder",
        _("A referee has not answered yet."),
        ("referee_name", "applicant_name", "programme_name", "due_on", "action_url"),
        {
            "referee_name": "Prof. Jean Dupont",
            "applicant_name": "Camille Martin",
            "programme_name": "MSc in Artificial Intelligence",
            "due_on": dt.date(2027, 2, 1),
            "action_url": "https://admissions.example.org/references/r/abc123/",
        },
        audience="referee",
        in_inbox=False,
        secret_context=("action_url",),
    ),
    EventSpec(
        "referee_declined",
        _("A referee declined to write a reference; the applicant may invite someone else."),
        (*_APPLICATION_KEYS, "referee_name"),
        {
            **_APPLICATION,
            "action_url": _URL + "referees/",
            "referee_name": "Prof. Jean Dupont",
            "reason": "I am on sabbatical until June.",
        },
        optional=("reason",),
    ),
    EventSpec(
        "eligibility_outcome",
        _("The eligibility check finished (eligible or not, with reasons)."),
        (*_APPLICATION_KEYS, "eligible", "reasons"),
        {
            **_APPLICATION,
            "eligible": False,
            "reasons": ["An English level of B2 or above is required; your test shows B1."],
        },
    ),
    EventSpec(
        # Sent when the applicant is selected, before any time is booked: the email asks
        # them to choose one (by ``book_by`` when known). A time, when one is given, shows.
        "interview_invitation",
        _("The applicant is invited to an interview and asked to book a time."),
        _APPLICATION_KEYS,
        dict(_INTERVIEW),
        optional=("starts_at", "duration_minutes", "location", "book_by", "time_zone"),
    ),
    EventSpec(
        "interview_booked",
        _("The applicant booked an interview time; the calendar file (.ics) is attached."),
        _INTERVIEW_KEYS,
        dict(_INTERVIEW),
        optional=("time_zone",),
    ),
    EventSpec(
        "interview_cancelled",
        _(
            "The interview time was cancelled (by the applicant, or the school cancelled the "
            "slot); the calendar file removes it."
        ),
        _INTERVIEW_KEYS,
        {**_INTERVIEW, "by_school": True},
        optional=("by_school", "time_zone"),
    ),
    EventSpec(
        "interview_no_show",
        _("The applicant did not attend the interview."),
        _INTERVIEW_KEYS,
        dict(_INTERVIEW),
        optional=("time_zone",),
    ),
    EventSpec(
        "interview_changed",
        _("The interview moved or changed."),
        (*_INTERVIEW_KEYS, "previous_starts_at"),
        {**_INTERVIEW, "previous_starts_at": dt.datetime(2027, 3, 12, 10, 0, tzinfo=_PARIS)},
    ),
    EventSpec(
        "interview_reminder",
        _("The interview is soon."),
        _INTERVIEW_KEYS,
        dict(_INTERVIEW),
    ),
    EventSpec(
        "decision_admitted",
        _("The panel admitted the applicant; the offer must be accepted before accept_by."),
        (*_APPLICATION_KEYS, "accept_by"),
        {**_APPLICATION, "accept_by": dt.datetime(2027, 4, 25, 23, 59, 59, tzinfo=_PARIS)},
    ),
    EventSpec(
        "decision_conditionally_admitted",
        _("Admitted on conditions (e.g. obtaining the M1)."),
        (*_APPLICATION_KEYS, "accept_by", "conditions"),
        {
            **_APPLICATION,
            "accept_by": dt.datetime(2027, 4, 25, 23, 59, 59, tzinfo=_PARIS),
            "conditions": ["Pass your M1 year with an average of 12/20 or above."],
        },
    ),
    EventSpec(
        "decision_waitlisted",
        _("The applicant is on the waiting list."),
        _APPLICATION_KEYS,
        {**_APPLICATION, "waitlist_position": 3},
        optional=("waitlist_position",),
    ),
    EventSpec(
        "decision_refused",
        _("The panel refused the application, with the reasons."),
        (*_APPLICATION_KEYS, "reasons"),
        {
            **_APPLICATION,
            "reasons": [
                "The places of this round went to applicants with a stronger academic record."
            ],
        },
    ),
    EventSpec(
        "offer_expiring",
        _("An offer not yet accepted expires soon."),
        (*_APPLICATION_KEYS, "expires_at"),
        {**_APPLICATION, "expires_at": dt.datetime(2027, 4, 25, 23, 59, 59, tzinfo=_PARIS)},
    ),
    EventSpec(
        "waitlist_promoted",
        _("A place opened: the waitlisted applicant now has an offer."),
        (*_APPLICATION_KEYS, "accept_by"),
        {**_APPLICATION, "accept_by": dt.datetime(2027, 5, 5, 23, 59, 59, tzinfo=_PARIS)},
    ),
    EventSpec(
        "decision_deferred",
        _("The panel deferred the application to a later round."),
        _APPLICATION_KEYS,
        {**_APPLICATION, "reasons": ["The panel wants to read your final M1 grades first."]},
        optional=("reasons",),
    ),
    EventSpec(
        "offer_expired",
        _("An offer was not answered in time and expired."),
        (*_APPLICATION_KEYS, "expired_at"),
        {**_APPLICATION, "expired_at": dt.datetime(2027, 4, 25, 23, 59, 59, tzinfo=_PARIS)},
    ),
    EventSpec(
        "registration_confirmed",
        _("The admitted applicant registered."),
        (*_APPLICATION_KEYS, "starts_on"),
        {**_APPLICATION, "starts_on": dt.date(2027, 9, 6)},
    ),
    EventSpec(
        "quote_issued",
        _("A tuition quote is ready."),
        (
            "recipient_name",
            "programme_name",
            "quote_ref",
            "amount_cents",
            "currency",
            "valid_until",
            "action_url",
        ),
        {
            "recipient_name": "Camille Martin",
            "programme_name": "MSc in Artificial Intelligence",
            "quote_ref": "Q-2027-0107",
            "amount_cents": 1_850_000,
            "currency": "EUR",
            "valid_until": dt.date(2027, 6, 30),
            "action_url": "https://admissions.example.org/quotes/Q-2027-0107/",
        },
        audience="anyone",
    ),
    EventSpec(
        "payment_received",
        _("A payment (application fee, deposit, tuition) was received."),
        (*_APPLICATION_KEYS, "amount_cents", "currency", "paid_on", "payment_ref"),
        {
            **_APPLICATION,
            "amount_cents": 10_000,
            "currency": "EUR",
            "paid_on": dt.date(2027, 1, 20),
            "payment_ref": "PAY-2027-00913",
        },
    ),
    EventSpec(
        "deadline_approaching",
        _("A draft is not submitted and the round's deadline is near."),
        (*_APPLICATION_KEYS, "deadline_at", "days_left"),
        {
            **_APPLICATION,
            "deadline_at": dt.datetime(2027, 2, 15, 23, 59, 59, tzinfo=_PARIS),
            "days_left": 7,
        },
    ),
    EventSpec(
        "staff_work_item",
        _("New work for a staff member (may wait for the daily digest)."),
        ("recipient_name", "summary", "action_url"),
        {
            "recipient_name": "Alex Bernard",
            "summary": "PMAI-2027-00042 is ready for your review.",
            "action_url": "https://admissions.example.org/staff/applications/PMAI-2027-00042/",
        },
        audience="staff",
        digestible=True,
    ),
    EventSpec(
        "review_assigned",
        _("A committee published its assignment: the reviewer has applications to review."),
        ("recipient_name", "committee_name", "programme_name", "count", "due_at", "action_url"),
        {
            "recipient_name": "Alex Bernard",
            "committee_name": "MSc CPS2 committee, 2027",
            "programme_name": "MSc in Engineering: CPS2, AI and IoT",
            "count": 12,
            "due_at": dt.datetime(2027, 3, 12, 23, 59, tzinfo=_PARIS),
            "action_url": "https://admissions.example.org/staff/",
        },
        audience="staff",
    ),
    EventSpec(
        "staff_digest",
        _("The daily summary of a staff member's new work."),
        ("recipient_name", "day", "items", "action_url"),
        {
            "recipient_name": "Alex Bernard",
            "day": dt.date(2027, 3, 2),
            "items": [
                {
                    "subject": "PMAI-2027-00042 is ready for your review.",
                    "action_url": "https://admissions.example.org/staff/applications/PMAI-2027-00042/",
                },
                {
                    "subject": "PMAI-2027-00057 is ready for your review.",
                    "action_url": "https://admissions.example.org/staff/applications/PMAI-2027-00057/",
                },
            ],
            "action_url": "https://admissions.example.org/staff/",
        },
        audience="staff",
        in_inbox=False,
    ),
    EventSpec(
        "review_overdue",
        _("A reviewer's reviews are past their due date (at most one reminder a day)."),
        ("recipient_name", "committee_name", "programme_name", "reviews", "action_url"),
        {
            "recipient_name": "Rita Reviewer",
            "committee_name": "MSc committee 2027",
            "programme_name": "MSc in Artificial Intelligence",
            "reviews": [
                {"reference": "CPS2-2027-00042", "due_on": dt.date(2027, 3, 1)},
                {"reference": "CPS2-2027-00057", "due_on": dt.date(2027, 3, 3)},
            ],
            "action_url": "https://admissions.example.org/staff/",
        },
        audience="staff",
    ),
    EventSpec(
        "committee_invitation",
        _(
            "Someone from outside the school is invited to sit on a review committee "
            "through a single-use link."
        ),
        (
            "recipient_name",
            "committee_name",
            "programme_name",
            "inviter_name",
            "expires_on",
            "action_url",
        ),
        {
            "recipient_name": "Dr Hélène Moreau",
            "committee_name": "Academic committee 2027",
            "programme_name": "MSc in Artificial Intelligence",
            "inviter_name": "Olivia Officer",
            "expires_on": dt.date(2027, 3, 9),
            "action_url": "https://admissions.example.org/staff/join/abc123/",
        },
        audience="anyone",
        in_inbox=False,
        secret_context=("action_url",),
    ),
]:
    register_event(_spec)
