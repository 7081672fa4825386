import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeclaims.checks import verdicts
from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, PARTLY, SUPPORTED


@pytest.mark.parametrize(("measured", "expected"), [
    (-28.6, SUPPORTED), (-30.3, SUPPORTED), (-26.5, PARTLY), (-20.0, NOT_SUPPORTED), (-35.0, NOT_SUPPORTED),
    (28.6, NOT_SUPPORTED),
])
def test_nearly_thirty_percent_drop(measured, expected):
    assert verdicts.nearly(measured, -30, tolerance=2).label == expected


def test_nearly_a_hundred_billion():
    assert verdicts.nearly(99.2, 100, 2, "US$ bn").label == SUPPORTED
    assert verdicts.nearly(85.0, 100, 2, "US$ bn").label == NOT_SUPPORTED


def test_exceeds_is_strict():
    assert verdicts.exceeds(3415.0, 3400, "USD bn").label == SUPPORTED
    assert verdicts.exceeds(3400.0, 3400, "USD bn").label == NOT_SUPPORTED


def test_about_has_a_partly_band():
    assert verdicts.about(1075.8, 1080, 5, "USD bn").label == SUPPORTED
    assert verdicts.about(1071.0, 1080, 5, "USD bn").label == PARTLY
    assert verdicts.about(1000.0, 1080, 5, "USD bn").label == NOT_SUPPORTED


def test_unknown_verdict_label_is_refused():
    with pytest.raises(ValueError):
        verdicts.Verdict("maybe", "")


# Bounds: a headline that is only a lower or an upper bound (parts of the quantity lack figures)

@pytest.mark.parametrize(("measured", "bound", "above", "threshold", "expected"), [
    (73.8, None, True, 100, NOT_SUPPORTED),  # a measurement settles it either way
    (73.8, verdicts.LOWER, True, 100, INSUFFICIENT),  # at least 73.8: the parts left out may reach 100
    (120.0, verdicts.LOWER, True, 100, SUPPORTED),  # at least 120 is at least 100
    (73.8, verdicts.UPPER, True, 100, NOT_SUPPORTED),  # at most 73.8 cannot reach 100
    (120.0, verdicts.UPPER, True, 100, INSUFFICIENT),
    (67150.0, verdicts.UPPER, False, 30620, INSUFFICIENT),  # 'smaller than': at most 67,150 may or may not be below
    (20000.0, verdicts.UPPER, False, 30620, SUPPORTED),
    (20000.0, verdicts.LOWER, False, 30620, INSUFFICIENT),
    (40000.0, verdicts.LOWER, False, 30620, NOT_SUPPORTED),
])
def test_a_bound_settles_a_threshold_only_on_its_own_side(measured, bound, above, threshold, expected):
    assert verdicts.against_bound(measured, threshold, bound, above=above) == expected


def test_at_least_says_at_least_for_a_lower_bound():
    verdict = verdicts.at_least(73.8, 100, "%", verdicts.LOWER)
    assert verdict.label == INSUFFICIENT and "The measured at least +73.8% is a lower bound" in verdict.reason
    assert verdicts.at_least(73.8, 100, "%").label == NOT_SUPPORTED


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(measured=finite, threshold=finite, slack=st.floats(min_value=0, max_value=1e6), above=st.booleans(),
       bound=st.sampled_from([verdicts.LOWER, verdicts.UPPER]))
def test_a_verdict_from_a_bound_holds_for_every_value_the_bound_allows(measured, threshold, slack, above, bound):
    """Whatever the missing parts add (lower bound) or take away (upper bound), a decided verdict stays true; an
    undecided one has values on both sides."""
    true_value = measured + slack if bound == verdicts.LOWER else measured - slack
    label = verdicts.against_bound(measured, threshold, bound, above=above)
    if label != INSUFFICIENT:
        assert label == verdicts.against_bound(true_value, threshold, None, above=above)
    else:  # the measure itself and some value beyond it fall on different sides of the threshold
        far = measured + 2e6 if bound == verdicts.LOWER else measured - 2e6
        outcomes = {verdicts.against_bound(value, threshold, None, above=above) for value in (measured, far)}
        assert outcomes == {SUPPORTED, NOT_SUPPORTED}
