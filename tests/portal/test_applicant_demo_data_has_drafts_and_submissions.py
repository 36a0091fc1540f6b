"""The demo shows applications in draft and submitted states for both programmes, the past
intake included, made through the domain services; seeding twice changes nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from admissions.applications.models import Application
from admissions.demo.services import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_drafts_and_submissions_for_both_programmes_and_is_idempotent(db):
    now = dt.datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/Paris"))

    seed_demo(now=now, applicants=12)
    statuses = sorted(Application.objects.values_list("reference", "status"))
    seed_demo(now=now, applicants=12)

    assert sorted(Application.objects.values_list("reference", "status")) == statuses
    current = Application.objects.filter(
        programme__slug="post-master-ai", intake__academic_year=2027
    )
    moved = set(current.values_list("status", flat=True))
    assert {"eligible", "ineligible", "incomplete", "withdrawn"} <= moved
    for slug in ("post-master-ai", "msc-cps2-ai-iot"):
        mine = Application.objects.filter(programme__slug=slug)
        assert mine.filter(status="draft").exists()
        assert mine.filter(status="submitted", round__isnull=False).exists()
        assert mine.filter(
            status="submitted", submitted_at__lt=now - dt.timedelta(days=200)
        ).exists()
    demo = Application.objects.filter(applicant__email="applicant@example.org")
    assert set(demo.values_list("status", flat=True)) == {"draft"}
