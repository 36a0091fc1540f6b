"""Deadlines: the server clock at the request, in the programme's time zone, to the second."""

import datetime as dt

import pytest

from admissions.applications.states import Status
from admissions.workflows.submission import SubmissionRefused, submit_application
from tests.calendar import paris

LAST_SECOND = paris(2027, 2, 3, 23, 59, 59)


def test_a_submission_at_23_59_59_paris_time_on_the_deadline_day_is_accepted(ready_draft, calendar):
    submitted = submit_application(
        application=ready_draft, actor=ready_draft.applicant, now=LAST_SECOND
    )
    assert submitted.status == Status.SUBMITTED
    assert (submitted.round, submitted.submitted_at) == (calendar.round(1), LAST_SECOND)


def test_the_last_second_keeps_its_fraction(ready_draft):
    late_in_the_second = LAST_SECOND + dt.timedelta(microseconds=999_999)
    submitted = submit_application(
        application=ready_draft, actor=ready_draft.applicant, now=late_in_the_second
    )
    assert submitted.status == Status.SUBMITTED


def test_a_submission_at_midnight_is_refused(ready_draft):
    with pytest.raises(SubmissionRefused) as caught:
        submit_application(
            application=ready_draft, actor=ready_draft.applicant, now=paris(2027, 2, 4, 0, 0, 0)
        )
    assert [item.code for item in caught.value.items] == ["round.deadline_passed"]


def test_the_same_instant_written_in_utc_is_judged_the_same(ready_draft):
    # 23:59:59 in Paris in February is 22:59:59 UTC (UTC+1 in winter).
    in_utc = dt.datetime(2027, 2, 3, 22, 59, 59, tzinfo=dt.UTC)
    assert (
        submit_application(application=ready_draft, actor=ready_draft.applicant, now=in_utc).status
        == "submitted"
    )


def test_a_page_opened_before_the_deadline_and_posted_after_it_is_refused(ready_draft):
    # The page was rendered at 23:50; what counts is the moment of the request.
    with pytest.raises(SubmissionRefused):
        submit_application(
            application=ready_draft, actor=ready_draft.applicant, now=paris(2027, 2, 4, 0, 0, 5)
        )
