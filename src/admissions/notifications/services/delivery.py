"""Delivering queued messages: claim, mark "sending", send, mark "sent".

At most once per idempotency key, with any number of workers:

1. **Claim.** A worker takes due messages by writing its claim token on them: on PostgreSQL
   with ``SELECT … FOR UPDATE SKIP LOCKED`` (workers skip each other's rows instead of
   waiting), on SQLite with one ``UPDATE … WHERE status='queued' AND claimed_by IS NULL``
   (SQLite serialises writers, so the WHERE is checked under the write lock). A claim whose
   worker died is taken over after ``OUTBOX_CLAIM_LEASE_SECONDS``: nothing was sent yet.
2. **Mark "sending"**, in its own committed transaction, guarded by ``status='queued' AND
   claimed_by=<token>``: only one worker ever gets past this line for a message.
3. **Send** through Django's email backend (SMTP, console, file, locmem).
4. **Mark "sent"**, or on failure put the message back in the queue with exponential
   backoff, dead-lettering it after ``OUTBOX_MAX_ATTEMPTS`` attempts. In a batch, "sent" for
   one message and "sending" for the next commit together: one commit per message instead of
   two (a commit is a disk flush on PostgreSQL), and "sending" still commits before its SMTP
   call.

A crash between 3 and 4 leaves the message "sending". It is never resent automatically:
after ``OUTBOX_SENDING_LEASE_SECONDS`` it becomes "uncertain" and staff decide (a decision
letter received twice is worse than one a person resends). These functions must run outside
any transaction: their commits are what make the guarantee.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import random
import smtplib
import socket
import uuid
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils.html import escape

from admissions.core import clock
from admissions.notifications import events
from admissions.notifications.models import BouncedAddress, MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)

UNCERTAIN_NOTE = (
    "The worker stopped while sending this message, so we cannot tell whether it left. It is "
    "not resent automatically, to avoid sending it twice: check with the recipient or resend."
)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    dead: int = 0
    bounced: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.dead

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retrying} to retry, {self.dead} dead, "
            f"{self.bounced} bounced, {self.skipped} skipped"
        )


def new_worker_token() -> str:
    """A claim token unique to one claim: host, process and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def backoff(attempts: int, *, base: float, cap: float) -> dt.timedelta:
    """base, 2·base, 4·base, … capped, plus up to 10 % jitter so retries do not stampede."""
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return dt.timedelta(seconds=delay + random.uniform(0, delay / 10))  # noqa: S311  # nosec B311  # retry jitter, not a secret


def _ensure_autocommit() -> None:
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "Outbox delivery must run outside a transaction: each step commits on its own so "
            "that a crash never leads to a message being sent twice. Call it from a task."
        )


def claim_messages(
    *,
    now: dt.datetime,
    limit: int,
    worker: str,
    ids: list[int] | None = None,
    first: int | None = None,
) -> list[int]:
    """Claim up to ``limit`` due messages (only ``ids`` if given) for ``worker``, oldest
    first, except that ``first`` (if due) comes before all others."""
    lease = dt.timedelta(seconds=settings.OUTBOX_CLAIM_LEASE_SECONDS)
    due = Q(status=MessageStatus.QUEUED, next_attempt_at__lte=now) & (
        Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - lease)
    )
    candidates = OutboxMessage.objects.filter(due)
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    ordering: list[Any] = ["next_attempt_at", "id"]
    if first is not None:
        ordering.insert(0, Case(When(pk=first, then=Value(0)), default=Value(1)))
    candidates = candidates.order_by(*ordering)
    if db_connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            claimed = list(
                candidates.select_for_update(skip_locked=True).values_list("id", flat=True)[:limit]
            )
            if claimed:
                OutboxMessage.objects.filter(pk__in=claimed).update(
                    claimed_by=worker, claimed_at=now
                )
        return claimed
    # SQLite: one statement, checked under the database's single write lock.
    OutboxMessage.objects.filter(due, pk__in=candidates.values("id")[:limit]).update(
        claimed_by=worker, claimed_at=now
    )
    return list(
        OutboxMessage.objects.filter(claimed_by=worker, claimed_at=now, status=MessageStatus.QUEUED)
        .order_by(*ordering)
        .values_list("id", flat=True)
    )


def begin_sending(
    *,
    message_id: int,
    worker: str,
    now: dt.datetime,
    loaded: OutboxMessage | None = None,
    sent_before: tuple[OutboxMessage, dt.datetime] | None = None,
) -> OutboxMessage | None:
    """Commit "sending" before the SMTP call; None if another worker holds the message.

    ``loaded`` is the row as read after the claim: while we hold the claim nobody else
    changes it, so it is updated in memory instead of being read again. ``sent_before`` (the
    previous message of the batch and when it left) is marked "sent" in the same commit.
    """
    with transaction.atomic():
        if sent_before is not None:
            mark_sent(message=sent_before[0], worker=worker, at=sent_before[1])
        updated = OutboxMessage.objects.filter(
            pk=message_id, status=MessageStatus.QUEUED, claimed_by=worker
        ).update(status=MessageStatus.SENDING, sending_started_at=now, attempts=F("attempts") + 1)
    if not updated:
        return None
    if loaded is None:
        return OutboxMessage.objects.get(pk=message_id)
    loaded.status = MessageStatus.SENDING
    loaded.sending_started_at = now
    loaded.attempts += 1
    return loaded


