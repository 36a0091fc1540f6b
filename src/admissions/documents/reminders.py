"""Reminders of documents staff asked for, run by ``manage.py tick`` through the outbox.

An applicant whose application is ``incomplete`` is reminded 7 days and 1 day (the
configured days) before the reply date of the open request; the outbox's idempotency key
(request, moment) sends each reminder once however often ``tick`` runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from admissions.applications.notify import base_context
from admissions.applications.states import Status
from admissions.catalogue.models import DocumentType
from admissions.core import clock
from admissions.documents.models import DocumentRequest
from admissions.notifications.reminders import ReminderSpec, due_reminder, register_producer


@register_producer("documents.missing_documents")
def missing_documents_reminders(now: dt.datetime) -> Iterator[ReminderSpec]:
    requests = (
        DocumentRequest.objects.filter(
            resolved_at__isnull=True,
            application__status=Status.INCOMPLETE,
            reply_by__gte=(now - dt.timedelta(days=1)).date(),
        )
        .select_related("application__applicant", "application__programme")
        .order_by("pk")
    )
    names = {row.code: row for row in DocumentType.objects.all()}
    for request in requests:
        application = request.application
        deadline = clock.end_of_day(request.reply_by, application.programme.time_zone)
        days = due_reminder(deadline=deadline, now=now)
        if days is None:
            continue
        user = application.applicant
        language = user.preferred_language or "en"
        documents = [
            names[code].t("name", language) if code in names else code for code in request.items
        ]
        yield ReminderSpec(
            key=f"reminder:documents:{application.reference}:{request.pk}:{days}d",
            recipient_email=user.email,
            template="documents_missing_reminder",
            context={
                **base_context(application, language),
                "documents": documents,
                "due_on": request.reply_by,
            },
            language=language,
            user=user,
        )
