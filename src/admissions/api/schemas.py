"""What the API's input schemas share.

``In`` refuses a field it does not know (422 naming it) instead of dropping it silently: a
client that misspells ``given_names`` learns it at once rather than finding the name
unchanged. ``text(n)`` and ``codes(n)`` bound what may be sent, with the limits the models
and the forms use, so that a too-long value is a 422 naming the field and an answer never
grows with what was sent.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints

# A code (a country, a language, a test, a level…): longer than any we know.
CODE_LENGTH = 60


class In(Schema):
    model_config = ConfigDict(extra="forbid")


def text(max_length: int) -> Any:
    """A string of at most ``max_length`` characters."""
    return Annotated[str, StringConstraints(max_length=max_length)]


def items(kind: Any, max_items: int) -> Any:
    """A list of at most ``max_items`` items of ``kind``."""
    return Annotated[list[kind], Field(max_length=max_items)]  # type: ignore[valid-type]


Code = text(CODE_LENGTH)
