"""Domain errors: each carries a message a person can read, already translated lazily."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused an action. ``message`` is shown to the person."""

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code or type(self).__name__

    def __str__(self) -> str:
        return str(self.message)


class ConfigurationError(DomainError):
    """A programme configuration (YAML or staff edit) is invalid."""


class NotFound(DomainError):
    """Missing or not visible to this person: both look the same from outside."""
