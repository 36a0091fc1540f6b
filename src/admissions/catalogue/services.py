"""Changes to the catalogue: loading programme configuration files into the database.

``load_programme_files`` is the one way programmes enter the database from YAML: the
``load_programmes`` command, ``seed_demo`` and the tests call it. It reads and checks every
file first and writes nothing unless all of them are valid; then it upserts them in one
transaction, field by field, so loading the same files twice changes nothing and reports
"unchanged".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from django.db import models, transaction

from admissions.catalogue import public_cache
from admissions.catalogue.loader import (
    ProgrammeSpec,
    read_programme_file,
)
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
from admissions.catalogue.standard_types import STANDARD_CODES, ensure_standard_document_types
from admissions.catalogue.yaml_schema import Issue, ProgrammeConfigError

__all__ = [
    "LoadReport",
    "ProgrammeConfigError",
    "ProgrammeLoadResult",
    "load_programme_files",
    "programme_files",
]

M = TypeVar("M", bound=models.Model)

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass
class ProgrammeLoadResult:
    slug: str
    filename: str
    status: str  # created | updated | unchanged
    programme: Programme
    changes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        line = f"{self.slug}: {self.status} ({self.filename})"
        if self.status == UPDATED and self.changes:
            line += "\n" + "\n".join(f"  - {change}" for change in self.changes)
        return line


@dataclass
class LoadReport:
    results: list[ProgrammeLoadResult] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def programmes(self) -> dict[str, Programme]:
        return {result.slug: result.programme for result in self.results}

    def status_of(self, slug: str) -> str:
        return next(result.status for result in self.results if result.slug == slug)

    @property
    def changed(self) -> bool:
        return any(result.status != UNCHANGED for result in self.results)


def programme_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Issue]]:
    """The files named by ``paths``: a file as given, a folder's ``*.yaml``/``*.yml`` files
    in name order (not its subfolders)."""
    files: list[Path] = []
    issues: list[Issue] = []
    seen: set[Path] = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                issues.append(Issue(str(path), None, "", "no programme file (*.yaml) here."))
        elif path.is_file():
            found = [path]
        else:
            issues.append(Issue(str(path), None, "", "no such file or folder."))
            found = []
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, issues


def load_programme_files(
    paths: Iterable[str | Path], *, stdout: IO[str] | Any | None = None
) -> LoadReport:
    """Load programme files (or folders of them) into the database, all or nothing.

    Raises ``ProgrammeConfigError`` listing every problem (file, line, field, message) when a
    file is invalid; nothing is written then. Otherwise creates or updates each programme and
    returns a report saying, per programme, "created", "updated" (with what changed) or
    "unchanged". ``stdout`` (a file or a management command's ``self.stdout``) receives one
    line per programme and the warnings.
    """
    files, issues = programme_files(paths)
    known_types = set(DocumentType.objects.values_list("code", flat=True)) | STANDARD_CODES
    specs: list[ProgrammeSpec] = []
    for file in files:
        try:
            specs.append(read_programme_file(file, known_document_types=known_types))
        except ProgrammeConfigError as error:
            issues.extend(error.issues)
    issues.extend(_database_issues(specs))
    if issues:
        raise ProgrammeConfigError(issues)
    report = LoadReport(warnings=[warning for spec in specs for warning in spec.warnings])
    with transaction.atomic():
        ensure_standard_document_types()
        for spec in specs:
            report.results.append(_Upsert(spec).run())
        # The loader also writes in bulk (no signals): the public pages' fragments go.
        public_cache.bump()
        transaction.on_commit(public_cache.bump)
    if stdout is not None:
        for result in report.results:
            stdout.write(str(result))
        for warning in report.warnings:
            stdout.write(f"warning: {warning}")
    return report


def _database_issues(specs: list[ProgrammeSpec]) -> list[Issue]:
    """Checks that need the other programmes: one file per slug, unique prefixes, document
    types declared once."""
    issues: list[Issue] = []
    slugs: dict[str, ProgrammeSpec] = {}
    prefixes: dict[str, ProgrammeSpec] = {}
    declared: dict[str, ProgrammeSpec] = {}
    for spec in specs:
        data = spec.data
        if spec.slug in slugs:
            other = slugs[spec.slug].filename
            issues.append(
                spec.issue(("slug",), f"programme '{spec.slug}' is also described by {other}.")
            )
        slugs.setdefault(spec.slug, spec)
        prefix = data["reference_prefix"]
        if prefix in prefixes:
            issues.append(
                spec.issue(
                    ("reference_prefix",),
                    f"the reference prefix {prefix} is also used by {prefixes[prefix].filename}.",
                )
            )
        prefixes.setdefault(prefix, spec)
        owner = Programme.objects.filter(reference_prefix=prefix).exclude(slug=spec.slug).first()
        if owner is not None:
            issues.append(
                spec.issue(
                    ("reference_prefix",),
                    f"the reference prefix {prefix} belongs to programme '{owner.slug}'; "
                    "choose another.",
                )
            )
        for index, item in enumerate(data["document_types"]):
            path = ("document_types", index, "code")
            code = item["code"]
            if code in declared and declared[code] is not spec:
                issues.append(
                    spec.issue(path, f"'{code}' is also declared by {declared[code].filename}.")
                )
            declared.setdefault(code, spec)
            existing = DocumentType.objects.filter(code=code).select_related("declared_by").first()
            if existing is None:
                continue
            if existing.declared_by is None:
                issues.append(
                    spec.issue(
                        path,
                        f"'{code}' is a standard document type: use it in documents without "
                        "declaring it.",
                    )
                )
            elif existing.declared_by.slug != spec.slug:
                issues.append(
                    spec.issue(
                        path,
                        f"the document type '{code}' is declared by programme "
                        f"'{existing.declared_by.slug}'; use it without declaring it, or "
                        "choose another code.",
                    )
                )
    return issues


def _assign(obj: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set the fields of ``obj`` that differ from ``values``; return their names."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _bilingual(prefix: str, text: Mapping[str, str]) -> dict[str, str]:
    return {f"{prefix}_en": text["en"], f"{prefix}_fr": text["fr"]}


class _Upsert:
    """Writes one valid spec: every part matched by its natural key, changes recorded."""

    def __init__(self, spec: ProgrammeSpec):
        self.spec = spec
        self.data = spec.data
        self.changes: list[str] = []

    def run(self) -> ProgrammeLoadResult:
        data = self.data
        values = self.programme_values()
        programme = Programme.objects.select_for_update().filter(slug=data["slug"]).first()
        created = programme is None
        if programme is None:
            programme = Programme.objects.create(slug=data["slug"], **values)
        else:
            changed = _assign(programme, values)
            if changed:
                programme.save(update_fields=[*changed, "updated_at"])
                self.changes.extend(name for name in changed if name != "config_checksum")
                if changed == ["config_checksum"]:
                    self.changes.append("configuration checksum")
        self.programme = programme
        self.document_types()
        levels = self.entry_levels()
        self.requirements(levels)
        self.stale_document_types()
        self.criteria()
        self.advice()
        for intake in data["intakes"]:
            self.intake(intake)
        status = CREATED if created else (UPDATED if self.changes else UNCHANGED)
        return ProgrammeLoadResult(
            slug=programme.slug,
            filename=self.spec.filename,
            status=status,
            programme=programme,
            changes=self.changes,
        )

    def programme_values(self) -> dict[str, Any]:
        data = self.data
        return {
            "reference_prefix": data["reference_prefix"],
            "kind": data["kind"],
            "designation": data["designation"],
            "is_published": data["published"],
            **_bilingual("name", data["name"]),
            **_bilingual("summary", data["summary"]),
            **_bilingual("description", data["description"]),
            "languages_of_instruction": data["languages_of_instruction"],
            "duration_months": data["duration_months"],
            "ects": data["ects"],
            "currency": data["currency"],
            "tuition_cents": data["tuition"],
            "application_fee_cents": data["application_fee"],
            "time_zone": data["time_zone"],
            "company_training_required": data["company_training_required"],
            "pipeline": data["pipeline"],
            "contacts": data["contacts"],
            "settings": data["settings"],
            "config_checksum": self.spec.checksum,
        }

    # -- a generic keyed sync -------------------------------------------------------------------

    def sync(
        self,
        existing: Iterable[M],
        key: Callable[[M], Any],
        wanted: Mapping[Any, Mapping[str, Any]],
        create: Callable[[Any, Mapping[str, Any]], M],
        label: Callable[[Any], str],
    ) -> dict[Any, M]:
        """Make the rows match ``wanted`` (key → field values): update, create, and delete the
        rows whose key is no longer wanted. Returns the rows by key."""
        rows = {key(row): row for row in existing}
        result: dict[Any, M] = {}
        for item_key, values in wanted.items():
            row = rows.get(item_key)
            if row is None:
                row = create(item_key, values)
                self.changes.append(f"{label(item_key)}: created")
            else:
                changed = _assign(row, values)
                if changed:
                    row.save(update_fields=changed)
                    self.changes.append(f"{label(item_key)}: {', '.join(changed)}")
            result[item_key] = row
        for item_key, row in rows.items():
            if item_key not in wanted:
                self.delete(row, label(item_key))
        return result

    def delete(self, row: models.Model, label: str) -> None:
        try:
            with transaction.atomic():
                row.delete()
        except (models.ProtectedError, models.RestrictedError) as error:
            if isinstance(error, models.ProtectedError):
                count = len(error.protected_objects)
            else:
                count = len(error.restricted_objects)
            raise ProgrammeConfigError(
                [
                    self.spec.issue(
                        (),
                        f"{label} is no longer in the file but {count} record(s) refer to it, "
                        "so it cannot be deleted; put it back in the file.",
                    )
                ]
            ) from None
        self.changes.append(f"{label}: deleted")

    # -- parts ----------------------------------------------------------------------------------

    def document_types(self) -> None:
        for item in self.data["document_types"]:
            values = {
                **_bilingual("name", item["name"]),
                **_bilingual("help", item["help"]),
                "declared_by_id": self.programme.pk,
            }
            row = DocumentType.objects.filter(code=item["code"]).first()
            if row is None:
                DocumentType.objects.create(code=item["code"], **values)
                self.changes.append(f"document type {item['code']}: created")
            elif changed := _assign(row, values):
                row.save(update_fields=changed)
                self.changes.append(f"document type {item['code']}: {', '.join(changed)}")

    def stale_document_types(self) -> None:
        declared = {item["code"] for item in self.data["document_types"]}
        for row in DocumentType.objects.filter(declared_by=self.programme).exclude(
            code__in=declared
        ):
            if row.requirements.exists():
                # Another programme asks for it: it stays, as a shared type.
                row.declared_by = None
                row.save(update_fields=["declared_by"])
                self.changes.append(f"document type {row.code}: no longer declared here")
            else:
                self.delete(row, f"document type {row.code}")

    def entry_levels(self) -> dict[str, EntryLevel]:
        wanted = {
            item["code"]: {
                "position": position,
                **_bilingual("name", item["name"]),
                **_bilingual("required_degree", item["required_degree"]),
                "min_prior_ects": item["min_prior_ects"],
                **_bilingual("profile", item["profile"]),
                "eligibility_rules": item["eligibility"],
            }
            for position, item in enumerate(self.data["entry_levels"])
        }
        programme = self.programme
        return self.sync(
            programme.entry_levels.all(),
            key=lambda row: row.code,
            wanted=wanted,
            create=lambda key, values: EntryLevel.objects.create(
                programme=programme, code=key, **values
            ),
            label=lambda code: f"entry level {code}",
        )

    def requirements(self, levels: Mapping[str, Any]) -> None:
        types = {row.code: row.pk for row in DocumentType.objects.all()}
        wanted: dict[tuple[str | None, str], dict[str, Any]] = {}
        for position, item in enumerate(self.data["documents"]):
            for level in item["entry_levels"] or [None]:
                wanted[(level, item["type"])] = {
                    "entry_level_id": levels[level].pk if level else None,
                    "document_type_id": types[item["type"]],
                    "position": position,
                    "required": item["required"],
                    "timing": item["timing"],
                    "min_files": item["min_files"],
                    "max_files": item["max_files"],
                    "accepted_formats": item["formats"],
                    "max_size_mb": item["max_size_mb"],
                    "condition": item["condition"],
                    **_bilingual("note", item["note"]),
                }
        programme = self.programme
        self.sync(
            programme.document_requirements.select_related("entry_level", "document_type"),
            key=lambda row: (
                row.entry_level.code if row.entry_level else None,
                row.document_type.code,
            ),
            wanted=wanted,
            create=lambda key, values: DocumentRequirement.objects.create(
                programme=programme, **values
            ),
            label=lambda key: f"document {key[1]} ({key[0] or 'every level'})",
        )

    def criteria(self) -> None:
        wanted = {
            item["code"]: {
                "position": position,
                **_bilingual("label", item["label"]),
                **_bilingual("description", item["description"]),
                "weight": item["weight"],
            }
            for position, item in enumerate(self.data["review_criteria"])
        }
        programme = self.programme
        self.sync(
            programme.review_criteria.all(),
            key=lambda row: row.code,
            wanted=wanted,
            create=lambda key, values: ReviewCriterion.objects.create(
                programme=programme, code=key, **values
            ),
            label=lambda code: f"review criterion {code}",
        )

    def advice(self) -> None:
        wanted = {
            item["code"]: {
                "position": position,
                "trigger": item["trigger"],
                "max_round": item["max_round"],
                "funding_routes": item["funding_routes"],
                **_bilingual("text", item["text"]),
            }
            for position, item in enumerate(self.data["advice"])
        }
        programme = self.programme
        self.sync(
            programme.advice.all(),
            key=lambda row: row.code,
            wanted=wanted,
            create=lambda key, values: Advice.objects.create(
                programme=programme, code=key, **values
            ),
            label=lambda code: f"advice {code}",
        )

    def intake(self, item: Mapping[str, Any]) -> None:
        year = item["academic_year"]
        values = {
            "starts_on": item["starts_on"],
            "ends_on": item["ends_on"],
            "places": item["places"],
            "hours": item["hours"],
        }
        intake = (
            Intake.objects.select_for_update()
            .filter(programme=self.programme, academic_year=year)
            .first()
        )
        if intake is None:
            intake = Intake.objects.create(programme=self.programme, academic_year=year, **values)
            self.changes.append(f"intake {year}: created")
        elif changed := _assign(intake, values):
            intake.save(update_fields=changed)
            self.changes.append(f"intake {year}: {', '.join(changed)}")
        wanted_rounds = {
            round_["number"]: {
                "opens_at": round_["opens"],
                "deadline_at": round_["deadline"],
                "results_at": round_["results"],
                "places": round_["places"],
            }
            for round_ in item["rounds"]
        }
        rounds = self.sync(
            intake.rounds.all(),
            key=lambda row: row.number,
            wanted=wanted_rounds,
            create=lambda key, values: Round.objects.create(intake=intake, number=key, **values),
            label=lambda number: f"intake {year} round {number}",
        )
        wanted_panels = {panel["number"]: {"sits_on": panel["sits_on"]} for panel in item["panels"]}
        panels = self.sync(
            intake.panels.prefetch_related("rounds"),
            key=lambda row: row.number,
            wanted=wanted_panels,
            create=lambda key, values: Panel.objects.create(intake=intake, number=key, **values),
            label=lambda number: f"intake {year} panel {number}",
        )
        for panel_item in item["panels"]:
            panel = panels[panel_item["number"]]
            decided = {rounds[number].pk for number in panel_item["rounds"]}
            if {row.pk for row in panel.rounds.all()} != decided:
                panel.rounds.set(decided)
                self.changes.append(f"intake {year} panel {panel.number}: rounds")
