"""Finding and rendering an event's templates in a language.

Each event has, per language, a subject and one body written in Markdown
(``emails/<language>/<event>/{subject.txt, body.md}``); an administrator's ``EmailTemplate``
row (subject and Markdown body) wins over the files while it exists. When neither exists in
the language asked for, the English version is used and the fallback is reported: logged,
and flagged on the message (``OutboxMessage.template_fallback``) where staff can filter on it.

A body is a Django template that renders to Markdown. The message's plain-text part is that
Markdown followed by the language's ``signature.md`` and ``footer.md``; its HTML part is the
same Markdown turned into HTML by markdown-it (CommonMark, raw HTML disabled) and put into
``emails/layout.html``. For the HTML part the context's strings are escaped for Markdown, so
a name such as ``[x](http://evil)`` or ``<script>`` shows as typed and never becomes a link
or markup; a template writes links as ``<{{ action_url }}>`` (an autolink), which reads as the
bare URL in the text part.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context, Engine, Template, TemplateDoesNotExist, TemplateSyntaxError
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

from admissions.notifications import events
from admissions.notifications.errors import TEMPLATE_SYNTAX_ERROR, TemplateError
from admissions.notifications.models import EmailTemplate, Language

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = Language.EN.value
LANGUAGES = tuple(Language.values)
MISSING_MARKER = "[[missing: %s]]"
LAYOUT = "emails/layout.html"
_SPACES_RE = re.compile(r"[ \t\r\n]+")
_MISSING_RE = re.compile(r"\[\[missing: ([^\]]*)\]\]")
# An autolink written in a template: a literal URL or one variable between angle brackets.
_SOURCE_AUTOLINK_RE = re.compile(r"<((?:https?://|mailto:)[^\s<>]*|\{\{[^{}<>]*\}\})>")
_URL_RE = re.compile(r"(?:https?://|mailto:)\S+")
# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# leaves no way for a value to open a link, an emphasis, a heading or a list.
_MARKDOWN_PUNCTUATION_RE = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# Characters a URL value must not bring into an autolink or a link destination.
_URL_UNSAFE = "<>\"'`\\[]()* \t\r\n"
_BUILTINS = [
    "django.templatetags.i18n",
    "django.templatetags.l10n",
    "admissions.core.templatetags.admissions_tags",
]
FIELD_LABELS = {"subject": "subject", "body": "message"}

# Email clients ignore style sheets: every element the Markdown produces is styled inline.
_FONT = "font-family:Arial,Helvetica,sans-serif;"
_STYLES = {
    "paragraph_open": "margin:0 0 16px;",
    "bullet_list_open": "margin:0 0 16px;padding-left:24px;",
    "ordered_list_open": "margin:0 0 16px;padding-left:24px;",
    "list_item_open": "margin:0 0 4px;",
    "link_open": "color:#1f3a5f;word-break:break-all;",
    "blockquote_open": "margin:0 0 16px;padding-left:16px;border-left:4px solid #e5e7eb;",
    "hr": "border:0;border-top:1px solid #e5e7eb;margin:16px 0;",
}
_HEADING_STYLES = {
    "h1": f"margin:0 0 24px;{_FONT}font-size:22px;line-height:28px;color:#111827;",
    "h2": f"margin:0 0 16px;{_FONT}font-size:18px;line-height:24px;color:#111827;",
}
_SMALL_HEADING_STYLE = f"margin:0 0 16px;{_FONT}font-size:16px;line-height:24px;color:#111827;"


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


@functools.cache
def markdown() -> MarkdownIt:
    """CommonMark with raw HTML off (an override cannot inject markup) and a line break in
    the source kept as a line break, as the plain-text part shows it."""
    return MarkdownIt("commonmark", {"html": False, "breaks": True})


@receiver(setting_changed)
def _reset_engines(*, setting: str, **kwargs: Any) -> None:
    if setting in {"TEMPLATES", "SCHOOL_NAME", "SCHOOL_LOGO", "SITE_URL"}:
        engine.cache_clear()
        _text_variant.cache_clear()


def normalise_language(language: str | None) -> str:
    """ "fr-FR" → "fr"; anything we do not write in is returned as given (and falls back)."""
    return (language or DEFAULT_LANGUAGE).strip().lower().replace("_", "-").split("-")[0]


@dataclass(frozen=True)
class TemplateSet:
    """One event's subject and Markdown body in one language, compiled."""

    language: str
    origin: str  # "database", "file" or "draft"
    subject: Template
    body: Template


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    language: str
    fell_back: bool
    origin: str
    missing: tuple[str, ...] = field(default=())


def _compile(source: str, *, strict: bool = False, debug: bool = False) -> Template:
    return engine(html=False, strict=strict, debug=debug).from_string(source)


def _from_database(event: str, language: str, *, strict: bool) -> TemplateSet | None:
    override = EmailTemplate.objects.filter(event=event, language=language).first()
    if override is None:
        return None
    return TemplateSet(
        language=language,
        origin="database",
        subject=_compile(override.subject, strict=strict),
        body=_compile(override.body, strict=strict),
    )


def _from_files(event: str, language: str, *, strict: bool) -> TemplateSet | None:
    folder = f"emails/{language}/{event}"
    text_engine = engine(html=False, strict=strict)
    try:
        subject = text_engine.get_template(f"{folder}/subject.txt")
        body = text_engine.get_template(f"{folder}/body.md")
    except TemplateDoesNotExist:
        return None
    return TemplateSet(language=language, origin="file", subject=subject, body=body)


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
            f"English. Add emails/{DEFAULT_LANGUAGE}/{event}/subject.txt and body.md."
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


# --- Markdown ------------------------------------------------------------------------------


