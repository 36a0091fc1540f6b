"""Queueing messages, and what staff and bounce reports do to them afterwards."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from admissions.core import audit, clock
from admissions.core.errors import NotFound
from admissions.notifications import events
from admissions.notifications.contexts import prepare_context, to_json
from admissions.notifications.errors import (
    CANNOT_RESEND,
    UNKNOWN_EVENT,
    CannotResend,
    NotificationContextError,
)
from admissions.notifications.models import (
    NEEDS_ATTENTION,
    BouncedAddress,
    MessageStatus,
    NotificationPreference,
    OutboxMessage,
)
from admissions.notifications.rendering import (
    normalise_language,
    render_templates,
    resolve_templates,
    site_url,
)

logger = logging.getLogger(__name__)

# Inline attachments live in the database row; anything larger goes through the storage API
# and is referred to by its name.
MAX_INLINE_ATTACHMENT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message: bytes (small files) or a name in the default storage."""

    filename: str
    mimetype: str = "application/octet-stream"
    content: bytes | None = None
    storage_name: str | None = None


def queue_message(
    *,
    recipient_email: str,
    template: str,
    context: dict[str, Any],
    language: str,
    idempotency_key: str,
    user: Any = None,
    send_after: dt.datetime | None = None,
    attachments: list[Attachment | dict[str, Any]] | None = None,
) -> OutboxMessage:
    """Record a message in the caller's transaction; a worker delivers it after commit.

    The message is rendered now, in the recipient's language (``user.preferred_language``
    when ``user`` is given, else ``language``), so the inbox copy exists at once and what
    was sent is what is stored. A second call with the same ``idempotency_key`` returns the
    first message and queues nothing. Nothing leaves if the caller's transaction rolls back.
    """
    message, _created = _queue(
        recipient_email=recipient_email,
        template=template,
        context=context,
        language=language,
        idempotency_key=idempotency_key,
        user=user,
        send_after=send_after,
        attachments=attachments,
    )
    return message


def send_once(
    *,
    key: str,
    recipient_email: str,
    template: str,
    context: dict[str, Any],
    language: str,
    user: Any = None,
    send_after: dt.datetime | None = None,
    attachments: list[Attachment | dict[str, Any]] | None = None,
) -> tuple[OutboxMessage, bool]:
    """Queue a message unless one with ``key`` exists; returns (message, queued_now).

    Build the key from the subject and the moment, e.g.
    ``f"reminder:deadline:{application_ref}:7d"``: however often ``tick`` runs, that reminder
    goes once.
    """
    return _queue(
        recipient_email=recipient_email,
        template=template,
        context=context,
        language=language,
        idempotency_key=key,
        user=user,
        send_after=send_after,
        attachments=attachments,
    )


def _queue(
    *,
    recipient_email: str,
    template: str,
    context: dict[str, Any],
    language: str,
    idempotency_key: str,
    user: Any,
    send_after: dt.datetime | None,
    attachments: list[Attachment | dict[str, Any]] | None,
) -> tuple[OutboxMessage, bool]:
    if not idempotency_key or len(idempotency_key) > 255:
        raise NotificationContextError(
            "A message needs an idempotency key of 1 to 255 characters, naming the change "
            "that causes it (e.g. 'decision:PMAI-2027-00042:admitted')."
        )
    existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    try:
        spec = events.get_event(template)
    except KeyError:
        raise NotificationContextError(str(UNKNOWN_EVENT).format(event=template)) from None
    if not recipient_email or "@" not in recipient_email:
        raise NotificationContextError(f"{recipient_email!r} is not an email address.")

    asked = normalise_language(getattr(user, "preferred_language", None) or language)
    templates, fell_back = resolve_templates(template, asked)
    prepared = prepare_context(context, language=templates.language)
    missing = [key for key in spec.required if key not in prepared]
    if missing:
        raise NotificationContextError(
            f"The {template} message needs {', '.join(missing)} in its context."
        )
    now = clock.now()
    public_id = uuid.uuid4()
    message_url = _message_url(public_id) if user is not None and spec.in_inbox else ""
    subject, text, html = render_templates(templates, {**prepared, "message_url": message_url})
    if fell_back:
        logger.warning(
            "Message %s (%s) asked for %r and was rendered in English.",
            idempotency_key,
            template,
            asked,
        )
    held = user is not None and spec.digestible and _wants_digest(user)
    next_attempt_at = max(send_after, now) if send_after else now
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                public_id=public_id,
                idempotency_key=idempotency_key,
                event=template,
                recipient_email=recipient_email.strip(),
                user=user,
                language=asked,
                template_language=templates.language,
                template_fallback=fell_back,
                context=to_json(prepared),
                attachments=_prepare_attachments(attachments or []),
                subject=subject[:255],
                body_text=text,
                body_html=html,
                status=MessageStatus.HELD if held else MessageStatus.QUEUED,
                next_attempt_at=None if held else next_attempt_at,
                created_at=now,
            )
    except IntegrityError:
        # Another transaction queued the same key first (PostgreSQL waited for it to
        # commit): that message is this one.
        existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    if not held:
        transaction.on_commit(partial(enqueue_delivery, message.pk, next_attempt_at))
    return message, True


