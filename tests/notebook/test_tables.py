"""Tables for people: what a notebook's DataFrames and Series look like in a report, and the charts' text
alternatives. No Python representation reaches a reader."""

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from tradeclaims import notebook as nb
from tradeclaims.checks.registry import load_registry
from tradeclaims.notebook import charts, display
from tradeclaims.notebook.tables import MAX_LISTED, frame_html, header_text, series_html

from ..claim_checks import run_check
from ..conftest import ROOT

PYTHON_VALUES = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bTrue\b|\bFalse\b|dtype|\('|_pct|\bsource_id\b")


def visible_text(markup: str) -> str:
    return BeautifulSoup(markup, "html.parser").get_text(" ")


def test_a_frame_reads_as_words_and_figures():
    frame = pd.DataFrame({"partner": ["US", "EU27"], "share_of_total_change_pct": [73.75, float("nan")],
                          "article": [None, None], "within": [True, False],
                          "nearest (reported by, period)": [("India's data", "FY2024-25"), ("China's data", "2024")]})
    markup = frame_html(frame)
    text = visible_text(markup)
    assert not PYTHON_VALUES.search(text), text
    assert "share of total change, %" in text and "73.75" in text and "yes" in text and "no" in text
    assert "India's data, FY2024-25" in text
    soup = BeautifulSoup(markup, "html.parser")
    assert all(th.get_text(strip=True) for th in soup.find_all("th")), "a header cell without text"
    region = soup.find("div", class_="tc-scroll")
    assert region["tabindex"] == "0" and region["role"] == "region" and region["aria-label"].startswith("Table of ")


def test_a_named_index_is_a_column_and_a_series_has_no_dtype():
    change = pd.Series({"US": -35.1, "ASEAN": 81.0}, name="change, US$ bn").rename_axis("partner")
    frame = BeautifulSoup(frame_html(change.to_frame()), "html.parser")
    assert [th.get_text() for th in frame.find_all("th")] == ["partner", "change, US$ bn"]
    assert [td.get_text() for td in frame.find_all("td")] == ["US", "-35.10", "ASEAN", "81.00"]
    unnamed = pd.Series({"computed from the levels, %": -28.56, "within the band": True})
    text = visible_text(series_html(unnamed))
    assert "dtype" not in text and "True" not in text and "-28.56" in text and "yes" in text
    assert header_text(("reported by", "period")) == "reported by, period"


def test_ledger_rows_link_each_source_id_to_its_page(ledger):
    figures = nb.rows(ledger, partner="US", period=["2024-11", "2025-11"])
    soup = BeautifulSoup(frame_html(figures), "html.parser")
    november = ledger.require("CN", "US", "exports", "2025-11")
    assert soup.find("a", string=november.source.id)["href"] == november.source.url
    assert "url" not in [th.get_text() for th in soup.find_all("th")]  # the link carries it


@pytest.mark.parametrize("claim_id", ["us-november-drop", "india-deficit", "global-south-offset"])
def test_check_tables_and_sources_link_every_source_id(ledger, claim_id):
    claim = load_registry(ROOT / "claims.yaml")[claim_id]
    check = run_check(ledger, claim, None)
    by_id = {source.id: source.url for source in check.sources()}
    markup = display.figures_html(check) + display.sources_html(check)
    soup = BeautifulSoup(markup, "html.parser")
    for cell in soup.find_all("td"):
        if cell.get_text(strip=True) in by_id:
            assert cell.a is not None and cell.a["href"] == by_id[cell.get_text(strip=True)], cell
    assert not PYTHON_VALUES.search(visible_text(markup))
    used, copies = display.used_and_corroborating(check)
    assert used and {source.id for source in used}.isdisjoint(source.id for source in copies)
    assert {row.figure.source.id for row in check.rows if row.figure} <= {source.id for source in used}


def test_a_chart_is_described_in_words(ledger):
    check = run_check(ledger, load_registry(ROOT / "claims.yaml")["us-november-drop"], None)
    alt = charts.alt_text(check)
    assert alt.startswith("Bar chart: ") and check.chart_spec["title"] in alt
    november = check.chart[check.chart["month"] == "2025-11"][check.chart_spec["y"]].iloc[0]
    assert f"2025-11: {november:,.1f}" in alt
    assert "at -30.0" in alt and "Source: " in alt


def test_a_long_series_shows_the_rows_of_the_claims_periods_and_says_what_is_left_out(ledger):
    """India's balance with China for every period, shown for FY2024-25 and FY2023-24: the rows of those periods (and
    of the parts of them) stay, the others are counted in one line that says how to see them; the frame is whole."""
    from tradeclaims.notebook import selection
    from tradeclaims.notebook.deciding import HIDDEN_AT_LEAST, periods_in, split, within
    from tradeclaims.notebook.tables import frame_html

    series = selection.rows(ledger, reporter="IN", partner="CN", flow=["balance", "exports", "imports"], measure="value")
    claim = periods_in(["FY2024-25", "FY2023-24", "not a period", 3.5])
    assert [period.text for period in claim] == ["FY2024-25", "FY2023-24"]
    parts = split(series, claim)
    assert parts is not None and len(parts.shown) + len(parts.hidden) == len(series)
    assert len(parts.hidden) >= HIDDEN_AT_LEAST
    assert all(within(period, claim) for period in parts.shown["period"])
    assert not any(within(period, claim) for period in parts.hidden["period"])
    assert "FY2024-25" in set(parts.shown["period"]) and "2024-04/2024-12" in set(parts.shown["period"])
    shown = frame_html(series, periods=claim)
    assert f"Left out: {len(parts.hidden):,} other rows" in shown and "nb.show_all" in shown
    assert shown.count("<tr>") == len(parts.shown) + 1  # the header and the rows of the claim's periods
    assert "Left out" not in frame_html(series) and frame_html(series).count("<tr>") == len(series) + 1


def test_ledger_rows_are_shown_with_fewer_columns(ledger):
    from tradeclaims.notebook import selection
    from tradeclaims.notebook.tables import compact_rows

    figures = selection.rows(ledger, reporter="CN", partner="US", flow="exports", period=["2024-11", "2025-11"])
    shown, _ = compact_rows(figures)
    assert {"reporter", "partner", "flow", "measure", "unit", "origins agreeing",
            "origins disagreeing"}.isdisjoint(shown.columns)
    assert set(shown["series"]) == {"CN exports to US", "CN exports to US, y/y"}
    levels, above = compact_rows(figures[figures["measure"] == "value"])
    assert "In every row: reporter CN, partner US, flow exports, measure value" in above
    assert "series" not in levels.columns
    reported = shown[(figures["measure"] == "yoy_pct").to_numpy() & (figures["period"] == "2025-11").to_numpy()]
    rate = ledger.require("CN", "US", "exports", "2025-11", measure="yoy_pct")
    assert reported["value"].iloc[0] == f"{rate.value:,.2f} %"
    mixed = selection.rows(ledger, reporter=["IN", "CN"], partner=["CN", "IN"], flow="imports", period="2024",
                           measure="value")
    shown, _ = compact_rows(mixed[mixed["reporter"] != mixed["partner"]])
    assert list(shown["series"]) == ["IN imports from CN", "CN imports from IN"]


def test_a_long_table_lists_the_counted_rows_first_in_its_order_and_counts_the_rest():
    counted = [number % 3 == 0 for number in range(250)]  # 84 rows that count towards the verdict
    frame = pd.DataFrame({"id": [f"event-{number}" for number in range(250)], "counted": counted})
    page = BeautifulSoup(frame_html(frame), "html.parser")
    listed = [row.find("td").get_text() for row in page.select("tbody tr")]
    uncounted = [number for number in range(250) if not counted[number]]
    chosen = sorted([number for number in range(250) if counted[number]] + uncounted[:MAX_LISTED - sum(counted)])
    assert listed == [f"event-{number}" for number in chosen]
    assert page.select_one("p.tc-left-out").get_text() == (
        f"And {250 - MAX_LISTED} more rows, not listed here, 0 of them counted; the DataFrame holds them all: "
        "nb.show_all(_) right after this cell shows every row.")
    every_row = BeautifulSoup(frame_html(frame, limit=None), "html.parser")
    assert len(every_row.select("tbody tr")) == 250 and every_row.select_one("p.tc-left-out") is None


def test_counted_rows_beyond_the_listed_are_counted_in_the_line_under_the_table():
    frame = pd.DataFrame({"id": [f"event-{number}" for number in range(300)], "counted": [True] * 299 + [False]})
    page = BeautifulSoup(frame_html(frame), "html.parser")
    assert len(page.select("tbody tr")) == MAX_LISTED
    assert page.select_one("p.tc-left-out").get_text().startswith(
        f"And {300 - MAX_LISTED} more rows, not listed here, {299 - MAX_LISTED} of them counted;")
