"""A transfer's label is free text: the fee is found from the creditor reference written
anywhere in it, however it was typed, and a mistyped reference finds nothing."""

from __future__ import annotations

import pytest

from admissions.finance.services.ledger import creditor_reference
from admissions.finance.services.transfers import find_fee_by_reference


def test_the_creditor_reference_of_the_post_masters_fee_is_rf58(fee):
    assert fee.transfer_reference == "RF58PMAI202700042"
    assert creditor_reference("PMAI-2027-00042") == "RF58PMAI202700042"


@pytest.mark.parametrize(
    "label",
    [
        "RF58PMAI202700042",
        "VIR SEPA RF58PMAI202700042 FRAIS DE CANDIDATURE",
        "vir sepa rf58pmai202700042",
        "RF58 PMAI 2027 00042 Ada Lovelace",
        "RF58-PMAI-2027-00042",
        "Paiement /RF58 PMAI-2027-00042/ merci",
        "ref:RF58PMAI202700042,candidature",
    ],
)
def test_the_creditor_reference_is_found_anywhere_whatever_the_spaces_dashes_and_case(fee, label):
    assert find_fee_by_reference(label) == fee


@pytest.mark.parametrize(
    "label",
    ["PMAI-2027-00042", "Frais candidature pmai 2027 00042", "PMAI202700042 Ada"],
)
def test_the_plain_application_reference_is_accepted_when_no_creditor_reference_was_written(
    fee, label
):
    assert find_fee_by_reference(label) == fee


@pytest.mark.parametrize(
    "label",
    [
        "RF59PMAI202700042",  # one wrong check digit
        "RF85PMAI202700042",  # check digits swapped
        "RF58 PMAI 2027 00024",  # the number mistyped
        "VIR RF59 PMAI-2027-00042",  # a wrong creditor reference next to the application's
    ],
)
def test_a_reference_with_wrong_check_digits_matches_nothing(fee, label):
    assert find_fee_by_reference(label) is None


@pytest.mark.parametrize(
    "label", ["", "   ", "VIR SEPA LOYER MARS", "PMAI-2027-99999", "RF18 ABCD 1234"]
)
def test_a_label_without_a_known_reference_matches_nothing(fee, label):
    assert find_fee_by_reference(label) is None


def test_a_label_naming_two_fees_matches_neither(fee, other_fee):
    assert find_fee_by_reference("RF58PMAI202700042 RF31PMAI202700043") is None
    assert other_fee.transfer_reference == "RF31PMAI202700043"


def test_the_other_applicants_reference_finds_their_fee_not_adas(fee, other_fee):
    assert find_fee_by_reference(f"VIR {other_fee.transfer_reference}") == other_fee
