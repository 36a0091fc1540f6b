"""Each mistake in a programme file is refused with the file, the line, the field and the
problem in words a person can act on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from admissions.catalogue.loader import read_programme_text
from admissions.catalogue.yaml_schema import Issue, ProgrammeConfigError
from tests.catalogue.factories import programme_data, programme_yaml

FILE = "programmes/test-programme.yaml"


def issues_of(content: str | dict[str, Any]) -> list[Issue]:
    text = content if isinstance(content, str) else programme_yaml(content)
    with pytest.raises(ProgrammeConfigError) as caught:
        read_programme_text(text, FILE)
    return caught.value.issues


def only_issue(content: str | dict[str, Any]) -> Issue:
    issues = issues_of(content)
    assert len(issues) == 1, [str(issue) for issue in issues]
    return issues[0]


def line_of(text: str, fragment: str, start: int = 1) -> int:
    """The 1-based number of the first line at or after ``start`` containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


def rounds(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["intakes"][0]["rounds"]


def panels(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["intakes"][0]["panels"]


def test_the_minimal_programme_is_valid():
    spec = read_programme_text(programme_yaml(programme_data()), FILE)

    assert spec.slug == "test-programme"
    assert spec.data["time_zone"] == "Europe/Paris"


def test_invalid_yaml_syntax_is_refused_with_the_file_and_line():
    text = programme_yaml(programme_data()).replace("ects: 120", "ects: 120\n  bad: [unclosed")

    issue = only_issue(text)

    assert issue.line == line_of(text, "bad: [unclosed")
    assert str(issue).startswith(f"{FILE}, line {issue.line}: the YAML syntax is invalid")


def test_a_message_names_file_line_path_and_problem():
    data = programme_data()
    rounds(data)[1]["opens"] = dt.date(2027, 2, 1)
    rounds(data)[1]["deadline"] = dt.date(2027, 1, 10)
    rounds(data)[1]["results"] = dt.date(2027, 3, 1)
    text = programme_yaml(data)

    messages = [str(issue) for issue in issues_of(text)]

    line = line_of(text, "deadline: 2027-01-10")
    assert (
        f"{FILE}, line {line}, intakes[0].rounds[1].deadline: the deadline (2027-01-10) "
        "precedes the opening (2027-02-01)." in messages
    )


def test_a_missing_required_field_is_named():
    data = programme_data()
    del data["duration_months"]

    issue = only_issue(data)

    assert issue.path == ""
    assert "lacks the required key 'duration_months'" in issue.message


def test_a_missing_required_field_of_a_round_is_named_with_the_round():
    data = programme_data()
    del rounds(data)[0]["results"]
    text = programme_yaml(data)

    issue = only_issue(text)

    assert issue.path == "intakes[0].rounds[0]"
    assert issue.line == line_of(text, "- number: 1")
    assert "lacks the required key 'results'" in issue.message


def test_an_unknown_key_is_refused_with_the_allowed_keys():
    data = programme_data()
    rounds(data)[0]["deadlne"] = rounds(data)[0].pop("deadline")
    text = programme_yaml(data)

    issues = issues_of(text)

    unknown = next(issue for issue in issues if "unknown key" in issue.message)
    assert unknown.path == "intakes[0].rounds[0].deadlne"
    assert unknown.line == line_of(text, "deadlne:")
    assert "Did you mean 'deadline'?" in unknown.message
    assert "Allowed keys: number, opens, deadline, results, places." in unknown.message


def test_a_duplicate_key_is_refused():
    text = programme_yaml(programme_data()).replace("ects: 120", "ects: 120\nects: 90")

    issue = only_issue(text)

    assert issue.line == line_of(text, "ects: 90")
    assert "duplicate key 'ects'" in issue.message


def test_an_unknown_kind_is_refused():
    issue = only_issue(programme_data(kind="mba"))

    assert issue.path == "kind"
    assert issue.message.startswith("unknown kind 'mba'; allowed: msc_engineering, post_master")


def test_an_unknown_designation_is_refused():
    issue = only_issue(programme_data(designation="mastere"))

    assert issue.path == "designation"
    assert "unknown designation 'mastere'" in issue.message
    assert "mastere_specialise" in issue.message


def test_an_unknown_stage_is_refused():
    issue = only_issue(programme_data(pipeline=["eligibility", "interveiw", "panel"]))

    assert issue.path == "pipeline[1]"
    assert issue.message.startswith("unknown stage 'interveiw'; allowed: eligibility,")


def test_an_unknown_document_type_is_refused():
    data = programme_data(documents=[{"type": "cv"}, {"type": "passport_photo"}])
    text = programme_yaml(data)

    issue = only_issue(text)

    assert issue.path == "documents[1].type"
    assert issue.line == line_of(text, "type: passport_photo")
    assert "unknown document type 'passport_photo'" in issue.message
    assert "identity_document" in issue.message


def test_a_document_type_declared_in_the_file_is_known():
    data = programme_data(
        document_types=[{"code": "portfolio", "name": {"en": "Portfolio"}}],
        documents=[{"type": "portfolio"}],
    )

    spec = read_programme_text(programme_yaml(data), FILE)

    assert spec.data["documents"][0]["type"] == "portfolio"


def test_an_unknown_language_code_is_refused():
    issue = only_issue(programme_data(languages_of_instruction=["en", "english"]))

    assert issue.path == "languages_of_instruction[1]"
    assert "unknown language code 'english'" in issue.message


def test_a_deadline_before_the_opening_is_refused():
    data = programme_data()
    rounds(data)[0]["deadline"] = dt.date(2027, 1, 3)

    issue = only_issue(data)

    assert issue.path == "intakes[0].rounds[0].deadline"
    assert issue.message == "the deadline (2027-01-03) precedes the opening (2027-01-04)."


def test_overlapping_rounds_are_refused():
    data = programme_data()
    rounds(data)[1]["opens"] = dt.date(2027, 2, 20)

    issue = only_issue(data)

    assert issue.path == "intakes[0].rounds[1].opens"
    assert issue.message == (
        "round 2 opens (2027-02-20) before the deadline of round 1 (2027-02-26): the rounds of "
        "an intake may not overlap."
    )


def test_a_round_opening_the_day_after_the_previous_deadline_does_not_overlap():
    data = programme_data()
    rounds(data)[1]["opens"] = dt.date(2027, 2, 27)

    read_programme_text(programme_yaml(data), FILE)


def test_results_before_the_deadline_are_refused():
    data = programme_data()
    rounds(data)[0]["results"] = dt.date(2027, 2, 20)

    issue = only_issue(data)

    assert issue.path == "intakes[0].rounds[0].results"
    assert issue.message == "the results date (2027-02-20) precedes the deadline (2027-02-26)."


def test_results_on_the_deadline_day_are_refused_as_they_come_before_midnight():
    data = programme_data()
    rounds(data)[0]["results"] = dt.date(2027, 2, 26)

    issue = only_issue(data)

    assert "the results date (2027-02-26) precedes the deadline (2027-02-26)" in issue.message


def test_a_negative_application_fee_is_refused():
    issue = only_issue(programme_data(application_fee=-150))

    assert issue.path == "application_fee"
    assert issue.message == "an amount cannot be negative; found -150."


def test_a_negative_tuition_is_refused():
    issue = only_issue(programme_data(tuition=-18500))

    assert issue.path == "tuition"
    assert issue.message == "an amount cannot be negative; found -18500."


def test_amounts_are_converted_to_cents():
    spec = read_programme_text(programme_yaml(programme_data(tuition=18500.5)), FILE)

    assert spec.data["tuition"] == 1_850_050


def test_an_amount_with_fractions_of_a_cent_is_refused():
    issue = only_issue(programme_data(application_fee=150.001))

    assert issue.message == "an amount has at most two decimals; found 150.001."


def test_a_panel_with_no_round_is_refused():
    data = programme_data()
    panels(data)[1]["rounds"] = []

    issues = issues_of(data)

    messages = {issue.path: issue.message for issue in issues}
    assert messages["intakes[0].panels[1].rounds"] == (
        "panel 2 decides no round: list the numbers of the rounds it decides."
    )


def test_a_panel_referring_to_an_unknown_round_is_refused():
    data = programme_data()
    panels(data)[1]["rounds"] = [2, 3]
    text = programme_yaml(data)

    issue = only_issue(text)

    assert issue.path == "intakes[0].panels[1].rounds[1]"
    assert issue.message == (
        "panel 2 refers to round 3, which this intake does not have (rounds: 1, 2)."
    )


def test_a_panel_sitting_before_the_deadline_of_a_round_it_decides_is_refused():
    data = programme_data()
    panels(data)[1]["sits_on"] = dt.date(2027, 4, 30)

    issue = only_issue(data)

    assert issue.path == "intakes[0].panels[1].sits_on"
    assert issue.message == (
        "panel 2 sits on 2027-04-30, before the deadline of round 2 it decides (2027-04-30); "
        "a panel sits after the deadlines of its rounds."
    )


def test_with_a_panel_stage_every_round_must_be_decided_by_a_panel():
    data = programme_data()
    del panels(data)[1]
    text = programme_yaml(data)

    issue = only_issue(text)

    assert issue.path == "intakes[0].rounds[1]"
    assert issue.line == line_of(text, "- number: 2")
    assert issue.message == (
        "round 2 of 2027 is decided by no panel, but the pipeline has a panel stage: add the "
        "round to a panel's rounds."
    )


def test_without_a_panel_stage_rounds_need_no_panel():
    data = programme_data(pipeline=["eligibility", "committee_review"])
    data["intakes"][0]["panels"] = []

    read_programme_text(programme_yaml(data), FILE)


def test_duplicate_entry_level_codes_are_refused():
    data = programme_data(
        entry_levels=[{"code": "m1", "name": {"en": "M1"}}, {"code": "m1", "name": {"en": "M2"}}]
    )
    text = programme_yaml(data)

    issue = only_issue(text)

    assert issue.path == "entry_levels[1].code"
    assert issue.message == (
        f"duplicate entry-level code 'm1' (first at line {line_of(text, '- code: m1')}); each "
        "must be unique."
    )


def test_duplicate_round_numbers_are_refused():
    data = programme_data()
    rounds(data)[1]["number"] = 1
    panels(data)[1]["rounds"] = [1]

    issue = only_issue(data)

    assert issue.path == "intakes[0].rounds[1].number"
    assert "duplicate round number 1" in issue.message


def test_more_minimum_files_than_maximum_is_refused():
    data = programme_data(documents=[{"type": "transcripts", "min_files": 3, "max_files": 2}])

    issue = only_issue(data)

    assert issue.path == "documents[0].min_files"
    assert issue.message == "min_files (3) is more than max_files (2)."


def test_an_unknown_accepted_format_is_refused():
    data = programme_data(documents=[{"type": "cv", "formats": ["pdf", "docx"]}])

    issue = only_issue(data)

    assert issue.path == "documents[0].formats[1]"
    assert issue.message == "unknown format 'docx'; allowed: pdf, jpeg, png."


def test_an_invalid_time_zone_is_refused():
    issue = only_issue(programme_data(time_zone="Europe/Pari"))

    assert issue.path == "time_zone"
    assert (
        issue.message == "unknown time zone 'Europe/Pari'; use an IANA name such as Europe/Paris."
    )


def test_classes_starting_before_the_last_results_are_refused():
    data = programme_data()
    data["intakes"][0]["starts_on"] = dt.date(2027, 5, 31)

    issue = only_issue(data)

    assert issue.path == "intakes[0].starts_on"
    assert (
        issue.message == "classes start on 2027-05-31, before the results of round 2 (2027-06-01)."
    )


def test_a_document_asked_twice_for_one_entry_level_is_refused():
    data = programme_data(documents=[{"type": "cv"}, {"type": "cv", "entry_levels": ["m1"]}])

    issue = only_issue(data)

    assert issue.path == "documents[1].type"
    assert "'cv' is already asked for every entry level" in issue.message


def test_a_document_for_an_unknown_entry_level_is_refused():
    data = programme_data(documents=[{"type": "cv", "entry_levels": ["m2"]}])

    issue = only_issue(data)

    assert issue.path == "documents[0].entry_levels[0]"
    assert issue.message == "unknown entry level 'm2'; this programme has: m1."


def test_an_invalid_document_condition_is_refused_with_its_column():
    data = programme_data(
        documents=[{"type": "english_certificate", "condition": "not englsh_native"}]
    )
    text = programme_yaml(data)

    issue = only_issue(text)

    assert issue.path == "documents[0].condition"
    assert issue.line == line_of(text, "condition:")
    assert issue.message.startswith("condition 'not englsh_native', column 5: ")
    assert "englsh_native" in issue.message


def test_invalid_eligibility_rules_are_refused_at_the_line_of_the_bad_key():
    level = {
        "code": "m1",
        "name": {"en": "M1"},
        "eligibility": {
            "all_of": [
                {"code": "english", "type": "language", "language": "en", "min_level": "B5"},
            ]
        },
    }
    text = programme_yaml(programme_data(entry_levels=[level]))

    issue = only_issue(text)

    assert issue.path == "entry_levels[0].eligibility.all_of[0].min_level"
    assert issue.line == line_of(text, "min_level: B5")
    assert issue.message.startswith("eligibility rules: ")
    assert "'B5' is not a CEFR level" in issue.message


def test_settings_must_be_a_mapping():
    issue = only_issue(programme_data(settings=["registration_window_days", 10]))

    assert issue.path == "settings"
    assert issue.message == "settings must be a mapping, not a list."


def test_advice_after_a_round_needs_the_last_round():
    data = programme_data(
        advice=[{"code": "visa", "trigger": "international_after_round", "text": {"en": "Early"}}]
    )

    issue = only_issue(data)

    assert issue.path == "advice[0]"
    assert "needs max_round" in issue.message


def test_a_local_time_skipped_by_the_clocks_is_refused():
    data = programme_data()
    rounds(data)[1]["opens"] = dt.datetime(2027, 3, 28, 2, 30)
    rounds(data)[0]["deadline"] = dt.date(2027, 2, 26)

    issue = only_issue(data)

    assert issue.path == "intakes[0].rounds[1].opens"
    assert "2027-03-28 02:30:00 does not exist in Europe/Paris" in issue.message


def test_every_problem_of_a_file_is_reported_at_once():
    data = programme_data(kind="mba", tuition=-1, time_zone="Mars/Olympus")

    paths = {issue.path for issue in issues_of(data)}

    assert {"kind", "tuition", "time_zone"} <= paths


def test_an_empty_file_is_refused():
    issue = only_issue("# nothing here\n")

    assert issue.message == "the file is empty: it should describe one programme."
