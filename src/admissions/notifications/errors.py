"""The errors of the notifications app, each with a message a person can read."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import DomainError

CANNOT_RESEND = _("Only a dead, uncertain or bounced message can be resent. This one is {status}.")
UNKNOWN_WEBHOOK_EVENT = _("{event} is not a webhook event. Known events: {events}.")
TEMPLATE_SYNTAX_ERROR = _("The {field} has an error on line {line}: {error}")
UNKNOWN_EVENT = _("{event} is not a notification event.")


class NotificationContextError(DomainError):
    """The values given to render a message cannot be stored or lack a required key."""


class TemplateError(DomainError):
    """An email template does not compile; the message names the field and the line."""


class CannotResend(DomainError):
    """A message that is queued, sending or sent cannot be resent."""


class UnknownWebhookEvent(DomainError):
    """emit_event was called with an event integrators cannot subscribe to."""
