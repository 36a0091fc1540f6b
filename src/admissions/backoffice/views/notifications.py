"""Staff pages: messages that need attention (dead, uncertain, bounced) and the template
editor with its preview. Administrators only: the outbox spans every programme."""

from __future__ import annotations

import uuid

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateSyntaxError
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from admissions.backoffice.forms.notifications import EmailTemplateForm
from admissions.core.errors import DomainError
from admissions.core.permissions import check
from admissions.notifications import events, rendering, selectors, services
from admissions.notifications.models import EmailTemplate, OutboxMessage, WebhookDelivery

PERMISSION = "admin.access"


@login_required
def attention(request: HttpRequest) -> HttpResponse:
    check(request.user, PERMISSION)
    page = Paginator(selectors.messages_needing_attention(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/notifications/attention.html",
        {
            "page": page,
            "bounces": selectors.bounced_addresses()[:100],
            "fallbacks": selectors.template_fallback_report(),
            "webhook_failures": selectors.failing_webhook_deliveries()[:50],
        },
    )


@login_required
@require_POST
def resend(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    check(request.user, PERMISSION)
    message = get_object_or_404(OutboxMessage, public_id=public_id)
    try:
        services.resend_message(message=message, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The message to %(email)s is queued again.") % {"email": message.recipient_email},
        )
    return redirect("staff:notifications")


@login_required
@require_POST
def clear_bounce(request: HttpRequest) -> HttpResponse:
    check(request.user, PERMISSION)
    email = request.POST.get("email", "")
    services.clear_bounce(email=email, actor=request.user)
    messages.success(request, _("Mail may go to %(email)s again.") % {"email": email})
    return redirect("staff:notifications")


@login_required
@require_POST
def replay_webhook(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    check(request.user, PERMISSION)
    delivery = get_object_or_404(WebhookDelivery, public_id=public_id)
    services.replay_delivery(delivery=delivery, actor=request.user)
    messages.success(request, _("The webhook delivery is queued again."))
    return redirect("staff:notifications")


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    check(request.user, PERMISSION)
    return render(
        request, "backoffice/notifications/templates.html", {"rows": selectors.template_catalogue()}
    )


def _event_and_language(event: str, language: str) -> events.EventSpec:
    if language not in rendering.LANGUAGES:
        raise Http404("No such language.")
    try:
        return events.get_event(event)
    except KeyError:
        raise Http404("No such event.") from None


def _current_sources(event: str, language: str) -> dict[str, str]:
    override = EmailTemplate.objects.filter(event=event, language=language).first()
    if override is not None:
        return {"subject": override.subject, "body": override.body}
    return (
        rendering.file_sources(event, language)
        or rendering.file_sources(event, rendering.DEFAULT_LANGUAGE)
        or {"subject": "", "body": ""}
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, event: str, language: str) -> HttpResponse:
    check(request.user, PERMISSION)
    spec = _event_and_language(event, language)
    override = EmailTemplate.objects.filter(event=event, language=language).first()
    preview = None
    if request.method == "POST":
        action = request.POST.get("action", "preview")
        if action == "reset":
            services.delete_email_template(event=event, language=language, actor=request.user)
            messages.success(request, _("The default template is used again."))
            return redirect("staff:notification-template", event=event, language=language)
        form = EmailTemplateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                rendering.validate_template_fields(event=event, **data)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    for field_error in field_errors:
                        form.add_error(field if field in form.fields else None, field_error)
            else:
                if action == "save":
                    services.save_email_template(
                        event=event, language=language, actor=request.user, **data
                    )
                    messages.success(request, _("The template is saved."))
                    return redirect("staff:notification-template", event=event, language=language)
                preview = rendering.preview_message(
                    event=event,
                    language=language,
                    templates=rendering.compile_sources(language=language, strict=True, **data),
                )
    else:
        form = EmailTemplateForm(initial=_current_sources(event, language))
        preview = rendering.preview_message(event=event, language=language)
    return render(
        request,
        "backoffice/notifications/template_edit.html",
        {
            "spec": spec,
            "language": language,
            "form": form,
            "override": override,
            "preview": preview,
            "has_file": rendering.has_file_templates(event, language),
        },
    )


# Email HTML is styled inline: this response alone allows inline styles and outside images,
# runs no script, and may only be framed by our own pages.
@csp_replace(  # type: ignore[arg-type]  # django-csp types views as request-only
    {
        "default-src": [NONE],
        "style-src": [UNSAFE_INLINE],
        "img-src": ["https:", "http:", "data:"],
        "script-src": [NONE],
        "frame-ancestors": [SELF],
        "form-action": [NONE],
    }
)
@xframe_options_sameorigin
@login_required
@require_http_methods(["GET", "POST"])
def template_preview_html(request: HttpRequest, event: str, language: str) -> HttpResponse:
    """The HTML version rendered with the sample context: the saved one, or a posted draft."""
    check(request.user, PERMISSION)
    _event_and_language(event, language)
    templates = None
    if request.method == "POST":
        try:
            templates = rendering.compile_sources(
                language=language, subject="", body=request.POST.get("body", "")
            )
        except TemplateSyntaxError as error:
            return HttpResponse(
                rendering.template_syntax_message("body", request.POST.get("body", ""), error),
                content_type="text/plain; charset=utf-8",
            )
    preview = rendering.preview_message(event=event, language=language, templates=templates)
    return HttpResponse(preview.html)
