"""Changes to the applicant's profile.

``update_profile`` is the one entry point the API uses: identity and language fields are
updated as given, and each list given (``degrees``, ``experiences``, ``language_tests``,
``certifications``) replaces the stored list whole. Everything is checked first and errors are
collected with their paths (``degrees[1].ended_on``); when one field is wrong nothing is
saved, so the person corrects it and sends again what they typed.

The pages may rather edit one row at a time: ``add_row``, ``update_row`` and ``remove_row``
do that for any of the four lists, with the same checks.

The language of correspondence is ``accounts.User.preferred_language``; the given and family
names are copied to the account's first and last names, which greetings in emails use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from admissions.accounts.search import refresh_search_text
from admissions.applicants import selectors, validation
from admissions.applicants.errors import FieldError, ProfileInvalid
from admissions.applicants.models import (
    Certification,
    Degree,
    Experience,
    LanguageTest,
    Profile,
)
from admissions.core import audit, clock, memo
from admissions.core.text import without_bidi_controls

PROFILE_FIELDS: tuple[str, ...] = (
    "given_names",
    "family_name",
    "date_of_birth",
    "nationalities",
    "residence_country",
    "phone",
    "address",
    "native_languages",
    "instruction_languages",
    "no_professional_experience",
    "special_needs",
    "eef_file_number",
)
LANGUAGES = ("en", "fr")

# list name -> (model, the fields an applicant may set)
ROWS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "degrees": (
        Degree,
        (
            "level",
            "field",
            "title",
            "institution",
            "country",
            "ects",
            "years_of_study",
            "started_on",
            "ended_on",
            "completed",
            "grade",
            "cti_accredited",
        ),
    ),
    "experiences": (Experience, ("employer", "role", "started_on", "ended_on")),
    "language_tests": (LanguageTest, ("test", "taken_on", "score", "level", "sub_scores")),
    "certifications": (Certification, ("code", "name", "status", "obtained_on")),
}
_UPPER = {"residence_country", "country"}
# Names of people and organisations staff read in lists: bidirectional controls removed
# (core.text), so what is shown is what is stored.
_NAMES = {"given_names", "family_name", "institution", "employer", "name"}
# What ``None`` sent for a field clears it to.
_EMPTY: dict[str, Any] = {
    "date_of_birth": None,
    "nationalities": [],
    "native_languages": [],
    "instruction_languages": [],
    "no_professional_experience": False,
}


def get_or_create_profile(*, user: Any) -> Profile:
    profile, created = Profile.objects.get_or_create(user=user)
    if created:
        _changed(profile)
    return profile


def _normalise(name: str, value: Any) -> Any:
    if isinstance(value, str):
        if name in _NAMES:
            value = without_bidi_controls(value)
        value = value.strip()
        if name in _UPPER:
            value = value.upper()
    if name == "nationalities" and isinstance(value, list):
        value = [code.strip().upper() if isinstance(code, str) else code for code in value]
    if name in ("native_languages", "instruction_languages") and isinstance(value, list):
        value = [code.strip().lower() if isinstance(code, str) else code for code in value]
    if name == "sub_scores" and value is None:
        value = {}
    if name in ("level", "grade", "title") and value is None:
        value = ""
    return value


def _errors_of(error: ValidationError, prefix: str = "") -> list[FieldError]:
    found: list[FieldError] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            path = f"{prefix}{field}" if field != "__all__" else (prefix.rstrip(".") or "__all__")
            for item in errors:
                found.extend(FieldError(path, message) for message in item.messages)
    else:
        found.extend(FieldError(prefix.rstrip(".") or "__all__", m) for m in error.messages)
    return found


def _build_rows(
    profile: Profile, name: str, rows: Iterable[Mapping[str, Any]]
) -> tuple[list[models.Model], list[FieldError]]:
    model, allowed = ROWS[name]
    built: list[models.Model] = []
    errors: list[FieldError] = []
    for index, row in enumerate(rows):
        unknown = sorted(set(row) - set(allowed))
        if unknown:
            raise TypeError(f"{name}[{index}] has unknown fields: {', '.join(unknown)}")
        values = {key: _normalise(key, value) for key, value in row.items()}
        instance = model(profile=profile, position=index, **values)
        try:
            instance.full_clean(exclude=["profile"])
        except ValidationError as error:
            errors.extend(_errors_of(error, f"{name}[{index}]."))
        built.append(instance)
    if name == "certifications":
        codes = [getattr(row, "code", "") for row in built]
        for index, code in enumerate(codes):
            if code and code in codes[:index]:
                errors.append(
                    FieldError(
                        f"certifications[{index}].code",
                        str(validation.DUPLICATE_VALUE % {"value": code}),
                    )
                )
    return built, errors


def update_profile(
    *,
    profile: Profile,
    data: Mapping[str, Any],
    actor: Any = None,
    preferred_language: str | None = None,
) -> Profile:
    """Update what ``data`` gives (absent keys are left alone) and return the profile.

    Raises ``ProfileInvalid`` listing every field error; then nothing is saved.
    """
    unknown = sorted(set(data) - set(PROFILE_FIELDS) - set(ROWS))
    if unknown:
        raise TypeError(f"Unknown profile fields: {', '.join(unknown)}")
    errors: list[FieldError] = []
    for name in PROFILE_FIELDS:
        if name in data:
            value = _normalise(name, data[name])
            if value is None:
                value = _EMPTY.get(name, "")
            setattr(profile, name, value)
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as error:
        errors.extend(_errors_of(error))
    if preferred_language is not None and preferred_language not in LANGUAGES:
        errors.append(
            FieldError("preferred_language", str(validation.UNKNOWN_CORRESPONDENCE_LANGUAGE))
        )
    new_rows: dict[str, list[models.Model]] = {}
    for name in ROWS:
        if name in data and data[name] is not None:
            if len(data[name]) > validation.MAX_ROWS:
                errors.append(_too_many_rows(name))
                continue
            built, row_errors = _build_rows(profile, name, data[name])
            new_rows[name] = built
            errors.extend(row_errors)
    if errors:
        profile.refresh_from_db()
        raise ProfileInvalid(errors)
    with transaction.atomic():
        profile.updated_at = clock.now()
        profile.save()
        _changed(profile)
        for name, rows in new_rows.items():
            model, _allowed = ROWS[name]
            model._default_manager.filter(profile=profile).delete()
            model._default_manager.bulk_create(rows)
        _sync_user(profile, preferred_language)
        audit.record(
            action="applicant.profile_updated",
            actor=actor,
            object_type="profile",
            object_ref=str(profile.user_id),
            data={"fields": sorted(data)},
        )
    return profile


def _too_many_rows(field: str) -> FieldError:
    return FieldError(field, str(validation.TOO_MANY_ROWS % {"max": validation.MAX_ROWS}))


def _sync_user(profile: Profile, preferred_language: str | None) -> None:
    user = profile.user
    changed: list[str] = []
    if profile.given_names and user.first_name != profile.given_names[:150]:
        user.first_name = profile.given_names[:150]
        changed.append("first_name")
    if profile.family_name and user.last_name != profile.family_name[:150]:
        user.last_name = profile.family_name[:150]
        changed.append("last_name")
    if preferred_language and user.preferred_language != preferred_language:
        user.preferred_language = preferred_language
        changed.append("preferred_language")
    if changed:
        user.save(update_fields=changed)
    if "first_name" in changed or "last_name" in changed:
        refresh_search_text(user)


def add_row(*, profile: Profile, kind: str, values: Mapping[str, Any]) -> models.Model:
    """Add one degree, job, test or certification (``kind`` is a key of ``ROWS``)."""
    model, _allowed = ROWS[kind]
    position = model._default_manager.filter(profile=profile).count()
    if position >= validation.MAX_ROWS:
        raise ProfileInvalid([_too_many_rows("__all__")])
    built, errors = _build_rows(profile, kind, [values])
    row = built[0]
    row.position = position  # type: ignore[attr-defined]
    if (
        kind == "certifications"
        and Certification.objects.filter(profile=profile, code=values.get("code")).exists()
    ):
        errors.append(
            FieldError("code", str(validation.DUPLICATE_VALUE % {"value": values.get("code")}))
        )
    if errors:
        raise ProfileInvalid([_strip_prefix(error, kind) for error in errors])
    row.save()
    _touch(profile)
    return row


def update_row(*, row: models.Model, values: Mapping[str, Any]) -> models.Model:
    kind = _kind_of(row)
    _model, allowed = ROWS[kind]
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(unknown)}")
    for key, value in values.items():
        setattr(row, key, _normalise(key, value))
    try:
        row.full_clean(exclude=["profile"])
    except ValidationError as error:
        row.refresh_from_db()
        raise ProfileInvalid(_errors_of(error)) from None
    row.save()
    _touch(row.profile)  # type: ignore[attr-defined]
    return row


def remove_row(*, row: models.Model) -> None:
    profile = row.profile  # type: ignore[attr-defined]
    row.delete()
    _touch(profile)


def _kind_of(row: models.Model) -> str:
    for kind, (model, _allowed) in ROWS.items():
        if isinstance(row, model):
            return kind
    raise TypeError(f"{type(row).__name__} is not a profile row")


def _strip_prefix(error: FieldError, kind: str) -> FieldError:
    prefix = f"{kind}[0]."
    field = error.field[len(prefix) :] if error.field.startswith(prefix) else error.field
    return FieldError(field, error.message)


def _touch(profile: Profile) -> None:
    Profile.objects.filter(pk=profile.pk).update(updated_at=clock.now())
    _changed(profile)


def _changed(profile: Profile) -> None:
    """The page view's remembered profile (``selectors.profile_of``) is no longer current."""
    memo.forget(selectors.profile_memo_key(profile.user_id))
