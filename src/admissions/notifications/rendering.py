"""Finding and rendering an event's templates in a language.

An administrator's ``EmailTemplate`` row wins over the file templates
``emails/<language>/<event>/{subject.txt, body.txt, body.html}``. When neither exists in the
language asked for, the English version is used and the fallback is reported: logged, and
flagged on the message (``OutboxMessage.template_fallback``) where staff can filter on it.

Email templates get their own engines: plain-text parts are rendered without HTML escaping
(a subject with "&" must not read "&amp;"), HTML parts with it.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context, Engine, Template, TemplateDoesNotExist, TemplateSyntaxError
from django.templatetags.static import static
from django.utils import timezone, translation

from admissions.notifications import events
from admissions.notifications.errors import TEMPLATE_SYNTAX_ERROR, TemplateError
from admissions.notifications.models import EmailTemplate, Language

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = Language.EN.value
LANGUAGES = tuple(Language.values)
MISSING_MARKER = "[[missing: %s]]"
_SPACES_RE = re.compile(r"[ \t\r\n]+")
_MISSING_RE = re.compile(r"\[\[missing: ([^\]]*)\]\]")
_BUILTINS = [
    "django.templatetags.i18n",
    "django.templatetags.l10n",
    "admissions.core.templatetags.admissions_tags",
]
FIELD_LABELS = {"subject": "subject", "body_text": "text version", "body_html": "HTML version"}


@functools.cache
def engine(*, html: bool, strict: bool = False, debug: bool = False) -> Engine:
    """The engine for one kind of part. ``strict`` marks missing variables in the output;
    ``debug`` records line numbers on syntax errors (used to validate edits)."""
    options: dict[str, Any] = settings.TEMPLATES[0]
    return Engine(
        dirs=[str(directory) for directory in options.get("DIRS", [])],
        app_dirs=bool(options.get("APP_DIRS", False)),
        autoescape=html,
        debug=debug,
        string_if_invalid=MISSING_MARKER if strict else "",
        builtins=_BUILTINS,
    )


@receiver(setting_changed)
def _reset_engines(*, setting: str, **kwargs: Any) -> None:
    if setting in {"TEMPLATES", "SCHOOL_NAME", "SCHOOL_LOGO", "SITE_URL"}:
        engine.cache_clear()


def normalise_language(language: str | None) -> str:
    """ "fr-FR" → "fr"; anything we do not write in is returned as given (and falls back)."""
    return (language or DEFAULT_LANGUAGE).strip().lower().replace("_", "-").split("-")[0]


@dataclass(frozen=True)
class TemplateSet:
    """The three parts of one event's message in one language, compiled."""

    language: str
    origin: str  # "database" or "file"
    subject: Template
    text: Template
    html: Template | None


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    language: str
    fell_back: bool
    origin: str
    missing: tuple[str, ...] = field(default=())


def _compile(source: str, *, html: bool, strict: bool = False) -> Template:
    return engine(html=html, strict=strict).from_string(source)


def _from_database(event: str, language: str, *, strict: bool) -> TemplateSet | None:
    override = EmailTemplate.objects.filter(event=event, language=language).first()
    if override is None:
        return None
    return TemplateSet(
        language=language,
        origin="database",
        subject=_compile(override.subject, html=False, strict=strict),
        text=_compile(override.body_text, html=False, strict=strict),
        html=_compile(override.body_html, html=True, strict=strict)
        if override.body_html.strip()
        else None,
    )


def _from_files(event: str, language: str, *, strict: bool) -> TemplateSet | None:
    folder = f"emails/{language}/{event}"
    text_engine = engine(html=False, strict=strict)
    try:
        subject = text_engine.get_template(f"{folder}/subject.txt")
        text = text_engine.get_template(f"{folder}/body.txt")
    except TemplateDoesNotExist:
        return None
    try:
        html: Template | None = engine(html=True, strict=strict).get_template(f"{folder}/body.html")
    except TemplateDoesNotExist:
        html = None
    return TemplateSet(language=language, origin="file", subject=subject, text=text, html=html)


def find_templates(event: str, language: str, *, strict: bool = False) -> TemplateSet | None:
    """The override for ``event`` in ``language``, else its file templates, else None."""
    return _from_database(event, language, strict=strict) or _from_files(
        event, language, strict=strict
    )


def resolve_templates(
    event: str, language: str, *, strict: bool = False
) -> tuple[TemplateSet, bool]:
    """The templates to use and whether they fell back to English."""
    language = normalise_language(language)
    if language in LANGUAGES:
        found = find_templates(event, language, strict=strict)
        if found is not None:
            return found, False
    fallback = find_templates(event, DEFAULT_LANGUAGE, strict=strict)
    if fallback is None:
        raise TemplateError(
            f"The event {event!r} has no email template, neither in {language!r} nor in "
            f"English. Add emails/{DEFAULT_LANGUAGE}/{event}/subject.txt and body.txt."
        )
    if language != DEFAULT_LANGUAGE:
        logger.warning(
            "Email template %r has no %r version; the English version was used.",
            event,
            language,
            extra={"event": event, "language": language},
        )
    return fallback, language != DEFAULT_LANGUAGE


def site_url() -> str:
    """SITE_URL without its trailing slash, for absolute links in messages."""
    return str(settings.SITE_URL or "").rstrip("/")


def school_logo_url() -> str:
    logo = settings.SCHOOL_LOGO or ""
    if logo.startswith(("http://", "https://")):
        return logo
    try:
        path = static(logo)
    except ValueError:  # a manifest storage that has not collected the file
        path = f"{settings.STATIC_URL}{logo}"
    return f"{site_url()}{path}"


