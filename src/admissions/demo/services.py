"""Build the demo: programmes from YAML, a person per role, and a pool of applicants.

Every step is idempotent: running ``seed_demo`` twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from admissions.accounts.models import RoleAssignment, User
from admissions.catalogue.models import Intake, Programme
from admissions.core import clock
from admissions.core.roles import Role
from admissions.demo.people import applicant_pool

DEMO_PASSWORD = "demo-admissions-2026"  # noqa: S105  # nosec B105  # printed on purpose for the demo
# One authenticator secret for every demo staff account, printed by `demo_logins` so a
# newcomer can add it to an authenticator app (or run `manage.py demo_code`).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  # nosec B105  # demo only
APPLICANT_COUNT = 300


@dataclass(frozen=True)
class DemoStaff:
    email: str
    first_name: str
    last_name: str
    role: Role
    programme_slug: str | None


STAFF = [
    DemoStaff("admin@example.org", "Adèle", "Administrator", Role.ADMINISTRATOR, None),
    DemoStaff(
        "head.pmai@example.org",
        "Henri",
        "Head (Post-Master AI)",
        Role.PROGRAMME_HEAD,
        "post-master-ai",
    ),
    DemoStaff(
        "officer.pmai@example.org",
        "Olivia",
        "Officer (Post-Master AI)",
        Role.ADMISSIONS_OFFICER,
        "post-master-ai",
    ),
    DemoStaff("finance@example.org", "Farid", "Finance", Role.FINANCE_OFFICER, None),
    DemoStaff(
        "interviewer.pmai@example.org", "Irène", "Interviewer", Role.INTERVIEWER, "post-master-ai"
    ),
    DemoStaff(
        "panel.pmai@example.org", "Paul", "Panel member", Role.PANEL_MEMBER, "post-master-ai"
    ),
    DemoStaff(
        "head.msc@example.org", "Hélène", "Head (MSc CPS2)", Role.PROGRAMME_HEAD, "msc-cps2-ai-iot"
    ),
    DemoStaff(
        "officer.msc@example.org",
        "Oscar",
        "Officer (MSc CPS2)",
        Role.ADMISSIONS_OFFICER,
        "msc-cps2-ai-iot",
    ),
    DemoStaff("reviewer.msc@example.org", "Rita", "Reviewer", Role.REVIEWER, "msc-cps2-ai-iot"),
]
DEMO_APPLICANT = ("applicant@example.org", "Ada", "Lovelace")


def programme_files() -> list[Path]:
    return sorted((Path(settings.BASE_DIR) / "programmes").glob("*.yaml"))


def _earlier_on_the_wall_clock(at: dt.datetime, delta: dt.timedelta, zone: str) -> dt.datetime:
    """``at`` moved ``delta`` earlier in the programme's local time: a deadline at 23:59:59
    stays at 23:59:59 even when the move crosses a change of summer time (moving the UTC
    instant would show it at 22:59:59)."""
    local = clock.local(at, zone)
    return (local.replace(tzinfo=None) - delta).replace(tzinfo=ZoneInfo(zone))


def ensure_a_round_is_open_today(*, now: dt.datetime) -> list[str]:
    """Map each programme's current intake onto today so that the demo has open rounds.

    The seed dates are an example configuration. When no round of a programme's upcoming
    intake is open at ``now`` (the MSc opens in early January), the whole intake calendar
    (rounds and panels) moves by whole weeks so that its first round opened two weeks ago,
    keeping every interval the seed gives. The start of classes stays where it is.
    """
    moved: list[str] = []
    for programme in Programme.objects.all():
        intake = (
            Intake.objects.filter(programme=programme, starts_on__gt=now.date())
            .order_by("academic_year")
            .prefetch_related("rounds", "panels")
            .first()
        )
        if intake is None:
            continue
        rounds = list(intake.rounds.all())
        if not rounds or any(r.is_open(now) for r in rounds):
            continue
        first = min(rounds, key=lambda r: r.number)
        if first.opens_at <= now:
            continue  # the intake's rounds are over; nothing to show as open
        weeks = ((first.opens_at - now).days + 14) // 7 + 1
        delta = dt.timedelta(weeks=weeks)
        with transaction.atomic():
            zone = programme.time_zone
            for rnd in sorted(rounds, key=lambda r: r.number):
                rnd.opens_at = _earlier_on_the_wall_clock(rnd.opens_at, delta, zone)
                rnd.deadline_at = _earlier_on_the_wall_clock(rnd.deadline_at, delta, zone)
                rnd.results_at = _earlier_on_the_wall_clock(rnd.results_at, delta, zone)
                rnd.save(update_fields=["opens_at", "deadline_at", "results_at"])
            for panel in intake.panels.all():
                panel.sits_on -= delta
                panel.save(update_fields=["sits_on"])
        moved.append(
            f"{programme.slug} {intake.academic_year_label}: calendar moved {weeks} weeks earlier"
        )
    return moved


def _user(email: str, first: str, last: str, *, language: str = "en", staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            preferred_language=language,
            is_staff=staff,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed_staff() -> list[User]:
    users = []
    for person in STAFF:
        is_admin = person.role == Role.ADMINISTRATOR
        user = _user(person.email, person.first_name, person.last_name, staff=is_admin)
        if is_admin and not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        programme = (
            Programme.objects.get(slug=person.programme_slug) if person.programme_slug else None
        )
        RoleAssignment.objects.get_or_create(user=user, role=person.role, programme=programme)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users.append(user)
    return users


def seed_applicants(count: int = APPLICANT_COUNT) -> list[User]:
    users = [_user(*DEMO_APPLICANT)]
    existing = set(
        User.objects.filter(email__endswith="@example.org").values_list("email", flat=True)
    )
    # One hash for every demo applicant: hashing a password on purpose takes a quarter of a
    # second, and three hundred of them would make `make demo` wait for nothing.
    password = make_password(DEMO_PASSWORD)
    new = [
        User(
            email=person.email,
            password=password,
            first_name=person.first_name,
            last_name=person.last_name,
            preferred_language=person.preferred_language,
        )
        for person in applicant_pool(count)
        if person.email not in existing
    ]
    with transaction.atomic():
        User.objects.bulk_create(new)
        created = list(User.objects.filter(email__in=[user.email for user in new]))
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in created
        )
    return users + created


class DemoRefusedInProduction(Exception):
    """The demo data was asked for on a production site."""


def refuse_in_production() -> None:
    if settings.PRODUCTION:
        raise DemoRefusedInProduction(
            "The demo data is refused when ADMISSIONS_ENV=production: its accounts' password "
            "and two-factor secret are public. Create real staff accounts instead."
        )


def seed_demo(*, now: dt.datetime | None = None, applicants: int = APPLICANT_COUNT) -> list[str]:
    from admissions.catalogue.services import load_programme_files

    refuse_in_production()
    now = now or clock.now()
    report: list[str] = []
    load_programme_files(programme_files())
    report.append(f"programmes: {Programme.objects.count()}")
    report.extend(ensure_a_round_is_open_today(now=now))
    report.append(f"staff accounts: {len(seed_staff())}")
    seed_applicants(applicants)
    report.append(
        f"applicant accounts: {User.objects.filter(role_assignments__isnull=True).count()}"
    )
    from admissions.demo.applications import seed_applications  # after people and rounds

    report.extend(seed_applications(now=now))
    return report
