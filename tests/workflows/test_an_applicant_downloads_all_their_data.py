"""An applicant downloads everything the portal holds about them as one zip: data.json with
their account, profile, applications (answers, states, timeline, fee, payments, receipts),
the messages sent to them, and their documents' files; nothing of anyone else's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from admissions.core.models import AuditEvent
from tests.workflows.privacy_stories import CV_BYTES, application_with_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(seed_programmes, applicant, other_applicant):
    programme = seed_programmes["post-master-ai"]
    mine = application_with_everything(programme, applicant, career_plan="Build robots.")
    theirs = application_with_everything(
        programme, other_applicant, career_plan="Otto's secret plan."
    )
    return mine, theirs


def download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.post(reverse("portal:privacy-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_the_profile_applications_timeline_payments_and_messages(
    client, applicant, stories
):
    mine, _theirs = stories
    archive = download(client, applicant)
    data = json.loads(archive.read("data.json"))

    assert data["account"]["email"] == "ada.applicant@example.org"
    assert data["profile"]["given_names"] == "Ada"
    assert data["profile"]["family_name"] == "Lovelace"
    [application] = data["applications"]
    assert application["reference"] == mine.reference
    assert application["status"] == "draft"
    assert application["answers"] == {"career_plan": "Build robots."}
    assert "The admissions team asked for your transcript." in [
        event["message_en"] for event in application["timeline"]
    ]
    assert application["fee"]["status"] == "paid"
    [payment] = application["payments"]
    assert payment["amount_cents"] == 15_000
    assert payment["receipt"]["number"] == mine.fee.payments.get().receipt.number
    assert any(message["event"] == "payment_received" for message in data["messages"])


def test_the_zip_holds_the_uploaded_files_as_they_were_uploaded(client, applicant, stories):
    archive = download(client, applicant)
    data = json.loads(archive.read("data.json"))
    [document] = data["applications"][0]["documents"]
    assert document["original_name"] == "My CV.pdf"
    assert document["file"].endswith("My_CV.pdf")
    assert archive.read(document["file"]) == CV_BYTES


def test_nothing_of_another_applicant_is_in_the_zip(client, applicant, stories):
    _mine, theirs = stories
    archive = download(client, applicant)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert theirs.reference.encode() not in everything
    assert b"Otto" not in everything
    assert b"otto.other@example.org" not in everything
    assert len([n for n in archive.namelist() if n.startswith("files/")]) == 1


def test_the_download_is_audited(client, applicant, stories):
    download(client, applicant)
    event = AuditEvent.objects.get(action="privacy.exported")
    assert event.actor == applicant
    assert event.data == {"applications": 1, "files": 1}


def test_the_download_needs_a_signed_in_applicant_and_a_post(client, applicant, stories):
    response = client.post(reverse("portal:privacy-export"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(applicant)
    assert client.get(reverse("portal:privacy-export")).status_code == 405
    page = client.get(reverse("portal:my-data"))
    assert page.status_code == 200
    assert reverse("portal:privacy-export") in page.content.decode()
