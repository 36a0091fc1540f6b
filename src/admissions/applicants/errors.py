"""Errors of the applicant's profile, each with messages tied to the fields concerned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import DomainError

PROFILE_INVALID = _(
    "Some fields need your attention. Nothing was saved: correct them and save again."
)


@dataclass(frozen=True)
class FieldError:
    """One message about one field. ``field`` is a path: ``date_of_birth``,
    ``degrees[0].ended_on``; ``__all__`` when no single field is to blame."""

    field: str
    message: str


class ProfileInvalid(DomainError):
    """What the applicant typed does not hold together; nothing was saved."""

    def __init__(self, errors: Sequence[FieldError], message: Any = PROFILE_INVALID):
        super().__init__(message, code="profile_invalid")
        self.errors = list(errors)
