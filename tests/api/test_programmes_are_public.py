"""GET /programmes and /programmes/{slug}: public, with round states computed now."""

from admissions.catalogue.models import AdviceTrigger
from tests.catalogue.factories import AdviceFactory, DocumentRequirementFactory, DocumentTypeFactory


def test_the_list_needs_no_sign_in_and_shows_the_open_round(anonymous, calendar):
    response = anonymous.get("/programmes")
    assert response.status_code == 200
    [programme] = response.json()
    assert programme["slug"] == "post-master-ai"
    assert programme["open_round_number"] == 1
    assert programme["open_deadline_at"].startswith("2027-02-03T22:59:59")


def test_the_detail_has_levels_intakes_rounds_fees_documents_and_advice(anonymous, calendar):
    programme = calendar.programme
    DocumentRequirementFactory(
        programme=programme,
        document_type=DocumentTypeFactory(code="english_certificate"),
        condition="not (english_native or english_instruction)",
    )
    AdviceFactory(
        programme=programme,
        code="visa",
        trigger=AdviceTrigger.INTERNATIONAL_AFTER_ROUND,
        max_round=2,
    )

    data = anonymous.get("/programmes/post-master-ai").json()

    assert [level["code"] for level in data["entry_levels"]] == ["pm"]
    [intake] = data["intakes"]
    assert [(r["number"], r["state"]) for r in intake["rounds"]] == [
        (1, "open"),
        (2, "upcoming"),
        (3, "upcoming"),
        (4, "upcoming"),
        (5, "upcoming"),
    ]
    assert data["fees"]["application_fee"] == {
        "cents": 15000,
        "currency": "EUR",
        "formatted": "€150",
    }
    assert data["fees"]["tuition"]["formatted"] == "€18,500"
    [document] = data["documents"]
    assert document["document_type"] == "english_certificate"
    assert document["condition"] == "not (english_native or english_instruction)"
    assert document["condition_en"].startswith("Asked if")
    assert document["condition_fr"].startswith("Demandé")
    assert data["advice"][0]["code"] == "visa"


def test_an_unknown_or_unpublished_programme_is_404_in_the_error_shape(anonymous, calendar):
    calendar.programme.is_published = False
    calendar.programme.save()
    response = anonymous.get("/programmes/post-master-ai")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Nothing was found at this address.",
        "code": "not_found",
        "errors": [],
    }


def test_anonymous_callers_are_throttled(anonymous, calendar):
    statuses = [anonymous.get("/programmes").status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    assert anonymous.get("/programmes").json()["detail"].startswith("Too many requests")