def mark_sent(*, message: OutboxMessage, worker: str, at: dt.datetime) -> None:
    OutboxMessage.objects.filter(
        pk=message.pk,
        claimed_by=worker,
        status__in=[MessageStatus.SENDING, MessageStatus.UNCERTAIN],
    ).update(status=MessageStatus.SENT, sent_at=at, last_error="", **_without_secrets(message))


REDACTED = "[link removed once sent]"


def _without_secrets(message: OutboxMessage) -> dict[str, Any]:
    """The stored fields of ``message`` with its event's secret values (a referee's link)
    taken out, for the "sent" update: the recipient has the link, the outbox need not keep a
    working one that staff pages and database copies would show. Empty for other events."""
    try:
        secret_keys = events.get_event(message.event).secret_context
    except KeyError:
        return {}
    context = message.context if isinstance(message.context, dict) else {}
    secrets = sorted(
        {str(context[key]) for key in secret_keys if context.get(key)}, key=len, reverse=True
    )
    if not secrets:
        return {}

    def scrub(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, REDACTED).replace(str(escape(secret)), REDACTED)
        return text

    return {
        "subject": scrub(message.subject),
        "body_text": scrub(message.body_text),
        "body_html": scrub(message.body_html),
        "context": {**context, **{key: REDACTED for key in secret_keys if key in context}},
    }


def record_failure(
    *, message: OutboxMessage, worker: str, error: BaseException, now: dt.datetime
) -> str:
    """Back into the queue with backoff, or dead after the last attempt. Returns the status."""
    text = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        status, next_attempt_at = MessageStatus.DEAD, None
        logger.error("Message %s is dead after %s attempts: %s", message.pk, message.attempts, text)
    else:
        status = MessageStatus.QUEUED
        next_attempt_at = now + backoff(
            message.attempts,
            base=settings.OUTBOX_BACKOFF_BASE_SECONDS,
            cap=settings.OUTBOX_BACKOFF_MAX_SECONDS,
        )
        logger.warning(
            "Message %s failed (attempt %s), retrying at %s: %s",
            message.pk,
            message.attempts,
            next_attempt_at.isoformat(),
            text,
        )
    OutboxMessage.objects.filter(
        pk=message.pk, claimed_by=worker, status=MessageStatus.SENDING
    ).update(
        status=status,
        next_attempt_at=next_attempt_at,
        claimed_by=None,
        claimed_at=None,
        sending_started_at=None,
        last_error=text,
    )
    if status == MessageStatus.QUEUED:
        from admissions.notifications.services.outbox import enqueue_delivery

        enqueue_delivery(message.pk, next_attempt_at)
    return status


