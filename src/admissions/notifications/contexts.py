"""Checking and storing the values a message is rendered with.

A message is rendered from plain values, never from model instances: it is stored and may be
delivered (or read in the inbox) long after the rows it speaks of have changed. Lazy
translations (``gettext_lazy``) are welcome and resolved in the message's language.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from admissions.notifications.errors import NotificationContextError

_SCALARS = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time, Decimal)


def prepare_context(context: dict[str, Any], *, language: str) -> dict[str, Any]:
    """Return a copy of ``context`` with lazy strings resolved, or raise with the path."""
    if not isinstance(context, dict):
        raise NotificationContextError(
            f"The context must be a dict of plain values, not {type(context).__name__}."
        )
    with translation.override(language):
        return _prepare(context, "context")


def _prepare(value: Any, path: str) -> Any:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict):
        prepared = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotificationContextError(
                    f"{path} has the key {key!r}: context keys must be strings."
                )
            prepared[key] = _prepare(item, f"{path}[{key!r}]")
        return prepared
    if isinstance(value, list | tuple):
        return [_prepare(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, models.Model):
        raise NotificationContextError(
            f"{path} is a {type(value).__name__} model instance. Pass plain values instead "
            "(its reference, names, dates): a message is stored and rendered without the "
            "database rows it speaks of."
        )
    raise NotificationContextError(
        f"{path} is a {type(value).__name__}, which a message cannot store. Use strings, "
        "numbers, booleans, dates and times, and lists or dicts of those."
    )


def to_json(prepared: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a prepared context: dates become ISO strings."""
    result: dict[str, Any] = json.loads(json.dumps(prepared, cls=DjangoJSONEncoder))
    return result
