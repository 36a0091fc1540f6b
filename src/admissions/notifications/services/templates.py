"""Administrators' versions of the email templates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from admissions.core import audit
from admissions.notifications.errors import TemplateError
from admissions.notifications.models import EmailTemplate, Language
from admissions.notifications.rendering import validate_template_fields, validation_error_text


def save_email_template(
    *,
    event: str,
    language: str,
    subject: str,
    body: str,
    actor: Any,
) -> EmailTemplate:
    """Create or replace the override of ``event`` in ``language``.

    ``body`` is the Markdown source of both the text and the HTML parts. Refused with
    ``TemplateError`` (naming the part and the line) when the subject or the body does not
    compile or does not render with the event's sample context.
    """
    if language not in Language.values:
        raise TemplateError(f"{language!r} is not a language we write in (en, fr).")
    try:
        validate_template_fields(event=event, subject=subject, body=body)
    except ValidationError as error:
        raise TemplateError(validation_error_text(error)) from error
    with transaction.atomic():
        template, created = EmailTemplate.objects.update_or_create(
            event=event,
            language=language,
            defaults={
                "subject": subject.strip(),
                "body": body,
                "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        audit.record(
            action="notifications.template_saved",
            actor=actor,
            object_type="email_template",
            object_ref=f"{event}:{language}",
            data={"created": created},
        )
    return template


def delete_email_template(*, event: str, language: str, actor: Any) -> bool:
    """Go back to the file template. Returns whether an override existed."""
    with transaction.atomic():
        deleted, _rows = EmailTemplate.objects.filter(event=event, language=language).delete()
        if deleted:
            audit.record(
                action="notifications.template_reset",
                actor=actor,
                object_type="email_template",
                object_ref=f"{event}:{language}",
            )
    return bool(deleted)
