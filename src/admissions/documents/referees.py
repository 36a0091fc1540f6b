"""Referees: invitations through an expiring one-use link, letters, reminders, replacement.

The link carries a random token; only its SHA-256 is stored, so a database leak gives no
working link. A link works once; a reminder or a replacement issues a new token and the old
one stops working.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from admissions.applications import notify as application_notify
from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.selectors import APPLICATION_NOT_FOUND, applicant_status
from admissions.applications.states import Status, is_final
from admissions.core import clock
from admissions.core.errors import DomainError, NotFound
from admissions.core.text import without_bidi_controls
from admissions.documents import storage
from admissions.documents.models import Referee
from admissions.documents.validation import DEFAULT_ALLOWED_TYPES, validate_upload
from admissions.notifications import services as notifications

REMINDER_INTERVAL = dt.timedelta(hours=48)
MAX_LETTER_MB = 10

NOT_YOURS = APPLICATION_NOT_FOUND  # the one refusal of another person's application
CLOSED = _("This application is closed: referees can no longer be added or reminded.")
TOO_MANY = _("You already named %(count)s referees, the most this programme takes.")
TOO_SOON = _("A reminder was sent less than 48 hours ago. You can send another one after %(when)s.")
ALREADY_ANSWERED = _("This referee already sent their letter: there is nothing to remind.")
LETTER_REQUIRED = _("Upload your letter or write it in the form, then send it.")
INVITATIONS_TODAY = _(
    "You sent %(count)s referee invitations in the last 24 hours, the most allowed in a day. "
    "You can name or replace a referee again after %(when)s."
)
INVITATIONS_USED_UP = _(
    "This application already sent %(count)s referee invitations, the most allowed. To "
    "change a referee now, contact the admissions office."
)
INVITATION_WINDOW = dt.timedelta(hours=24)
DECLINED = _(
    "This referee declined to write a reference: invite someone else in their place instead."
)
LINK_USED = _("This link was already used.")
MAX_DECLINE_REASON = 2000


class RefereeRefused(DomainError):
    pass


class TooManyInvitationsToday(RefereeRefused):
    """The daily allowance of invitations (new referees and replacements) is used up; it
    comes back as the oldest invitation of the last 24 hours ages out."""

    def __init__(self, message: Any, *, available_at: dt.datetime, now: dt.datetime):
        super().__init__(message)
        self.available_at = available_at
        self.retry_after_seconds = max(1, int((available_at - now).total_seconds()) + 1)


class InvitationsUsedUp(RefereeRefused):
    """The application sent every invitation it may ever send."""


def link_days() -> int:
    return settings.REFEREE_LINK_DAYS


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def link_for(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal:reference-letter", args=[token])


def _check_owner(application: Application, actor: Any) -> None:
    if actor is None or getattr(actor, "pk", None) != application.applicant_id:
        raise NotFound(NOT_YOURS)


def _check_open(application: Application) -> None:
    status = applicant_status(application)  # a held refusal is not closed yet for them
    if status == Status.WITHDRAWN or is_final(status):
        raise RefereeRefused(CLOSED)


def max_referees(application: Application) -> int:
    requirement = application.programme.document_requirements.filter(
        document_type__code="recommendation"
    ).first()
    return requirement.max_files if requirement is not None else 3


def _check_invitation_allowance(application: Application, now: dt.datetime) -> None:
    """Each invitation mails an address the applicant chose, with a name they typed: without
    a limit the form is a mail relay. An application sends at most
    ``REFEREE_INVITATIONS_PER_DAY`` invitations in any 24 hours and
    ``REFEREE_INVITATIONS_IN_ALL`` in its life, replacements included (a replacement is a
    new invitation; reminders go to an address already invited and have their own limit).
    The caller holds the application's row lock, so parallel requests count each other."""
    sent = list(
        Referee.objects.filter(application=application)
        .order_by("invited_at")
        .values_list("invited_at", flat=True)
    )
    in_all = settings.REFEREE_INVITATIONS_IN_ALL
    if len(sent) >= in_all:
        raise InvitationsUsedUp(INVITATIONS_USED_UP % {"count": in_all})
    per_day = settings.REFEREE_INVITATIONS_PER_DAY
    today = [at for at in sent if at > now - INVITATION_WINDOW]
    if len(today) >= per_day:
        available_at = today[len(today) - per_day] + INVITATION_WINDOW
        when = clock.local(available_at, application.programme.time_zone)
        raise TooManyInvitationsToday(
            INVITATIONS_TODAY % {"count": per_day, "when": when.strftime("%Y-%m-%d %H:%M")},
            available_at=available_at,
            now=now,
        )