def escape_markdown(value: str) -> str:
    """``value`` written so that Markdown shows it as typed. A URL keeps its shape (it may
    sit in an autolink, where backslashes would stay), minus the characters that could close
    the autolink or open markup, which are percent-encoded."""
    if _URL_RE.fullmatch(value):
        return "".join(quote(char, safe="") if char in _URL_UNSAFE else char for char in value)
    return _MARKDOWN_PUNCTUATION_RE.sub(r"\\\1", value)


class _MarkdownValue(str):
    """A context string that Django's autoescaping writes escaped for Markdown: Django asks
    a value for its ``__html__`` before escaping it."""

    __slots__ = ()

    def __html__(self) -> str:
        return escape_markdown(str(self))


def _for_markdown(value: Any) -> Any:
    if isinstance(value, str):
        return _MarkdownValue(value)
    if isinstance(value, dict):
        return {key: _for_markdown(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_for_markdown(item) for item in value]
    return value


def _style(token: Token, *, compact: bool) -> None:
    if token.type == "heading_open":
        token.attrSet("style", _HEADING_STYLES.get(token.tag, _SMALL_HEADING_STYLE))
    elif token.type == "paragraph_open" and compact:
        token.attrSet("style", "margin:0;")
    elif token.type in _STYLES:
        token.attrSet("style", _STYLES[token.type])
    for child in token.children or ():
        _style(child, compact=compact)


def markdown_to_html(source: str, *, compact: bool = False) -> str:
    """``source`` as HTML with inline styles; raw HTML in it is shown as text. ``compact``
    drops the paragraphs' margins (the footer)."""
    md = markdown()
    tokens = md.parse(source)
    for token in tokens:
        _style(token, compact=compact)
    return md.renderer.render(tokens, md.options, {}).strip()


@functools.lru_cache(maxsize=512)
def _text_variant(source: str, *, strict: bool) -> Template:
    """The template for the plain-text part: the same source with its autolinks written
    as bare URLs (mail programs make those clickable)."""
    return _compile(_SOURCE_AUTOLINK_RE.sub(r"\1", source), strict=strict)


def _shared_part(name: str, language: str) -> Template | None:
    """The language's ``signature.md`` or ``footer.md`` (English when it has none)."""
    for candidate in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        try:
            return engine(html=False).get_template(f"emails/{candidate}/{name}.md")
        except TemplateDoesNotExist:
            continue
    return None


def _render_markdown(template: Template | None, values: dict[str, Any]) -> tuple[str, str]:
    """(Markdown for the text part, Markdown for the HTML part) of one template."""
    if template is None:
        return "", ""
    strict = bool(template.engine.string_if_invalid)
    as_text = _text_variant(template.source, strict=strict).render(
        Context(values, autoescape=False)
    )
    for_html = template.render(Context(_for_markdown(values), autoescape=True))
    return as_text, for_html


def render_templates(templates: TemplateSet, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) rendered in the templates' language and the context's zone."""
    values = {**base_context(templates.language), **context}
    with translation.override(templates.language), timezone.override(_time_zone(context)):
        # Collapse line breaks and ASCII spaces only: French keeps its no-break spaces.
        subject = _SPACES_RE.sub(
            " ", templates.subject.render(Context(values, autoescape=False))
        ).strip()
        body_text, body_html = _render_markdown(templates.body, values)
        signature_text, signature_html = _render_markdown(
            _shared_part("signature", templates.language), values
        )
        footer_text, footer_html = _render_markdown(
            _shared_part("footer", templates.language), values
        )
        text = _tidy_text(f"{body_text}\n\n{signature_text}\n\n--\n{footer_text}")
        html = (
            engine(html=True)
            .get_template(LAYOUT)
            .render(
                Context(
                    {
                        **values,
                        "content": mark_safe(markdown_to_html(body_html)),  # nosec B308 B703  # markdown-it with html off escapes raw HTML
                        "signature": mark_safe(markdown_to_html(signature_html)),  # nosec B308 B703  # markdown-it with html off escapes raw HTML
                        "footer": mark_safe(markdown_to_html(footer_html, compact=True)),  # nosec B308 B703  # markdown-it with html off escapes raw HTML
                    },
                    autoescape=True,
                )
            )
            .strip()
        )
    return subject, text, html


def render_subject(*, event: str, language: str, context: dict[str, Any]) -> str:
    """Only the subject of ``event`` in ``language``: what a page lists a message under."""
    templates, _fell_back = resolve_templates(event, language)
    values = {**base_context(templates.language), **context}
    with translation.override(templates.language), timezone.override(_time_zone(context)):
        rendered = templates.subject.render(Context(values, autoescape=False))
    return _SPACES_RE.sub(" ", rendered).strip()


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


def compile_sources(*, language: str, subject: str, body: str, strict: bool = False) -> TemplateSet:
    """A template set from an administrator's draft (raises TemplateSyntaxError)."""
    return TemplateSet(
        language=language,
        origin="draft",
        subject=_compile(subject, strict=strict),
        body=_compile(body, strict=strict),
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
    return {"subject": found.subject.source.strip(), "body": found.body.source}


def has_file_templates(event: str, language: str) -> bool:
    return _from_files(event, language, strict=False) is not None


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


def validate_template_fields(*, event: str, subject: str, body: str) -> None:
    """Raise ``ValidationError`` (per field, with the line) unless the subject and the body
    compile and render with the event's sample context."""
    try:
        spec = events.get_event(event)
    except KeyError as exc:
        raise ValidationError({"event": str(exc.args[0])}) from None
    errors: dict[str, str] = {}
    compiled: dict[str, Template] = {}
    for name, source in (("subject", subject), ("body", body)):
        try:
            compiled[name] = _compile(source, debug=True)
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
                _as_text, for_html = _render_markdown(template, sample)
                markdown_to_html(for_html)
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
