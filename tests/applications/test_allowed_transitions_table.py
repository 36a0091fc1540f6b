"""The allowed-transitions table: its shape holds the lifecycle's promises."""

from admissions.applications.states import (
    ALLOWED,
    FINAL,
    Status,
    allowed_targets,
    can_transition,
    stage_allowed,
)


def test_every_status_has_a_row():
    assert set(ALLOWED) == set(Status)


def test_withdrawal_is_allowed_from_every_status_that_is_not_final():
    for status in Status:
        assert can_transition(status, Status.WITHDRAWN) == (status not in FINAL)


def test_final_statuses_lead_nowhere_except_a_staff_override_or_a_held_refusal_replaced():
    # A refusal held until its release (never seen by the applicant) may be replaced: the
    # decisions app takes it back to the panel only while it is held.
    exits = {status: ALLOWED[status] for status in FINAL if ALLOWED[status]}
    assert exits == {
        Status.INELIGIBLE: frozenset({Status.ELIGIBLE}),
        Status.REFUSED: frozenset({Status.READY_FOR_PANEL}),
    }


def test_the_missing_items_round_trip():
    assert can_transition(Status.SUBMITTED, Status.INCOMPLETE)
    assert can_transition(Status.INCOMPLETE, Status.SUBMITTED)


def test_an_eligible_application_goes_to_whichever_stage_comes_next():
    assert allowed_targets(Status.ELIGIBLE) == [
        Status.IN_REVIEW,
        Status.INTERVIEW,
        Status.READY_FOR_PANEL,
        Status.WITHDRAWN,
    ]


def test_a_draft_can_only_be_submitted_or_withdrawn():
    assert allowed_targets(Status.DRAFT) == [Status.SUBMITTED, Status.WITHDRAWN]


def test_every_status_is_reachable_from_a_draft():
    reached, frontier = {Status.DRAFT}, [Status.DRAFT]
    while frontier:
        for target in ALLOWED[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(Status)


def test_a_stage_outside_the_programmes_pipeline_is_not_entered():
    post_master = ["eligibility", "interview", "panel"]
    assert not stage_allowed(Status.IN_REVIEW, post_master)
    assert stage_allowed(Status.INTERVIEW, post_master)
    assert stage_allowed(Status.ADMITTED, post_master)
    assert stage_allowed(Status.IN_REVIEW, [])
