"""Each claim's check on the shipped figures: the headline numbers and verdicts they give."""

import pytest

from tradeclaims.checks.growth import partner_yoy_claim, yoy
from tradeclaims.checks.india import deficit_table, india_deficit_claim
from tradeclaims.checks.totals import implied_level, level_claim
from tradeclaims.checks.verdicts import INSUFFICIENT, PARTLY, SUPPORTED


def test_jan_nov_exports_implied_by_2024_level_and_growth(ledger):
    value, low, high, used = implied_level(ledger, "CN", "WLD", "exports", "2025-01/2025-11")
    assert value == pytest.approx(3240 * 1.054)
    assert low > 3400 and high < 3430
    check = level_claim(ledger, "exports-jan-nov", "exports", "2025-01/2025-11", 3400, "exceeds")
    assert check.verdict.label == SUPPORTED
    assert check.measured == pytest.approx(3414.96)


def test_rounded_level_alone_cannot_settle_exceeded(ledger):
    check = level_claim(ledger, "x", "exports", "2025-01/2025-11", 3450, "exceeds")
    assert check.verdict.label == "not supported"  # both estimates lie below 3,450


def test_surplus_reached(ledger):
    check = level_claim(ledger, "surplus-jan-nov", "balance", "2025-01/2025-11", 1080, "about", tolerance=5)
    assert check.verdict.label == SUPPORTED
    assert check.measured == pytest.approx(1080.0)
    assert len(check.sources()) >= 5  # every report of the figure is listed


def test_us_november_drop_from_levels(ledger):
    change, used, how = yoy(ledger, "CN", "US", "exports", "2025-11")
    assert how == "computed from levels"
    assert change == pytest.approx((33.79 / 47.3 - 1) * 100)
    check = partner_yoy_claim(ledger, "us-november-drop", "US", "2025-11", -30, 2)
    assert check.verdict.label == SUPPORTED
    assert {source.id for source in check.sources()} >= {figure.source.id for figure in used}


def test_month_without_figures_is_insufficient(ledger):
    check = partner_yoy_claim(ledger, "x", "RU", "2025-11", -30, 2)
    assert check.verdict.label == INSUFFICIENT
    assert check.missing and "RU" in check.missing[0]


def test_india_deficit_matches_the_earlier_fiscal_years(ledger):
    table = deficit_table(ledger).set_index(["period", "reported by"])
    assert table.loc[("FY2024-25", "India's data"), "deficit"] == pytest.approx(99.2)
    assert table.loc[("FY2023-24", "India's data"), "deficit"] == pytest.approx(85.0, abs=0.1)
    check = india_deficit_claim(ledger, "india-deficit", "FY2024-25", "FY2023-24", 100, 85, "FY2025-26", "2024", 2)
    assert check.measured == pytest.approx(99.2)
    assert check.verdict.label == PARTLY  # right sizes, periods one year earlier than the article says
    assert "FY2024-25" in check.verdict.reason and "FY2023-24" in check.verdict.reason