def _send(referee: Referee, token: str, template: str, now: dt.datetime) -> None:
    application = referee.application
    applicant = application.applicant
    language = applicant.preferred_language or "en"
    programme = application.programme
    notifications.queue_message(
        recipient_email=referee.email,
        template=template,
        context={
            "referee_name": referee.name,
            "applicant_name": applicant.get_full_name() or applicant.email,
            "programme_name": programme.name_fr
            if language.startswith("fr") and programme.name_fr
            else programme.name_en,
            "due_on": clock.local(referee.token_expires_at, programme.time_zone).date(),
            "action_url": link_for(token),
        },
        language=language,
        idempotency_key=f"referee:{referee.public_id}:{template}:{referee.token_hash[:16]}",
    )


def add_referee(
    *,
    application: Application,
    name: str,
    email: str,
    relationship: str,
    institution: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> tuple[Referee, str]:
    """Name a referee and email them their link. Returns the referee and the token (tests)."""
    now = now or clock.now()
    _check_owner(application, actor)
    _check_open(application)
    limit = max_referees(application)
    if application.referees.filter(replaced_at__isnull=True).count() >= limit:
        raise RefereeRefused(TOO_MANY % {"count": limit})
    token, token_hash = _new_token()
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        _check_invitation_allowance(application, now)
        referee = Referee.objects.create(
            application=application,
            # What the applicant typed is shown to staff and in the referee's email: no
            # bidirectional controls that would make it read otherwise.
            name=without_bidi_controls(name).strip(),
            email=email.strip(),
            relationship=without_bidi_controls(relationship).strip(),
            institution=without_bidi_controls(institution).strip(),
            token_hash=token_hash,
            token_expires_at=now + dt.timedelta(days=link_days()),
            invited_at=now,
        )
        _send(referee, token, "referee_invitation", now)
        application_services.record_event(
            application=application,
            kind="referee_invited",
            actor=actor,
            message_en=f"Referee invited: {referee.name}.",
            message_fr=f"Référent invité : {referee.name}.",
            now=now,
        )
    return referee, token


def send_reminder(*, referee: Referee, actor: Any, now: dt.datetime | None = None) -> str:
    """Remind a referee (one reminder per 48 hours): a new link replaces the old one."""
    now = now or clock.now()
    _check_owner(referee.application, actor)
    _check_open(referee.application)
    if referee.replaced_at is not None:
        raise NotFound(NOT_YOURS)
    if referee.letter_received_at is not None:
        raise RefereeRefused(ALREADY_ANSWERED)
    if referee.declined_at is not None:
        raise RefereeRefused(DECLINED)
    last = referee.last_reminded_at or referee.invited_at
    if now - last < REMINDER_INTERVAL:
        when = clock.local(last + REMINDER_INTERVAL, referee.application.programme.time_zone)
        raise RefereeRefused(TOO_SOON % {"when": when.strftime("%Y-%m-%d %H:%M")})
    token, token_hash = _new_token()
    with transaction.atomic():
        referee.token_hash = token_hash
        referee.token_expires_at = now + dt.timedelta(days=link_days())
        referee.last_reminded_at = now
        referee.save(update_fields=["token_hash", "token_expires_at", "last_reminded_at"])
        _send(referee, token, "referee_reminder", now)
    return token


def replace_referee(
    *,
    referee: Referee,
    name: str,
    email: str,
    relationship: str,
    institution: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> tuple[Referee, str]:
    """Replace a referee by another: the old link stops working at once."""
    now = now or clock.now()
    _check_owner(referee.application, actor)
    _check_open(referee.application)
    with transaction.atomic():
        Referee.objects.filter(pk=referee.pk).update(replaced_at=now)
        return add_referee(
            application=referee.application,
            name=name,
            email=email,
            relationship=relationship,
            institution=institution,
            actor=actor,
            now=now,
        )


@dataclass(frozen=True)
class LinkCheck:
    referee: Referee | None
    problem: str  # "", "unknown", "expired", "used", "revoked", "declined"


def check_link(token: str, now: dt.datetime | None = None) -> LinkCheck:
    now = now or clock.now()
    referee = (
        Referee.objects.filter(token_hash=hash_token(token or ""))
        .select_related("application__programme", "application__applicant")
        .first()
    )
    if referee is None:
        return LinkCheck(None, "unknown")
    if referee.replaced_at is not None:
        return LinkCheck(referee, "revoked")
    if referee.letter_received_at is not None:
        return LinkCheck(referee, "used")
    if referee.declined_at is not None:
        return LinkCheck(referee, "declined")
    if now >= referee.token_expires_at:
        return LinkCheck(referee, "expired")
    return LinkCheck(referee, "")


def submit_letter(
    *,
    referee: Referee,
    fileobj: IO[bytes] | None = None,
    filename: str = "",
    text: str = "",
    now: dt.datetime | None = None,
) -> Referee:
    """Record the referee's letter (a validated file or the form's text); the link is then
    used up. The caller checked the link with ``check_link``."""
    now = now or clock.now()
    text = (text or "").strip()
    if fileobj is None and not text:
        raise RefereeRefused(LETTER_REQUIRED, field="letter")
    updates: dict[str, Any] = {"letter_text": text[:20000], "letter_received_at": now}
    stored_name = ""
    if fileobj is not None:
        validated = validate_upload(
            fileobj,
            filename=filename,
            allowed_types=DEFAULT_ALLOWED_TYPES,
            max_bytes=MAX_LETTER_MB * 1024 * 1024,
            scanner=storage.scanner(),
        )
        stored_name = storage.save(fileobj, validated.content_type)
        updates.update(
            letter_stored_name=stored_name,
            letter_original_name=validated.sanitized_name,
            letter_content_type=validated.content_type,
            letter_size=validated.size,
            letter_sha256=validated.sha256,
        )
    try:
        with transaction.atomic():
            # The row lock makes a double submit of the same link record one letter.
            locked = Referee.objects.select_for_update().get(pk=referee.pk)
            if (
                locked.letter_received_at is not None
                or locked.replaced_at is not None
                or locked.declined_at is not None
            ):
                raise RefereeRefused(LINK_USED)
            for key, value in updates.items():
                setattr(locked, key, value)
            locked.save(update_fields=list(updates))
            application_services.record_event(
                application=locked.application,
                kind="reference_received",
                message_en=f"Letter received from {locked.name}.",
                message_fr=f"Lettre reçue de {locked.name}.",
                now=now,
            )
    except Exception:
        if stored_name:
            storage.delete_blob(stored_name)
        raise
    return locked


def referees_url(reference: str) -> str:
    """The applicant's referees page (absolute, for emails)."""
    return settings.SITE_URL.rstrip("/") + reverse("portal:referees", args=[reference])


def decline_reference(
    *, referee: Referee, reason: str = "", now: dt.datetime | None = None
) -> Referee:
    """The referee cannot write the reference: their link stops working, the applicant is told
    (email and inbox, in their language, with the referee's reason if given) and may invite
    someone else in their place (``replace_referee``). The caller checked the link."""
    now = now or clock.now()
    reason = (reason or "").strip()[:MAX_DECLINE_REASON]
    with transaction.atomic():
        # The row lock makes a double click, or a letter sent at the same moment, count once.
        locked = (
            Referee.objects.select_for_update()
            .select_related("application__applicant", "application__programme")
            .get(pk=referee.pk)
        )
        if (
            locked.letter_received_at is not None
            or locked.replaced_at is not None
            or locked.declined_at is not None
        ):
            raise RefereeRefused(LINK_USED)
        locked.declined_at = now
        locked.decline_reason = reason
        locked.save(update_fields=["declined_at", "decline_reason"])
        application = locked.application
        event = application_services.record_event(
            application=application,
            kind="referee_declined",
            message_en=f"{locked.name} declined to write a reference.",
            message_fr=f"{locked.name} ne peut pas rédiger de recommandation.",
            data={"referee": str(locked.public_id)},
            now=now,
        )
        applicant = application.applicant
        language = applicant.preferred_language or settings.LANGUAGE_CODE
        context: dict[str, Any] = {
            **application_notify.base_context(application, language),
            "action_url": referees_url(application.reference),
            "referee_name": locked.name,
        }
        if reason:
            context["reason"] = reason
        notifications.queue_message(
            recipient_email=applicant.email,
            template="referee_declined",
            context=context,
            language=language,
            idempotency_key=f"referee:{locked.public_id}:declined:{event.pk}",
            user=applicant,
        )
    return locked
