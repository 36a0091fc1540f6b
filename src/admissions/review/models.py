"""Committees, their members and conflicts; reviewer assignments and reviews; interview
slots and interviews.

Nothing here is deleted by a normal action (ARCHITECTURE.md, invariant 4): a member who
leaves is made inactive, an assignment a reviewer declines or a conflict ends is marked so,
a review withdrawn after a conflict keeps its scores with the status ``withdrawn``, and a
cancelled interview stays on record.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admissions.applications.models import Application
from admissions.catalogue.models import EntryLevel, Intake, Programme, Round

# --------------------------------------------------------------------------------------------
# Committees
# --------------------------------------------------------------------------------------------


class Committee(models.Model):
    """The committee of a programme's intake, optionally of one round or one entry level.

    ``reviewers_per_application`` and ``blind`` start from the programme's YAML (its
    ``review`` settings) and may be changed for this committee before assignment."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="committees")
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="committees"
    )
    entry_level = models.ForeignKey(
        EntryLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="committees"
    )
    name = models.CharField(_("name"), max_length=200)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=3
    )
    blind = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_(
            "Reviewers do not see the applicant's name, photo, nationality, date of birth or "
            "gender, nor the identity documents. CVs and letters are not redacted."
        ),
    )
    review_days = models.PositiveSmallIntegerField(
        _("days to review"),
        default=14,
        help_text=_("A review is due this many days after the assignment is published."),
    )
    published_at = models.DateTimeField(_("assignment published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["intake", "round__number", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "round", "entry_level"],
                name="one_committee_per_scope",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1),
                name="committee_at_least_one_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    INTERNAL = "internal", _("Internal member")
    EXTERNAL = "external", _("External member")


class CommitteeMember(models.Model):
    """A person's seat on a committee: the committee-scoped role, the hard maximum of
    reviews (``capacity``), expertise tags, and the institution the person belongs to (an
    applicant whose degree comes from it is a conflict, derived automatically)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_seats"
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    capacity = models.PositiveSmallIntegerField(
        _("review capacity"), default=20, help_text=_("The most reviews this member takes.")
    )
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Whether taking this seat gave the person their programme-level role (chair, reviewer,
    # external member): leaving takes it back only then, never a role held for another reason.
    granted_role = models.BooleanField(default=False, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "role", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="one_seat_per_committee"),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.user} ({self.role})"


class MemberInvitation(models.Model):
    """An invitation for someone from outside the school: a single-use link valid 7 days.
    Only a hash of the token is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.EXTERNAL
    )
    capacity = models.PositiveSmallIntegerField(_("review capacity"), default=20)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.committee}: {self.email}"


class ConflictKind(models.TextChoices):
    DECLARED = "declared", _("Declared by the member")
    INSTITUTION = "institution", _("The applicant's institution")
    PERSONAL = "personal", _("A personal tie")


class Conflict(models.Model):
    """A member may not review this application. ``derived`` conflicts are found by the
    system (the member's institution is that of the applicant's degree); the others are
    declared by the member or recorded by the chair."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="review_conflicts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConflictKind.choices)
    derived = models.BooleanField(_("found by the system"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_at = models.DateTimeField()
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"], name="one_conflict_per_member_and_application"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} / {self.application_id} ({self.kind})"


# --------------------------------------------------------------------------------------------
# Assignments and reviews
# --------------------------------------------------------------------------------------------


class AssignmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not published)")
    ACTIVE = "active", _("Assigned")
    DECLINED = "declined", _("Declined by the reviewer")
    WITHDRAWN = "withdrawn", _("Withdrawn (conflict of interest)")
    SUPERSEDED = "superseded", _("Replaced before publication")


LIVE_ASSIGNMENT = (AssignmentStatus.DRAFT, AssignmentStatus.ACTIVE)


class Assignment(models.Model):
    """One reviewer for one application. A draft until the chair publishes the committee's
    assignment; a reviewer sees only ``active`` ones."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.PROTECT, related_name="assignments"
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="review_assignments"
    )
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.DRAFT
    )
    expertise_match = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["member", "status"], name="assignment_member_status"),
            models.Index(fields=["application", "status"], name="assignment_app_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"],
                condition=Q(status__in=["draft", "active"]),
                name="one_live_assignment_per_member_and_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} / {self.application_id} ({self.status})"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Recommendation(models.TextChoices):
    ADMIT = "admit", _("Admit")
    INTERVIEW = "interview", _("Interview")
    WAITLIST = "waitlist", _("Waiting list")
    REFUSE = "refuse", _("Refuse")