def enqueue_delivery(message_id: int, run_after: dt.datetime | None = None) -> None:
    """Ask a worker to deliver one message now (or at ``run_after``).

    Never raises: if the task cannot be queued, the scheduled sweep delivers the message.
    """
    from admissions.notifications.tasks import deliver_message

    try:
        task = deliver_message
        if run_after is not None and run_after > clock.now():
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=run_after)
        task.enqueue(message_id)
    except Exception:
        logger.exception("Could not queue delivery of message %s; the sweep will.", message_id)


def _message_url(public_id: uuid.UUID) -> str:
    path = reverse("portal:inbox-message", kwargs={"public_id": public_id})
    return f"{site_url()}{path}"


def _wants_digest(user: Any) -> bool:
    return NotificationPreference.objects.filter(user=user, digest=True).exists()


def _prepare_attachments(attachments: list[Attachment | dict[str, Any]]) -> list[dict[str, str]]:
    prepared = []
    for index, item in enumerate(attachments):
        spec = item if isinstance(item, Attachment) else Attachment(**item)
        if not spec.filename:
            raise NotificationContextError(f"Attachment {index} has no file name.")
        if (spec.content is None) == (spec.storage_name is None):
            raise NotificationContextError(
                f"Attachment {spec.filename!r} needs either its content or its storage name."
            )
        entry = {"filename": spec.filename, "mimetype": spec.mimetype}
        if spec.content is not None:
            if len(spec.content) > MAX_INLINE_ATTACHMENT_BYTES:
                raise NotificationContextError(
                    f"Attachment {spec.filename!r} is larger than 2 MB: save it to the file "
                    "storage and pass its storage_name instead."
                )
            entry["content_base64"] = base64.b64encode(spec.content).decode("ascii")
        else:
            entry["storage_name"] = str(spec.storage_name)
        prepared.append(entry)
    return prepared


def resend_message(
    *, message: OutboxMessage, actor: Any, now: dt.datetime | None = None
) -> OutboxMessage:
    """Requeue a dead, uncertain or bounced message (staff decided it should go again)."""
    now = now or clock.now()
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status not in NEEDS_ATTENTION:
            raise CannotResend(str(CANNOT_RESEND).format(status=locked.get_status_display()))
        if BouncedAddress.objects.filter(email__iexact=locked.recipient_email).exists():
            raise CannotResend(
                _(
                    "%(email)s bounced earlier. Check the address with the person, clear the "
                    "bounce on the staff page, then resend."
                )
                % {"email": locked.recipient_email}
            )
        previous = {
            "status": locked.status,
            "attempts": locked.attempts,
            "error": locked.last_error,
        }
        locked.status = MessageStatus.QUEUED
        locked.attempts = 0
        locked.next_attempt_at = now
        locked.claimed_by = None
        locked.claimed_at = None
        locked.sending_started_at = None
        locked.last_error = ""
        locked.save()
        audit.record(
            action="notifications.message_resent",
            actor=actor,
            object_type="outbox_message",
            object_ref=str(locked.public_id),
            data=previous,
        )
        transaction.on_commit(partial(enqueue_delivery, locked.pk, None))
    return locked


def mark_bounced(
    *,
    email: str,
    reason: str,
    message_public_id: uuid.UUID | str | None = None,
    now: dt.datetime | None = None,
) -> BouncedAddress:
    """Record that mail to ``email`` bounced; no more mail goes there until staff clear it.

    The bounced message (given by its public id, the local part of its Message-ID, or else
    the latest one sent to the address) is marked ``bounced``, which staff see.
    """
    now = now or clock.now()
    email = email.strip().lower()
    with transaction.atomic():
        bounce, created = BouncedAddress.objects.select_for_update().get_or_create(
            email=email, defaults={"reason": reason, "bounced_at": now}
        )
        if not created:
            bounce.reason = reason
            bounce.bounced_at = now
            bounce.bounce_count += 1
            bounce.save()
        messages = OutboxMessage.objects.filter(recipient_email__iexact=email)
        if message_public_id:
            target = messages.filter(public_id=message_public_id).first()
        else:
            target = messages.filter(status=MessageStatus.SENT).order_by("-sent_at").first()
        if target is not None:
            OutboxMessage.objects.filter(pk=target.pk).update(
                status=MessageStatus.BOUNCED, last_error=f"Bounced: {reason}"[:2000]
            )
    logger.warning("Mail to %s bounced: %s", email, reason)
    return bounce


def clear_bounce(*, email: str, actor: Any) -> None:
    """Staff checked the address: mail may go to it again."""
    deleted, _rows = BouncedAddress.objects.filter(email__iexact=email.strip()).delete()
    if deleted:
        audit.record(
            action="notifications.bounce_cleared",
            actor=actor,
            object_type="bounced_address",
            object_ref=email.strip().lower(),
        )


def mark_read(
    *, message: OutboxMessage, user: Any, now: dt.datetime | None = None
) -> OutboxMessage:
    """The recipient opened the message in the portal inbox."""
    if message.user_id is None or message.user_id != getattr(user, "pk", None):
        raise NotFound(_("This message does not exist."))
    if message.read_at is None:
        message.read_at = now or clock.now()
        OutboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(
            read_at=message.read_at
        )
    return message
