"""YAML → database → YAML gives the same programme, and loading an export into an empty
database gives the same rows."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict

from admissions.catalogue.exporter import export_programme
from admissions.catalogue.loader import read_programme_file, read_programme_text
from admissions.catalogue.models import (
    Advice,
    DocumentRequirement,
    DocumentType,
    EntryLevel,
    Intake,
    Panel,
    Programme,
    ReviewCriterion,
    Round,
)
from admissions.catalogue.services import load_programme_files
from tests.catalogue.factories import programme_data, write_programme
from tests.conftest import PROGRAMMES_DIR

pytestmark = pytest.mark.django_db

SEED_FILES = sorted(PROGRAMMES_DIR.glob("*.yaml"))


def snapshot() -> dict[str, Any]:
    """Every catalogue row by natural key, without database ids or timestamps."""

    def rows(queryset, key, exclude=()):
        skip = {"id", "updated_at", "programme", "intake", *exclude}
        return {
            key(row): {k: v for k, v in model_to_dict(row).items() if k not in skip}
            for row in queryset
        }

    return {
        "programmes": rows(Programme.objects.all(), lambda r: r.slug),
        "entry_levels": rows(EntryLevel.objects.all(), lambda r: (r.programme.slug, r.code)),
        "requirements": rows(
            DocumentRequirement.objects.all(),
            lambda r: (
                r.programme.slug,
                r.entry_level.code if r.entry_level else None,
                r.document_type.code,
            ),
            exclude=("entry_level", "document_type"),
        ),
        "criteria": rows(ReviewCriterion.objects.all(), lambda r: (r.programme.slug, r.code)),
        "advice": rows(Advice.objects.all(), lambda r: (r.programme.slug, r.code)),
        "intakes": rows(Intake.objects.all(), lambda r: (r.programme.slug, r.academic_year)),
        "rounds": rows(
            Round.objects.all(),
            lambda r: (r.intake.programme.slug, r.intake.academic_year, r.number),
        ),
        "panels": {
            (p.intake.programme.slug, p.intake.academic_year, p.number): (
                p.sits_on,
                sorted(p.rounds.values_list("number", flat=True)),
            )
            for p in Panel.objects.all()
        },
        "document_types": rows(
            DocumentType.objects.all(), lambda r: r.code, exclude=("declared_by",)
        ),
    }


def wipe() -> None:
    Programme.objects.all().delete()
    DocumentType.objects.exclude(declared_by=None).delete()


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.stem)
def test_exporting_a_loaded_seed_gives_the_same_programme(seed, tmp_path):
    load_programme_files([seed])
    programme = Programme.objects.get(slug=seed.stem)

    exported = export_programme(programme)

    original = read_programme_file(seed).data
    again = read_programme_text(exported, f"{seed.stem}-export.yaml").data
    assert again == original


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.stem)
def test_loading_an_export_into_an_empty_database_gives_identical_rows(seed, tmp_path):
    load_programme_files([seed])
    before = snapshot()
    export = tmp_path / seed.name
    export.write_text(export_programme(Programme.objects.get(slug=seed.stem)), encoding="utf-8")
    wipe()
    assert not Programme.objects.exists()

    [result] = load_programme_files([export]).results

    assert result.status == "created"
    assert snapshot() == before


def test_loading_the_export_over_its_source_changes_nothing(tmp_path):
    load_programme_files([PROGRAMMES_DIR])
    for programme in Programme.objects.all():
        (tmp_path / f"{programme.slug}.yaml").write_text(
            export_programme(programme), encoding="utf-8"
        )

    report = load_programme_files([tmp_path])

    assert {result.status for result in report.results} == {"unchanged"}


def test_times_that_are_not_the_defaults_survive_the_round_trip(tmp_path):
    data = programme_data(
        document_types=[{"code": "portfolio", "name": {"en": "Portfolio"}}],
        documents=[{"type": "portfolio", "required": False, "max_files": 2}],
        settings={"registration_window_days": 10, "note": "quoted: 2027-01-01"},
    )
    rounds = data["intakes"][0]["rounds"]
    rounds[0]["opens"] = dt.datetime(2027, 1, 4, 9, 30)
    rounds[0]["deadline"] = dt.datetime(2027, 2, 26, 12, 0)
    rounds[0]["results"] = dt.datetime(2027, 3, 26, 14, 0, tzinfo=dt.UTC)
    # 02:30 happens twice in Paris on 2026-10-25; the second one has a +01:00 offset.
    data["intakes"].append(
        {
            "academic_year": 2026,
            "starts_on": dt.date(2026, 12, 1),
            "rounds": [
                {
                    "number": 1,
                    "opens": dt.date(2026, 10, 1),
                    "deadline": "2026-10-25T02:30:00+01:00",
                    "results": dt.date(2026, 11, 2),
                }
            ],
            "panels": [{"number": 1, "sits_on": dt.date(2026, 10, 27), "rounds": [1]}],
        }
    )
    source = write_programme(tmp_path, data)
    load_programme_files([source])

    exported = export_programme(Programme.objects.get(slug="test-programme"))

    assert "opens: 2027-01-04 09:30:00" in exported
    assert "deadline: 2026-10-25 02:30:00+01:00" in exported
    assert read_programme_text(exported, "export.yaml").data == read_programme_file(source).data


def test_the_export_command_writes_a_file(tmp_path):
    load_programme_files([PROGRAMMES_DIR / "post-master-ai.yaml"])
    output = tmp_path / "out.yaml"

    call_command(
        "export_programme", "post-master-ai", "--output", str(output), stdout=io.StringIO()
    )

    assert read_programme_text(output.read_text(encoding="utf-8"), str(output)).slug == (
        "post-master-ai"
    )


def test_the_export_command_prints_to_stdout_by_default():
    load_programme_files([PROGRAMMES_DIR / "post-master-ai.yaml"])
    out = io.StringIO()

    call_command("export_programme", "post-master-ai", stdout=out)

    assert out.getvalue().startswith("# Post-Master's degree in Artificial Intelligence\n")
    assert "reference_prefix: PMAI" in out.getvalue()


def test_exporting_an_unknown_slug_names_it_and_lists_the_known_ones():
    load_programme_files([PROGRAMMES_DIR])

    with pytest.raises(CommandError) as caught:
        call_command("export_programme", "post-master-ia", stdout=io.StringIO())

    assert str(caught.value) == (
        "Unknown programme 'post-master-ia'. Known programmes: msc-cps2-ai-iot, post-master-ai."
    )


def test_each_seed_file_is_named_after_its_slug():
    assert {path.stem for path in SEED_FILES} == {"msc-cps2-ai-iot", "post-master-ai"}
    assert all(read_programme_file(path).slug == path.stem for path in SEED_FILES)
