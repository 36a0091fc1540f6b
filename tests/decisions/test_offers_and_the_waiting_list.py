"""Offers after release: the deadline, accepting (twice, late, to the second), declining and
the waiting list's promotion, expiry, reminders once each, the cap and the last offer day."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.states import Status
from admissions.decisions import errors
from admissions.decisions.models import Decision, Offer, OfferStatus, WaitlistEntry
from admissions.decisions.selectors import for_applicant
from admissions.decisions.services import offers, release, waitlist
from admissions.decisions.services.recording import record_decision
from admissions.notifications.models import OutboxMessage
from tests.calendar import deadline, paris
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)

pytestmark = pytest.mark.django_db


def _decide(head, application, outcome, **kw):
    return record_decision(
        application=application, outcome=outcome, actor=head, now=PANEL_DAY, **kw
    )


def _templates(application):
    return list(
        OutboxMessage.objects.filter(recipient_email=application.applicant.email)
        .order_by("pk")
        .values_list("event", flat=True)
    )


def test_the_offer_is_open_ten_days_after_release_to_the_end_of_the_day_in_paris():
    calendar = calendar_with_places()
    assert offers.offer_deadline(
        programme=calendar.programme, intake=calendar.intake, opened_at=RESULTS
    ) == deadline(2027, 3, 13)
    # Late at night in Paris is already the next day in UTC terms of nothing: Paris decides.
    late = paris(2027, 3, 3, 23, 30)
    assert offers.offer_deadline(
        programme=calendar.programme, intake=calendar.intake, opened_at=late
    ) == deadline(2027, 3, 13)


def test_the_offer_never_runs_past_the_day_before_classes():
    calendar = calendar_with_places()
    # Round 5's results (24 September) plus 10 days would pass 1 October.
    assert offers.offer_deadline(
        programme=calendar.programme, intake=calendar.intake, opened_at=paris(2027, 9, 24, 9)
    ) == deadline(2027, 9, 30)


def test_the_window_comes_from_the_programme_settings():
    calendar = calendar_with_places(registration_window_days=5)
    assert offers.offer_deadline(
        programme=calendar.programme, intake=calendar.intake, opened_at=RESULTS
    ) == deadline(2027, 3, 8)


def test_accepting_twice_answers_the_same_accepted_offer():
    calendar = calendar_with_places()
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    _decide(head, application, "admitted")
    release.release_due(now=RESULTS)
    first = offers.accept_offer(application=application, actor=application.applicant, now=RESULTS)
    again = offers.accept_offer(
        application=application, actor=application.applicant, now=RESULTS + dt.timedelta(hours=1)
    )
    assert first.pk == again.pk and again.status == OfferStatus.ACCEPTED
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


def test_an_accept_at_the_last_second_counts_and_one_second_later_is_refused():
    calendar = calendar_with_places()
    head = head_of(calendar)
    on_time, late = ready_for_panel(calendar), ready_for_panel(calendar)
    _decide(head, on_time, "admitted")
    _decide(head, late, "admitted")
    release.release_due(now=RESULTS)
    last_second = deadline(2027, 3, 13)
    offers.accept_offer(application=on_time, actor=on_time.applicant, now=last_second)
    with pytest.raises(errors.OfferExpired):
        offers.accept_offer(
            application=late, actor=late.applicant, now=last_second + dt.timedelta(seconds=1)
        )
    late.refresh_from_db()
    assert late.status == Status.EXPIRED
    assert "offer_expired" in _templates(late)


def test_an_offer_reads_expired_from_the_second_after_its_deadline_before_the_job_runs():
    calendar = calendar_with_places()
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    _decide(head, application, "admitted")
    release.release_due(now=RESULTS)
    after = deadline(2027, 3, 13) + dt.timedelta(seconds=1)
    assert for_applicant(application, after).offer_status == OfferStatus.EXPIRED
    assert offers.expire_offers(now=after) == "1 expired"
    assert offers.expire_offers(now=after) == "0 expired"


def test_a_decline_offers_the_place_to_the_first_on_the_waiting_list():
    calendar = calendar_with_places(places=1)
    head = head_of(calendar)
    admitted = ready_for_panel(calendar)
    first, second = ready_for_panel(calendar), ready_for_panel(calendar)
    _decide(head, admitted, "admitted")
    _decide(head, first, "waitlisted")
    _decide(head, second, "waitlisted")
    release.release_due(now=RESULTS)
    assert for_applicant(first, RESULTS).waitlist_position == 1
    assert for_applicant(second, RESULTS).waitlist_position == 2

    later = RESULTS + dt.timedelta(days=2)
    offers.decline_offer(application=admitted, actor=admitted.applicant, now=later)

    first.refresh_from_db()
    assert first.status == Status.ADMITTED
    seen = for_applicant(first, later)
    assert seen.offer_status == OfferStatus.OPEN
    assert seen.offer.deadline_at == deadline(2027, 3, 15)
    assert "waitlist_promoted" in _templates(first)
    assert for_applicant(second, later).waitlist_position == 1
    # The promotion is a decision of its own, superseding the waitlisted one.
    assert Decision.objects.filter(application=first).count() == 2
    assert Decision.objects.get(application=first, current=True).via == "promotion"


def test_an_expired_offer_promotes_the_waiting_list_when_the_job_runs():
    calendar = calendar_with_places(places=1)
    head = head_of(calendar)
    admitted, waiting = ready_for_panel(calendar), ready_for_panel(calendar)
    _decide(head, admitted, "admitted")
    _decide(head, waiting, "waitlisted")
    release.release_due(now=RESULTS)
    offers.expire_offers(now=deadline(2027, 3, 13) + dt.timedelta(seconds=1))
    waiting.refresh_from_db()
    assert waiting.status == Status.ADMITTED


def test_programmes_that_confirm_promotions_wait_for_staff():
    calendar = calendar_with_places(places=1, decisions={"promotion": "confirm"})
    head = head_of(calendar)
    officer = head
    admitted, waiting = ready_for_panel(calendar), ready_for_panel(calendar)
    _decide(head, admitted, "admitted")
    _decide(head, waiting, "waitlisted")
    release.release_due(now=RESULTS)
    offers.decline_offer(application=admitted, actor=admitted.applicant, now=RESULTS)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    offer = waitlist.promote_next(
        intake=calendar.intake, entry_level=calendar.entry_level, actor=officer, now=RESULTS
    )
    assert offer.application_id == waiting.pk


def test_no_freed_place_is_offered_after_the_last_offer_day():
    calendar = calendar_with_places(places=1)
    head = head_of(calendar)
    admitted, waiting = ready_for_panel(calendar), ready_for_panel(calendar)
    _decide(head, admitted, "admitted")
    _decide(head, waiting, "waitlisted")
    release.release_due(now=RESULTS)
    # 7 days before classes (1 October): the last offer day is 24 September.
    too_late = paris(2027, 9, 25, 8)
    Offer.objects.filter(application=admitted).update(deadline_at=deadline(2027, 9, 30))
    offers.decline_offer(application=admitted, actor=admitted.applicant, now=too_late)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_an_admission_past_the_cap_is_refused_with_the_reason():
    calendar = calendar_with_places(places=1)
    head = head_of(calendar)
    _decide(head, ready_for_panel(calendar), "admitted")
    with pytest.raises(errors.PlacesFull, match="1 places, 1 already"):
        _decide(head, ready_for_panel(calendar), "admitted")


def test_the_over_offer_ratio_allows_more_offers_than_places():
    calendar = calendar_with_places(places=2, decisions={"over_offer_ratio": 1.5})
    head = head_of(calendar)
    for _ in range(3):
        _decide(head, ready_for_panel(calendar), "admitted")
    with pytest.raises(errors.PlacesFull):
        _decide(head, ready_for_panel(calendar), "admitted")


def test_an_accept_after_the_last_place_was_taken_puts_the_applicant_first_on_the_list():
    calendar = calendar_with_places(places=1, decisions={"over_offer_ratio": 2})
    head = head_of(calendar)
    one, two, waiting = (ready_for_panel(calendar) for _ in range(3))
    _decide(head, one, "admitted")
    _decide(head, two, "admitted")
    _decide(head, waiting, "waitlisted")
    release.release_due(now=RESULTS)
    offers.accept_offer(application=one, actor=one.applicant, now=RESULTS)
    with pytest.raises(errors.PlacesTaken):
        offers.accept_offer(application=two, actor=two.applicant, now=RESULTS)
    two.refresh_from_db()
    assert two.status == Status.WAITLISTED
    assert for_applicant(two, RESULTS).waitlist_position == 1
    assert for_applicant(waiting, RESULTS).waitlist_position == 2


def test_reminders_go_three_days_and_one_day_before_the_deadline_once_each():
    calendar = calendar_with_places()
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    _decide(head, application, "admitted")
    release.release_due(now=RESULTS)
    end = deadline(2027, 3, 13)
    assert offers.send_offer_reminders(now=end - dt.timedelta(days=4)) == 0
    assert offers.send_offer_reminders(now=end - dt.timedelta(days=3)) == 1
    assert offers.send_offer_reminders(now=end - dt.timedelta(days=2)) == 0
    assert offers.send_offer_reminders(now=end - dt.timedelta(hours=20)) == 1
    assert offers.send_offer_reminders(now=end - dt.timedelta(hours=2)) == 0
    assert _templates(application).count("offer_expiring") == 2


def test_withdrawing_after_accepting_frees_the_place_for_the_waiting_list():
    calendar = calendar_with_places(places=1)
    head = head_of(calendar)
    admitted, waiting = ready_for_panel(calendar), ready_for_panel(calendar)
    _decide(head, admitted, "admitted")
    _decide(head, waiting, "waitlisted")
    release.release_due(now=RESULTS)
    offers.accept_offer(application=admitted, actor=admitted.applicant, now=RESULTS)
    offers.withdraw_after_accepting(
        application=admitted, actor=admitted.applicant, reason="Moving abroad.", now=RESULTS
    )
    admitted.refresh_from_db()
    waiting.refresh_from_db()
    assert admitted.status == Status.WITHDRAWN
    assert Offer.objects.get(application=admitted).status == OfferStatus.WITHDRAWN
    assert waiting.status == Status.ADMITTED
    assert not WaitlistEntry.objects.filter(status="waiting").exists()


def test_staff_extend_one_offer_with_a_reason_and_reminders_follow_the_new_deadline():
    calendar = calendar_with_places()
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    _decide(head, application, "admitted")
    release.release_due(now=RESULTS)
    offers.send_offer_reminders(now=deadline(2027, 3, 13) - dt.timedelta(days=3))
    with pytest.raises(errors.DecisionInvalid):
        offers.extend_offer(
            application=application, until=dt.date(2027, 3, 20), reason="", actor=head, now=RESULTS
        )
    with pytest.raises(errors.DecisionInvalid):
        offers.extend_offer(
            application=application,
            until=dt.date(2027, 10, 1),
            reason="Visa",
            actor=head,
            now=RESULTS,
        )
    offer = offers.extend_offer(
        application=application,
        until=dt.date(2027, 3, 20),
        reason="Waiting for the visa appointment.",
        actor=head,
        now=RESULTS + dt.timedelta(days=1),
    )
    assert offer.deadline_at == deadline(2027, 3, 20)
    assert offer.extension_reason == "Waiting for the visa appointment."
    # The old deadline's second is no longer the end.
    offers.accept_offer(
        application=application,
        actor=application.applicant,
        now=deadline(2027, 3, 13) + dt.timedelta(seconds=1),
    )
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.ACCEPTED
