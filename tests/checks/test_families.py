"""Each claim's check on the shipped figures: the headline numbers and verdicts they give."""

import pytest

from tradeclaims.checks.verdicts import INSUFFICIENT, PARTLY, SUPPORTED
from tradeclaims.claims.growth import yoy
from tradeclaims.claims.india import deficit_table
from tradeclaims.claims.totals import implied_level

from ..claim_checks import check_of, claim_check


def test_jan_nov_exports_implied_by_2024_level_and_growth(ledger):
    value, low, high, used = implied_level(ledger, "CN", "WLD", "exports", "2025-01/2025-11")
    assert value == pytest.approx(3240 * 1.054)
    assert low > 3400 and high < 3430
    check = claim_check(ledger, "exports-jan-nov", "exports", "2025-01/2025-11", 3400, "exceeds")
    assert check.verdict.label == SUPPORTED
    assert check.measured == pytest.approx(3414.96)


def test_rounded_level_alone_cannot_settle_exceeded(ledger):
    check = check_of("exports-jan-nov")(ledger, "x", "exports", "2025-01/2025-11", 3450, "exceeds")
    assert check.verdict.label == "not supported"  # both estimates lie below 3,450


def test_surplus_reached(ledger):
    check = claim_check(ledger, "surplus-jan-nov", "balance", "2025-01/2025-11", 1080, "about", tolerance=5)
    assert check.verdict.label == SUPPORTED
    assert check.measured == pytest.approx(1080.0)
    assert len(check.sources()) >= 5  # every report of the figure is listed


def test_us_november_drop_takes_the_reported_rate_from_wire_copies_over_levels_from_a_reprint(ledger):
    change, used, how = yoy(ledger, "CN", "US", "exports", "2025-11")
    assert how == "as reported" and change == pytest.approx(-29)  # AP: "nearly 29 per cent"; CNBC, secondary: -28.6
    assert [figure.source.kind for figure in used] == ["wire"]
    check = claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2)
    assert check.verdict.label == SUPPORTED and check.evidence() == "wire"
    assert {source.id for source in check.sources()} >= {figure.source.id for figure in used}
    (choice,) = check.choices
    (levels,) = choice.not_taken  # UIBE's 33.79 (secondary) against Particle News' 47.3 (a reprint)
    assert levels.name == "computed from levels" and levels.weakest == "reprint"
    assert levels.value == pytest.approx((33.79 / 47.3 - 1) * 100)


def test_month_without_figures_is_insufficient(ledger):
    check = check_of("us-november-drop")(ledger, "x", "RU", "2025-11", -30, 2)
    assert check.verdict.label == INSUFFICIENT
    assert check.missing and "RU" in check.missing[0]


def test_india_deficit_matches_the_earlier_fiscal_years(ledger):
    table = deficit_table(ledger).set_index(["period", "reported by"])
    assert table.loc[("FY2024-25", "India's data"), "deficit"] == pytest.approx(99.2)
    assert table.loc[("FY2023-24", "India's data"), "deficit"] == pytest.approx(85.0, abs=0.1)
    check = claim_check(ledger, "india-deficit", "FY2024-25", "FY2023-24", 100, 85, "FY2025-26", "2024", 2)
    assert check.measured == pytest.approx(99.2)
    assert check.verdict.label == PARTLY  # right sizes, periods one year earlier than the article says
    assert "FY2024-25" in check.parts[0].verdict.reason and "FY2023-24" in check.parts[1].verdict.reason
