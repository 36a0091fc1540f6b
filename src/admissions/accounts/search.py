"""The applications' search column, kept current when what it holds changes.

``Application.search_text`` holds the reference, the applicant's names and email address in
the form ``core.text.searchable`` gives, so the staff list finds "Benali" when someone types
"benalí". The account owns the names and the address: whoever changes them (the profile's
names copied to the account, a new primary address, an erasure) calls
``refresh_search_text(user)``, which rewrites the column of every application of the person
through the account's ``applications`` relation (this module imports no domain app).
"""

from __future__ import annotations

from typing import Any

from admissions.core.text import searchable


def search_text_for(*, reference: str, user: Any) -> str:
    return searchable(
        reference, getattr(user, "first_name", ""), getattr(user, "last_name", ""), user.email
    )[:600]


def refresh_search_text(user: Any) -> int:
    """Rewrite the search column of every application of ``user``; the number rewritten."""
    applications = list(user.applications.only("pk", "reference", "search_text"))
    changed = []
    for application in applications:
        text = search_text_for(reference=application.reference, user=user)
        if application.search_text != text:
            application.search_text = text
            changed.append(application)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["search_text"])
    return len(changed)


def on_email_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """allauth's ``email_changed``: a new primary address is the account's address."""
    user.refresh_from_db(fields=["email", "first_name", "last_name"])
    refresh_search_text(user)


def connect() -> None:
    from allauth.account import signals as account_signals

    account_signals.email_changed.connect(
        on_email_changed, dispatch_uid="admissions.accounts.search.email_changed"
    )
