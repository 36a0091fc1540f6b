"""Conflicts the system finds by itself: a member's institution is the institution of one of
the applicant's degrees.

Names are typed by people ("Université Paris-Saclay", "universite paris saclay"), so they
are compared on a key that ignores case, accents, punctuation and spacing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.db.models import QuerySet

from admissions.applicants.models import Degree
from admissions.applications.models import Application
from admissions.review.models import CommitteeMember, Conflict, ConflictKind

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def institution_key(name: str) -> str:
    """``name`` without case, accents, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", bare.casefold()).strip()


def refresh_derived_conflicts(
    *,
    members: Iterable[CommitteeMember],
    applications: QuerySet[Application],
    now: dt.datetime,
) -> tuple[int, int]:
    """Create the institution conflicts that hold between ``members`` and ``applications``
    and remove the derived ones that no longer do (a member's or a degree's institution was
    corrected). Declared conflicts are never touched. Returns (created, removed)."""
    members = list(members)
    by_key: dict[str, list[int]] = {}
    for member in members:
        key = institution_key(member.institution)
        if key:
            by_key.setdefault(key, []).append(member.pk)
    application_of_user: dict[int, list[int]] = {}
    for application_id, user_id in applications.values_list("pk", "applicant_id"):
        application_of_user.setdefault(user_id, []).append(application_id)
    wanted: set[tuple[int, int]] = set()
    if by_key:
        degrees = Degree.objects.filter(
            profile__user_id__in=applications.values("applicant_id")
        ).values_list("profile__user_id", "institution")
        for user_id, institution in degrees.iterator(chunk_size=5000):
            for member_id in by_key.get(institution_key(institution), ()):
                for application_id in application_of_user.get(user_id, ()):
                    wanted.add((member_id, application_id))
    in_scope = {pk for ids in application_of_user.values() for pk in ids}
    existing = {
        (member_id, application_id): (pk, derived)
        for pk, member_id, application_id, derived in Conflict.objects.filter(
            member_id__in=[member.pk for member in members]
        ).values_list("pk", "member_id", "application_id", "derived")
        if application_id in in_scope
    }
    to_create = [
        Conflict(
            member_id=member_id,
            application_id=application_id,
            kind=ConflictKind.INSTITUTION,
            derived=True,
            note="",
            declared_at=now,
        )
        for member_id, application_id in sorted(wanted - set(existing))
    ]
    Conflict.objects.bulk_create(to_create, batch_size=2000)
    stale = [pk for pair, (pk, derived) in existing.items() if derived and pair not in wanted]
    for start in range(0, len(stale), 500):
        Conflict.objects.filter(pk__in=stale[start : start + 500]).delete()
    return len(to_create), len(stale)
