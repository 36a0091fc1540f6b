"""Changes the reports make: a person saves a filter of the application list, or removes one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from admissions.core import audit
from admissions.core.errors import DomainError, NotFound
from admissions.reports.models import SavedFilter

MAX_SAVED_FILTERS = 50
NAME_REQUIRED = _("Give the filter a name, so you can find it in your saved filters.")
TOO_MANY_FILTERS = _(
    "You have saved %(max)s filters, the most one person can keep. Remove one you no longer "
    "use, then save this one."
)
SAVED_FILTER_NOT_FOUND = _("You have no saved filter with this name.")


class SavedFilterRefused(DomainError):
    pass


def save_filter(*, owner: Any, name: str, query_string: str) -> SavedFilter:
    """Save ``query_string`` (the list's filters, without a page) under ``name`` for
    ``owner``; a filter of the same name is replaced."""
    name = " ".join(name.split())[:80]
    if not name:
        raise SavedFilterRefused(NAME_REQUIRED, field="name")
    with transaction.atomic():
        existing = (
            SavedFilter.objects.select_for_update(of=("self",))
            .filter(owner=owner, name=name)
            .first()
        )
        if existing is None:
            if SavedFilter.objects.filter(owner=owner).count() >= MAX_SAVED_FILTERS:
                raise SavedFilterRefused(TOO_MANY_FILTERS % {"max": MAX_SAVED_FILTERS})
            saved = SavedFilter.objects.create(
                owner=owner, name=name, query_string=query_string[:2000]
            )
        else:
            existing.query_string = query_string[:2000]
            existing.save(update_fields=["query_string"])
            saved = existing
        audit.record(
            action="reports.filter_saved",
            actor=owner,
            object_type="saved_filter",
            object_ref=str(saved.pk),
            data={"name": name, "query": saved.query_string},
        )
    return saved


def delete_filter(*, owner: Any, saved_filter_id: int) -> None:
    """Remove one of ``owner``'s saved filters; another person's looks like none."""
    deleted, _rows = SavedFilter.objects.filter(owner=owner, pk=saved_filter_id).delete()
    if not deleted:
        raise NotFound(SAVED_FILTER_NOT_FOUND)
