"""For any rubric and any scores: a complete set within the scale always submits and its
weighted score lies within the scale; a score outside it is always refused, named by its
criterion. Pure: no database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from admissions.review.rubric import Criterion, Rubric
from admissions.review.scoring import validate_review


@st.composite
def rubrics(draw) -> Rubric:
    low = draw(st.integers(min_value=0, max_value=5))
    high = draw(st.integers(min_value=low + 1, max_value=low + 10))
    codes = draw(
        st.lists(st.from_regex(r"[a-z]{3,8}", fullmatch=True), min_size=1, max_size=5, unique=True)
    )
    criteria = tuple(
        Criterion(code, code, "", "", "", draw(st.integers(min_value=1, max_value=5)))
        for code in codes
    )
    return Rubric(criteria=criteria, scale_min=low, scale_max=high)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_complete_review_within_the_scale_submits_with_a_score_within_the_scale(data):
    rubric = data.draw(rubrics())
    scores = {
        code: data.draw(st.integers(min_value=rubric.scale_min, max_value=rubric.scale_max))
        for code in rubric.codes
    }

    clean, errors = validate_review(
        rubric=rubric, scores=scores, recommendation="admit", comment="", submit=True
    )

    assert errors == {}
    mean = rubric.weighted_mean(clean)
    assert Decimal(rubric.scale_min) <= mean <= Decimal(rubric.scale_max)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_score_outside_the_scale_is_always_named(data):
    rubric = data.draw(rubrics())
    code = data.draw(st.sampled_from(rubric.codes))
    outside = data.draw(
        st.one_of(
            st.integers(max_value=rubric.scale_min - 1),
            st.integers(min_value=rubric.scale_max + 1),
            st.floats(min_value=rubric.scale_max + 0.001, max_value=1e9),
        )
    )

    _clean, errors = validate_review(
        rubric=rubric, scores={code: outside}, recommendation="", comment="", submit=False
    )

    assert list(errors) == [f"scores.{code}"]
