"""The public self-check form: a short profile, read into the eligibility engine's shape.

Every field is optional, because what a person does not say is *unknown* to the rules (the
outcome then says what is missing), not a failure. Nothing is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.applicants import validation
from admissions.applicants.models import CefrLevel, DegreeLevel, FieldOfStudy, TestCode
from admissions.core import choosers
from admissions.core.forms import AccessibleForm, style_fields
from admissions.rules import cefr

TEST_SLOTS = (1, 2)
OTHER_LANGUAGE = "other"

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    (OTHER_LANGUAGE, _("Another language")),
]
YES_NO_UNKNOWN = [
    ("", _("I don't know")),
    ("yes", _("Yes")),
    ("no", _("No")),
]
COMPLETED_CHOICES = [
    ("", _("Not said")),
    ("yes", _("Yes, I have the diploma")),
    ("no", _("No, I am in my final year")),
]
CERTIFICATION_CHOICES = [
    ("", _("Not taken yet, or I prefer not to say")),
    ("pending", _("Taken, result awaited")),
    ("passed", _("Passed")),
]

SCORE_OUT_OF_SCALE = _(
    "A %(test)s score is between %(low)s and %(high)s. Check the score on your certificate."
)
SCORE_STEP = _("A %(test)s score goes in steps of %(step)s. Check the score on your certificate.")
SCORE_NOT_USED = _("%(test)s certifies a level, not a score: choose the level instead.")
LEVEL_NOT_OFFERED = _("%(test)s certifies the levels %(levels)s: choose one of them.")
TEST_DETAILS_WITHOUT_TEST = _("Choose the test these results belong to.")
FIRST_TEST = _("First test")
SECOND_TEST = _("Second test")


def _number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _flag(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


@dataclass(frozen=True)
class Certification:
    """A certification the rules of some programme name (the form asks about each)."""

    code: str
    name: str
    kind: str

    @property
    def field_name(self) -> str:
        return "certification_" + re.sub(r"[^a-z0-9]+", "_", self.code.lower())


def _at_most_ten(values: list[str]) -> list[str]:
    if len(values) > validation.MAX_LIST_ITEMS:
        raise forms.ValidationError(
            validation.TOO_MANY_ITEMS, code="too_many", params={"max": validation.MAX_LIST_ITEMS}
        )
    return values


class SelfCheckForm(AccessibleForm):
    """The profile of the self-check page; ``profile()`` gives the engine's JSON shape."""

    errors_first = True

    # The three country lists are the kernel's choosers: rendered once per language.
    nationality = choosers.country_field(
        label=_("Nationality"), required=False, blank_label=_("Not said")
    )
    residence_country = choosers.country_field(
        label=_("Country where you live"), required=False, blank_label=_("Not said")
    )
    native_languages = forms.MultipleChoiceField(
        label=_("Native languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    instruction_languages = forms.MultipleChoiceField(
        label=_("Languages your previous studies were taught in"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    degree_level = forms.ChoiceField(label=_("Level"), required=False)
    degree_field = forms.ChoiceField(label=_("Field of study"), required=False)
    degree_ects = forms.IntegerField(
        label=_("ECTS credits"),
        required=False,
        min_value=0,
        max_value=600,
        help_text=_("Counted from the start of higher education: Licence 180, M1 240, Master 300."),
    )
    degree_years = forms.DecimalField(
        label=_("Years of higher education"),
        required=False,
        min_value=0,
        max_value=15,
        max_digits=3,
        decimal_places=1,
        help_text=_("Licence 3, M1 4, Master or engineering degree 5."),
    )
    degree_country = choosers.country_field(
        label=_("Country where it is awarded"), required=False, blank_label=_("Not said")
    )
    degree_cti_accredited = forms.ChoiceField(
        label=_("Accredited by the CTI (French engineering degrees)"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    degree_completed = forms.ChoiceField(
        label=_("Completed"), choices=COMPLETED_CHOICES, required=False, widget=forms.RadioSelect
    )

    experience_months = forms.IntegerField(
        label=_("Months of professional experience"),
        required=False,
        min_value=0,
        max_value=720,
        help_text=_("Full-time equivalent; 0 if you have none."),
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, certifications: Iterable[Certification] = ()
    ) -> None:
        super().__init__(data)
        self.certifications = list(certifications)
        fields = self.fields
        self._choices("degree_level", [("", _("Not said")), *DegreeLevel.choices])
        self._choices("degree_field", [("", _("Not said")), *FieldOfStudy.choices])
        for slot in TEST_SLOTS:
            fields[f"test{slot}_test"] = forms.ChoiceField(
                label=_("Test"),
                required=False,
                choices=[("", _("No test")), *TestCode.choices],
            )
            fields[f"test{slot}_score"] = forms.DecimalField(
                label=_("Overall score"),
                required=False,
                min_value=0,
                max_digits=6,
                decimal_places=1,
                help_text=_("For tests scored on a scale (TOEIC, TOEFL, IELTS, TCF, TEF…)."),
            )
            fields[f"test{slot}_level"] = forms.ChoiceField(
                label=_("CEFR level"),
                required=False,
                choices=[("", _("Not said")), *CefrLevel.choices],
                help_text=_("For diplomas (DELF, DALF) and levels stated by your university."),
            )
            fields[f"test{slot}_date"] = forms.DateField(
                label=_("Date taken"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text=_("Most tests count for two years."),
            )
        for certification in self.certifications:
            fields[certification.field_name] = forms.ChoiceField(
                label=certification.name,
                choices=CERTIFICATION_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        style_fields(self)  # again: the test and certification fields are added above
        for field in fields.values():
            if isinstance(field, forms.DecimalField | forms.IntegerField):
                field.widget.attrs["inputmode"] = "decimal"

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # nosec B101  # narrows the type of a field declared above
        field.choices = choices

    # ---------------------------------------------------------------------------------------
    # Groups, for the template

    def test_slots(self) -> list[dict[str, Any]]:
        return [
            {
                "number": slot,
                "legend": FIRST_TEST if slot == 1 else SECOND_TEST,
                "fields": [
                    self[f"test{slot}_{part}"] for part in ("test", "score", "level", "date")
                ],
            }
            for slot in TEST_SLOTS
        ]

    def certification_fields(self) -> list[tuple[Certification, forms.BoundField]]:
        return [(c, self[c.field_name]) for c in self.certifications]

    def summary_label(self, name: str) -> str:
        """The field's label as the error summary shows it, away from its fieldset: "First
        test: Overall score"."""
        label = str(self.fields[name].label)
        match = re.match(r"^test(\d)_", name)
        if match:
            slot = FIRST_TEST if match.group(1) == "1" else SECOND_TEST
            return f"{slot}: {label}" if not _french() else f"{slot} : {label}"
        return label

    # ---------------------------------------------------------------------------------------
    # Validation the engine would do, with messages in the page's language

    def clean_native_languages(self) -> list[str]:
        return _at_most_ten(self.cleaned_data["native_languages"])

    def clean_instruction_languages(self) -> list[str]:
        return _at_most_ten(self.cleaned_data["instruction_languages"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for slot in TEST_SLOTS:
            self._clean_test(data, slot)
        return data

    def _clean_test(self, data: dict[str, Any], slot: int) -> None:
        prefix = f"test{slot}_"
        code = data.get(prefix + "test") or ""
        score = data.get(prefix + "score")
        level = data.get(prefix + "level") or ""
        if not code:
            if score is not None or level or data.get(prefix + "date"):
                self.add_error(prefix + "test", TEST_DETAILS_WITHOUT_TEST)
            return
        spec = cefr.TESTS[code]
        name = spec.short_name_fr if _french() else spec.short_name_en
        if score is not None:
            if not spec.has_score:
                self.add_error(prefix + "score", SCORE_NOT_USED % {"test": name})
            else:
                self._check_score(spec, name, float(score), prefix + "score")
        if level and spec.kind is not cefr.ExamKind.SCORE and level not in spec.levels:
            levels = ", ".join(str(item) for item in spec.levels)
            self.add_error(prefix + "level", LEVEL_NOT_OFFERED % {"test": name, "levels": levels})

    def _check_score(self, spec: cefr.ExamSpec, name: str, score: float, field: str) -> None:
        try:
            cefr.validate_score(spec, score)
        except cefr.CefrError:
            assert spec.min_score is not None and spec.max_score is not None  # nosec B101  # narrows the type: score specs have bounds
            if not spec.min_score <= score <= spec.max_score:
                params = {
                    "test": name,
                    "low": cefr.format_score(spec, spec.min_score),
                    "high": cefr.format_score(spec, spec.max_score),
                }
                self.add_error(field, SCORE_OUT_OF_SCALE % params)
            else:
                step = cefr.format_score(spec, spec.step or 1)
                self.add_error(field, SCORE_STEP % {"test": name, "step": step})

    # ---------------------------------------------------------------------------------------
    # The engine's profile

    def profile(self) -> dict[str, Any]:
        """The engine's JSON shape (``engine.Profile.from_dict``); what was not said is left
        out, so the rules treat it as unknown."""
        data = self.cleaned_data
        profile: dict[str, Any] = {}
        if data.get("nationality"):
            profile["nationalities"] = [data["nationality"]]
        if data.get("residence_country"):
            profile["residence_country"] = data["residence_country"]
        for key in ("native_languages", "instruction_languages"):
            chosen = data.get(key) or []
            if chosen:
                # "Another language" answers the question (neither English nor French) without
                # naming a code the rules would use.
                profile[key] = [code for code in chosen if code != OTHER_LANGUAGE]
        degree = {
            "level": data.get("degree_level") or None,
            "field": data.get("degree_field") or None,
            "ects": _number(data.get("degree_ects")),
            "years": _number(data.get("degree_years")),
            "country": data.get("degree_country") or None,
            "cti_accredited": _flag(data.get("degree_cti_accredited") or ""),
            "completed": _flag(data.get("degree_completed") or ""),
        }
        if any(value is not None for value in degree.values()):
            profile["degrees"] = [{k: v for k, v in degree.items() if v is not None}]
        if data.get("experience_months") is not None:
            profile["experience_months"] = data["experience_months"]
        tests = []
        for slot in TEST_SLOTS:
            prefix = f"test{slot}_"
            if not data.get(prefix + "test"):
                continue
            test: dict[str, Any] = {"test": data[prefix + "test"]}
            if data.get(prefix + "score") is not None:
                test["score"] = _number(data[prefix + "score"])
            if data.get(prefix + "level"):
                test["level"] = data[prefix + "level"]
            if data.get(prefix + "date"):
                test["date"] = data[prefix + "date"].isoformat()
            tests.append(test)
        if tests:
            profile["language_tests"] = tests
        certifications = [
            {"code": certification.code, "status": data[certification.field_name]}
            for certification in self.certifications
            if data.get(certification.field_name)
        ]
        if certifications:
            profile["certifications"] = certifications
        return profile

    # Engine paths → form fields, for the rare problem only the engine finds.
    def field_for_path(self, path: str) -> str | None:
        match = re.match(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?", path)
        if not match:
            return None
        key, index, part = match.groups()
        if key == "degrees" and part:
            name = {"years": "degree_years", "cti_accredited": "degree_cti_accredited"}.get(
                part, f"degree_{part}"
            )
        elif key == "language_tests" and index is not None:
            name = f"test{int(index) + 1}_{part or 'test'}"
        elif key == "nationalities":
            name = "nationality"
        else:
            name = key
        return name if name in self.fields else None


def _french() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "en").startswith("fr")