class Review(models.Model):
    """A reviewer's scores for one assignment: ``scores`` maps each rubric criterion's code
    to a number on the programme's scale. Saved as the reviewer types (draft); locked once
    submitted unless the chair reopens it; withdrawn (kept) when a conflict ends the
    assignment."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    scores = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, blank=True)
    comment = models.TextField(blank=True)
    weighted_score = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assignment"]

    def __str__(self) -> str:
        return f"review of {self.assignment} ({self.status})"


# --------------------------------------------------------------------------------------------
# Interviews
# --------------------------------------------------------------------------------------------


class InterviewMode(models.TextChoices):
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    IN_PERSON = "in_person", _("In person")


class InterviewSlot(models.Model):
    """A time interviewers hold for interviews: ``places`` applicants may book it (1 for a
    one-to-one interview). Every interviewer listed must be free at that time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="interview_slots")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    mode = models.CharField(_("mode"), max_length=16, choices=InterviewMode.choices)
    phone_number = models.CharField(_("number to call"), max_length=40, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="interview_slots", verbose_name=_("interviewers")
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["intake", "starts_at"], name="slot_intake_start")]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="slot_at_least_one_place"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="slot_at_least_five_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.mode})"


class InterviewStatus(models.TextChoices):
    INVITED = "invited", _("Invited, not booked")
    BOOKED = "booked", _("Booked")
    COMPLETED = "completed", _("Held")
    NO_SHOW = "no_show", _("Did not attend")
    CANCELLED = "cancelled", _("Cancelled")


class InterviewOutcome(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    UNDECIDED = "undecided", _("Undecided")


class Interview(models.Model):
    """An invitation to an interview and what became of it. ``uid`` and ``sequence`` are
    the calendar's: the UID stays when the slot moves, the sequence increases, so the
    applicant's calendar updates the event instead of adding another. A second invitation
    (after a no-show) is a new row with ``attempt`` + 1."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="interviews"
    )
    attempt = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.INVITED
    )
    slot = models.ForeignKey(
        InterviewSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
    )
    uid = models.CharField(max_length=200, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    invited_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    # The time zone the applicant chose when booking: emails and reminders show times in it.
    time_zone = models.CharField(max_length=64, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The outcome sheet: rubric scores, the prerequisite check, pass / fail / undecided.
    outcome = models.CharField(max_length=16, choices=InterviewOutcome.choices, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    prerequisites = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    # The sheet's weighted mean on the rubric (an MSc interview counts as one more review).
    weighted_score = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["application", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "attempt"], name="one_interview_per_attempt"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["invited", "booked"]),
                name="one_open_interview_per_application",
            ),
        ]
        indexes = [models.Index(fields=["slot", "status"], name="interview_slot_status")]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.attempt} ({self.status})"


class PrerequisiteCheck(models.TextChoices):
    """Each prerequisite of the outcome sheet (the Post-Master's lists analysis, algebra,
    optimisation, statistics, probability, Java, Python and Unix)."""

    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class InterviewRepresentative(models.Model):
    """Someone the head of programme names to select applicants for interviews in their
    place (the Post-Master's: "the head of programme or a representative"). Naming again
    after revoking reactivates the same row; revoking keeps it (``active`` false)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="interview_representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interview_representations"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    named_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["programme", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_representative_row_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.user}"
