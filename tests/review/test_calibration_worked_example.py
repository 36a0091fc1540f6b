"""Calibration on a worked example, its expected numbers computed by hand and written here.

Three reviewers share six applications, two reviews each, and a fourth sits in for two:

============  =====  =====  =====  =====  =====  =====
reviewer      P1     P2     P3     P4     P5     P6
============  =====  =====  =====  =====  =====  =====
H (harsh)     2.5    0.5    2.5    0.5
L (lenient)   5      4                    4      5
N (neutral)                 4      2      4      2
F (2 only)           4.5           1.5
============  =====  =====  =====  =====  =====  =====

By hand:

- H: mean 1.5, population sd 1 (every score 1 away from the mean): z = +1 on P1, P3; −1 on
  P2, P4. L: mean 4.5, sd 0.5: z = +1 on P1, P6; −1 on P2, P5. N: mean 3, sd 1: z = +1 on
  P3, P5; −1 on P4, P6. F has 2 reviews (fewer than 3): kept raw.
- The committee, 14 scores: sum 6 + 18 + 12 + 6 = 42, mean 3; squared deviations from 3:
  H 13, L 10, N 4, F 4.5 = 31.5; variance 31.5 / 14 = 2.25; sd 1.5.
- A calibrated review is 3 + 1.5 z: 4.5 for z = +1, 1.5 for z = −1.

=====  ==========  ========================  =========  ======  ============
       raw mean    calibrated                spread     flag    raw kept
=====  ==========  ========================  =========  ======  ============
P1     3.75        (4.5 + 4.5) / 2 = 4.5     2.5        yes     —
P2     9 / 3 = 3   (1.5 + 1.5 + 4.5) / 3 = 2.5  4.0     yes     F's review
P3     3.25        4.5                       1.5        no      —
P4     4 / 3       (1.5 + 1.5 + 1.5) / 3 = 1.5  1.5     no      F's review
P5     4           (1.5 + 4.5) / 2 = 3       0          no      —
P6     3.5         (4.5 + 1.5) / 2 = 3       3          yes     —
=====  ==========  ========================  =========  ======  ============

Ranked by calibrated score then raw mean: P1, P3, P5, P6, P2, P4; by raw mean alone it would
be P5, P1, P6, P3, P2, P4: the application the harsh reviewer liked (P3) climbs, the one only
the lenient reviewer's below-par score and the neutral one's above-par score touched (P5)
falls to the committee's average.
"""

from __future__ import annotations

from decimal import Decimal as D

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from admissions.review import aggregation
from admissions.review.aggregation import ScoredReview

SCORES = [
    ("H", "P1", "2.5"),
    ("H", "P2", "0.5"),
    ("H", "P3", "2.5"),
    ("H", "P4", "0.5"),
    ("L", "P1", "5"),
    ("L", "P2", "4"),
    ("L", "P5", "4"),
    ("L", "P6", "5"),
    ("N", "P3", "4"),
    ("N", "P4", "2"),
    ("N", "P5", "4"),
    ("N", "P6", "2"),
    ("F", "P2", "4.5"),
    ("F", "P4", "1.5"),
]
TOLERANCE = D("1e-20")


def reviews(rows=SCORES):
    return [ScoredReview(f"{who}-{app}", who, app, D(score)) for who, app, score in rows]


def close(value, expected) -> bool:
    return abs(D(value) - D(expected)) < TOLERANCE


def results(rows=SCORES):
    return aggregation.aggregate(reviews(rows), disagreement_spread=D(2))


def test_each_reviewer_is_measured_against_their_own_mean_and_population_deviation():
    scales = results().reviewers

    assert (scales["H"].mean, scales["H"].sd, scales["H"].calibrated) == (D("1.5"), D(1), True)
    assert (scales["L"].mean, scales["L"].sd) == (D("4.5"), D("0.5"))
    assert (scales["N"].mean, scales["N"].sd) == (D(3), D(1))
    assert scales["F"].count == 2
    assert scales["F"].kept_raw == aggregation.TOO_FEW_REVIEWS


def test_the_committee_scale_is_the_mean_and_population_deviation_of_every_review():
    committee = results()

    assert committee.mean == D(3)
    assert committee.sd == D("1.5")


