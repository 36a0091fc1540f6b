"""The messages interviews refuse with: module-level, translated, reused by the tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import DomainError, NotFound


class InterviewError(DomainError):
    """An interview step was refused; the message says why and what to do."""


class SlotFull(InterviewError):
    """Another applicant took the last place of the slot first."""


class TooLate(InterviewError):
    """The booking cut-off has passed."""


class StaleInterview(InterviewError):
    """Someone recorded the sheet since the page was opened."""


INTERVIEW_NOT_FOUND = _("No such interview, or it is not one of yours.")
SLOT_NOT_FOUND = _("No such interview slot.")

SLOT_IN_THE_PAST = _("The slot starts in the past. Choose a date and time still to come.")
SLOT_NEEDS_INTERVIEWER = _("Choose at least one interviewer for the slot.")
SLOT_INTERVIEWER_NOT_OF_PROGRAMME = _(
    "%(person)s does not interview for this programme. Choose among the programme's interviewers."
)
SLOT_INTERVIEWER_BUSY = _(
    "%(person)s already sits on another interview slot at that time (%(other)s). Choose "
    "another time or another interviewer."
)
SLOT_PHONE_NEEDS_NUMBER = _("A phone interview needs the number to call.")
SLOT_VIDEO_NEEDS_LINK = _("A video interview needs the link to the call.")
SLOT_IN_PERSON_NEEDS_ROOM = _("An interview in person needs the room.")
SLOT_MODE_NOT_OFFERED = _("This programme does not hold interviews in this mode (%(mode)s).")
SLOT_ALREADY_CANCELLED = _("This slot is already cancelled.")

NOT_SELECTABLE = _(
    "Only the head of the programme or a representative the head named can select "
    "applicants for an interview."
)
NOT_STAFF_OF_PROGRAMME = _("%(person)s holds no staff role on this programme.")
NOT_HEAD = _("Only the head of the programme can name or remove representatives.")
CANNOT_INVITE_STATUS = _(
    "Application %(reference)s is “%(status)s”: only an eligible application (or, with a "
    "committee review, one in review) can be invited to an interview."
)
ALREADY_INVITED = _(
    "Application %(reference)s already has an interview under way. Wait for its outcome "
    "before inviting again."
)
ALREADY_HELD = _(
    "The interview of application %(reference)s has been held. A new invitation is "
    "possible only after a no-show."
)
INTERVIEW_NOT_IN_PIPELINE = _("%(programme)s holds no interviews.")

NOT_INVITED = _("This interview is already booked. Move or cancel it instead.")
NOT_BOOKED = _("This interview is not booked: choose a time first.")
INTERVIEW_CLOSED = _("This interview is closed: it can no longer be booked, moved or cancelled.")
SLOT_NOT_AVAILABLE = _("This time is no longer offered. Choose another one.")
SLOT_OF_OTHER_INTAKE = _("This time is for another programme. Choose one from the list.")
SAME_SLOT = _("Your interview is already at this time.")
SLOT_IS_FULL = _(
    "Someone else booked the last place at this time a moment ago. Choose another time."
)
TOO_LATE = _(
    "Interviews can be booked, moved or cancelled until %(hours)s hours before they start: "
    "for this one, until %(cutoff)s. It is too late now; write to the admissions team if "
    "you cannot attend."
)

NOT_YET_HELD = _("The interview starts at %(starts)s: record its outcome once it has been held.")
CANNOT_RECORD = _("This interview cannot be recorded: it is “%(status)s”.")
PASS_IS_FINAL = _(
    "The pass recorded earlier already sent the application to the panel; it can no longer "
    "be changed here."
)
STALE_SHEET = _(
    "Someone recorded this interview since you opened the page. Open it again to see their "
    "sheet, then record yours."
)
OUTCOME_REQUIRED = _("Choose the outcome: pass, fail or undecided.")
SCORE_MISSING = _("Score “%(criterion)s” before recording a pass or a fail.")
SCORE_OUT_OF_SCALE = _("The score of “%(criterion)s” must be between %(min)s and %(max)s.")
UNKNOWN_CRITERION = _("“%(criterion)s” is not a criterion of this programme's rubric.")
UNKNOWN_PREREQUISITE = _("“%(prerequisite)s” is not a prerequisite of this programme.")
BAD_PREREQUISITE_VALUE = _("Say for “%(prerequisite)s” whether it is met, not met or not assessed.")

__all__ = [
    "InterviewError",
    "NotFound",
    "SlotFull",
    "StaleInterview",
    "TooLate",
]
