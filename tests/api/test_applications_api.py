"""The applicant's applications through the API: list, create, read, submit, withdraw."""

from admissions.applications.models import Application
from admissions.finance.services import ledger
from admissions.notifications.models import OutboxMessage


def test_creating_an_application_answers_201_with_its_reference_and_status(api, calendar):
    response = api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"})
    assert response.status_code == 201
    data = response.json()
    assert (data["reference"], data["status"]) == ("PMAI-2027-00001", "draft")
    assert data["round"]["number"] == 1
    assert data["round"]["provisional"] is True
    assert [item["code"] for item in data["missing"]] == ["answers.career_plan", "fee.unpaid"]
    assert isinstance(data["checklist"], list)
    assert data["eligibility"] is None
    assert data["timeline"][0]["message"] == "You started your application to Post-Master's in AI."


def test_a_second_application_for_the_same_intake_and_level_is_409(api, calendar):
    api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"})
    response = api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"})
    assert response.status_code == 409
    body = response.json()
    assert body["reference"] == "PMAI-2027-00001"
    assert "PMAI-2027-00001" in body["detail"]
    assert body["errors"] == []


def test_an_unknown_programme_or_entry_level_is_404(api, calendar):
    assert api.post("/applications", {"programme": "nope", "entry_level": "pm"}).status_code == 404
    response = api.post("/applications", {"programme": "post-master-ai", "entry_level": "m9"})
    assert response.status_code == 404
    assert "m9" in response.json()["detail"]


def test_a_body_missing_a_field_is_422_naming_it(api, calendar):
    response = api.post("/applications", {"programme": "post-master-ai"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "entry_level"


def test_the_list_shows_only_the_applicants_own_applications(api, other_api, calendar):
    api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"})
    other_api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"})
    [mine] = api.get("/applications").json()
    assert mine["reference"] == "PMAI-2027-00001"


def test_submitting_answers_200_with_the_new_status(api, calendar):
    reference = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}
    ).json()["reference"]
    application = Application.objects.get(reference=reference)
    application.answers = {"career_plan": "Applied ML."}
    application.save()
    ledger.record_payment(
        fee=ledger.ensure_fee(application=application),
        amount_cents=15_000,
        currency="EUR",
        method="bank_transfer",
    )
    response = api.post(f"/applications/{reference}/submit")
    assert response.status_code == 200
    assert response.json() == {"reference": reference, "status": "submitted"}
    assert OutboxMessage.objects.filter(event="application_submitted").count() == 1
    detail = api.get(f"/applications/{reference}").json()
    assert detail["round"] == {**detail["round"], "number": 1, "provisional": False}
    assert detail["missing"] == []
    assert [event["to_status"] for event in detail["timeline"]] == ["draft", "submitted"]


def test_a_refused_submission_is_409_listing_each_missing_item_by_code(api, calendar):
    reference = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}
    ).json()["reference"]
    response = api.post(f"/applications/{reference}/submit")
    assert response.status_code == 409
    body = response.json()
    assert body["errors"] == [
        {
            "field": "answers.career_plan",
            "message": "Describe your career plan in the programme questions.",
        },
        {
            "field": "fee.unpaid",
            "message": "Pay the application fee (€150) by card or bank transfer, "
            "or ask for a waiver.",
        },
    ]


def test_missing_items_are_in_french_for_a_french_client(applicant, calendar):
    from tests.api.conftest import Api

    api = Api(applicant, language="fr")
    reference = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}
    ).json()["reference"]
    body = api.post(f"/applications/{reference}/submit").json()
    assert body["errors"][0]["message"].startswith("Décrivez votre projet professionnel")


def test_withdrawing_with_or_without_a_reason(api, calendar):
    reference = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}
    ).json()["reference"]
    response = api.post(f"/applications/{reference}/withdraw", {"reason": "Changed my plans."})
    assert response.json() == {"reference": reference, "status": "withdrawn"}
    assert Application.objects.get(reference=reference).withdrawal_reason == "Changed my plans."
    assert api.post(f"/applications/{reference}/withdraw").status_code == 200


def test_withdrawing_a_closed_application_is_409(api, calendar):
    reference = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}
    ).json()["reference"]
    Application.objects.filter(reference=reference).update(status="refused")
    response = api.post(f"/applications/{reference}/withdraw")
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]


def test_applying_again_after_withdrawing_answers_201_with_a_new_reference(api, calendar):
    first = api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"}).json()[
        "reference"
    ]
    api.post(f"/applications/{first}/withdraw", {"reason": ""})

    response = api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"})

    assert response.status_code == 201
    assert response.json()["reference"] != first
    assert Application.objects.get(reference=first).status == "withdrawn"
