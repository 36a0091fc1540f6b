"""The merged PDF's cover writes dates the way its reader does: "4 May 1998" in English,
"4 mai 1998" in French, never "May 4, 1998"; moments in the programme's time zone."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from admissions.applicants.models import Profile
from admissions.documents.merge import cover_pdf
from tests.calendar import paris
from tests.documents.stories import application_for

pytestmark = pytest.mark.django_db

SUBMITTED_AT = paris(2027, 1, 20, 18, 5)


@pytest.fixture
def application(seed_programmes):
    application = application_for(seed_programmes["post-master-ai"], submitted=True)
    application.submitted_at = SUBMITTED_AT
    application.save()
    Profile.objects.filter(user=application.applicant).update(date_of_birth=dt.date(1998, 5, 4))
    return application


def cover_text(application, language: str) -> str:
    pdf = cover_pdf(application, [], paris(2027, 2, 1, 9, 30), language)
    pages = PdfReader(io.BytesIO(pdf)).pages  # the cover runs over several pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_english_cover_writes_day_month_year(application):
    text = cover_text(application, "en")

    assert "4 May 1998" in text
    assert "May 4, 1998" not in text
    assert "20 January 2027 at 18:05" in text
    assert "1 February 2027 at 09:30" in text


def test_the_french_cover_writes_dates_in_french(application):
    text = cover_text(application, "fr")

    assert "4 mai 1998" in text
    assert "20 janvier 2027 à 18:05" in text
    assert "1 février 2027 à 09:30" in text
