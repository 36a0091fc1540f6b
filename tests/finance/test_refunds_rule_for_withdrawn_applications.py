"""The programme's refund rule (``settings["fee_refund_rule"]``) tells staff whether a
withdrawn application's fee is refundable: ``never`` (the default), ``before_deadline``
(withdrawn before its round's deadline) or ``before_review`` (withdrawn before staff started
examining it)."""

from __future__ import annotations

import pytest

from admissions.applications.services import transition, withdraw_application
from admissions.finance.models import FeeStatus
from admissions.finance.services.refunds import refund_rule
from admissions.workflows.submission import submit_application
from tests.applicants.factories import UserFactory
from tests.calendar import paris
from tests.finance.factories import IN_ROUND_1, ready_post_master_draft

pytestmark = pytest.mark.django_db

ROUND_1_DEADLINE = paris(2027, 2, 3, 23, 59, 59)


def submitted_draft(rule: str | None):
    draft = ready_post_master_draft()
    if rule is not None:
        draft.programme.settings = {**draft.programme.settings, "fee_refund_rule": rule}
        draft.programme.save()
    draft.fee.status = FeeStatus.DEFERRED
    draft.fee.save()
    return submit_application(application=draft, actor=draft.applicant, now=IN_ROUND_1)


def withdrawn(application, at):
    return withdraw_application(application=application, actor=application.applicant, now=at)


def test_by_default_a_withdrawn_applications_fee_is_not_refundable():
    application = withdrawn(submitted_draft(None), IN_ROUND_1)
    advice = refund_rule(application, IN_ROUND_1)
    assert (advice.rule, advice.refundable) == ("never", False)
    assert advice.message_en == "Not refundable: this programme does not refund application fees."


def test_an_unknown_rule_is_read_as_never():
    application = withdrawn(submitted_draft("always"), IN_ROUND_1)
    assert refund_rule(application, IN_ROUND_1).rule == "never"


def test_before_deadline_a_withdrawal_in_time_is_refundable():
    application = withdrawn(submitted_draft("before_deadline"), ROUND_1_DEADLINE)
    advice = refund_rule(application, ROUND_1_DEADLINE)
    assert advice.refundable
    assert advice.message_en == "Refundable: withdrawn before the deadline of round 1."
    assert advice.message_fr == "Remboursable : retirée avant la date limite de la session 1."


def test_before_deadline_a_withdrawal_one_second_late_is_not():
    late = paris(2027, 2, 4, 0, 0, 0)
    application = withdrawn(submitted_draft("before_deadline"), late)
    assert not refund_rule(application, late).refundable


def test_before_deadline_a_withdrawn_draft_counts_from_the_round_open_then():
    draft = ready_post_master_draft()
    draft.programme.settings = {"fee_refund_rule": "before_deadline"}
    draft.programme.save()
    application = withdrawn(draft, IN_ROUND_1)
    assert refund_rule(application, IN_ROUND_1).refundable


def test_before_review_a_withdrawal_while_submitted_is_refundable():
    application = withdrawn(submitted_draft("before_review"), IN_ROUND_1)
    assert refund_rule(application, IN_ROUND_1).refundable


def test_before_review_a_withdrawal_once_found_eligible_is_not():
    application = submitted_draft("before_review")
    transition(application=application, to="eligible", actor=UserFactory(), now=IN_ROUND_1)
    application = withdrawn(application, IN_ROUND_1)
    advice = refund_rule(application, IN_ROUND_1)
    assert not advice.refundable
    assert advice.message_en == (
        "Not refundable: withdrawn after the admissions team started examining it."
    )


def test_an_application_still_running_is_not_covered_by_the_rule():
    application = submitted_draft("before_deadline")
    assert not refund_rule(application, IN_ROUND_1).refundable
