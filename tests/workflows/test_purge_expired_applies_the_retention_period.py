"""``manage.py purge_expired`` erases the personal data of applications whose intake ended
more than ``RETENTION_MONTHS_AFTER_INTAKE`` months ago (24 by default): a dry run first, which
reports and changes nothing; ``--apply`` erases; ``tick`` runs it once a day."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from admissions.accounts.models import User
from admissions.applicants.models import Profile
from admissions.applications.models import Application
from admissions.core.models import AuditEvent
from admissions.core.schedule import run_due_jobs
from admissions.documents.models import Document
from admissions.finance.models import Receipt
from admissions.workflows.privacy.retention import purge_expired
from tests.calendar import paris
from tests.catalogue.factories import IntakeFactory
from tests.workflows.privacy_stories import application_with_everything

pytestmark = pytest.mark.django_db

# The 2024 intake ended on 30 September 2025: kept until 30 September 2027. The 2027 intake
# (classes from 1 October 2027, no end date: a year later) is kept until October 2030.
AFTER_2024_EXPIRED = paris(2028, 1, 15, 10)
BEFORE_2024_EXPIRED = paris(2027, 9, 29, 10)


@pytest.fixture
def story(seed_programmes, applicant, other_applicant):
    programme = seed_programmes["post-master-ai"]
    old_intake = IntakeFactory(
        programme=programme,
        academic_year=2024,
        starts_on=dt.date(2024, 10, 1),
        ends_on=dt.date(2025, 9, 30),
    )
    level = programme.entry_levels.first()
    ada_2024 = application_with_everything(
        programme,
        applicant,
        career_plan="Ada's 2024 plan.",
        intake=old_intake,
    )
    otto_2024 = application_with_everything(
        programme,
        other_applicant,
        career_plan="Otto's 2024 plan.",
        intake=old_intake,
    )
    otto_2027 = application_with_everything(
        programme, other_applicant, career_plan="Otto's 2027 plan.", profile=False
    )
    assert otto_2027.entry_level == level
    return ada_2024, otto_2024, otto_2027


def snapshot():
    return (
        list(User.objects.order_by("pk").values_list("email", "first_name", "is_active")),
        Profile.objects.count(),
        list(Application.objects.order_by("pk").values_list("answers", flat=True)),
        Document.objects.count(),
        list(Receipt.objects.order_by("pk").values_list("payer_name", flat=True)),
    )


def test_the_dry_run_reports_what_would_go_and_changes_nothing(story):
    before = snapshot()
    out = StringIO()
    call_command("purge_expired", stdout=out)
    report = purge_expired(now=AFTER_2024_EXPIRED)

    assert snapshot() == before
    lines = report.lines()
    assert any(
        "post-master-ai 2024-2025" in line
        and "2 application(s), 2 document(s)" in line
        and "kept until 2027-09-30" in line
        for line in lines
    )
    assert "Would erase: 1 applicant(s) whole" in " ".join(lines)
    assert "of 1 applicant(s) with a later one" in " ".join(lines)
    assert "Dry run: nothing changed" in out.getvalue()


def test_nothing_goes_before_the_retention_period_ends(story):
    before = snapshot()
    report = purge_expired(now=BEFORE_2024_EXPIRED, apply=True)
    assert report.intakes == []
    assert snapshot() == before


def test_apply_erases_the_expired_intakes_personal_data(
    story, applicant, other_applicant, django_capture_on_commit_callbacks
):
    ada_2024, otto_2024, otto_2027 = story
    with django_capture_on_commit_callbacks(execute=True):
        purge_expired(now=AFTER_2024_EXPIRED, apply=True)

    # Ada applied only to the expired intake: she is erased whole, her receipt anonymised.
    ada = User.objects.get(pk=applicant.pk)
    assert ada.email.endswith("@erased.invalid") and not ada.is_active
    assert not Profile.objects.filter(user=ada).exists()
    assert Application.objects.get(pk=ada_2024.pk).answers == {}
    assert Receipt.objects.get(payment__fee__application=ada_2024).payer_name == "anonymised"
    # Otto applied again in 2027: his account, profile and 2027 application stay.
    otto = User.objects.get(pk=other_applicant.pk)
    assert otto.email == "otto.other@example.org" and otto.is_active
    assert Profile.objects.filter(user=otto).exists()
    assert Application.objects.get(pk=otto_2024.pk).answers == {}
    assert not Document.objects.filter(application=otto_2024).exists()
    assert Application.objects.get(pk=otto_2027.pk).answers == {"career_plan": "Otto's 2027 plan."}
    assert Document.objects.filter(application=otto_2027).count() == 1
    assert AuditEvent.objects.filter(action="privacy.erased", data__reason="retention").count() == 1
    [only_one] = AuditEvent.objects.filter(action="privacy.application_erased")
    assert only_one.object_ref == otto_2024.reference


def test_a_second_run_finds_nothing_more_to_erase(story):
    purge_expired(now=AFTER_2024_EXPIRED, apply=True)
    again = purge_expired(now=AFTER_2024_EXPIRED + dt.timedelta(days=1))
    assert again.intakes == []
    assert again.people_erased_whole == 0 and again.applications_only == 0


def test_the_command_applies_with_apply(story, applicant):
    out = StringIO()
    call_command("purge_expired", "--apply", stdout=out)
    assert "Done:" in out.getvalue()


def test_tick_runs_it_once_a_day(story, applicant):
    first = run_due_jobs(now=AFTER_2024_EXPIRED)
    assert first["privacy.purge_expired"].startswith("Erased: 0 account(s)")
    assert not Profile.objects.filter(user=applicant).exists()
    assert (
        run_due_jobs(now=AFTER_2024_EXPIRED + dt.timedelta(hours=23))["privacy.purge_expired"]
        == "not due"
    )
    next_day = run_due_jobs(now=AFTER_2024_EXPIRED + dt.timedelta(days=1, seconds=1))
    assert next_day["privacy.purge_expired"].startswith("Erased:")


def test_an_applicant_with_two_expired_applications_is_erased_once(
    seed_programmes, story, applicant
):
    programme = seed_programmes["post-master-ai"]
    intake_2023 = IntakeFactory(
        programme=programme,
        academic_year=2023,
        starts_on=dt.date(2023, 10, 1),
        ends_on=dt.date(2024, 9, 30),
    )
    application_with_everything(
        programme, applicant, career_plan="Ada's 2023 plan.", intake=intake_2023, profile=False
    )
    report = purge_expired(now=AFTER_2024_EXPIRED, apply=True)
    assert report.done.people == 1
    assert report.done.applications == 3  # Ada's two, and Otto's 2024 one
    assert (
        AuditEvent.objects.filter(action="privacy.erased", object_ref=str(applicant.pk)).count()
        == 1
    )
