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


# 'a record' and 'above a mark for the first time', on the shipped levels of China's surplus and exports (US$ bn):
# January-November 2025's surplus as published (1,080, rounded to 5 either side) and 2024's (992, rounded to 0.5);
# January-November 2025's exports implied by 2024's 3,240 and +5.4% (3,408.07 to 3,421.85).
SURPLUS_2025 = verdicts.Interval(1075.0, 1085.0)
SURPLUS_2024 = verdicts.Interval(991.5, 992.5)
EXPORTS_2025 = verdicts.Interval(3408.0725, 3421.8525)


@pytest.mark.parametrize(("measured", "earlier", "mark", "expected"), [
    (SURPLUS_2025, {"2024": SURPLUS_2024, "2023": verdicts.Interval(823.215, 823.225)}, 1000, SUPPORTED),
    (SURPLUS_2025, {"2024": SURPLUS_2024, "2023": None}, 1000, INSUFFICIENT),  # 2023 could have passed the mark
    (SURPLUS_2024, {"2023": verdicts.Interval(823.215, 823.225)}, 1000, NOT_SUPPORTED),  # 992 is not above 1,000
    (SURPLUS_2025, {"2024": verdicts.Interval(1015.0, 1025.0)}, 1000, NOT_SUPPORTED),  # an earlier year passed it
    (verdicts.Interval(995.0, 1005.0), {"2024": SURPLUS_2024}, 1000, PARTLY),  # rounding straddles the mark
    (EXPORTS_2025, {"2024-01/2024-11": verdicts.Interval(3235.0, 3245.0)}, None, SUPPORTED),
    (EXPORTS_2025, {"2024-01/2024-11": verdicts.Interval(3235.0, 3245.0), "2023-01/2023-11": None}, None,
     INSUFFICIENT),
    (EXPORTS_2025, {"2024-01/2024-11": verdicts.Interval(3425.0, 3435.0)}, None, NOT_SUPPORTED),
    (EXPORTS_2025, {"2024-01/2024-11": verdicts.Interval(3400.0, 3410.0)}, None, PARTLY),  # overlapping rounding
    (EXPORTS_2025, {}, None, INSUFFICIENT),  # nothing to compare with
])
def test_a_record_is_above_every_earlier_period_held(measured, earlier, mark, expected):
    assert verdicts.record(measured, earlier, "USD bn", mark=mark).label == expected


def test_a_record_names_the_periods_it_lacks_and_those_that_reached_the_bar():
    lacking = verdicts.record(SURPLUS_2025, {"2023": None, "2024": SURPLUS_2024}, "USD bn", mark=1000)
    assert "the ledger lacks 2023" in lacking.reason and "2024: 992.0 US$ bn" in lacking.reason
    beaten = verdicts.record(EXPORTS_2025, {"2024-01/2024-11": verdicts.Interval(3425.0, 3435.0)}, "USD bn")
    assert "2024-01/2024-11 already reached it" in beaten.reason


def test_a_period_known_only_by_an_upper_bound_is_shown_as_one():
    # January-November 2021 at most the full year 2021 (US$3.36 trillion, rounded: at most 3,365): below the measure
    below = verdicts.record(EXPORTS_2025, {"2021-01/2021-11": verdicts.Interval(0.0, 3365.0)}, "USD bn",
                            at_most=["2021-01/2021-11"])
    assert below.label == SUPPORTED and "2021-01/2021-11: at most 3,365.0 US$ bn" in below.reason
    # at most 3,595 (2022's US$3.59 trillion) could lie either side: a bound never shows a year reached the bar
    above = verdicts.record(EXPORTS_2025, {"2022-01/2022-11": verdicts.Interval(0.0, 3595.0)}, "USD bn",
                            at_most=["2022-01/2022-11"])
    assert above.label == PARTLY and "2022-01/2022-11: at most 3,595.0 US$ bn" in above.reason


# 'less than' over the rounding interval: eu-mid-year's mean of June-October 2025 (+8.46%, 8.32 to 8.60)

@pytest.mark.parametrize(("threshold", "expected"), [
    (5.0, NOT_SUPPORTED), (8.3, NOT_SUPPORTED), (8.5, INSUFFICIENT), (8.6, INSUFFICIENT), (8.61, SUPPORTED),
])
def test_less_than_holds_over_the_whole_rounding_interval(threshold, expected):
    assert verdicts.less_than(8.46, threshold, "%", halfwidth=0.14).label == expected


def test_less_than_calls_a_threshold_of_ours_ours():
    assert verdicts.less_than(1.0, 5.0, "%", ours=True).reason == "The measured +1.0% is below our threshold of +5.0%."
    assert "not below the article's +5.0%" in verdicts.less_than(5.0, 5.0, "%").reason  # at the mark is not below


# The words name the unit of a difference: a rate's in percentage points, a level's in the level's unit

def test_nearly_names_a_rates_tolerance_in_percentage_points():
    reason = verdicts.nearly(-28.6, -30, tolerance=2).reason
    assert reason.endswith("against the article's 'nearly' -30.0%: within 2 percentage points of it, as 'nearly' "
                           "allows.")
    assert verdicts.nearly(-26.5, -30, tolerance=2).reason.endswith("the size is off by 3.5 percentage points.")
    assert "within 1 percentage point of it" in verdicts.nearly(-29.5, -30, tolerance=1).reason


def test_nearly_names_a_levels_tolerance_in_its_unit():
    assert "within 2 US$ bn of it" in verdicts.nearly(99.2, 100, 2, "US$ bn").reason
    assert verdicts.nearly(85.0, 100, 2, "US$ bn").reason.endswith("off by 15.0 US$ bn, beyond what 'nearly' allows.")


def test_about_names_the_unit_of_its_gap_and_tolerance():
    assert verdicts.about(1075.8, 1080, 5, "USD bn").reason == (
        "The measured 1,075.8 US$ bn differs from the article's 1,080.0 US$ bn by 4.20 US$ bn, within the tolerance "
        "of 5 US$ bn.")
    assert verdicts.about(-1.5, 0.0, 2, "%").reason.endswith("by 1.50 percentage points, within the tolerance of 2 "
                                                            "percentage points.")
