"""A programme's ``settings.decisions`` are checked when its file is loaded: a mistake is
named with its path, and well-formed settings load."""

from __future__ import annotations

import pytest

from admissions.catalogue.loader import read_programme_text
from admissions.catalogue.yaml_schema import ProgrammeConfigError
from tests.catalogue.factories import programme_data, programme_yaml

FILE = "programmes/test-programme.yaml"


def _issues(decisions):
    data = programme_data(settings={"decisions": decisions})
    with pytest.raises(ProgrammeConfigError) as caught:
        read_programme_text(programme_yaml(data), FILE)
    return [(issue.path, issue.message) for issue in caught.value.issues]


def test_well_formed_decision_settings_load():
    data = programme_data(
        settings={
            "decisions": {
                "over_offer_ratio": 1.2,
                "promotion": "confirm",
                "entry_level_places": {"m1": 20},
                "refusal_reasons": [{"code": "level", "text": {"en": "Level.", "fr": "Niveau."}}],
                "conditions": [
                    {"code": "diploma", "text": {"en": "Diploma."}, "document_type": "diplomas"}
                ],
            }
        }
    )
    read_programme_text(programme_yaml(data), FILE)


@pytest.mark.parametrize(
    "decisions, path",
    [
        ({"over_offer_ratio": 0.5}, "settings.decisions.over_offer_ratio"),
        ({"promotion": "sometimes"}, "settings.decisions.promotion"),
        ({"refusal_reasons": [{"code": "level"}]}, "settings.decisions.refusal_reasons[0]"),
        ({"reasons": []}, "settings.decisions.reasons"),
    ],
)
def test_a_mistake_is_named_with_its_path(decisions, path):
    assert path in [found for found, _message in _issues(decisions)]
