"""The reviewer's rubric form: one set of radio buttons per criterion (each level with what it
means), the recommendation and the comment. It only parses what was typed; the scoring
service (``review.scoring``) judges it, and its errors land back on the fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm, add_domain_errors
from admissions.review.models import Recommendation, Review
from admissions.review.rubric import Rubric
from admissions.review.scoring import MAX_COMMENT_LENGTH

SCORE_PREFIX = "score_"


class _FieldError:
    def __init__(self, field: str, message: Any):
        self.field = field
        self.message = message


class ReviewForm(AccessibleForm):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        help_text=_("What the committee should know: strengths, doubts, questions to ask."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, rubric: Rubric, **kwargs: Any):
        self.rubric = rubric
        super().__init__(*args, **kwargs)
        levels = {level.score: level.text() for level in rubric.levels}
        choices = [
            (str(score), f"{score} — {levels[score]}" if levels.get(score) else str(score))
            for score in range(rubric.scale_min, rubric.scale_max + 1)
        ]
        scores: dict[str, forms.Field] = {}
        for criterion in rubric.criteria:
            label = criterion.label()
            if criterion.weight != 1:
                label = _("%(criterion)s (weight %(weight)s)") % {
                    "criterion": label,
                    "weight": criterion.weight,
                }
            scores[SCORE_PREFIX + criterion.code] = forms.ChoiceField(
                label=label,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=criterion.description(),
            )
        # The criteria first, in the rubric's order, then the recommendation and comment.
        self.fields = {**scores, **self.fields}
        for name in scores:
            self.fields[name].widget.attrs["class"] = "form-check-input"
            if self.fields[name].help_text:
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-help"

    @classmethod
    def initial_of(cls, review: Review | None) -> dict[str, Any]:
        if review is None:
            return {"version": 0}
        initial: dict[str, Any] = {
            SCORE_PREFIX + code: str(value) for code, value in (review.scores or {}).items()
        }
        initial.update(
            recommendation=review.recommendation, comment=review.comment, version=review.version
        )
        return initial

    def scores(self) -> dict[str, Any]:
        """The scores typed, by criterion code (numbers; empty ones left out)."""
        found: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(SCORE_PREFIX) and value not in (None, ""):
                found[name.removeprefix(SCORE_PREFIX)] = int(value)
        return found

    def add_review_errors(self, errors: Mapping[str, Any]) -> None:
        """The scoring service's errors (``scores.<code>``, ``recommendation``, ``comment``)
        on their fields."""
        add_domain_errors(
            self,
            [
                _FieldError(
                    SCORE_PREFIX + field.removeprefix("scores.")
                    if field.startswith("scores.")
                    else field,
                    message,
                )
                for field, message in errors.items()
            ],
        )
