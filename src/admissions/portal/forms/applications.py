"""The applicant's forms: profile sections, profile rows, programme questions, withdrawal.

The forms only parse what was typed; the domain services (``applicants.services``,
``applications.services``) decide what is valid, and ``add_domain_errors`` ties their
messages to the fields concerned so a page shows them next to what the person typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from admissions.applicants import validation
from admissions.applicants.models import LanguageTest
from admissions.applicants.services import ROWS
from admissions.applications import questions
from admissions.catalogue.funding_routes import FUNDING_ROUTES
from admissions.catalogue.models import EntryLevel, Programme
from admissions.core import choosers
from admissions.core.forms import (  # noqa: F401  (the views use them through this module)
    AccessibleForm,
    AccessibleModelForm,
    add_domain_errors,
    mark_invalid,
    style_fields,
)

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français")]
FUNDING_LABELS = {
    "self_funded": _("Personal funds"),
    "employer": _("Funded by my employer"),
    "cpf": _("CPF (personal training account)"),
    "transitional_cpf": _("Transitional CPF / Fongecif"),
    "pole_emploi": _("France Travail (ex-Pôle emploi)"),
    "bank_loan": _("Bank loan"),
    "scholarship": _("Scholarship"),
}
LANGUAGES_HELP = _("Choose every language that applies (Ctrl or Cmd to select several).")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _at_most_ten(values: list[str]) -> list[str]:
    if len(values) > validation.MAX_LIST_ITEMS:
        raise forms.ValidationError(
            validation.TOO_MANY_ITEMS, code="too_many", params={"max": validation.MAX_LIST_ITEMS}
        )
    return values


class IdentityForm(AccessibleForm):
    given_names = forms.CharField(
        label=_("Given names"), max_length=150, help_text=_("As on your passport.")
    )
    family_name = forms.CharField(
        label=_("Family name"), max_length=150, help_text=_("As on your passport.")
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    nationalities = choosers.country_field(
        multiple=True,
        label=_("Nationalities"),
        help_text=_("Choose every nationality you hold (Ctrl or Cmd to select several)."),
    )
    residence_country = choosers.country_field(
        label=_("Country of residence"), blank_label=_("Choose a country")
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        help_text=_("With the country code, e.g. +33 1 23 45 67 89."),
    )
    address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=validation.MAX_ADDRESS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of correspondence"), choices=LANGUAGE_CHOICES
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"
        self.fields["given_names"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def clean_nationalities(self) -> list[str]:
        return _at_most_ten(self.cleaned_data["nationalities"])


class LanguagesForm(AccessibleForm):
    native_languages = choosers.language_field(
        multiple=True, label=_("Native languages"), help_text=LANGUAGES_HELP
    )
    instruction_languages = choosers.language_field(
        multiple=True,
        label=_("Languages of your previous studies"),
        required=False,
        help_text=LANGUAGES_HELP,
    )

    def clean_native_languages(self) -> list[str]:
        return _at_most_ten(self.cleaned_data["native_languages"])

    def clean_instruction_languages(self) -> list[str]:
        return _at_most_ten(self.cleaned_data["instruction_languages"])


class SpecialNeedsForm(AccessibleForm):
    special_needs = forms.CharField(
        label=_("Special needs for interviews"),
        required=False,
        max_length=validation.MAX_SPECIAL_NEEDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Anything the school should arrange for your interview."),
    )


class EtudesEnFranceForm(AccessibleForm):
    eef_file_number = forms.CharField(
        label=_("Études en France file number"),
        required=False,
        max_length=40,
        help_text=_("As shown in your Études en France account, e.g. MA24-012345."),
    )


class ExperienceFlagForm(AccessibleForm):
    no_professional_experience = forms.BooleanField(
        label=_("I have no professional experience"), required=False
    )


class RowForm(AccessibleModelForm):
    def _post_clean(self) -> None:
        # The domain service runs the model's checks (with the same messages) on save.
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class DegreeForm(RowForm):
    class Meta:
        model, fields = ROWS["degrees"]  # the fields the profile service takes for a row
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = choosers.country_field(label=_("Country"), blank_label=_("Choose a country"))
        country.widget.attrs["class"] = "form-select"
        self.fields["country"] = country
        self.fields["completed"].help_text = _("Untick if you are still studying for it.")
        self.fields["completed"].widget.attrs["aria-describedby"] = "completed-help"


class ExperienceForm(RowForm):
    class Meta:
        model, fields = ROWS["experiences"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


# Section scores as score reports print them; which ones a test has is the domain's rule
# (applicants.validation.SUB_SCORES), which refuses a section the chosen test does not have.
SECTIONS = (
    ("listening", _("Listening")),
    ("reading", _("Reading")),
    ("writing", _("Writing")),
    ("speaking", _("Speaking")),
    ("structure", _("Structure and written expression")),
    ("use_of_english", _("Use of English")),
)


class LanguageTestForm(RowForm):
    class Meta:
        model = LanguageTest
        fields = ("test", "taken_on", "score", "level")
        widgets = {"taken_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given = (self.instance.sub_scores or {}) if self.instance.pk else {}
        score = self.instance.score if self.instance.pk else None
        if score is not None and score == int(score):
            self.initial["score"] = int(score)  # "820" as on the certificate, not "820.0"
        for name, label in SECTIONS:
            self.fields[name] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_digits=5,
                decimal_places=1,
                initial=given.get(name),
                help_text=_("Section score, where your score report gives one."),
            )
        style_fields(self)

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        values["sub_scores"] = {
            name: float(self.cleaned_data[name])
            for name, _label in SECTIONS
            if self.cleaned_data.get(name) is not None
        }
        return values


OTHER_CERTIFICATION = "other"
CERTIFICATION_KINDS = {"mooc": _("MOOC"), "certificate": _("certificate")}


class CertificationForm(RowForm):
    """The MOOCs the catalogue's programmes ask for are offered by name; anything else is
    "another certification", recorded under the name typed."""

    class Meta:
        model, fields = ROWS["certifications"]
        widgets = {"obtained_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from admissions.core.templatetags.admissions_tags import t
        from admissions.eligibility.selectors import certifications_in_catalogue

        self.known = {item.code: item for item in certifications_in_catalogue()}
        choices: list[tuple[str, str]] = [("", str(_("Choose a MOOC or a certification")))]
        for item in self.known.values():
            kind = CERTIFICATION_KINDS.get(item.kind, item.kind)
            choices.append(
                (
                    item.code,
                    str(
                        _("%(name)s (%(kind)s), asked by %(programmes)s")
                        % {
                            "name": item.name,
                            "kind": kind,
                            "programmes": ", ".join(t(p, "name") for p in item.programmes),
                        }
                    ),
                )
            )
        current = self.instance.code if self.instance.pk else ""
        if current and current not in self.known:
            choices.append((current, self.instance.name))
        choices.append((OTHER_CERTIFICATION, str(_("Another certification: type its name below"))))
        code = forms.ChoiceField(label=_("MOOC or certification"), choices=choices)
        code.widget.attrs["class"] = "form-select"
        self.fields["code"] = code
        name = cast(forms.CharField, self.fields["name"])
        name.required = False
        name.label = _("Name of the other certification")
        name.help_text = _("Only for another certification, as printed on its certificate.")
        name.widget.attrs["aria-describedby"] = "name-help"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("code")
        name = (cleaned.get("name") or "").strip()
        if code == OTHER_CERTIFICATION:
            if not name:
                self.add_error("name", _("Type the name of the certification, as printed."))
            else:
                cleaned["code"] = slugify(name)[:60] or OTHER_CERTIFICATION
        elif code in self.known:
            cleaned["name"] = self.known[code].name
        elif code and not name and self.instance.pk:
            cleaned["name"] = self.instance.name
        return cleaned


# kind in the URL -> (the list in applicants.services.ROWS, the form, its title)
ROW_KINDS: dict[str, tuple[str, type[RowForm], Any]] = {
    "education": ("degrees", DegreeForm, _("Education")),
    "experience": ("experiences", ExperienceForm, _("Professional experience")),
    "language-tests": ("language_tests", LanguageTestForm, _("Language tests")),
    "certifications": ("certifications", CertificationForm, _("MOOCs and certifications")),
}


class ApplyForm(AccessibleForm):
    entry_level = forms.ChoiceField(label=_("Entry level"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, levels: Iterable[EntryLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from admissions.core.templatetags.admissions_tags import t

        choices = [(level.code, t(level, "name")) for level in levels]
        field = cast(forms.ChoiceField, self.fields["entry_level"])
        field.choices = choices
        if len(choices) == 1:
            field.initial = choices[0][0]


class QuestionsForm(AccessibleForm):
    """The programme's questions (career plan, track, its own questions)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, question in questions.programme_questions(programme).items():
            if question["kind"] == "routes":
                continue
            label = QUESTION_LABELS.get(code, code.replace("_", " ").capitalize())
            if question.get("choices"):
                field: forms.Field = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", _("Choose a track")), *((c, c) for c in question["choices"])],
                )
            elif question["kind"] == "short":
                continue
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=question["max_length"],
                    widget=forms.Textarea(attrs={"rows": 8}),
                    strip=False,
                )
            self.fields[code] = field
        style_fields(self)

    def answers(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class FundingForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    funding_intentions = forms.MultipleChoiceField(
        label=_("How do you intend to fund your studies?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(route, FUNDING_LABELS.get(route, route)) for route in FUNDING_ROUTES],
    )

    def answers(self) -> dict[str, Any]:
        return {"funding_intentions": self.cleaned_data["funding_intentions"]}


QUESTION_LABELS: Mapping[str, Any] = {
    "career_plan": _("Your career plan"),
    "chosen_track": _("The track you choose"),
    "funding_intentions": _("Funding intentions"),
}


class WithdrawForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The admissions team reads it; it does not change anything for you."),
    )
