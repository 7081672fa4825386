import pytest

from tradeclaims.checks import verdicts
from tradeclaims.checks.verdicts import NOT_SUPPORTED, PARTLY, SUPPORTED


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


def test_combine_statements():
    yes, no = verdicts.Verdict(SUPPORTED, "a"), verdicts.Verdict(NOT_SUPPORTED, "b")
    assert verdicts.combine([yes, yes]).label == SUPPORTED
    assert verdicts.combine([yes, no]).label == PARTLY
    assert verdicts.combine([no, no]).label == NOT_SUPPORTED
    assert verdicts.combine([verdicts.insufficient(["x"])]).label == verdicts.INSUFFICIENT


def test_unknown_verdict_label_is_refused():
    with pytest.raises(ValueError):
        verdicts.Verdict("maybe", "")