def base_context(language: str) -> dict[str, Any]:
    return {
        "school_name": settings.SCHOOL_NAME,
        "school_logo_url": school_logo_url(),
        "site_url": site_url(),
        "language": language,
        "message_url": "",
    }


def _tidy_text(rendered: str) -> str:
    lines = [line.rstrip() for line in rendered.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _time_zone(context: dict[str, Any]) -> ZoneInfo:
    name = context.get("time_zone") or settings.TIME_ZONE
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def render_templates(templates: TemplateSet, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) rendered in the templates' language and the context's zone."""
    values = {**base_context(templates.language), **context}
    with translation.override(templates.language), timezone.override(_time_zone(context)):
        # Collapse line breaks and ASCII spaces only: French keeps its no-break spaces.
        subject = _SPACES_RE.sub(
            " ", templates.subject.render(Context(values, autoescape=False))
        ).strip()
        text = _tidy_text(templates.text.render(Context(values, autoescape=False)))
        html = (
            templates.html.render(Context(values, autoescape=True)).strip()
            if templates.html
            else ""
        )
    return subject, text, html


def render_message(
    *, event: str, language: str, context: dict[str, Any], strict: bool = False
) -> RenderedMessage:
    """Render ``event`` for ``context``; ``strict`` lists the variables the templates miss."""
    templates, fell_back = resolve_templates(event, language, strict=strict)
    subject, text, html = render_templates(templates, context)
    missing = tuple(sorted(set(_MISSING_RE.findall(subject + text + html)))) if strict else ()
    return RenderedMessage(
        subject=subject,
        text=text,
        html=html,
        language=templates.language,
        fell_back=fell_back,
        origin=templates.origin,
        missing=missing,
    )


def compile_sources(
    *, language: str, subject: str, body_text: str, body_html: str, strict: bool = False
) -> TemplateSet:
    """A template set from an administrator's draft (raises TemplateSyntaxError)."""
    return TemplateSet(
        language=language,
        origin="draft",
        subject=_compile(subject, html=False, strict=strict),
        text=_compile(body_text, html=False, strict=strict),
        html=_compile(body_html, html=True, strict=strict) if body_html.strip() else None,
    )


def preview_message(
    *, event: str, language: str, templates: TemplateSet | None = None
) -> RenderedMessage:
    """``event`` rendered with its sample context (the current version, or ``templates``),
    listing the variables the templates use that the sample does not provide."""
    spec = events.get_event(event)
    fell_back = False
    if templates is None:
        templates, fell_back = resolve_templates(event, language, strict=True)
    context = {**spec.sample, "message_url": f"{site_url()}/inbox/"}
    subject, text, html = render_templates(templates, context)
    missing = tuple(sorted(set(_MISSING_RE.findall(subject + text + html))))
    return RenderedMessage(
        subject=subject,
        text=text,
        html=html,
        language=templates.language,
        fell_back=fell_back,
        origin=templates.origin,
        missing=missing,
    )


def file_sources(event: str, language: str) -> dict[str, str] | None:
    """The file templates' source text, to start an override from."""
    found = _from_files(event, language, strict=False)
    if found is None:
        return None
    return {
        "subject": found.subject.source.strip(),
        "body_text": found.text.source,
        "body_html": found.html.source if found.html is not None else "",
    }


def has_file_templates(event: str, language: str) -> bool:
    return _from_files(event, language, strict=False) is not None


def check_required_context(event: str, context: dict[str, Any]) -> list[str]:
    """The required keys of ``event`` that ``context`` lacks."""
    spec = events.get_event(event)
    return [key for key in spec.required if key not in context]


# --- Validating an administrator's edit ----------------------------------------------------


def template_syntax_message(field_name: str, source: str, exc: TemplateSyntaxError) -> str:
    debug = getattr(exc, "template_debug", None) or {}
    line = debug.get("line")
    if line is None:
        line = _guess_line(source, str(exc))
    return str(TEMPLATE_SYNTAX_ERROR).format(
        field=FIELD_LABELS.get(field_name, field_name), line=line, error=exc
    )


def _guess_line(source: str, error: str) -> int:
    match = re.search(r"line (\d+)", error)
    return int(match.group(1)) if match else 1


def validate_template_fields(*, event: str, subject: str, body_text: str, body_html: str) -> None:
    """Raise ``ValidationError`` (per field, with the line) unless every part compiles and
    renders with the event's sample context."""
    try:
        spec = events.get_event(event)
    except KeyError as exc:
        raise ValidationError({"event": str(exc.args[0])}) from None
    errors: dict[str, str] = {}
    compiled: dict[str, Template] = {}
    for name, source, html in (
        ("subject", subject, False),
        ("body_text", body_text, False),
        ("body_html", body_html, True),
    ):
        if name == "body_html" and not source.strip():
            continue
        try:
            compiled[name] = engine(html=html, debug=True).from_string(source)
        except TemplateSyntaxError as exc:
            errors[name] = template_syntax_message(name, source, exc)
    if errors:
        raise ValidationError(errors)
    if "\n" in subject.strip():
        raise ValidationError({"subject": "The subject must be a single line."})
    sample = {**base_context(DEFAULT_LANGUAGE), **spec.sample}
    for name, template in compiled.items():
        try:
            with translation.override(DEFAULT_LANGUAGE):
                template.render(Context(sample, autoescape=name == "body_html"))
        except Exception as exc:  # any failure to render the sample is a refusal
            errors[name] = (
                f"The {FIELD_LABELS[name]} does not render with the sample {spec.code} "
                f"context: {exc}"
            )
    if errors:
        raise ValidationError(errors)


def validation_error_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def raise_template_error(error: ValidationError) -> None:
    raise TemplateError(validation_error_text(error)) from error