def test_calibrated_and_raw_scores_of_every_application_are_the_hand_computed_ones():
    apps = results().applications
    expected = {
        # application: (raw mean, calibrated, spread, disagreement)
        "P1": ("3.75", "4.5", "2.5", True),
        "P2": ("3", "2.5", "4", True),
        "P3": ("3.25", "4.5", "1.5", False),
        "P4": ("1.333333333333333333333333333", "1.5", "1.5", False),
        "P5": ("4", "3", "0", False),
        "P6": ("3.5", "3", "3", True),
    }
    for application, (raw, calibrated, spread, disagreement) in expected.items():
        result = apps[application]
        assert close(result.raw_mean, raw), application
        assert close(result.calibrated, calibrated), application
        assert close(result.spread, spread), application
        assert result.disagreement is disagreement, application


def test_a_spread_exactly_at_the_threshold_is_a_disagreement_and_just_below_is_not():
    just_at = aggregation.aggregate(reviews(SCORES), disagreement_spread=D("2.5"))
    just_above = aggregation.aggregate(reviews(SCORES), disagreement_spread=D("2.51"))

    assert just_at.applications["P1"].disagreement is True
    assert just_above.applications["P1"].disagreement is False


def test_the_ranking_follows_the_calibrated_score_then_the_raw_mean():
    ranked = sorted(results().applications.values(), key=aggregation.rank_key)
    by_raw = sorted(results().applications.values(), key=lambda r: -r.raw_mean)

    assert [r.application_id for r in ranked] == ["P1", "P3", "P5", "P6", "P2", "P4"]
    assert [r.application_id for r in by_raw] == ["P5", "P1", "P6", "P3", "P2", "P4"]


def test_a_reviewer_with_two_reviews_keeps_raw_scores_and_the_applications_say_so():
    apps = results().applications

    assert apps["P2"].raw_kept == {"F-P2": aggregation.TOO_FEW_REVIEWS}
    assert apps["P4"].raw_kept == {"F-P4": aggregation.TOO_FEW_REVIEWS}
    assert all(not apps[p].raw_kept for p in ("P1", "P3", "P5", "P6"))
    assert results().reviews["F-P2"].calibrated == D("4.5")
    assert results().reviews["F-P2"].z is None


def test_a_reviewer_whose_scores_are_all_equal_keeps_raw_scores():
    """Z scores three more applications, 3 each: no variance, kept raw. The committee now has
    17 scores: sum 42 + 9 = 51, mean 3; squared deviations still 31.5; variance 31.5 / 17 =
    1.852941176470588…, sd 1.361227819459545… (by hand, to 15 places). P1 = 3 + sd;
    P2 = ((3 − sd) + (3 − sd) + 4.5) / 3 = 3.5 − 2 sd / 3 = 2.592514787026970…; P7 = 3."""
    rows = [*SCORES, ("Z", "P7", "3"), ("Z", "P8", "3"), ("Z", "P9", "3")]
    committee = results(rows)
    approx = D("1e-14")

    assert committee.reviewers["Z"].kept_raw == aggregation.NO_VARIANCE
    assert committee.mean == D(3)
    assert abs(committee.sd - D("1.361227819459545")) < approx
    assert abs(committee.applications["P1"].calibrated - D("4.361227819459545")) < approx
    assert abs(committee.applications["P2"].calibrated - D("2.592514787026970")) < approx
    assert committee.applications["P7"].calibrated == D(3)
    assert committee.applications["P7"].raw_kept == {"Z-P7": aggregation.NO_VARIANCE}


def test_an_interview_counts_as_one_more_review_taken_as_it_is():
    """P5 (4 and 4 raw; 1.5 and 4.5 calibrated) with an interview scored 2: raw mean
    (4 + 4 + 2) / 3 = 3.333…, calibrated (1.5 + 4.5 + 2) / 3 = 2.666…, spread 2: a
    disagreement now. The committee's scale does not move (mean 3, sd 1.5)."""
    committee = aggregation.aggregate(
        reviews(), disagreement_spread=D(2), interview_scores={"P5": D(2)}
    )
    p5 = committee.applications["P5"]

    assert close(p5.raw_mean, "3.333333333333333333333333333")
    assert close(p5.calibrated, "2.666666666666666666666666667")
    assert p5.spread == D(2) and p5.disagreement
    assert p5.reviews == 2 and p5.interview_score == D(2)
    assert p5.raw_kept == {aggregation.INTERVIEW: aggregation.INTERVIEW}
    assert (committee.mean, committee.sd) == (D(3), D("1.5"))


