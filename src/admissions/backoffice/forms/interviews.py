"""The staff's interview forms: a slot, an invitation, a representative, the outcome sheet."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm, style_fields
from admissions.review.models import InterviewMode, InterviewOutcome, PrerequisiteCheck
from admissions.review.rubric import Rubric


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class _OnePerson(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else str(obj.email)


class SlotForm(AccessibleForm):
    prefix = "slot"

    starts_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("In the programme's time zone."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=480, initial=30
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=InterviewMode.choices)
    phone_number = forms.CharField(label=_("Number to call"), max_length=40, required=False)
    video_url = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    places = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=_("How many applicants may book this time (1 for a one-to-one interview)."),
    )
    interviewers = _PersonChoice(
        label=_("Interviewers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every interviewer must be free at that time."),
    )

    def __init__(self, *args: Any, people: Any, modes: list[str], time_zone: str, **kw: Any):
        super().__init__(*args, **kw)
        self.time_zone = time_zone
        self.fields["interviewers"].queryset = people
        self.fields["mode"].choices = [
            (value, label) for value, label in InterviewMode.choices if value in modes
        ]

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return dt.datetime.combine(
            data["starts_on"], data["starts_time"], tzinfo=ZoneInfo(self.time_zone)
        )


class InviteForm(AccessibleForm):
    reference = forms.CharField(widget=forms.HiddenInput, max_length=40)


class RepresentativeForm(AccessibleForm):
    prefix = "representative"

    user = _OnePerson(
        label=_("Person"),
        queryset=None,
        help_text=_("A member of the programme's staff, who then selects applicants with you."),
    )

    def __init__(self, *args: Any, people: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["user"].queryset = people


class OutcomeForm(AccessibleForm):
    """The sheet: one score per rubric criterion, one answer per prerequisite, the outcome,
    notes; or "did not attend"."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    no_show = forms.BooleanField(
        label=_("The applicant did not attend"),
        required=False,
        help_text=_("Records a no-show instead of the sheet; the applicant is told."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=InterviewOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Seen by staff only."),
    )

    def __init__(
        self, *args: Any, rubric: Rubric, prerequisites: tuple[str, ...], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.rubric = rubric
        self.prerequisite_codes = prerequisites
        scale = f"{rubric.scale_min}–{rubric.scale_max}"
        for criterion in rubric.criteria:
            self.fields[f"score_{criterion.code}"] = forms.DecimalField(
                label=f"{criterion.label()} ({scale})",
                required=False,
                min_value=rubric.scale_min,
                max_value=rubric.scale_max,
                decimal_places=1,
                help_text=criterion.description() or None,
            )
        for code in prerequisites:
            self.fields[f"prerequisite_{code}"] = forms.ChoiceField(
                label=code.capitalize(),
                choices=PrerequisiteCheck.choices,
                initial=PrerequisiteCheck.NOT_ASSESSED,
                required=False,
            )
        # Fields added after the kit styled the form: style them too.
        style_fields(self)

    def score_fields(self) -> list[Any]:
        return [self[f"score_{c.code}"] for c in self.rubric.criteria]

    def prerequisite_fields(self) -> list[Any]:
        return [self[f"prerequisite_{code}"] for code in self.prerequisite_codes]

    def scores(self) -> dict[str, Any]:
        return {
            c.code: self.cleaned_data.get(f"score_{c.code}")
            for c in self.rubric.criteria
            if self.cleaned_data.get(f"score_{c.code}") is not None
        }

    def prerequisites(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"prerequisite_{code}") or PrerequisiteCheck.NOT_ASSESSED
            for code in self.prerequisite_codes
        }
