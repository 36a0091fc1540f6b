"""Two requests with one Idempotency-Key at the same moment (a client retrying before the
first answer came back) record the transfer once, and both get the first answer."""

from __future__ import annotations

import pytest
from django.conf import settings

from admissions.accounts.models import IdempotencyRecord
from admissions.core import clock
from admissions.finance.models import Payment
from tests.api.tokens import Bearer, make_token
from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory, RoundFactory
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="The waiting insert needs PostgreSQL: SQLite serialises writers. "
        "Run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_requests_with_one_key_at_once_run_once(applicant, post_master, finance_officer):
    post_master.application_fee_cents = 15_000
    post_master.save()
    intake = IntakeFactory(programme=post_master, academic_year=2027)
    application = ApplicationFactory(
        applicant=applicant,
        intake=intake,
        round=RoundFactory(intake=intake, number=1),
        status="submitted",
        submitted_at=clock.now(),
    )
    secret = make_token(finance_officer, ["finance:write"]).secret
    body = {
        "reference": application.reference,
        "amount_cents": 15_000,
        "currency": "EUR",
        "bank_reference": "BNP-2026-000777",
    }

    def post(index: int):
        return Bearer(secret).post(
            "/staff/finance/transfers", body, HTTP_IDEMPOTENCY_KEY="retry-before-the-answer"
        )

    first, second = at_once(2, post)

    assert (first.status_code, second.status_code) == (201, 201), (first.content, second.content)
    assert first.content == second.content
    assert Payment.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
