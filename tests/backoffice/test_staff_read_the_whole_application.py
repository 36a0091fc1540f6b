"""Staff read the whole application on one read-only page, ``/staff/applications/<ref>/``:
every answer, every profile section, the documents with their states, the fee and the
timeline. Staff outside the programme and applicants get the same 404 as for a reference
that does not exist, and every view of the file is recorded in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.applications.states import Status
from admissions.core.models import AuditEvent
from admissions.documents import services as document_services
from tests.applicants.factories import (
    DegreeFactory,
    ExperienceFactory,
    LanguageTestFactory,
    ProfileFactory,
)
from tests.conftest import pay_fee
from tests.documents.stories import application_for, upload
from tests.pages import assert_accessible_outline, text_of

pytestmark = pytest.mark.django_db

CAREER_PLAN = "Lead the machine-learning team of a hospital group within five years."


@pytest.fixture
def application(post_master, msc, seed_programmes, officer):
    application = application_for(
        seed_programmes["post-master-ai"],
        submitted=True,
        answers={"career_plan": CAREER_PLAN, "funding_intentions": ["employer", "cpf"]},
    )
    profile = ProfileFactory(user=application.applicant)
    profile.given_names, profile.family_name = "Salma", "Benjelloun"
    profile.nationalities, profile.residence_country = ["MA"], "MA"
    profile.native_languages, profile.instruction_languages = ["ar"], ["fr"]
    profile.phone = "+212 6 12 34 56 78"
    profile.eef_file_number = "MA24-012345"
    profile.save()
    profile.degrees.all().delete()
    DegreeFactory(
        profile=profile,
        title="Diplôme d'ingénieur d'État en informatique",
        institution="ENSIAS",
        country="MA",
        grade="16.4/20",
        level="engineering",
    )
    ExperienceFactory(
        profile=profile,
        employer="OCP Group",
        role="Data engineer",
        started_on=dt.date(2021, 9, 1),
    )
    LanguageTestFactory(profile=profile, test="TOEIC_LR", score=820)
    application.status = Status.DRAFT
    application.save()
    upload(application, "cv", name="cv-salma.pdf")
    transcripts = upload(application, "transcripts", name="releves.pdf")
    pay_fee(application)
    application.status = Status.SUBMITTED
    application.save()
    document_services.review_document(
        document=transcripts, accepted=True, reason_code="", text="", actor=officer
    )
    return application


def url(application) -> str:
    return reverse("staff:application", args=[application.reference])


def test_the_officer_reads_every_section_of_the_application(client, officer, application):
    client.force_login(officer)

    response = client.get(url(application))

    assert response.status_code == 200
    assert_accessible_outline(response)
    page = text_of(response)
    # The answers.
    assert CAREER_PLAN in page
    assert "Employer" in page
    # Identity and contact, nationalities and languages by name.
    assert "Salma Benjelloun" in page
    assert "+212 6 12 34 56 78" in page
    assert application.applicant.email in page
    assert "Morocco" in page
    assert "Arabic" in page
    # Degrees with grades, experience, language tests with scores.
    assert "Diplôme d'ingénieur d'État en informatique" in page
    assert "ENSIAS" in page
    assert "16.4/20" in page
    assert "Data engineer" in page and "OCP Group" in page
    assert "TOEIC Listening &amp; Reading" in page or "TOEIC Listening & Reading" in page
    assert "820" in page
    # The Études en France file number.
    assert "MA24-012345" in page
    # Documents with their states as labels, and a link to each file.
    assert "cv-salma.pdf" in page and "releves.pdf" in page
    assert "Accepted" in page
    body = response.content.decode()
    for document in application.documents.all():
        assert (
            reverse("staff:document-download", args=[application.reference, document.public_id])
            in body
        )
    # The fee and the timeline.
    assert "Paid" in page
    assert "Timeline" in page


def test_the_file_page_reads_a_longer_profile_in_the_same_number_of_queries(
    client, officer, application, django_assert_max_num_queries
):
    client.force_login(officer)
    with django_assert_max_num_queries(40) as first:
        client.get(url(application))
    profile = application.applicant.applicant_profile
    for _ in range(3):
        LanguageTestFactory(profile=profile, score=900)
        ExperienceFactory(profile=profile, started_on=dt.date(2020, 1, 1))
        DegreeFactory(profile=profile)

    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url(application))


def test_each_view_of_the_file_is_recorded(client, officer, application):
    client.force_login(officer)

    client.get(url(application))
    client.get(url(application))

    views = AuditEvent.objects.filter(
        action="application.file_viewed", object_ref=application.reference, actor=officer
    )
    assert views.count() == 2


def test_staff_of_another_programme_and_applicants_get_the_not_found_page(
    client, application, officer_of_other_programme
):
    client.force_login(officer_of_other_programme)
    outside = client.get(url(application))
    missing = client.get(reverse("staff:application", args=["PMAI-2027-99999"]))
    assert outside.status_code == missing.status_code == 404
    assert text_of(outside) == text_of(missing)

    client.force_login(application.applicant)
    assert client.get(url(application)).status_code == 404


def test_the_staff_home_links_each_application_to_its_file(client, officer, application):
    client.force_login(officer)

    page = client.get(reverse("staff:home")).content.decode()

    assert url(application) in page
