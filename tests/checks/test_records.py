"""'Repeatedly reached new highs': January-November 2025's exports and surplus against the years before, on the
shipped figures, with the figures exports-jan-nov and surplus-jan-nov judge."""

import pandas as pd
import pytest

from tradeclaims.checks.verdicts import INSUFFICIENT, PARTLY, SUPPORTED, UPPER
from tradeclaims.claims.records import SUMMED, derived, same_months, span
from tradeclaims.ledger.figures import Ledger

from ..claim_checks import REGISTRY, claim_check, run_check
from ..conftest import ROOT

PERIOD = "2025-01/2025-11"


def records(ledger: Ledger, since: int = 2021):
    return claim_check(ledger, "records", PERIOD, since, 1000.0, 3400.0)


def test_the_period_and_the_years_compared():
    assert same_months(PERIOD, 2021) == "2021-01/2021-11" and same_months("2025", 2023) == "2023"
    assert span([2021, 2022, 2023, 2025]) == "2021-2023, 2025" and span([]) == "none"


def test_the_levels_are_those_exports_jan_nov_and_surplus_jan_nov_judge(ledger):
    check = run_check(ledger, REGISTRY["records"])
    exports, surplus = (run_check(ledger, REGISTRY[claim_id]) for claim_id in ("exports-jan-nov", "surplus-jan-nov"))
    assert check.measured == pytest.approx(exports.measured) == pytest.approx(3240 * 1.054)  # implied by +5.4%
    assert check.parts[1].measured == pytest.approx(surplus.measured) == pytest.approx(1080.0)


def without(ledger: Ledger, flow: str, periods: set[str]) -> Ledger:
    """The shipped ledger less China's exports (or another flow) with the world in the given periods."""
    rows = ledger.observations
    kept = rows[~((rows["reporter"] == "CN") & (rows["partner"] == "WLD") & (rows["flow"] == flow)
                  & rows["period"].isin(periods))]
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    return Ledger(kept, sources, ledger.partners.reset_index())


def exports_row(check, period: str):
    return next(row for row in check.rows if row.quantity.startswith("exports") and row.period == period)


def test_from_2021_both_parts_are_records_with_2022_and_2023_summed(ledger):
    check = records(ledger)
    exports, surplus = check.parts
    assert exports.main and exports.verdict.label == SUPPORTED
    assert exports.verdict.reason.startswith("A record among the years the ledger holds: 2021-2025.")
    assert ("2021-01/2021-11: 3,026.0 US$ bn; 2022-01/2022-11: 3,286.1 US$ bn; 2023-01/2023-11: 3,083.9 US$ bn; "
            "2024-01/2024-11: 3,240.0 US$ bn") in exports.verdict.reason
    assert "2022-01/2022-11 computed as 2022-01/2022-10 2,990.0 (Business Post" in exports.verdict.reason
    assert "2023-01/2023-11 computed as 2023-01/2023-10 2,792.0 (General Administration" in exports.verdict.reason
    assert surplus.verdict.label == SUPPORTED
    assert surplus.verdict.reason.startswith("A record among the years the ledger holds: 2021-2025.")
    for year, level in (("2021", "676.0"), ("2022", "877.6"), ("2023", "823.2"), ("2024", "992.0")):
        assert f"{year}: {level} US$ bn" in surplus.verdict.reason
    assert check.verdict.label == SUPPORTED
    assert check.missing == []


def test_an_earlier_year_is_the_year_to_october_plus_november_with_both_roundings(ledger):
    check = records(ledger)
    for year, before, month, halfwidth in ((2022, 2990.0, 296.1, 5.0 + 0.05), (2023, 2791.997638, 291.9, 0.05 + 5e-7)):
        row = exports_row(check, f"{year}-01/{year}-11")
        assert row.measured == pytest.approx(before + month) and row.bound is None and row.figure is None
        assert f"{year}-11 {month:,.1f} (AP via" in row.note
        found = derived(ledger, f"{year}-01/{year}-11")  # the sum of the two rounding intervals
        assert found.how == SUMMED and found.value == pytest.approx(row.measured)
        assert (found.interval.low, found.interval.high) == pytest.approx(
            (before + month - halfwidth, before + month + halfwidth))
        assert f"between {found.interval.text(joiner='and')}" in row.note
    inputs = {(figure.period, figure.source.kind) for figure in check.verdict_inputs()}
    assert {("2022-01/2022-10", "secondary"), ("2022-11", "wire"), ("2023-01/2023-10", "official"),
            ("2023-11", "wire")} <= inputs
    assert "the year to the month before plus that month" in check.method


def test_without_a_month_the_full_year_bounds_the_months_and_settles_only_below(ledger):
    # 2021's January-November gone: at most the full year 2021 (US$3.36 trillion), below 2025's level
    check = records(without(ledger, "exports", {"2021-01/2021-11"}))
    row = exports_row(check, "2021-01/2021-11")
    assert row.bound == UPPER and row.measured == pytest.approx(3365.0) and row.figure is None
    assert row.note.startswith("at most the full year 2021 3,360.0 (Breaking Latest News")
    assert check.parts[0].verdict.label == SUPPORTED
    assert "2021-01/2021-11: at most 3,365.0 US$ bn" in check.parts[0].verdict.reason
    # November 2022 gone: at most the full year 2022 (US$3.59 trillion), which could lie above 2025's level
    check = records(without(ledger, "exports", {"2022-11"}))
    assert exports_row(check, "2022-01/2022-11").measured == pytest.approx(3595.0)
    assert check.parts[0].verdict.label == PARTLY
    assert "2022-01/2022-11: at most 3,595.0 US$ bn" in check.parts[0].verdict.reason
    assert "2022-01/2022-11 could lie either side" in check.parts[0].verdict.reason


def test_a_year_neither_route_reaches_stays_missing_and_named(ledger):
    check = records(without(ledger, "exports", {"2023-11", "2023"}))
    row = exports_row(check, "2023-01/2023-11")
    assert row.measured is None and row.note == "not in the ledger"
    assert check.parts[0].verdict.label == INSUFFICIENT
    assert "the ledger lacks 2023-01/2023-11" in check.parts[0].verdict.reason
    assert check.missing == ["China's exports for 2023-01/2023-11 (US$)"]
    assert check.verdict.label == PARTLY


def test_from_2024_both_parts_are_records(ledger):
    check = records(ledger, since=2024)
    assert [part.verdict.label for part in check.parts] == [SUPPORTED, SUPPORTED]
    assert "A record among the years the ledger holds: 2024-2025." in check.parts[0].verdict.reason
    assert check.verdict.label == SUPPORTED


def test_a_year_the_ledger_lacks_leaves_the_surplus_unsettled(ledger):
    check = records(without(ledger, "balance", {"2022"}))
    assert check.parts[1].verdict.label == INSUFFICIENT and "the ledger lacks 2022" in check.parts[1].verdict.reason
    assert check.parts[0].verdict.label == SUPPORTED
    assert check.verdict.label == PARTLY  # the main part holds, the other cannot be judged
