"""Notebooks on fetched data: `-p source NAME` adds a fetched source's figures, and the report says so."""

import csv
import json
from pathlib import Path

import pytest

from ..conftest import tradeclaims

PAGE_URL = "https://english.customs.gov.cn/Statics/release-2025-11.html"


def synthetic_release(us_exports: str) -> bytes:
    """A made-up page in the by-country table's layout, not a GACC page: it carries a November 2025 figure for the
    claim's plumbing to find. Parsing is tested on genuine GACC pages in tests/fetch/test_gacc.py."""
    title = "(4) China's Total Export &amp; Import Values by Country/Region, November 2025 (in USD)"
    rows = [("Total", "541,234,568", "5,641,234,568", "330,000,000", "3,400,000,000", "211,234,568", "2,241,234,568",
             "3.6", "5.4", "-0.6"),
            ("United States (US)", "43,900,000", "520,000,000", us_exports, "385,000,000", "9,900,000", "135,000,000",
             "-17.5", "-18.9", "-14.6")]
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"""<html><head><title>{title}</title></head><body><div class="atcl-ttl">{title}</div>
<table><tr><td colspan="10">{title}</td></tr><tr><td colspan="10">Unit: USD 1,000</td></tr>
<tr><td>Import Source</td><td>Export &amp; Import</td><td>Export &amp; Import</td><td>Export</td><td>Export</td>
<td>Import</td><td>Import</td><td colspan="3">1-to-11 Total Year-on-Year (&plusmn;%)</td></tr>
<tr><td>Export Destination</td><td>11</td><td>1-to-11</td><td>11</td><td>1-to-11</td><td>11</td><td>1-to-11</td>
<td>Export &amp; Import</td><td>Export</td><td>Import</td></tr>{body}</table></body></html>""".encode()


@pytest.fixture
def fetched_project(project_copy, cli):
    page = project_copy / "release.html"
    page.write_bytes(synthetic_release("34,000,000"))  # US$ 1,000: 34.0 bn, not the 33.8 the wires printed
    result = cli("fetch", "gacc", "--file", str(page), "--url", PAGE_URL, cwd=project_copy)
    assert result.returncode == 0, result.stderr
    return project_copy


@pytest.mark.slow
def test_a_claim_runs_on_fetched_figures_and_says_so(fetched_project):
    shipped = tradeclaims("run", "us-november-drop", cwd=fetched_project)
    assert shipped.returncode == 0, shipped.stderr
    results = fetched_project / "reports" / "results.json"
    entry = json.loads(results.read_text())["claims"][0]
    assert entry["measured"] == pytest.approx(-29)  # AP's reported rate (wire): the levels' route rests on a reprint

    fetched = tradeclaims("run", "us-november-drop", "-p", "source", "gacc", cwd=fetched_project)
    assert fetched.returncode == 0, fetched.stderr
    assert json.loads(results.read_text())["claims"][0] == entry  # another source: not the claim's own report
    runs = fetched_project / "reports" / "runs" / "us-november-drop"
    entry = json.loads((runs / "results.json").read_text())["claims"][0]
    assert entry["parameters"]["source"] == "gacc" and entry["changed"]["source"]["value"] == "gacc"
    # the official level wins its quantity, but the rate from it needs Particle News' 47.3 for November 2024 (a
    # reprint): the reported rate (wire) stays the headline, and the route through the official level is shown
    assert entry["measured"] == pytest.approx(-29) and PAGE_URL in entry["sources"]
    (route,) = entry["routes"]
    (levels,) = route["not_taken"]
    assert levels["value"] == pytest.approx((34.0 / 47.3 - 1) * 100, abs=1e-4) and levels["kind"] == "reprint"
    page = (runs / entry["report"]).read_text()
    assert "fetched from gacc" in page


def test_a_source_not_fetched_or_changed_by_hand_stops_before_any_kernel(fetched_project, cli):
    missing = cli("run", "us-november-drop", "-p", "source", "imf", cwd=fetched_project)
    assert missing.returncode == 2 and "no fetched data for imf" in missing.stderr
    unknown = cli("run", "us-november-drop", "-p", "source", "comtrade", cwd=fetched_project)
    assert unknown.returncode == 2 and "one of shipped, fetched, imf, gacc, census, india" in unknown.stderr
    table = fetched_project / "data" / "fetched" / "gacc" / "observations.csv"
    table.write_text(table.read_text().replace("34", "44", 1))
    edited = cli("run", "us-november-drop", "-p", "source", "gacc", cwd=fetched_project)
    lines = edited.stderr.strip().splitlines()
    assert edited.returncode == 2 and len(lines) == 1
    assert "data/fetched/gacc/observations.csv: sha256 differs" in lines[0]
    assert not (fetched_project / "reports").exists()


def test_fetching_the_same_page_again_changes_nothing(fetched_project, cli):
    folder = fetched_project / "data" / "fetched"
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    again = cli("fetch", "gacc", "--file", str(fetched_project / "release.html"), "--url", PAGE_URL, cwd=fetched_project)
    assert again.returncode == 0 and "unchanged" in again.stdout
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before


def test_validate_checks_the_fetched_tables_too(fetched_project, cli):
    assert cli("validate", cwd=fetched_project).returncode == 0
    table = fetched_project / "data" / "fetched" / "gacc" / "observations.csv"
    with table.open(newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("period")] = "2025-13"
    with table.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = cli("validate", cwd=fetched_project)
    assert result.returncode == 2
    assert "data/fetched/gacc/observations.csv: sha256 differs" in result.stdout
    assert "data/fetched/gacc/observations.csv:2:" in result.stdout


# --- a genuine page in yuan, for a claim that reads the dollar series ------------------------------------------------

