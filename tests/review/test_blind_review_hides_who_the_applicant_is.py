"""On a blind committee, a reviewer reads the application without the applicant's name,
nationality, date of birth (or contact details), and without the identity documents: on the
staff pages, on the merged PDF's cover and in the reviewer's export. The page says CVs and
letters are not redacted. The chair and the programme head still see everything."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from admissions.applications import selectors as application_selectors
from admissions.applications.states import Status
from admissions.core.roles import Role
from admissions.documents import merge, services
from admissions.documents.models import MergedFile
from admissions.review import blind, committees
from admissions.review.models import Assignment, AssignmentStatus, MemberRole
from tests.documents import filebuilders
from tests.documents.stories import application_for, upload
from tests.pages import finish
from tests.people import make_user
from tests.review.committee_stories import head_of

pytestmark = pytest.mark.django_db

NAME = ("Zelda", "Quintavalle")
SECRETS = ("Zelda", "Quintavalle", "Iceland", "New Zealand", "1994", "+33 6 12 34 56 78")
NOT_REDACTED = "CVs and letters are not redacted: they may name the applicant."


@pytest.fixture
def programme(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def application(programme):
    application = application_for(programme, submitted=True)
    applicant = application.applicant
    applicant.first_name, applicant.last_name = NAME
    applicant.email = "zelda.quintavalle@example.org"
    applicant.save()
    profile = applicant.applicant_profile
    profile.given_names, profile.family_name = NAME
    profile.date_of_birth = dt.date(1994, 7, 13)
    profile.nationalities = ["IS"]
    profile.residence_country = "NZ"
    profile.phone = "+33 6 12 34 56 78"
    profile.save()
    profile.degrees.update(country="FR")
    status = application.status
    application.status = Status.DRAFT
    application.save()
    upload(application, "identity_document", filebuilders.png_bytes(), name="zelda_passport.png")
    upload(application, "cv", filebuilders.pdf_bytes(2), name="quintavalle_cv.pdf")
    application.status = status
    application.save()
    return application


@pytest.fixture
def head(programme):
    return head_of(programme)


@pytest.fixture
def committee(application, head):
    committee = committees.create_committee(
        intake=application.intake, name="Blind committee", actor=head
    )
    committee.blind = True
    committee.save()
    return committee


def seat(committee, head, email, role, application):
    user = make_user(email, [(Role.INTERVIEWER, committee.intake.programme)], mfa=True)
    member = committees.add_member(
        committee=committee, user=user, role=role, capacity=5, actor=head
    )
    Assignment.objects.create(
        committee=committee,
        member=member,
        application=application,
        status=AssignmentStatus.ACTIVE,
    )
    return user


@pytest.fixture
def blind_reviewer(committee, head, application):
    return seat(committee, head, "rita.blind@example.org", MemberRole.INTERNAL, application)


@pytest.fixture
def chair(committee, head, application):
    return seat(committee, head, "clara.chair@example.org", MemberRole.CHAIR, application)


def status_of(client, url: str) -> int:
    """The status of a GET, its file (if any) closed."""
    response = client.get(url)
    finish(response)
    return response.status_code


def pdf_text(merged: MergedFile) -> str:
    with default_storage.open(merged.stored_name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def screen_url(person, application) -> str:
    """The reviewer's screen of ``person``'s assignment on ``application``: how a committee
    member reads a file (the staff file page is for the programme's staff)."""
    from admissions.review.models import Assignment

    assignment = Assignment.objects.get(member__user=person, application=application)
    return reverse("staff:review", args=[assignment.public_id])


def test_the_blind_reviewer_reads_the_file_page_without_the_applicants_identity(
    client, application, blind_reviewer
):
    client.force_login(blind_reviewer)

    page = client.get(screen_url(blind_reviewer, application))

    assert page.status_code == 200
    text = page.content.decode()
    for secret in SECRETS:
        assert secret not in text
    assert "zelda.quintavalle@example.org" not in text
    assert "passport" not in text.lower()
    assert NOT_REDACTED in text


def test_the_identity_document_is_not_listed_nor_downloadable_for_the_blind_reviewer(
    client, application, blind_reviewer
):
    client.force_login(blind_reviewer)
    identity = application.documents.get(document_type__code="identity_document")
    cv = application.documents.get(document_type__code="cv")

    documents_page = client.get(reverse("staff:documents", args=[application.reference]))

    text = documents_page.content.decode()
    assert str(identity.public_id) not in text
    assert "quintavalle_cv.pdf" not in text and "Zelda" not in text
    url = reverse("staff:document-download", args=[application.reference, identity.public_id])
    assert status_of(client, url) == 404
    cv_url = reverse("staff:document-download", args=[application.reference, cv.public_id])
    assert status_of(client, cv_url) == 200


def test_the_blind_merged_pdf_has_no_identity_on_its_cover_and_no_identity_document(
    application, blind_reviewer
):
    full = services.request_merged_file(application=application, actor=blind_reviewer)
    blind_file = services.request_merged_file(
        application=application, actor=blind_reviewer, blind=True
    )

    text = pdf_text(blind_file)
    for secret in SECRETS:
        assert secret not in text
    assert "zelda_passport.png" not in text and "quintavalle_cv.pdf" not in text
    assert NOT_REDACTED in text
    # The identity document's page (one image) is left out of the blind file.
    assert blind_file.page_count == full.page_count - 1
    assert "Quintavalle" in pdf_text(full)


def test_a_blind_reader_asking_for_the_merged_pdf_gets_the_blind_one_only(
    client, application, blind_reviewer, head
):
    full = services.request_merged_file(application=application, actor=head)
    client.force_login(blind_reviewer)

    client.post(reverse("staff:documents-merge", args=[application.reference]))

    built = MergedFile.objects.exclude(pk=full.pk).get()
    assert built.blind is True
    full_url = reverse(
        "staff:documents-merged-download", args=[application.reference, full.public_id]
    )
    assert status_of(client, full_url) == 404
    blind_url = reverse(
        "staff:documents-merged-download", args=[application.reference, built.public_id]
    )
    assert status_of(client, blind_url) == 200


def test_the_shared_file_template_honours_blind(application):
    file = application_selectors.application_file(application)

    blind_html = render_to_string("applications/_file.html", {"file": file, "blind": True})
    full_html = render_to_string("applications/_file.html", {"file": file, "blind": False})

    for secret in ("Zelda", "Quintavalle", "Iceland", "13 July 1994"):
        assert secret not in blind_html
        assert secret in full_html
    assert NOT_REDACTED in blind_html


def test_the_reviewer_export_leaves_out_identity_when_blind(application):
    data = blind.application_for_reviewer(application, blind=True)

    flat = str(data)
    for secret in SECRETS:
        assert secret not in flat
    assert "applicant" not in data
    assert "identity_document" not in {d["type"] for d in data["documents"]}
    assert all("file_name" not in d for d in data["documents"])
    assert data["not_redacted"] == NOT_REDACTED
    assert data["degrees"] and data["reference"] == application.reference


def test_the_reviewer_export_carries_identity_when_not_blind(application):
    data = blind.application_for_reviewer(application, blind=False)

    assert data["applicant"]["name"] == "Zelda Quintavalle"
    assert data["applicant"]["nationalities"] == ["IS"]
    assert data["applicant"]["date_of_birth"] == "1994-07-13"
    assert "identity_document" in {d["type"] for d in data["documents"]}


@pytest.mark.parametrize("who", ["chair", "head"])
def test_the_chair_and_the_programme_head_still_see_the_applicant(
    client, application, chair, head, who
):
    person = {"chair": chair, "head": head}[who]
    assert blind.reads_blind(person, application) is False
    client.force_login(person)

    url = (
        screen_url(person, application)
        if who == "chair"
        else reverse("staff:application", args=[application.reference])
    )
    page = client.get(url).content.decode()
    cover = pdf_text(services.request_merged_file(application=application, actor=person))

    for text in (page, cover):
        assert "Quintavalle" in text and "Iceland" in text
    assert "zelda_passport.png" in cover


def test_the_merged_cover_lists_no_identity_document_for_a_blind_build(application):
    pairs = merge.documents_in_order(application, blind=True)

    assert "identity_document" not in {item.code for item, _document in pairs}
    assert "cv" in {item.code for item, _document in pairs}
