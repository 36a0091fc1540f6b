"""An applicant asks for erasure: after a confirmation step their account closes at once;
once the grace period has passed, ``purge_expired`` erases their data and only anonymised
payment records (receipt numbers, amounts, dates) remain, which the law requires the school
to keep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from admissions.accounts.erasure import (
    STAFF_ACCOUNTS_ARE_CLOSED_BY_AN_ADMINISTRATOR,
    ErasureRefused,
    cancel_erasure,
    request_erasure,
)
from admissions.accounts.models import ErasureRequest, User
from admissions.applicants.models import Profile
from admissions.applications.models import Application, TimelineEvent
from admissions.core import clock
from admissions.core.models import AuditEvent
from admissions.core.roles import Role
from admissions.documents.models import Document
from admissions.finance.models import Payment, Receipt
from admissions.notifications.models import OutboxMessage
from admissions.portal.forms.privacy import MUST_UNDERSTAND, WRONG_PASSWORD
from admissions.workflows.privacy.erasure import WITHDRAWN_FOR_ERASURE
from admissions.workflows.privacy.retention import purge_expired
from tests.people import PASSWORD, make_user
from tests.workflows.privacy_stories import application_with_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(seed_programmes, applicant, other_applicant):
    programme = seed_programmes["post-master-ai"]
    application_with_everything(programme, other_applicant, career_plan="Otto's plan.")
    return application_with_everything(programme, applicant, career_plan="Build robots.")


def ask_for_erasure(client, applicant):
    client.force_login(applicant)
    return client.post(reverse("portal:privacy-erase"), {"password": PASSWORD, "understood": "on"})


def test_the_confirmation_step_asks_for_the_password_and_the_tick(client, applicant, mine):
    client.force_login(applicant)
    response = client.post(reverse("portal:privacy-erase"), {"password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert str(WRONG_PASSWORD) in page
    assert str(MUST_UNDERSTAND) in page
    applicant.refresh_from_db()
    assert applicant.is_active
    assert not ErasureRequest.objects.exists()


def test_the_account_closes_at_once_and_the_applicant_is_signed_out(client, applicant, mine):
    other_device = Client()
    other_device.force_login(applicant)
    response = ask_for_erasure(client, applicant)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:privacy-erasure-requested")
    applicant.refresh_from_db()
    assert not applicant.is_active
    for device in (client, other_device):
        assert device.get(reverse("portal:dashboard")).status_code == 302  # to sign in
    signed_in = client.login(email=applicant.email, password=PASSWORD)
    assert not signed_in
    erasure = ErasureRequest.objects.get(user=applicant)
    assert erasure.erase_after - erasure.requested_at == dt.timedelta(days=30)
    # No one goes on assessing a file about to be erased.
    mine.refresh_from_db()
    assert mine.status == "withdrawn"
    assert mine.withdrawal_reason == WITHDRAWN_FOR_ERASURE
    assert AuditEvent.objects.filter(
        action="privacy.erasure_requested", object_ref=str(applicant.pk)
    ).exists()


def test_nothing_is_erased_during_the_grace_period(client, applicant, mine):
    ask_for_erasure(client, applicant)
    erasure = ErasureRequest.objects.get(user=applicant)
    purge_expired(now=erasure.erase_after - dt.timedelta(minutes=1), apply=True)
    assert Profile.objects.filter(user=applicant).exists()
    assert Document.objects.filter(application=mine).count() == 1


def test_after_the_grace_period_only_anonymised_payment_records_remain(
    client, applicant, other_applicant, mine, django_capture_on_commit_callbacks
):
    receipt_number = Receipt.objects.get(payment__fee__application=mine).number
    stored_name = Document.objects.get(application=mine).stored_name
    ask_for_erasure(client, applicant)
    erasure = ErasureRequest.objects.get(user=applicant)

    # The files go once the rows are gone: after the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        report = purge_expired(now=erasure.erase_after + dt.timedelta(minutes=1), apply=True)

    assert report.erasures_due == [applicant.pk]
    # The person: no profile, no name, an address that reaches no one, no way to sign in.
    person = User.objects.get(pk=applicant.pk)
    assert (person.email, person.first_name, person.last_name) == (
        f"erased-{applicant.pk}@erased.invalid",
        "",
        "",
    )
    assert not person.is_active and not person.has_usable_password()
    assert not Profile.objects.filter(user=person).exists()
    assert not OutboxMessage.objects.filter(user=person).exists()
    assert not OutboxMessage.objects.filter(recipient_email="ada.applicant@example.org").exists()
    # The application: the row stays for the money, without answers, timeline or documents.
    application = Application.objects.get(pk=mine.pk)
    assert application.answers == {}
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "")
    assert application.personal_data_erased_at is not None
    assert not TimelineEvent.objects.filter(application=application).exists()
    assert not Document.objects.filter(application=application).exists()
    assert not default_storage.exists(stored_name)
    # The money: the same receipt number and amount, no name.
    payment = Payment.objects.get(fee__application=application)
    receipt = Receipt.objects.get(payment=payment)
    assert (payment.amount_cents, payment.status, payment.payer_name) == (
        15_000,
        "succeeded",
        "anonymised",
    )
    assert (receipt.number, receipt.amount_cents, receipt.payer_name, receipt.payer_email) == (
        receipt_number,
        15_000,
        "anonymised",
        "",
    )
    erasure.refresh_from_db()
    assert erasure.completed_at is not None
    audit = AuditEvent.objects.get(action="privacy.erased", object_ref=str(applicant.pk))
    assert audit.data["reason"] == "request"
    assert audit.data["documents"] == 1
    assert "Ada" not in str(audit.data) and "ada.applicant" not in str(audit.data)
    # The other applicant keeps everything.
    assert Profile.objects.filter(user=other_applicant).exists()
    [kept] = Document.objects.filter(application__applicant=other_applicant)
    assert default_storage.exists(kept.stored_name)


def test_an_administrator_cancels_the_request_within_the_grace_period(
    client, applicant, administrator, mine
):
    ask_for_erasure(client, applicant)
    erasure = ErasureRequest.objects.get(user=applicant)
    cancel_erasure(erasure=erasure, actor=administrator)
    purge_expired(now=erasure.erase_after + dt.timedelta(days=1), apply=True)
    applicant.refresh_from_db()
    assert applicant.is_active
    assert applicant.email == "ada.applicant@example.org"
    assert Profile.objects.filter(user=applicant).exists()
    assert AuditEvent.objects.filter(action="privacy.erasure_cancelled", actor=administrator)


def test_a_staff_account_cannot_erase_itself(officer):
    with pytest.raises(ErasureRefused) as refused:
        request_erasure(user=officer, now=clock.now())
    assert refused.value.message == STAFF_ACCOUNTS_ARE_CLOSED_BY_AN_ADMINISTRATOR


def test_the_django_admin_cancels_an_erasure_request_and_reopens_the_account(
    client, applicant, mine
):
    ask_for_erasure(client, applicant)
    erasure = ErasureRequest.objects.get(user=applicant)
    superuser = make_user(
        "root@example.org",
        [(Role.ADMINISTRATOR, None)],
        mfa=True,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_erasurerequest_changelist"),
        {"action": "cancel_and_reopen", "_selected_action": [erasure.pk]},
    )
    assert response.status_code == 302
    erasure.refresh_from_db()
    applicant.refresh_from_db()
    assert erasure.cancelled_at is not None
    assert applicant.is_active
