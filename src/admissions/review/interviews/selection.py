"""Who is invited to an interview, and who may choose.

The Post-Master's: the head of programme, or a representative the head names, selects
which eligible applicants have a phone interview (seed 001, step 2): ``invite`` moves the
application ``eligible → interview`` through the one transition function and sends the
``interview_invitation`` email, which asks the applicant to book a time. The MSc: the
committee's chair (or the head) invites an application ``in_review`` to its optional
interview the same way. After a no-show, the same people may invite once more: a new
``Interview`` row (``attempt`` + 1), the application staying in ``interview``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q

from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.states import Status, stage_allowed
from admissions.catalogue.models import Programme
from admissions.core import audit, clock
from admissions.review.interviews import access, mail
from admissions.review.interviews.errors import (
    ALREADY_HELD,
    ALREADY_INVITED,
    CANNOT_INVITE_STATUS,
    INTERVIEW_NOT_IN_PIPELINE,
    NOT_HEAD,
    NOT_STAFF_OF_PROGRAMME,
    InterviewError,
)
from admissions.review.models import (
    Interview,
    InterviewRepresentative,
    InterviewSlot,
    InterviewStatus,
)
from admissions.review.rubric import interview_settings_of

EVENT_INVITED = "interview_invited"
# Where an interview can start from: the Post-Master's selects among eligible
# applications, the MSc among those its committee reviews.
INVITABLE = (Status.ELIGIBLE, Status.IN_REVIEW)
OPEN = (InterviewStatus.INVITED, InterviewStatus.BOOKED)


def new_uid() -> str:
    """A calendar UID that is unique worldwide (RFC 5545): a random id at the site's host."""
    host = urlsplit(str(settings.SITE_URL or "")).hostname or "admissions.example.org"
    return f"interview-{uuid.uuid4()}@{host}"


def book_by(application: Application, now: dt.datetime) -> dt.datetime | None:
    """The last moment any open slot of the intake can still be booked, if one can."""
    last = InterviewSlot.objects.filter(
        intake_id=application.intake_id, cancelled_at__isnull=True, starts_at__gt=now
    ).aggregate(last=Max("starts_at"))["last"]
    if last is None:
        return None
    cutoff = last - dt.timedelta(
        hours=interview_settings_of(application.programme).booking_cutoff_hours
    )
    return cutoff if cutoff > now else None


def invite(*, application: Application, actor: Any, now: dt.datetime | None = None) -> Interview:
    """Invite ``application``'s applicant to an interview (a first one, or again after a
    no-show). Raises ``NotFound`` for someone who may not select, ``InterviewError`` with
    the reason otherwise."""
    now = now or clock.now()
    programme = application.programme
    access.check_select(actor, programme)
    if not stage_allowed(Status.INTERVIEW, programme.pipeline or []):
        raise InterviewError(INTERVIEW_NOT_IN_PIPELINE % {"programme": programme.name_en})
    with transaction.atomic():
        locked = application_services.lock(application)
        previous = locked.interviews.order_by("-attempt").first()
        params = {
            "reference": locked.reference,
            "status": Status(locked.status).label,
        }
        if previous is not None and previous.status in OPEN:
            raise InterviewError(ALREADY_INVITED % params)
        again = locked.status == Status.INTERVIEW
        if again:
            if previous is not None and previous.status == InterviewStatus.COMPLETED:
                raise InterviewError(ALREADY_HELD % params)
        elif locked.status not in INVITABLE:
            raise InterviewError(CANNOT_INVITE_STATUS % params)
        attempt = (previous.attempt if previous else 0) + 1
        interview = Interview.objects.create(
            application=locked,
            attempt=attempt,
            uid=new_uid(),
            invited_at=now,
            invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        data = {"interview": str(interview.public_id), "attempt": attempt}
        if again:
            application_services.record_event(
                application=locked,
                kind=EVENT_INVITED,
                actor=actor,
                message_en="You are invited to an interview again: choose a time.",
                message_fr="Vous êtes de nouveau invité(e) à un entretien : choisissez un horaire.",
                data=data,
                now=now,
            )
        else:
            application_services.transition(
                application=locked, to=Status.INTERVIEW, actor=actor, now=now, data=data
            )
        interview.application = locked
        mail.invited(interview, book_by=book_by(locked, now))
        audit.record(
            action="interview.invited",
            actor=actor,
            object_type="application",
            object_ref=locked.reference,
            programme_id=locked.programme_id,
            data=data,
        )
    application_services.copy_state(locked, application)
    return interview


# --------------------------------------------------------------------------------------------
# Representatives
# --------------------------------------------------------------------------------------------


def name_representative(
    *, programme: Programme, user: Any, actor: Any, now: dt.datetime | None = None
) -> InterviewRepresentative:
    """The head names ``user`` (a member of the programme's staff) to select applicants
    for interviews in their place."""
    now = now or clock.now()
    if not access.is_head(actor, programme):
        raise InterviewError(NOT_HEAD)
    holds_role = user.role_assignments.filter(
        Q(programme=programme) | Q(programme__isnull=True)
    ).exists()
    if not holds_role:
        raise InterviewError(
            NOT_STAFF_OF_PROGRAMME % {"person": user.get_full_name() or user.email},
            field="user",
        )
    with transaction.atomic():
        representative, _created = InterviewRepresentative.objects.update_or_create(
            programme=programme,
            user=user,
            defaults={
                "named_by": actor if getattr(actor, "is_authenticated", False) else None,
                "named_at": now,
                "active": True,
            },
        )
        audit.record(
            action="interview.representative_named",
            actor=actor,
            object_type="programme",
            object_ref=programme.slug,
            programme_id=programme.pk,
            data={"user": user.email},
        )
    return representative


def revoke_representative(
    *, representative: InterviewRepresentative, actor: Any
) -> InterviewRepresentative:
    programme = representative.programme
    if not access.is_head(actor, programme):
        raise InterviewError(NOT_HEAD)
    with transaction.atomic():
        representative.active = False
        representative.save(update_fields=["active"])
        audit.record(
            action="interview.representative_revoked",
            actor=actor,
            object_type="programme",
            object_ref=programme.slug,
            programme_id=programme.pk,
            data={"user": representative.user.email},
        )
    return representative