YUAN_PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "gacc" / "section4_by_country_2026-03_cny.html"
YUAN_PAGE_URL = "http://english.customs.gov.cn/Statics/2e61c8a1-17b2-4074-b909-c039ccf8c8fb.html"
YUAN_ONLY = "the claim reads the US-dollar series (USD) and the ledger holds 2026-03 only in the yuan series (CNY)"


@pytest.fixture
def yuan_project(project_copy, cli):
    """The project with GACC's March 2026 by-country table (in CNY) fetched: exports to the US in 2026-03 in yuan."""
    result = cli("fetch", "gacc", "--file", str(YUAN_PAGE), "--url", YUAN_PAGE_URL, cwd=project_copy)
    assert result.returncode == 0, result.stderr
    return project_copy


def test_a_figure_held_only_in_yuan_is_named_as_such_where_the_dollar_figure_is_missing(yuan_project):
    from tradeclaims.claims.growth import partner_yoy_claim
    from tradeclaims.errors import MissingFigure
    from tradeclaims.ledger.figures import Ledger

    ledger = Ledger.load(yuan_project / "data", source="gacc")
    assert ledger.get("CN", "US", "exports", "2026-03", currency="CNY").value == pytest.approx(204.5)
    assert ledger.get("CN", "US", "exports", "2026-03") is None
    check = partner_yoy_claim(ledger, "us-november-drop", partner="US", month="2026-03", article_value=-30,
                              tolerance=3)
    assert check.verdict.label == "insufficient data"
    assert check.missing == [f"CN exports to US in 2026-03: neither both levels nor a reported y/y rate; {YUAN_ONLY}"]
    with pytest.raises(MissingFigure, match=r"\(US, 2026-03, USD\); the claim reads the US-dollar series .* only in "
                                            r"the yuan series \(CNY\)"):
        ledger.require("CN", "US", "exports", "2026-03")
    # a month held in dollars, and one held in no currency, are not said to be held in yuan only
    assert ledger.held_only_in("CN", "US", "exports", ["2025-11", "1999-03"]) == {}


@pytest.mark.slow
def test_the_run_on_a_yuan_page_says_the_claim_reads_dollars_and_found_yuan(yuan_project):
    result = tradeclaims("run", "us-november-drop", "-p", "source", "gacc", "-p", "month", "2026-03", cwd=yuan_project)
    assert result.returncode == 0, result.stderr
    entry = json.loads((yuan_project / "reports" / "runs" / "us-november-drop" / "results.json").read_text())["claims"][0]
    assert entry["verdict"] == "insufficient data" and YUAN_ONLY in entry["reason"]
    assert YUAN_ONLY in (yuan_project / "reports" / "runs" / "us-november-drop" / entry["report"]).read_text()


# --- every claim: a missing figure held only in yuan is said to be, where the Check is made -------------------------

def yuan_only(period: str) -> str:
    return f"; the claim reads the US-dollar series (USD) and the ledger holds {period} only in the yuan series (CNY)"


def test_every_claims_missing_texts_name_the_currency_read_and_the_one_found(yuan_project):
    from tradeclaims.ledger.figures import Ledger

    from ..claim_checks import REGISTRY, run_check

    ledger = Ledger.load(yuan_project / "data", source="gacc")
    assert ledger.get("CN", "WLD", "exports", "2026-01/2026-03") is None
    assert ledger.get("CN", "WLD", "exports", "2026-01/2026-03", currency="CNY").value > 0
    records = run_check(ledger, REGISTRY["records"], {"period": "2026-01/2026-03"})
    held = f"China's exports for 2026-01/2026-03 (US$){yuan_only('2026-01/2026-03')}"
    assert held in records.missing
    # the balance is held in no currency for that period: its text is as the claim wrote it
    assert "China's trade balance for 2026-01/2026-03 (US$)" in records.missing
    assert records.verdict.label == "insufficient data" and held in records.verdict.reason

    # the same ledger, read again by another check: the quantities it asked for before count again
    first = run_check(ledger, REGISTRY["global-south-offset"], {"period": "2026-03"})
    offset = run_check(ledger, REGISTRY["global-south-offset"], {"period": "2026-03"})
    assert offset.missing == first.missing
    assert f"exports to US in 2026-03 and a year earlier (or its growth){yuan_only('2026-03')}" in offset.missing
    assert "exports to MIDEAST in 2026-03 and a year earlier (or its growth)" in offset.missing  # no figure at all
    # a y/y rate is not a level: the month's rate is held in no currency
    assert ledger.held_only_in("CN", "US", "exports", ["2026-03"], measure="yoy_pct") == {}
    assert ledger.held_only_in("CN", "US", "exports", ["2026-03"], measure="value") == {"2026-03": ["CNY"]}


@pytest.mark.slow
def test_a_run_of_another_claim_on_a_yuan_page_names_both_currencies(yuan_project):
    result = tradeclaims("run", "records", "-p", "source", "gacc", "-p", "period", "2026-01/2026-03", cwd=yuan_project)
    assert result.returncode == 0, result.stderr
    folder = next((yuan_project / "reports" / "runs").iterdir())
    entry = json.loads((folder / "results.json").read_text())["claims"][0]
    held = f"China's exports for 2026-01/2026-03 (US$){yuan_only('2026-01/2026-03')}"
    assert entry["verdict"] == "insufficient data" and held in entry["missing"] and held in entry["reason"]
    assert "China's trade balance for 2026-01/2026-03 (US$)" in entry["missing"]
    page = (folder / entry["report"]).read_text()
    assert "the claim reads the US-dollar series (USD) and the ledger holds 2026-01/2026-03 only in the yuan" in page
