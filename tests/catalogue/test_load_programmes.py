"""``load_programmes`` upserts programme files: idempotent, all or nothing, and loud about
what it refuses."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db.models import ProtectedError

from admissions.catalogue.models import (
    DocumentRequirement,
    DocumentType,
    Intake,
    Panel,
    Programme,
    RequirementTiming,
    Round,
)
from admissions.catalogue.services import load_programme_files
from admissions.catalogue.yaml_schema import ProgrammeConfigError
from tests.catalogue.factories import ProgrammeFactory, programme_data, write_programme
from tests.conftest import PROGRAMMES_DIR

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def run_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_programmes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_seed_programmes_are_created_with_their_configuration():
    report = load_programme_files([PROGRAMMES_DIR])

    assert {r.slug: r.status for r in report.results} == {
        "msc-cps2-ai-iot": "created",
        "post-master-ai": "created",
    }
    post_master = Programme.objects.get(slug="post-master-ai")
    assert post_master.reference_prefix == "PMAI"
    assert post_master.application_fee_cents == 15_000
    assert post_master.tuition_cents == 1_850_000
    assert post_master.pipeline == ["eligibility", "interview", "panel"]
    assert post_master.settings["registration_window_days"] == 10
    assert post_master.settings["pole_emploi_notice_days"] == 15
    intake = post_master.intakes.get(academic_year=2027)
    assert intake.places == 30
    assert intake.starts_on == dt.date(2027, 10, 1)
    assert intake.rounds.count() == 5
    assert intake.panels.count() == 4
    first = intake.rounds.get(number=1)
    assert first.opens_at == dt.datetime(2026, 9, 30, 22, 0, tzinfo=UTC)  # 00:00 in Paris (CEST)
    assert first.deadline_at == dt.datetime(2027, 2, 3, 22, 59, 59, tzinfo=UTC)  # 23:59:59 CET
    assert first.results_at == dt.datetime(2027, 3, 3, 8, 0, tzinfo=UTC)  # 09:00 CET
    last_panel = intake.panels.get(number=4)
    assert sorted(last_panel.rounds.values_list("number", flat=True)) == [4, 5]
    mooc = post_master.document_requirements.get(document_type__code="mooc_certificate")
    assert mooc.timing == RequirementTiming.AFTER_SUBMISSION
    assert mooc.accepted_formats == ["pdf", "jpeg", "png"]


def test_the_msc_has_two_entry_levels_with_their_own_transcripts():
    load_programme_files([PROGRAMMES_DIR / "msc-cps2-ai-iot.yaml"])

    msc = Programme.objects.get(slug="msc-cps2-ai-iot")
    assert list(msc.entry_levels.values_list("code", "min_prior_ects")) == [
        ("m1", 180),
        ("m2", 240),
    ]
    transcripts = msc.document_requirements.filter(document_type__code="transcripts")
    assert {(t.entry_level.code, t.max_files) for t in transcripts} == {("m1", 6), ("m2", 8)}
    cv = msc.document_requirements.get(document_type__code="cv")
    assert cv.entry_level is None  # asked at every level
    weights = dict(msc.review_criteria.values_list("code", "weight"))
    assert weights == {"academic_level": 2, "career_plan": 1, "transversal_skills": 1}
    assert msc.application_fee_cents == 0


def test_loading_twice_changes_nothing():
    load_programme_files([PROGRAMMES_DIR])
    before = {p.slug: p.updated_at for p in Programme.objects.all()}
    round_ids = set(Round.objects.values_list("pk", flat=True))

    report = load_programme_files([PROGRAMMES_DIR])

    assert [r.status for r in report.results] == ["unchanged", "unchanged"]
    assert {p.slug: p.updated_at for p in Programme.objects.all()} == before
    assert set(Round.objects.values_list("pk", flat=True)) == round_ids


def test_the_command_prints_the_status_of_each_programme():
    out, err = run_command(str(PROGRAMMES_DIR))
    assert "msc-cps2-ai-iot: created" in out
    assert "post-master-ai: created" in out
    assert err == ""

    out, _ = run_command(str(PROGRAMMES_DIR))

    assert "msc-cps2-ai-iot: unchanged" in out
    assert "post-master-ai: unchanged" in out
    assert "Nothing to change." in out


def test_the_command_prints_the_seed_english_warning():
    out, _ = run_command(str(PROGRAMMES_DIR / "post-master-ai.yaml"))

    assert "warning: " in out
    assert "TOEIC_LR 700 maps to B1" in out


def test_a_changed_file_is_reported_updated_with_what_changed(tmp_path):
    data = programme_data()
    path = write_programme(tmp_path, data)
    load_programme_files([path])
    data["application_fee"] = 150
    data["intakes"][0]["rounds"][1]["deadline"] = dt.date(2027, 5, 3)
    write_programme(tmp_path, data)

    [result] = load_programme_files([path]).results

    assert result.status == "updated"
    assert "application_fee_cents" in result.changes
    assert "intake 2027 round 2: deadline_at" in result.changes
    programme = Programme.objects.get(slug="test-programme")
    assert programme.application_fee_cents == 15_000


def test_comments_and_layout_do_not_count_as_changes(tmp_path):
    path = write_programme(tmp_path, programme_data())
    load_programme_files([path])
    path.write_text("# A comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")

    [result] = load_programme_files([path]).results

    assert result.status == "unchanged"


def test_an_edit_made_in_the_database_is_put_back_by_the_file(tmp_path):
    path = write_programme(tmp_path, programme_data())
    load_programme_files([path])
    Programme.objects.filter(slug="test-programme").update(ects=60)

    [result] = load_programme_files([path]).results

    assert result.status == "updated"
    assert result.changes == ["ects"]
    assert Programme.objects.get(slug="test-programme").ects == 120


def test_one_invalid_file_loads_nothing(tmp_path):
    shutil.copy(PROGRAMMES_DIR / "msc-cps2-ai-iot.yaml", tmp_path)
    write_programme(tmp_path, programme_data(kind="mba"))

    with pytest.raises(ProgrammeConfigError) as caught:
        load_programme_files([tmp_path])

    assert [issue.path for issue in caught.value.issues] == ["kind"]
    assert not Programme.objects.exists()


def test_a_failure_while_writing_rolls_every_file_back(tmp_path, monkeypatch):
    """The second file drops a round that something refers to, so the round cannot be
    deleted: the first file, already written in the same transaction, is rolled back too."""
    data = programme_data(slug="second", reference_prefix="SECOND")
    second = write_programme(tmp_path, data, name="b.yaml")
    load_programme_files([second])
    first = write_programme(tmp_path, programme_data(), name="a.yaml")
    data["intakes"][0]["rounds"].pop()
    data["intakes"][0]["panels"].pop()
    write_programme(tmp_path, data, name="b.yaml")

    def referenced(self, *args, **kwargs):
        raise ProtectedError("an application refers to this round", {self})

    monkeypatch.setattr(Round, "delete", referenced)

    with pytest.raises(ProgrammeConfigError) as caught:
        load_programme_files([first, second])

    assert caught.value.issues[0].message.startswith(
        "intake 2027 round 2 is no longer in the file but 1 record(s) refer to it"
    )
    assert not Programme.objects.filter(slug="test-programme").exists()
    assert Round.objects.filter(intake__programme__slug="second").count() == 2


def test_the_command_writes_each_problem_to_stderr_and_fails(tmp_path):
    data = programme_data(tuition=-5)
    path = write_programme(tmp_path, data)

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("load_programmes", str(path), stdout=out, stderr=err)

    assert f"{path}, line " in err.getvalue()
    assert "tuition: an amount cannot be negative; found -5." in err.getvalue()
    assert "nothing was loaded" in str(caught.value)
    assert out.getvalue() == ""


def test_the_command_exits_with_a_non_zero_status_on_error(tmp_path, capsys):
    path = write_programme(tmp_path, programme_data(time_zone="Nowhere/Atlantis"))

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "load_programmes", str(path)])

    assert exit_.value.code != 0
    captured = capsys.readouterr()
    assert "time_zone: unknown time zone 'Nowhere/Atlantis'" in captured.err
    assert captured.out == ""


def test_an_unknown_path_is_refused(tmp_path):
    with pytest.raises(ProgrammeConfigError) as caught:
        load_programme_files([tmp_path / "missing.yaml"])

    assert caught.value.issues[0].message == "no such file or folder."


def test_intakes_absent_from_the_file_are_left_alone(tmp_path):
    data = programme_data()
    path = write_programme(tmp_path, data)
    load_programme_files([path])
    programme = Programme.objects.get(slug="test-programme")
    Intake.objects.create(programme=programme, academic_year=2026, starts_on=dt.date(2026, 9, 1))

    [result] = load_programme_files([path]).results

    assert programme.intakes.filter(academic_year=2026).exists()
    assert result.status == "unchanged"


def test_rounds_and_panels_removed_from_the_file_are_deleted(tmp_path):
    data = programme_data()
    path = write_programme(tmp_path, data)
    load_programme_files([path])
    data["intakes"][0]["rounds"].pop()
    data["intakes"][0]["panels"].pop()
    write_programme(tmp_path, data)

    [result] = load_programme_files([path]).results

    assert list(Round.objects.values_list("number", flat=True)) == [1]
    assert list(Panel.objects.values_list("number", flat=True)) == [1]
    assert "intake 2027 round 2: deleted" in result.changes


def test_a_document_for_several_levels_becomes_one_requirement_per_level(tmp_path):
    data = programme_data(
        entry_levels=[{"code": "m1", "name": {"en": "M1"}}, {"code": "m2", "name": {"en": "M2"}}],
        documents=[{"type": "transcripts", "entry_levels": ["m2", "m1"], "max_files": 5}],
    )
    load_programme_files([write_programme(tmp_path, data)])

    rows = DocumentRequirement.objects.order_by("entry_level__position")

    assert [(row.entry_level.code, row.max_files, row.position) for row in rows] == [
        ("m1", 5, 0),
        ("m2", 5, 0),
    ]


def test_a_programme_may_declare_its_own_document_type(tmp_path):
    data = programme_data(
        document_types=[{"code": "portfolio", "name": {"en": "Portfolio", "fr": "Portfolio"}}],
        documents=[{"type": "portfolio", "formats": ["pdf", "png"]}],
    )
    load_programme_files([write_programme(tmp_path, data)])

    portfolio = DocumentType.objects.get(code="portfolio")

    assert portfolio.declared_by.slug == "test-programme"


def test_a_standard_document_type_cannot_be_redeclared(tmp_path):
    data = programme_data(document_types=[{"code": "cv", "name": {"en": "My CV"}}])

    with pytest.raises(ProgrammeConfigError) as caught:
        load_programme_files([write_programme(tmp_path, data)])

    assert caught.value.issues[0].path == "document_types[0].code"
    assert "'cv' is a standard document type" in caught.value.issues[0].message


def test_the_standard_document_types_exist_with_both_languages():
    codes = set(DocumentType.objects.filter(declared_by=None).values_list("code", flat=True))

    assert codes >= {
        "cv",
        "motivation_letter",
        "transcripts",
        "diplomas",
        "english_certificate",
        "french_certificate",
        "recommendation",
        "mooc_certificate",
        "eef_attestation",
        "identity_document",
    }
    assert not DocumentType.objects.filter(name_fr="").exists()


def test_a_reference_prefix_used_by_another_programme_is_refused(tmp_path):
    ProgrammeFactory(slug="other", reference_prefix="TEST")

    with pytest.raises(ProgrammeConfigError) as caught:
        load_programme_files([write_programme(tmp_path, programme_data())])

    assert caught.value.issues[0].path == "reference_prefix"
    assert "belongs to programme 'other'" in caught.value.issues[0].message


def test_two_files_for_one_programme_are_refused(tmp_path):
    write_programme(tmp_path, programme_data(), name="a.yaml")
    write_programme(tmp_path, programme_data(), name="b.yaml")

    with pytest.raises(ProgrammeConfigError) as caught:
        load_programme_files([tmp_path])

    assert "programme 'test-programme' is also described by" in str(caught.value)


def test_the_seed_programmes_fixture_loads_both_programmes(seed_programmes):
    assert set(seed_programmes) == {"msc-cps2-ai-iot", "post-master-ai"}
