"""After the quote is issued and committed, a background task renders its PDF in the
applicant's language, stores it, and emails it to the applicant (and to a payer when staff
send it), once per version and recipient."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from admissions.finance import quote_delivery
from admissions.finance.models import Quote
from admissions.finance.services import quotes
from admissions.notifications.models import OutboxMessage
from tests.calendar import IN_ROUND_1
from tests.finance.quote_helpers import (
    IMMEDIATE_TASKS,
    application_to,
    employer,
    issue,
    pdf_text,
    request,
)
from tests.people import make_finance_officer

pytestmark = [
    pytest.mark.django_db,
    # Debian's WeasyPrint warns when libharfbuzz-subset0 is missing; the PDF is the same.
    pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"),
]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def officer(post_master_ai):
    return make_finance_officer(post_master_ai)


def stored_text(quote: Quote) -> str:
    quote.refresh_from_db()
    assert quote.pdf.name
    with default_storage.open(quote.pdf.name, "rb") as handle:
        return " ".join(pdf_text(handle.read()).split())


def test_the_issued_quote_is_rendered_stored_and_emailed_after_commit(
    post_master_ai, officer, django_capture_on_commit_callbacks
):
    application = application_to(post_master_ai, profile__given_names="Camille")
    requested = request(
        application,
        [
            {"route": "employer", "amount_cents": 1_000_000, "payer": employer()},
            {"route": "pole_emploi", "amount_cents": None},
        ],
    )

    with django_capture_on_commit_callbacks(execute=True):
        quote = issue(requested, officer, valid_until=dt.date(2027, 3, 16))
        assert not quote.pdf
        assert not OutboxMessage.objects.exists()

    text = stored_text(quote)
    assert "DEV-2027-0001" in text
    assert "Version 1" in text
    assert "École d'ingénieurs" in text
    assert "Camille Martin" in text
    assert "Post-Master's degree in Artificial Intelligence" in text
    assert "1 October 2027" in text and "30 September 2028" in text
    assert "16 March 2027" in text
    assert "€18,500" in text
    assert "€10,000" in text
    assert "Acme Robotics SAS" in text
    assert "12 rue de la Paix" in text
    assert "732 829 320 00074" in text
    assert "16 September 2027" in text  # Pôle Emploi's last safe date
    [message] = OutboxMessage.objects.all()
    assert message.event == "quote_issued"
    assert message.recipient_email == application.applicant.email
    assert message.context["quote_ref"] == "DEV-2027-0001"
    assert message.attachments == [
        {
            "filename": "DEV-2027-0001-v1.pdf",
            "mimetype": "application/pdf",
            "storage_name": quote.pdf.name,
        }
    ]
    assert f"/quotes/{quote.public_id}/" in message.context["action_url"]


def test_a_french_applicant_gets_the_quote_in_french(
    post_master_ai, officer, django_capture_on_commit_callbacks
):
    application = application_to(post_master_ai, applicant__preferred_language="fr")
    requested = request(application)

    with django_capture_on_commit_callbacks(execute=True):
        quote = issue(requested, officer)

    text = stored_text(quote)
    assert "18\u202f500\u00a0€" in text or "18 500 €" in text.replace("\u202f", " ").replace(
        "\u00a0", " "
    )
    assert "1 octobre 2027" in text
    assert "au plus tard le 16 septembre 2027" in text
    assert OutboxMessage.objects.get().language == "fr"


def test_nothing_is_rendered_or_sent_when_the_issue_rolls_back(
    post_master_ai, officer, django_capture_on_commit_callbacks
):
    from django.db import transaction

    requested = request(application_to(post_master_ai))

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        issue(requested, officer)
        raise RuntimeError("the page crashed after issuing")

    assert callbacks == []
    requested.refresh_from_db()
    assert requested.status == "requested"
    assert not OutboxMessage.objects.exists()


def test_sending_to_a_payer_emails_the_pdf_once_per_version(
    post_master_ai, officer, django_capture_on_commit_callbacks
):
    requested = request(application_to(post_master_ai))
    with django_capture_on_commit_callbacks(execute=True):
        quote = issue(requested, officer)
    payer = quote.payers.get()

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            quotes.send_quote_to_payer(quote=quote, payer=payer, actor=officer, now=IN_ROUND_1)

    sent = OutboxMessage.objects.filter(recipient_email="conseiller@francetravail.example.org")
    assert sent.count() == 1
    [message] = sent
    assert message.context["recipient_name"] == "Marc Lefèvre"
    assert message.attachments[0]["storage_name"] == Quote.objects.get(pk=quote.pk).pdf.name


def test_a_revised_quote_is_a_new_pdf_and_a_new_email(
    post_master_ai, officer, django_capture_on_commit_callbacks
):
    requested = request(application_to(post_master_ai))
    with django_capture_on_commit_callbacks(execute=True):
        v1 = issue(requested, officer)
    with django_capture_on_commit_callbacks(execute=True):
        v2 = quotes.revise_quote(
            quote=v1,
            lines=[{"label_en": "Tuition, reduced", "amount_cents": 1_500_000}],
            valid_until=dt.date(2027, 4, 1),
            actor=officer,
            now=IN_ROUND_1,
        )

    text = stored_text(v2)
    assert "Version 2" in text
    assert "Tuition, reduced" in text
    assert "€15,000" in text
    assert stored_text(v1) != text
    assert [m.context["quote_ref"] for m in OutboxMessage.objects.order_by("pk")] == [
        "DEV-2027-0001",
        "DEV-2027-0001 v2",
    ]


def test_the_pdf_is_rendered_on_demand_when_the_task_has_not_run(post_master_ai, officer, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "mail", "documents"],
        }
    }
    quote = issue(request(application_to(post_master_ai)), officer)
    assert not Quote.objects.get(pk=quote.pk).pdf

    content = quote_delivery.stored_pdf(Quote.objects.get(pk=quote.pk))

    assert content.startswith(b"%PDF")
    assert Quote.objects.get(pk=quote.pk).pdf.name
    assert "DEV-2027-0001" in pdf_text(content)
