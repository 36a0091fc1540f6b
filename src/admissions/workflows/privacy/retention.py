"""``purge_expired``: erasures whose grace period ended, and the retention period of intakes.

An intake's applications keep their personal data ``RETENTION_MONTHS_AFTER_INTAKE`` months
(24 by default) after the intake ends (its ``ends_on``; an intake without one is taken to end
a year after classes start). Then, for each applicant of the intake:

- one whose every application has expired is erased whole (``erase_person``): account,
  profile, messages, documents; only the anonymised money records stay;
- one who also applied to a later intake keeps their account and profile: only the expired
  applications' data goes (``erase_application``).

``purge_expired(apply=False)`` is the dry run: it counts and changes nothing. ``tick`` applies
it once a day (``privacy.purge_expired``). Staff accounts are never erased by retention.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from admissions.accounts.models import ErasureRequest, User
from admissions.applications.models import Application
from admissions.catalogue.models import Intake
from admissions.core import clock
from admissions.core.schedule import register
from admissions.documents.models import Document
from admissions.workflows.privacy.erasure import Erased, erase_application, erase_person


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def intake_end(intake: Intake) -> dt.date:
    return intake.ends_on or _add_months(intake.starts_on, 12)


def retention_ends_on(intake: Intake) -> dt.date:
    return _add_months(intake_end(intake), settings.RETENTION_MONTHS_AFTER_INTAKE)


@dataclass
class ExpiredIntake:
    intake: str
    ended_on: dt.date
    kept_until: dt.date
    applications: int
    documents: int


@dataclass
class PurgeReport:
    applied: bool
    erasures_due: list[int] = field(default_factory=list)  # user ids
    intakes: list[ExpiredIntake] = field(default_factory=list)
    people_erased_whole: int = 0
    applications_only: int = 0
    done: Erased = field(default_factory=Erased)

    def lines(self) -> list[str]:
        verb = "Erased" if self.applied else "Would erase"
        lines = [
            f"{verb}: {len(self.erasures_due)} account(s) whose erasure request's grace "
            "period ended."
        ]
        for item in self.intakes:
            lines.append(
                f"{verb}: intake {item.intake} (ended {item.ended_on}, kept until "
                f"{item.kept_until}): {item.applications} application(s), "
                f"{item.documents} document(s)."
            )
        lines.append(
            f"{verb}: {self.people_erased_whole} applicant(s) whole, and the expired "
            f"applications only of {self.applications_only} applicant(s) with a later one."
        )
        if self.applied:
            counts = ", ".join(f"{name} {count}" for name, count in self.done.counts().items())
            lines.append(f"Done: {counts}.")
        else:
            lines.append("Dry run: nothing changed. Run again with --apply to erase.")
        return lines

    def summary(self) -> str:
        return " ".join(self.lines())


def _expired_intakes(today: dt.date) -> list[Intake]:
    intakes = Intake.objects.select_related("programme").order_by("starts_on", "pk")
    return [intake for intake in intakes if retention_ends_on(intake) < today]


def purge_expired(*, now: dt.datetime | None = None, apply: bool = False) -> PurgeReport:
    now = now or clock.now()
    today = timezone.localdate(now)
    report = PurgeReport(applied=apply)

    due = ErasureRequest.objects.filter(
        cancelled_at__isnull=True, completed_at__isnull=True, erase_after__lte=now
    ).select_related("user")
    due_requests = list(due)
    report.erasures_due = [erasure.user_id for erasure in due_requests]

    expired = _expired_intakes(today)
    expired_ids = [intake.pk for intake in expired]
    pending = Application.objects.filter(
        intake_id__in=expired_ids, personal_data_erased_at__isnull=True
    )
    per_intake = dict(
        pending.values("intake_id").annotate(n=Count("pk")).values_list("intake_id", "n")
    )
    documents = dict(
        Document.objects.filter(application__in=pending)
        .values("application__intake_id")
        .annotate(n=Count("pk"))
        .values_list("application__intake_id", "n")
    )
    for intake in expired:
        if per_intake.get(intake.pk):
            report.intakes.append(
                ExpiredIntake(
                    intake=str(intake),
                    ended_on=intake_end(intake),
                    kept_until=retention_ends_on(intake),
                    applications=per_intake[intake.pk],
                    documents=documents.get(intake.pk, 0),
                )
            )

    applicant_ids = set(pending.values_list("applicant_id", flat=True))
    with_live = set(
        Application.objects.filter(applicant_id__in=applicant_ids)
        .filter(~Q(intake_id__in=expired_ids))
        .values_list("applicant_id", flat=True)
    )
    staff = set(
        Application.objects.filter(applicant_id__in=applicant_ids)
        .filter(
            Q(applicant__is_staff=True)
            | Q(applicant__is_superuser=True)
            | Q(applicant__role_assignments__isnull=False)
        )
        .values_list("applicant_id", flat=True)
    )
    whole = applicant_ids - with_live - staff - set(report.erasures_due)
    partly = applicant_ids - whole - set(report.erasures_due)
    report.people_erased_whole = len(whole)
    report.applications_only = len(partly)
    if not apply:
        return report

    for erasure in due_requests:
        report.done.add(erase_person(user=erasure.user, now=now, reason="request"))
    for person in User.objects.filter(pk__in=whole).order_by("pk"):
        report.done.add(erase_person(user=person, now=now, reason="retention"))
    for application in pending.filter(applicant_id__in=partly):
        report.done.add(erase_application(application=application, now=now))
    return report


@register("privacy.purge_expired", every=dt.timedelta(days=1))
def purge_expired_job(now: dt.datetime) -> str:
    return purge_expired(now=now, apply=True).summary()
