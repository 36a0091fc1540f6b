"""The settings the money side reads (fee reductions, funding routes and their rules, quotes)
are checked when a programme file is loaded, each mistake named with the file, the line and
the path of the key."""

from __future__ import annotations

from typing import Any

import pytest

from admissions.catalogue.loader import read_programme_file, read_programme_text
from admissions.catalogue.yaml_schema import Issue, ProgrammeConfigError
from tests.catalogue.factories import programme_data, programme_yaml
from tests.conftest import PROGRAMMES_DIR

FILE = "programmes/test-programme.yaml"


def with_settings(**settings: Any) -> dict[str, Any]:
    return programme_data(application_fee=150, settings=settings)


def issues_of(data: dict[str, Any]) -> list[Issue]:
    with pytest.raises(ProgrammeConfigError) as caught:
        read_programme_text(programme_yaml(data), FILE)
    return caught.value.issues


def only_issue(data: dict[str, Any]) -> Issue:
    issues = issues_of(data)
    assert len(issues) == 1, [str(issue) for issue in issues]
    return issues[0]


def line_of(text: str, fragment: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


def test_the_post_master_seed_loads_with_its_funding_settings():
    spec = read_programme_file(PROGRAMMES_DIR / "post-master-ai.yaml")

    settings = spec.data["settings"]
    assert settings["funding_routes"] == [
        "self_funded",
        "employer",
        "cpf",
        "transitional_cpf",
        "pole_emploi",
        "bank_loan",
    ]
    assert settings["pole_emploi_notice_days"] == 15
    assert settings["transitional_cpf_last_round"] == 2
    assert settings["quote_required_first"] is True
    assert [bank["name"] for bank in settings["partner_banks"]] == ["BNP Paribas", "BMCI", "UBCI"]


def test_every_finance_key_well_formed_is_accepted():
    data = with_settings(
        fee_reductions=[
            {
                "code": "partner_school",
                "label": {"en": "Partner school", "fr": "École partenaire"},
                "amount_cents": 7500,
                "proof_required": True,
            },
            {"code": "job_seeker", "label": {"en": "Job-seeker"}, "amount_cents": 0},
        ],
        funding_routes=["self_funded", "pole_emploi"],
        pole_emploi_notice_days=15,
        pole_emploi_warning_days=10,
        transitional_cpf_last_round=2,
        partner_banks=[
            {
                "name": "BMCI",
                "countries": ["MA"],
                "contact": {"name": "Loans desk", "email": "loans@example.org", "phone": "+212"},
            }
        ],
        cpf_url="https://www.moncompteformation.gouv.fr/",
        fee_refund_rule="before_deadline",
        quote_validity_days=60,
    )

    spec = read_programme_text(programme_yaml(data), FILE)

    assert spec.data["settings"]["fee_refund_rule"] == "before_deadline"


def test_an_unknown_funding_route_is_named_with_its_line_and_the_known_routes():
    data = with_settings(funding_routes=["self", "employer"])
    text = programme_yaml(data)

    issue = only_issue(data)

    assert issue.path == "settings.funding_routes[0]"
    assert issue.line == line_of(text, "- self")
    assert str(issue).startswith(f"{FILE}, line {issue.line}, settings.funding_routes[0]: ")
    assert "unknown funding route 'self'" in issue.message
    assert "self_funded" in issue.message


def test_a_reduced_fee_equal_to_the_application_fee_is_refused():
    data = with_settings(
        fee_reductions=[{"code": "none", "label": {"en": "Nothing off"}, "amount_cents": 15000}]
    )

    issue = only_issue(data)

    assert issue.path == "settings.fee_reductions[0].amount_cents"
    assert issue.message == (
        "the reduced fee (15000 cents) must be less than the application fee (15000 cents); "
        "0 waives the fee."
    )


def test_a_negative_reduced_fee_is_refused():
    data = with_settings(
        fee_reductions=[{"code": "odd", "label": {"en": "Odd"}, "amount_cents": -1}]
    )

    issue = only_issue(data)

    assert issue.path == "settings.fee_reductions[0].amount_cents"
    assert issue.message == "must be at least 0; found -1."


def test_a_fee_reduction_without_a_label_or_with_an_unknown_key_is_refused():
    data = with_settings(
        fee_reductions=[{"code": "partner_school", "amount_cents": 0, "proof": True}]
    )

    messages = {issue.path: issue.message for issue in issues_of(data)}

    assert "settings.fee_reductions[0]" in messages
    assert "lacks the required key 'label'" in messages["settings.fee_reductions[0]"]
    assert "unknown key 'proof'" in messages["settings.fee_reductions[0].proof"]
    assert "proof_required" in messages["settings.fee_reductions[0].proof"]


def test_proof_required_must_be_true_or_false():
    data = with_settings(
        fee_reductions=[
            {"code": "p", "label": {"en": "P"}, "amount_cents": 0, "proof_required": "yes"}
        ]
    )

    issue = only_issue(data)

    assert issue.path == "settings.fee_reductions[0].proof_required"
    assert issue.message == "expected true or false, found the text 'yes'."


def test_two_fee_reductions_with_the_same_code_are_refused():
    reduction = {"code": "partner_school", "label": {"en": "Partner"}, "amount_cents": 0}
    data = with_settings(fee_reductions=[reduction, reduction])

    issue = only_issue(data)

    assert issue.path == "settings.fee_reductions[1].code"
    assert "duplicate fee reduction code 'partner_school'" in issue.message


def test_notice_and_warning_days_are_whole_numbers():
    data = with_settings(pole_emploi_notice_days="15", pole_emploi_warning_days=-2)

    messages = {issue.path: issue.message for issue in issues_of(data)}

    assert messages == {
        "settings.pole_emploi_notice_days": "expected a whole number, found the text '15'.",
        "settings.pole_emploi_warning_days": "must be at least 0; found -2.",
    }


def test_the_last_round_for_transitional_cpf_cannot_exceed_the_rounds_of_an_intake():
    data = with_settings(transitional_cpf_last_round=3)

    issue = only_issue(data)

    assert issue.path == "settings.transitional_cpf_last_round"
    assert issue.message == (
        "round 3 is the last for transitional CPF, but the 2027 intake has 2 rounds."
    )


def test_a_partner_bank_needs_a_name_and_country_codes():
    data = with_settings(partner_banks=[{"countries": ["Morocco"]}])

    messages = {issue.path: issue.message for issue in issues_of(data)}

    assert "lacks the required key 'name'" in messages["settings.partner_banks[0]"]
    assert messages["settings.partner_banks[0].countries[0]"] == (
        "expected an ISO 3166 country code such as MA, found the text 'Morocco'."
    )


def test_a_partner_bank_contact_email_must_be_an_address():
    data = with_settings(partner_banks=[{"name": "BNP Paribas", "contact": {"email": "nobody"}}])

    issue = only_issue(data)

    assert issue.path == "settings.partner_banks[0].contact.email"
    assert issue.message == "'nobody' is not a valid email address."


def test_the_cpf_link_must_be_https():
    issue = only_issue(with_settings(cpf_url="http://www.moncompteformation.gouv.fr/"))

    assert issue.path == "settings.cpf_url"
    assert issue.message.startswith("expected an https:// address")


def test_an_unknown_fee_refund_rule_lists_the_allowed_ones():
    issue = only_issue(with_settings(fee_refund_rule="always"))

    assert issue.path == "settings.fee_refund_rule"
    assert issue.message == (
        "unknown fee refund rule 'always'; allowed: never, before_deadline, before_review."
    )


def test_quote_validity_is_at_least_one_day():
    issue = only_issue(with_settings(quote_validity_days=0))

    assert issue.path == "settings.quote_validity_days"
    assert issue.message == "must be at least 1; found 0."


def test_settings_the_money_side_does_not_read_stay_free():
    spec = read_programme_text(
        programme_yaml(with_settings(interview_modes=["phone"], decided_by="committee")), FILE
    )

    assert spec.data["settings"]["decided_by"] == "committee"
