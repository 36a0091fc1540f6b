"""Public references of applications: ``PMAI-2027-00042``.

The programme's prefix, the intake's academic year and a five-digit sequence per programme
intake. The sequence comes from a counter row locked for the length of the creating
transaction, so two applications created at once never get the same number (the unique
constraint on ``Application.reference`` is the second line of defence). A number taken by a
transaction that rolls back is given again: references have no gaps from failed creations.
"""

from __future__ import annotations

from django.db import transaction

from admissions.applications.models import ReferenceCounter
from admissions.catalogue.models import Intake


def format_reference(prefix: str, academic_year: int, number: int) -> str:
    return f"{prefix}-{academic_year}-{number:05d}"


def allocate(intake: Intake) -> str:
    """The next reference of ``intake``. Call inside the transaction that creates the
    application: the counter stays locked until it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside the transaction creating the application")
    counter, _created = ReferenceCounter.objects.get_or_create(intake=intake)
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(
        intake.programme.reference_prefix, intake.academic_year, counter.last_number
    )
