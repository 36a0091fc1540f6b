"""Staff download the application list they filtered as CSV at
/staff/applications/export.csv: streamed, with the columns they choose, cells a spreadsheet
cannot run as formulas, limited to the programmes they may export, recorded in the audit trail
with its filters and number of rows, and only after a recent sign-in confirmation."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse

from admissions.core.models import AuditEvent
from tests.reports.conftest import apply

pytestmark = pytest.mark.django_db

EXPORT = "/staff/applications/export.csv"
CODE_STEP = "/accounts/2fa/reauthenticate/"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pm(post_master, msc, seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def msc_programme(post_master, msc, seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


def rows_of(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_holds_the_filtered_list_with_the_chosen_columns(client, officer, pm):
    benali = apply(pm, first="Yasmine", last="Benali", email="y.benali@example.org")
    apply(pm, first="Ada", last="Lovelace")
    client.force_login(officer)
    response = client.get(EXPORT, {"q": "benali", "columns": "reference,email,family_name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert rows_of(response) == [
        ["Reference", "Email", "Family name"],
        [benali.reference, "y.benali@example.org", "Benali"],
    ]
    event = AuditEvent.objects.get(action="reports.applications_exported")
    assert event.actor == officer
    assert event.data["search"] == "benali"
    assert event.data["rows"] == 1
    assert event.data["columns"] == "reference,email,family_name"


def test_cells_that_a_spreadsheet_would_run_are_neutralised(client, officer, pm):
    apply(pm, first='=HYPERLINK("http://evil.example","x")', last="+SUM(A1)", email="e@x.org")
    apply(pm, first="－1+1", last="@cmd", email="f@x.org")
    client.force_login(officer)
    rows = rows_of(client.get(EXPORT, {"columns": "given_names,family_name", "sort": "name"}))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and all(cell.startswith("'") for cell in cells)


def test_an_officer_exports_only_their_programme(
    client, officer_of_other_programme, pm, msc_programme
):
    ours = apply(msc_programme)
    apply(pm)
    client.force_login(officer_of_other_programme)
    rows = rows_of(client.get(EXPORT, {"columns": "reference"}))
    assert rows[1:] == [[ours.reference]]
    assert AuditEvent.objects.get(action="reports.applications_exported").data["rows"] == 1


def test_an_unknown_column_answers_400_naming_it(client, officer, pm):
    client.force_login(officer)
    response = client.get(EXPORT, {"columns": "reference,password_hash"})
    assert response.status_code == 400
    assert "password_hash" in response.content.decode()
    assert not AuditEvent.objects.filter(action="reports.applications_exported").exists()


def test_an_unknown_filter_answers_400(client, officer, pm):
    client.force_login(officer)
    assert client.get(EXPORT, {"status": "nope"}).status_code == 400


def test_a_reviewer_reads_neither_the_list_nor_its_export(client, reviewer, pm):
    """A reviewer reads only the applications assigned to them, on their own list."""
    client.force_login(reviewer)
    assert client.get("/staff/applications/").status_code == 404
    assert client.get(EXPORT).status_code == 404


def test_a_stale_sign_in_is_asked_to_confirm_before_the_export(client, officer, pm):
    client.force_login(officer)
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] = time.time() - 60 * 60
    session["account_authentication_methods"] = records
    session.save()
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert not AuditEvent.objects.filter(action="reports.applications_exported").exists()


def test_the_export_reads_a_fixed_number_of_queries_whatever_its_length(client, officer, pm):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows_of(client.get(EXPORT, {"columns": ",".join(EVERY_COLUMN)}))
        return len(captured)

    for _ in range(3):
        apply(pm, submitted=True, answers={"funding_intentions": ["cpf"]})
    client.force_login(officer)
    rows_of(client.get(EXPORT))  # the session warmed up
    few = queries()
    for _ in range(30):
        apply(pm, submitted=True, answers={"funding_intentions": ["employer"]})
    assert queries() == few


def test_every_column_is_written_in_the_language_of_the_page(client, officer, pm):
    application = apply(
        pm,
        submitted=True,
        profile={"nationalities": ["MA"], "residence_country": "MA"},
        answers={"funding_intentions": ["pole_emploi"]},
    )
    application.eligibility_snapshot = {"outcome": "eligible"}
    application.save(update_fields=["eligibility_snapshot"])
    client.force_login(officer)
    rows = rows_of(
        client.get(EXPORT, {"columns": ",".join(EVERY_COLUMN)}, HTTP_ACCEPT_LANGUAGE="fr")
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Référence"] == application.reference
    assert row["Statut"] == "Déposée"
    assert row["Éligibilité"] == "Éligible"
    assert row["Nationalités"] == "MA"
    assert row["Pays de résidence"] == "Maroc"
    assert "France Travail" in row["Financement envisagé"]


EVERY_COLUMN = (
    "reference",
    "family_name",
    "given_names",
    "email",
    "programme",
    "intake",
    "round",
    "entry_level",
    "status",
    "eligibility",
    "fee_status",
    "submitted_at",
    "nationalities",
    "residence_country",
    "funding_intentions",
)