def test_display_rounds_to_two_places_in_the_pages_language():
    assert aggregation.display(D("1.333333333333333333333333333")) == "1.33"
    with translation.override("fr"):
        assert aggregation.display(D("2.5")) == "2,50"
    assert aggregation.display(None) == "—"


# --- The property: a constant added to one reviewer's scores changes nothing calibrated -------

score = st.decimals(min_value=0, max_value=5, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def committees(draw):
    """Up to 4 reviewers over up to 6 applications; the first, "A", has at least 3 reviews
    with some variance. Others may have fewer (kept raw)."""
    applications = [f"P{i}" for i in range(draw(st.integers(3, 6)))]
    rows = []
    a_apps = draw(st.lists(st.sampled_from(applications), min_size=3, unique=True))
    a_scores = draw(
        st.lists(score, min_size=len(a_apps), max_size=len(a_apps)).filter(
            lambda xs: len(set(xs)) > 1
        )
    )
    rows += [("A", app, value) for app, value in zip(a_apps, a_scores, strict=True)]
    for reviewer in ("B", "C", "D")[: draw(st.integers(1, 3))]:
        mine = draw(st.lists(st.sampled_from(applications), min_size=1, unique=True))
        rows += [(reviewer, app, draw(score)) for app in mine]
    return rows


def _scored(rows, shift=D(0)):
    return [
        ScoredReview(f"{who}-{app}", who, app, value + (shift if who == "A" else 0))
        for who, app, value in rows
    ]


@settings(max_examples=40, deadline=None)
@given(rows=committees(), shift=st.decimals(min_value=-3, max_value=3, places=2))
def test_adding_a_constant_to_one_reviewers_scores_leaves_every_standardised_score_unchanged(
    rows, shift
):
    before = aggregation.aggregate(_scored(rows), disagreement_spread=D(2))
    after = aggregation.aggregate(_scored(rows, shift), disagreement_spread=D(2))

    assert after.reviewers["A"].calibrated
    for key, review in before.reviews.items():
        if review.z is None:
            assert after.reviews[key].z is None
        else:
            assert abs(after.reviews[key].z - review.z) < TOLERANCE


@st.composite
def calibrated_committees(draw):
    """Every reviewer has at least 3 reviews with variance: nobody is kept raw."""
    applications = [f"P{i}" for i in range(draw(st.integers(3, 6)))]
    rows = []
    for reviewer in ("A", "B", "C")[: draw(st.integers(2, 3))]:
        mine = draw(st.lists(st.sampled_from(applications), min_size=3, unique=True))
        values = draw(
            st.lists(score, min_size=len(mine), max_size=len(mine)).filter(
                lambda xs: len(set(xs)) > 1
            )
        )
        rows += [(reviewer, app, value) for app, value in zip(mine, values, strict=True)]
    return rows


@settings(max_examples=40, deadline=None)
@given(rows=calibrated_committees(), shift=st.decimals(min_value=-3, max_value=3, places=2))
def test_when_every_reviewer_is_calibrated_a_shifted_reviewer_moves_no_application(rows, shift):
    """The committee's own mean and spread move with the shifted scores (they are the
    committee's scale), so the calibrated scores are compared in committee units:
    (calibrated − committee mean) / committee sd is the same before and after, and so is
    the ranking."""
    before = aggregation.aggregate(_scored(rows), disagreement_spread=D(2))
    after = aggregation.aggregate(_scored(rows, shift), disagreement_spread=D(2))

    def units(committee, key):
        return (committee.applications[key].calibrated - committee.mean) / committee.sd

    for key in before.applications:
        assert abs(units(after, key) - units(before, key)) < D("1e-18")

    def ranking(committee):
        # Ties stay ties after rounding away the last digits of Decimal arithmetic.
        return sorted(
            committee.applications,
            key=lambda key: (-units(committee, key).quantize(D("1e-12")), key),
        )

    assert ranking(after) == ranking(before)
