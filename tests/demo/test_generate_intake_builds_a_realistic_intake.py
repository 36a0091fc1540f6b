"""``manage.py generate_intake`` fills a programme's current intake with eligible
applications (profiles, degrees, language tests, documents' rows) and a committee whose
assignment the solver can draft."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from admissions.applicants.models import Degree, LanguageTest
from admissions.applications.models import Application
from admissions.documents.models import Document
from admissions.review.assignment.conflicts import refresh_derived_conflicts
from admissions.review.assignment.services import applications_in_scope, draft_assignment
from admissions.review.models import Assignment, Committee, Conflict, MemberRole

pytestmark = pytest.mark.django_db


def test_an_intake_of_eligible_applications_with_a_committee_is_generated(seed_programmes):
    out = StringIO()
    call_command("generate_intake", applications=60, reviewers=8, seed=3, stdout=out)

    applications = Application.objects.filter(programme__slug="msc-cps2-ai-iot")
    assert applications.count() == 60
    assert set(applications.values_list("status", flat=True)) == {"eligible"}
    references = list(applications.values_list("reference", flat=True))
    assert len(set(references)) == 60
    assert Degree.objects.filter(profile__user__applications__in=applications).count() >= 60
    assert LanguageTest.objects.exists()
    assert Document.objects.filter(application__in=applications).count() == 60 * 5
    committee = Committee.objects.get(intake__programme__slug="msc-cps2-ai-iot")
    members = committee.members.all()
    assert members.count() == 8
    assert members.filter(role=MemberRole.CHAIR).count() == 1
    assert members.filter(role=MemberRole.EXTERNAL).exists()
    assert sum(m.capacity for m in members) >= 1.3 * 60 * committee.reviewers_per_application
    assert "60 eligible applications" in out.getvalue()

    chair = members.get(role=MemberRole.CHAIR).user
    outcome = draft_assignment(committee=committee, actor=chair)
    assert outcome.feasible
    assert Assignment.objects.filter(committee=committee).count() == 60 * 3


def test_about_five_percent_of_member_application_pairs_share_an_institution(seed_programmes):
    call_command("generate_intake", applications=400, reviewers=20, seed=5, stdout=StringIO())
    committee = Committee.objects.get(intake__programme__slug="msc-cps2-ai-iot")
    members = list(committee.members.all())
    refresh_derived_conflicts(
        members=members,
        applications=applications_in_scope(committee),
        now=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
    )
    rate = Conflict.objects.filter(member__committee=committee).count() / (400 * 20)
    assert 0.03 < rate < 0.08


def test_a_second_run_continues_the_references_and_the_addresses(seed_programmes):
    call_command("generate_intake", applications=5, seed=1, stdout=StringIO())
    call_command("generate_intake", applications=5, seed=1, stdout=StringIO())
    references = Application.objects.values_list("reference", flat=True)
    assert len(set(references)) == 10
