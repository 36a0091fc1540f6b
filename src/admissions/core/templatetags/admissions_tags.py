"""Template helpers for money, bilingual fields, local times and round states.

``{% load admissions_tags %}`` then:

- ``{{ programme|t:"name" }}``: a bilingual model field in the current language;
- ``{{ label|bilingual }}``: a ``{"en": …, "fr": …}`` mapping (or a plain string);
- ``{{ programme.tuition_cents|money:programme.currency }}``: "€18,500" / "18 500 €";
- ``{{ round.deadline_at|local_datetime:programme.time_zone }}``: a ``<time>`` element with
  the date and time in the programme's time zone, the zone named ("Paris time (UTC+1)");
- ``{{ round.opens_at|local_date:programme.time_zone }}``, ``{{ intake.starts_on|long_date }}``;
- ``{{ profile.nationalities|country_names }}``, ``{{ code|country_name }}``,
  ``{{ profile.native_languages|language_names }}``, ``{{ code|language_name }}``: names in
  the page's language, never codes;
- ``{{ programme|t:"description"|paragraphs }}``: plain text with paragraphs and "- " lists;
- ``{% round_state_badge round now %}``: the state as words in a badge (colour is a bonus,
  the text carries the meaning);
- ``{% days_left round.deadline_at now programme.time_zone %}``: "12 days left".

Nothing here imports a domain app: objects are used through their methods (``t``,
``state``), so the kernel stays at the bottom of the dependency graph.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import dateformat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django_countries import countries

from admissions.core import clock, languages
from admissions.core.money import format_money

register = template.Library()

DATE_FORMAT = "j F Y"  # "3 February 2020" / "3 février 2020": the month name is translated
TIME_FORMAT = "H:i"


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@register.filter
def t(obj: Any, field: str) -> str:
    """``obj.t(field)`` for templates: the French value in French when it is filled."""
    if obj is None:
        return ""
    return obj.t(field)


@register.filter
def bilingual(value: Any) -> str:
    """A ``{"en": …, "fr": …}`` mapping in the current language, English as the fallback."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return str(value.get(_language()) or value.get("en") or next(iter(value.values()), ""))
    return str(value)


@register.filter
def money(cents: int | None, currency: str = "EUR") -> str:
    if cents is None:
        return ""
    return format_money(int(cents), currency or "EUR")


@register.filter
def language_name(code: str) -> str:
    """The name of an ISO 639-1 language in the current language ("Anglais" for "en")."""
    return languages.language_name(str(code or ""))


@register.filter
def language_names(codes: Any) -> str:
    """Names of ISO 639-1 languages, comma-separated ("Arabe, Français"); "" for none."""
    return ", ".join(languages.language_name(str(code)) for code in codes or [] if code)


@register.filter
def country_name(code: Any) -> str:
    """The name of an ISO 3166 country in the current language ("Maroc" for "MA")."""
    code = str(code or "")
    return str(countries.name(code)) or code if code else ""


@register.filter
def country_names(codes: Any) -> str:
    """Names of ISO 3166 countries, comma-separated ("Maroc, France"); "" for none."""
    return ", ".join(country_name(code) for code in codes or [] if code)


def _zone_city(tz_name: str) -> str:
    return tz_name.rsplit("/", 1)[-1].replace("_", " ")


def _utc_offset(local: dt.datetime) -> str:
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" if rest == 0 else f"UTC{sign}{hours}:{rest:02d}"


def _tz(tz_name: str | None) -> str:
    return tz_name or str(settings.DEFAULT_TIME_ZONE_FOR_PROGRAMMES)


@register.filter
def local_datetime(value: dt.datetime | None, tz_name: str | None = None) -> SafeString | str:
    """A moment in the programme's time zone, with the zone named, in a ``<time>``."""
    if value is None:
        return ""
    tz_name = _tz(tz_name)
    local = clock.local(value, tz_name)
    text = gettext("%(date)s at %(time)s, %(city)s time (%(offset)s)") % {
        "date": dateformat.format(local, DATE_FORMAT),
        "time": dateformat.format(local, TIME_FORMAT),
        "city": _zone_city(tz_name),
        "offset": _utc_offset(local),
    }
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)


@register.filter
def local_date(value: dt.datetime | None, tz_name: str | None = None) -> SafeString | str:
    """The day of a moment in the programme's time zone, in a ``<time>``."""
    if value is None:
        return ""
    local = clock.local(value, _tz(tz_name))
    return format_html(
        '<time datetime="{}">{}</time>',
        local.date().isoformat(),
        dateformat.format(local, DATE_FORMAT),
    )


@register.filter
def long_date(value: dt.date | None) -> SafeString | str:
    """A calendar day ("1 September 2027"), in a ``<time>``."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), dateformat.format(value, DATE_FORMAT)
    )


_BULLETS = ("- ", "• ", "* ")


@register.filter
def paragraphs(text: str | None) -> SafeString:
    """Plain text written by staff as HTML: blank lines separate paragraphs, and lines that
    start with "- " become a bulleted list. Everything is escaped; no markup is trusted."""
    html: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        for is_item, group in itertools.groupby(lines, key=lambda line: line.startswith(_BULLETS)):
            escaped = [conditional_escape(line[2:].strip() if is_item else line) for line in group]
            if is_item:
                html.append("<ul>" + "".join(f"<li>{item}</li>" for item in escaped) + "</ul>")
            else:
                html.append("<p>" + "<br>".join(escaped) + "</p>")
    # Safe: every piece of text above went through conditional_escape.
    return mark_safe("".join(html))  # nosec B308 B703  # every piece escaped above


@register.filter
def months(count: int | None) -> str:
    if count is None:
        return ""
    return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}


@register.simple_tag
def round_state_badge(round_: Any, now: dt.datetime) -> SafeString:
    """The round's state at ``now`` as a labelled badge (``Round.state`` decides)."""
    state = round_.state(now)
    return format_html(
        '<span class="badge round-state state-{}">{}</span>', state.value, state.label
    )


@register.simple_tag
def round_state(round_: Any, now: dt.datetime) -> str:
    """The round's state value at ``now`` ("open", "upcoming", …), for ``{% if %}`` tests."""
    return str(round_.state(now).value)


@register.simple_tag
def days_left(deadline: dt.datetime, now: dt.datetime, tz_name: str | None = None) -> str:
    """Whole calendar days from ``now`` to ``deadline`` in the programme's time zone."""
    zone = ZoneInfo(_tz(tz_name))
    if clock.floor_second(now) > deadline:
        return gettext("Deadline passed")
    days = (deadline.astimezone(zone).date() - now.astimezone(zone).date()).days
    if days <= 0:
        return gettext("Closes today")
    return ngettext("%(count)s day left", "%(count)s days left", days) % {"count": days}


@register.filter
def error_anchor(field: Any) -> str:
    """The id an error summary links to for a bound field: its control's id, or the first
    option's for a group of radios or checkboxes (whose ``id_for_label`` is empty)."""
    return field.id_for_label or f"{field.auto_id}_0"
