"""'Repeatedly reached new highs': January-November 2025's exports and surplus against the years before, on the
shipped figures, with the figures exports-jan-nov and surplus-jan-nov judge."""

import pandas as pd
import pytest

from tradeclaims.checks.verdicts import INSUFFICIENT, PARTLY, SUPPORTED
from tradeclaims.claims.records import same_months, span
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


def test_from_2021_the_surplus_is_a_first_but_the_exports_lack_two_years(ledger):
    check = records(ledger)
    exports, surplus = check.parts
    assert exports.main and exports.verdict.label == INSUFFICIENT
    assert "the ledger lacks 2022-01/2022-11, 2023-01/2023-11" in exports.verdict.reason
    assert "the ledger holds 2021, 2024 of the earlier years compared" in exports.verdict.reason
    assert "2021-01/2021-11: 3,026.0 US$ bn; 2024-01/2024-11: 3,240.0 US$ bn" in exports.verdict.reason
    assert surplus.verdict.label == SUPPORTED
    assert surplus.verdict.reason.startswith("A record among the years the ledger holds: 2021-2025.")
    for year, level in (("2021", "676.0"), ("2022", "877.6"), ("2023", "823.2"), ("2024", "992.0")):
        assert f"{year}: {level} US$ bn" in surplus.verdict.reason
    assert check.verdict.label == PARTLY
    assert check.missing == [f"China's exports for {year}-01/{year}-11 (US$)" for year in (2022, 2023)]


def test_from_2024_both_parts_are_records(ledger):
    check = records(ledger, since=2024)
    assert [part.verdict.label for part in check.parts] == [SUPPORTED, SUPPORTED]
    assert "A record among the years the ledger holds: 2024-2025." in check.parts[0].verdict.reason
    assert check.verdict.label == SUPPORTED


def test_a_year_the_ledger_lacks_leaves_the_surplus_unsettled(ledger):
    rows = ledger.observations
    kept = rows[~((rows["reporter"] == "CN") & (rows["partner"] == "WLD") & (rows["flow"] == "balance")
                  & (rows["period"] == "2022"))]
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    check = records(Ledger(kept, sources, ledger.partners.reset_index()))
    assert check.parts[1].verdict.label == INSUFFICIENT and "the ledger lacks 2022" in check.parts[1].verdict.reason
    assert check.verdict.label == INSUFFICIENT  # neither part can be judged
