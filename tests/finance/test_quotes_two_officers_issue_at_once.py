"""Two finance officers press "issue" on the same request at the same moment: one quote is
issued with one number, the other officer is told, and no number is lost. Real concurrency
needs PostgreSQL's row locks; the sequential story runs on every database in
test_quotes_issue.py."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from admissions.finance import errors
from admissions.finance.models import FinanceCounter, FinanceEvent, Quote, QuoteStatus
from tests.finance.quote_helpers import application_to, issue, request
from tests.people import make_finance_officer

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent issues need real row locks: run with DATABASE_URL=postgres://…",
    ),
]


def test_of_two_officers_issuing_at_once_one_wins_and_the_other_is_told(seed_programmes):
    programme = seed_programmes["post-master-ai"]
    requested = request(application_to(programme))
    officers = [
        make_finance_officer(programme, "fanny.finance@example.org"),
        make_finance_officer(programme, "gaston.finance@example.org"),
    ]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def press_issue(officer) -> None:
        try:
            barrier.wait(timeout=10)
            issue(Quote.objects.get(pk=requested.pk), officer)
            outcomes.append("issued")
        except errors.QuoteRefused as refused:
            outcomes.append(refused)
        except BaseException as error:  # reported below; a thread must not die silently
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_issue, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(type, outcomes), key=str) == sorted([str, errors.QuoteRefused], key=str), (
        outcomes
    )
    requested.refresh_from_db()
    assert requested.status == QuoteStatus.ISSUED
    assert requested.number == "DEV-2027-0001"
    assert FinanceEvent.objects.filter(kind="quote_issued").count() == 1
    assert FinanceCounter.objects.get(kind="quote", year=2027).last_number == 1