def build_email(message: OutboxMessage, connection: Any = None) -> EmailMultiAlternatives:
    domain = parseaddr(str(settings.DEFAULT_FROM_EMAIL or ""))[1].rpartition("@")[2] or "localhost"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient_email],
        connection=connection,
        headers={
            # Bounce reports quote the Message-ID: mark_bounced finds the message by it.
            "Message-ID": f"<{message.public_id}@{domain}>",
            "X-Admissions-Event": message.event,
            "Auto-Submitted": "auto-generated",
            "Content-Language": message.template_language,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        if "content_base64" in attachment:
            content = base64.b64decode(attachment["content_base64"])
        else:
            with default_storage.open(attachment["storage_name"], "rb") as handle:
                content = handle.read()
        email.attach(attachment["filename"], content, attachment.get("mimetype"))
    return email


def _is_connection_failure(error: BaseException) -> bool:
    """The server could not be reached at all (as opposed to refusing one message)."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _permanent_refusal(error: BaseException) -> str | None:
    """The reason if the server refused the recipient for good (5xx), else None."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        codes = [code for code, _reason in error.recipients.values()]
        if all(500 <= code < 600 for code in codes):
            return "; ".join(
                f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
                for code, reason in error.recipients.values()
            )
    return None


def deliver_messages(
    *,
    now: dt.datetime | None = None,
    limit: int | None = None,
    ids: list[int] | None = None,
    first: int | None = None,
) -> DeliveryReport:
    """Claim and deliver due messages (all due ones, or only ``ids``) over one connection;
    ``first`` goes before the others (the message a task was queued for)."""
    _ensure_autocommit()
    now = now or clock.now()
    limit = limit or settings.OUTBOX_BATCH_SIZE
    worker = new_worker_token()
    report = DeliveryReport()
    claimed = claim_messages(now=now, limit=limit, worker=worker, ids=ids, first=first)
    if not claimed:
        return report
    order = {pk: position for position, pk in enumerate(claimed)}
    messages = sorted(OutboxMessage.objects.filter(pk__in=claimed), key=lambda m: order[m.pk])
    bounced = {
        email.lower()
        for email in BouncedAddress.objects.filter(
            email__in={m.recipient_email.lower() for m in messages}
        ).values_list("email", flat=True)
    }
    connection = get_connection()
    opened = False
    # The message that left last, recorded "sent" in the same commit as the next "sending".
    sent: tuple[OutboxMessage, dt.datetime] | None = None
    try:
        for position, queued in enumerate(messages):
            if queued.recipient_email.lower() in bounced:
                sent = _record_sent(sent, worker=worker)
                OutboxMessage.objects.filter(
                    pk=queued.pk, claimed_by=worker, status=MessageStatus.QUEUED
                ).update(
                    status=MessageStatus.BOUNCED,
                    last_error="Not sent: this address bounced earlier (see bounced addresses).",
                )
                report.bounced += 1
                continue
            message = begin_sending(
                message_id=queued.pk, worker=worker, now=now, loaded=queued, sent_before=sent
            )
            sent = None
            if message is None:
                report.skipped += 1
                continue
            try:
                email = build_email(message, connection)
            except Exception as error:  # a missing attachment, say: this message only
                status = record_failure(message=message, worker=worker, error=error, now=now)
                report.errors.append(f"{message.pk}: {type(error).__name__}: {error}")
                report.dead += status == MessageStatus.DEAD
                report.retrying += status != MessageStatus.DEAD
                continue
            try:
                if not opened:
                    connection.open()
                    opened = True
                connection.send_messages([email])
            except Exception as error:
                refusal = _permanent_refusal(error)
                if refusal is not None:
                    _bounce_now(message=message, worker=worker, reason=refusal, now=now)
                    report.bounced += 1
                    continue
                status = record_failure(message=message, worker=worker, error=error, now=now)
                report.errors.append(f"{message.pk}: {type(error).__name__}: {error}")
                if status == MessageStatus.DEAD:
                    report.dead += 1
                else:
                    report.retrying += 1
                if _is_connection_failure(error):
                    # The server is unreachable: stop here and let the rest wait for the next
                    # run instead of timing out once per message.
                    _release([later.pk for later in messages[position + 1 :]], worker=worker)
                    _close_quietly(connection)
                    opened = False
                    break
                continue
            sent = (message, clock.now())
            report.sent += 1
    finally:
        # Also when the loop stops on an error: what left is recorded "sent". If even that
        # fails, the message stays "sending" and becomes "uncertain": never sent twice.
        try:
            _record_sent(sent, worker=worker)
        except Exception:
            logger.exception("Could not record message %s as sent", sent and sent[0].pk)
        if opened:
            _close_quietly(connection)
    return report


def _record_sent(
    sent: tuple[OutboxMessage, dt.datetime] | None, *, worker: str
) -> tuple[OutboxMessage, dt.datetime] | None:
    """Mark the pending "sent" message now (it has no next "sending" to share a commit)."""
    if sent is not None:
        mark_sent(message=sent[0], worker=worker, at=sent[1])
    return None


def deliver_due_messages(
    *, now: dt.datetime | None = None, limit: int | None = None
) -> DeliveryReport:
    """Deliver up to ``limit`` due messages (the sweep the scheduled job queues)."""
    return deliver_messages(now=now, limit=limit)


def _bounce_now(*, message: OutboxMessage, worker: str, reason: str, now: dt.datetime) -> None:
    from admissions.notifications.services.outbox import mark_bounced

    OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker).update(
        status=MessageStatus.BOUNCED, last_error=f"Refused by the mail server: {reason}"[:2000]
    )
    mark_bounced(
        email=message.recipient_email, reason=reason, message_public_id=message.public_id, now=now
    )


def _release(ids: list[int], *, worker: str) -> None:
    if ids:
        OutboxMessage.objects.filter(
            pk__in=ids, claimed_by=worker, status=MessageStatus.QUEUED
        ).update(claimed_by=None, claimed_at=None)


def _close_quietly(connection: Any) -> None:
    try:
        connection.close()
    except Exception:  # closing a broken connection may fail too; nothing to do
        logger.debug("Closing the mail connection failed", exc_info=True)


def mark_stale_sending_uncertain(*, now: dt.datetime | None = None) -> int:
    """Messages left "sending" by a worker that died become "uncertain" for staff."""
    now = now or clock.now()
    cutoff = now - dt.timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    count = OutboxMessage.objects.filter(
        status=MessageStatus.SENDING, sending_started_at__lt=cutoff
    ).update(status=MessageStatus.UNCERTAIN, last_error=UNCERTAIN_NOTE)
    if count:
        logger.error("%s messages were left sending by a stopped worker: now uncertain", count)
    return count
