"""The GACC connector on genuine GACC pages (tests/fixtures/gacc/, origins in SOURCES.csv), and on malformed ones.

Every figure asserted here is the one printed on the genuine page named in the test. Pages made up for a test are
malformed on purpose, and their builders say so in their names (malformed_*).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tradeclaims.fetch.common import ParseError, table_grid
from tradeclaims.fetch.gacc import parse_release
from tradeclaims.ledger.figures import Ledger

from ..conftest import tradeclaims

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gacc"
MARCH_2026 = "section4_by_country_2026-03_cny.html"
JAN_FEB_2025 = "section4_by_country_2025-01-02_cny.html"
MARCH_2026_URL = "http://english.customs.gov.cn/Statics/2e61c8a1-17b2-4074-b909-c039ccf8c8fb.html"
JAN_FEB_2025_URL = "http://english.customs.gov.cn/Statics/2ab97956-c57d-4387-8d60-a141b5a5b48b.html"
BULLETIN_2023_10_URL = "http://english.customs.gov.cn/Statics/82c1f730-8d7e-427a-9dd7-ce765041d1b4.html"


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str):
    return parse_release(page(name), name)


def by_key(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], str]:
    return {(row["partner"], row["flow"], row["period"], row["measure"]): row["value"] for row in rows}


def assert_one_line(error: pytest.ExceptionInfo) -> None:
    assert "\n" not in str(error.value)


def test_every_fixture_has_its_origin_recorded():
    with (FIXTURES / "SOURCES.csv").open(newline="", encoding="utf-8") as handle:
        sources = {row["file"]: row for row in csv.DictReader(handle)}
    pages = {path.name for path in FIXTURES.iterdir() if path.name != "SOURCES.csv"}
    assert pages == set(sources)
    for row in sources.values():
        assert re.match(r"https?://(english|tjs)\.customs\.gov\.cn/", row["url"])
        assert row["found_in"] and row["form"] in ("html", "text", "markdown")


# --- preliminary release (4): by country/region ----------------------------------------------------------------------

def test_march_2026_cny_page_gives_month_and_year_to_date_figures_in_cny_billions():
    release = read(MARCH_2026)
    values = by_key(release.rows)
    assert release.title == "(4) China's Total Export & Import Values by Country/Region, Mar 2026 (in CNY)"
    assert (release.month, release.period_tag, release.table, release.edition) == ("2026-03", "2026-03", "section4",
                                                                                   "cny")
    assert release.published == "2026-04-08"
    # "United States (US)": Export 3 = 2,045.0, Export 1- to-3 = 6,777.6 (CNY 100 million)
    assert values[("US", "exports", "2026-03", "value")] == "204.5"
    assert values[("US", "exports", "2026-01/2026-03", "value")] == "677.76"
    assert values[("US", "imports", "2026-03", "value")] == "87.61"
    assert values[("WLD", "trade", "2026-03", "value")] == "4104.64"  # Total, Export & Import 3: 41,046.4
    assert values[("WLD", "exports", "2026-01/2026-03", "value")] == "6846.67"
    assert values[("EU27", "exports", "2026-01/2026-03", "value")] == "1034.4"
    assert values[("ASEAN", "imports", "2026-03", "value")] == "286.35"
    assert values[("IN", "exports", "2026-03", "value")] == "84.61"
    assert values[("ID", "trade", "2026-01/2026-03", "value")] == "333.15"
    assert values[("LATAM", "exports", "2026-03", "value")] == "156.5"
    assert values[("AFRICA", "exports", "2026-01/2026-03", "value")] == "425.45"
    assert len(release.rows) == 30 * 9


def test_march_2026_rates_are_year_to_date_only():
    values = by_key(read(MARCH_2026).rows)
    assert values[("US", "exports", "2026-01/2026-03", "yoy_pct")] == "-18.3"
    assert values[("US", "trade", "2026-01/2026-03", "yoy_pct")] == "-18.7"
    assert values[("WLD", "imports", "2026-01/2026-03", "yoy_pct")] == "19.6"
    assert values[("HK", "imports", "2026-01/2026-03", "yoy_pct")] == "323.2"
    assert not [key for key in values if key[3] == "yoy_pct" and key[2] == "2026-03"]


def test_a_cny_page_gives_cny_figures_never_usd():
    for name in (MARCH_2026, JAN_FEB_2025):
        rows = read(name).rows
        assert {row["currency"] for row in rows} == {"CNY"}
        assert {row["unit"] for row in rows if row["measure"] == "value"} == {"CNY bn"}
        assert {row["unit"] for row in rows if row["measure"] == "yoy_pct"} == {"pct"}
        assert {row["reporter"] for row in rows} == {"CN"}


def test_of_which_rows_and_groups_get_their_partner_codes():
    rows = read(MARCH_2026).rows
    values = by_key(rows)
    assert {row["partner"] for row in rows} == {
        "WLD", "EU27", "DE", "NL", "FR", "IT", "US", "ASEAN", "VN", "MY", "TH", "SG", "ID", "PH", "JP", "HK", "KR", "TW",
        "AU", "RU", "IN", "GB", "CA", "NZ", "LATAM", "BR", "AFRICA", "ZA", "RCEP", "BRI"}
    assert values[("DE", "exports", "2026-01/2026-03", "value")] == "224.09"  # "of which: Germany" under the EU
    assert values[("VN", "exports", "2026-03", "value")] == "137.25"  # "of which: Vietnam" under ASEAN
    assert values[("ZA", "imports", "2026-03", "value")] == "22.56"  # "of which: South Africa" under Africa
    assert values[("BRI", "trade", "2026-01/2026-03", "value")] == "6055.17"
    notes = {row["partner"]: row["notes"] for row in rows}
    assert notes["DE"] == "GACC row 'of which: Germany'" and notes["US"] == "GACC row 'United States (US)'"


def test_january_february_2025_page_is_year_to_date_only():
    release = read(JAN_FEB_2025)
    values = by_key(release.rows)
    assert release.title.endswith("January-February 2025 (in CNY)")
    assert (release.month, release.period_tag, release.published) == ("2025-02", "2025-01-02", "2025-03-11")
    assert {row["period"] for row in release.rows} == {"2025-01/2025-02"}
    assert values[("US", "exports", "2025-01/2025-02", "value")] == "543.13"  # 5,431.3
    assert values[("US", "exports", "2025-01/2025-02", "yoy_pct")] == "3.4"
    assert values[("WLD", "exports", "2025-01/2025-02", "value")] == "3881.21"
    assert values[("WLD", "imports", "2025-01/2025-02", "yoy_pct")] == "-7.3"
    assert values[("EU27", "imports", "2025-01/2025-02", "value")] == "265.08"
    assert values[("IN", "imports", "2025-01/2025-02", "yoy_pct")] == "-27.9"
    assert values[("FR", "exports", "2025-01/2025-02", "yoy_pct")] == "0"  # printed 0.0
    assert len(release.rows) == 30 * 6


def test_pages_without_a_table_say_so():
    for name in ("section4_by_country_2018-01_cny_image_only.html",  # older title; the figures are an image
                 "section4_by_country_2026-07_cny_zh_viewer_only.html"):  # Chinese site; an embedded viewer
        with pytest.raises(ParseError, match="no table of figures") as error:
            read(name)
        assert_one_line(error)
        assert str(error.value).startswith(f"{name}: ")


# --- layouts of the genuine page: renderings and header wordings ----------------------------------------------------

def rendered(content: bytes, form: str) -> bytes:
    """The page's table as a text or markdown rendering keeps it: one line per row, spans repeated."""
    grid = table_grid(BeautifulSoup(content, "lxml").find("table"))
    lines = []
    for row in grid:
        cells = [" ".join(cell.replace("\u00a0", " ").split()) for cell in row]
        if form == "markdown":
            lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(cells[0] if len(set(cells)) == 1 else " ".join(cell for cell in cells if cell))
    return "\n".join(lines).encode()


@pytest.mark.parametrize("name", [MARCH_2026, JAN_FEB_2025])
@pytest.mark.parametrize("form", ["text", "markdown"])
def test_text_and_markdown_renderings_of_a_page_give_the_same_figures(name, form):
    release = parse_release(rendered(page(name), form), "page")
    assert release.form == form
    assert by_key(release.rows) == by_key(read(name).rows)


def reworded(**replacements: str) -> bytes:
    text = page(MARCH_2026).decode("utf-8")
    for old, new in replacements.values():
        assert old in text
        text = text.replace(old, new)
    return text.encode("utf-8")


YOY_HEADER = ('<span class="font1">1-to-3 Total Year-on-Year (</span><span class="font2">±</span>'
              '<span class="font1">%)</span>')


@pytest.mark.parametrize(("month", "year_to_date"), [
    ("Mar.", "Jan.-Mar."), ("March", "January to March"), ("3", "1-3"), ("Current Month", "Year to date"),
    ("3月", "1-3月"),
])
def test_header_wordings_of_month_and_year_to_date(month, year_to_date):
    content = reworded(ytd=("<b>1- to-3</b>", f"<b>{year_to_date}</b>"), month=("<b>3</b>", f"<b>{month}</b>"))
    assert by_key(parse_release(content, "page").rows) == by_key(read(MARCH_2026).rows)


def test_chinese_headers_and_unit():
    content = reworded(unit=("Unit: CNY 100 Million", "单位：亿元"), label=("<b>Import Source</b>", "<b>国别(地区)</b>"),
                       trade=("<b>Export &amp; Import</b>", "<b>进出口</b>"), exports=("<b>Export</b>", "<b>出口</b>"),
                       imports=("<b>Import</b>", "<b>进口</b>"), ytd=("<b>1- to-3</b>", "<b>1-3月</b>"),
                       month=("<b>3</b>", "<b>3月</b>"), rate=(YOY_HEADER, "1-3月同比±%"))
    rows = parse_release(content, "page").rows
    assert by_key(rows) == by_key(read(MARCH_2026).rows)
    assert {row["currency"] for row in rows} == {"CNY"}


def test_merged_header_cells():
    text = page(MARCH_2026).decode("utf-8")
    cell = r'<td align="center" class="style3" bgcolor="#C0C0C0">\s*<span><b>{}</b></span>\s*</td>'
    for word in ("Export &amp; Import", "Export", "Import"):
        pair = re.compile(f"({cell.format(re.escape(word))})\\s*{cell.format(re.escape(word))}")
        text, count = pair.subn(lambda match: match.group(1).replace("<td ", '<td colspan="2" ', 1), text, count=1)
        assert count == 1
    assert by_key(parse_release(text.encode(), "page").rows) == by_key(read(MARCH_2026).rows)


def test_footnote_markers_on_labels_and_figures():
    content = reworded(eu=("&nbsp;&nbsp;European Union</span>", "&nbsp;&nbsp;European Union①</span>"),
                       total=("<span>Total</span>", "<span>Total*</span>"),
                       figure=("<b>2,045.0&nbsp;</b>", "<b>2,045.0*&nbsp;</b>"))
    assert by_key(parse_release(content, "page").rows) == by_key(read(MARCH_2026).rows)


@pytest.mark.parametrize("unit", ["RMB 100 Million", "CNY 100 million", "CNY100 Million"])
def test_unit_spellings(unit):
    content = reworded(unit=("Unit: CNY 100 Million", f"Unit: {unit}"))
    assert by_key(parse_release(content, "page").rows) == by_key(read(MARCH_2026).rows)


# --- Monthly Bulletin (5)-(7) and the trade-mode tables: totals ------------------------------------------------------

def test_bulletin_5_customs_regime_total_row_october_2023():
    release = read("bulletin5_customs_regime_2023-10.txt")
    values = by_key(release.rows)
    assert (release.month, release.table, release.edition, release.form) == ("2023-10", "bulletin5", "usd", "text")
    assert values == {  # TOTAL 274,827,040 2,791,997,638 218,298,927 2,107,958,357 / -6.4 -5.6 3.0 -6.5
        ("WLD", "exports", "2023-10", "value"): "274.82704",
        ("WLD", "exports", "2023-01/2023-10", "value"): "2791.997638",
        ("WLD", "imports", "2023-10", "value"): "218.298927",
        ("WLD", "imports", "2023-01/2023-10", "value"): "2107.958357",
        ("WLD", "exports", "2023-10", "yoy_pct"): "-6.4",
        ("WLD", "exports", "2023-01/2023-10", "yoy_pct"): "-5.6",
        ("WLD", "imports", "2023-10", "yoy_pct"): "3",
        ("WLD", "imports", "2023-01/2023-10", "yoy_pct"): "-6.5",
    }
    assert {(row["unit"], row["currency"]) for row in release.rows if row["measure"] == "value"} == {("USD bn", "USD")}
    assert all("unit not printed on the page" in row["notes"] for row in release.rows)


def test_bulletin_5_with_its_unit_line_and_spaced_headers():
    release = read("bulletin5_customs_regime_2019-11.txt")
    values = by_key(release.rows)
    assert values[("WLD", "exports", "2019-11", "value")] == "221.337434"
    assert values[("WLD", "imports", "2019-01/2019-11", "value")] == "1881.977078"
    assert values[("WLD", "imports", "2019-11", "yoy_pct")] == "0.5"
    assert not any("not printed" in row["notes"] for row in release.rows)


def test_bulletin_5_stored_as_markdown():
    release = read("bulletin5_customs_regime_2026-02.md")
    values = by_key(release.rows)
    assert release.form == "markdown"
    assert values[("WLD", "exports", "2026-02", "value")] == "299.877987"
    assert values[("WLD", "exports", "2026-02", "yoy_pct")] == "39.6"
    assert values[("WLD", "imports", "2026-01/2026-02", "value")] == "442.959547"
    assert values[("WLD", "imports", "2026-01/2026-02", "yoy_pct")] == "19.8"
    assert len(values) == 8


def test_bulletin_5_january_month_is_the_year_to_date():
    values = by_key(read("bulletin5_customs_regime_2023-01.txt").rows)
    assert values == {("WLD", "exports", "2023-01", "value"): "292.275545",
                      ("WLD", "imports", "2023-01", "value"): "192.211279",
                      ("WLD", "exports", "2023-01", "yoy_pct"): "-10.5",
                      ("WLD", "imports", "2023-01", "yoy_pct"): "-21.4"}


def test_bulletin_6_and_7_enterprise_tables_give_the_year_to_date_total():
    exports = read("bulletin6_exports_by_enterprise_2023-01-07.txt")
    assert by_key(exports.rows) == {("WLD", "exports", "2023-01/2023-07", "value"): "1944.902508",
                                    ("WLD", "exports", "2023-01/2023-07", "yoy_pct"): "-5"}
    assert (exports.table, exports.period_tag) == ("bulletin6", "2023-01-07")
    imports = read("bulletin7_imports_by_enterprise_2023-01-12.txt")
    assert by_key(imports.rows) == {("WLD", "imports", "2023-01/2023-12", "value"): "2556.801821",
                                    ("WLD", "imports", "2023-01/2023-12", "yoy_pct"): "-5.5"}


def test_trade_mode_tables_total_value_row():
    august = by_key(read("prelim2_trade_mode_2019-08_cny.txt").rows)  # (Only August, in CNY), CNY 100 Million
    assert august == {("WLD", "trade", "2019-08", "value"): "2717.53", ("WLD", "exports", "2019-08", "value"): "1478.57",
                      ("WLD", "imports", "2019-08", "value"): "1238.96", ("WLD", "trade", "2019-08", "yoy_pct"): "0.1",
                      ("WLD", "exports", "2019-08", "yoy_pct"): "2.6", ("WLD", "imports", "2019-08", "yoy_pct"): "-2.6"}
    january_august = read("prelim3_trade_mode_2019-01-08_usd.txt")  # Jan-August, USD1 Million
    values = by_key(january_august.rows)
    assert values[("WLD", "exports", "2019-01/2019-08", "value")] == "1607.0379"
    assert values[("WLD", "imports", "2019-01/2019-08", "yoy_pct")] == "-4.6"
    assert {row["currency"] for row in january_august.rows} == {"USD"}


# --- malformed pages: made up or broken on purpose --------------------------------------------------------------------

def malformed_march_2026(old: str, new: str) -> bytes:
    """The genuine March 2026 page with one thing broken."""
    text = page(MARCH_2026).decode("utf-8")
    assert old in text
    return text.replace(old, new).encode("utf-8")


@pytest.mark.parametrize(("content", "problem"), [
    (malformed_march_2026("Unit: CNY 100 Million", "Unit: USD 1 Million"),
     "the title says the figures are in CNY but the unit line says 'USD 1 Million'"),
    (malformed_march_2026("Unit: CNY 100 Million", "Unit: EUR 1,000"), "unknown unit 'EUR 1,000'"),
    (malformed_march_2026("Unit: CNY 100 Million", ""), "no unit line"),
    (malformed_march_2026("<b>2,045.0&nbsp;</b>", "<b>2,O45.0</b>"),
     "non-numeric cell '2,O45.0' \\(row 'United States \\(US\\)', column 'Export 3'\\)"),
    (malformed_march_2026("<b>Import</b>", "<b>Other</b>"), "no Import value column"),
    (malformed_march_2026("<b>1- to-3</b>", "<b>so far</b>"), "cannot tell month from year to date"),
    (malformed_march_2026("Mar 2026", "this year"), "no month"),
    (b"<html><head><title>Customs news</title></head><body><p>Page not found</p></body></html>",
     "not a GACC table this connector reads"),
])
def test_malformed_pages_are_refused_with_one_line_naming_the_file(content, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_release(content, "page.html")
    assert_one_line(error)
    assert str(error.value).startswith("page.html: ")


def test_malformed_text_rendering_with_a_missing_figure():
    lines = rendered(page(MARCH_2026), "text").decode().splitlines()
    lines = [line.replace(" 2,045.0 ", " ") if line.startswith("United States") else line for line in lines]
    with pytest.raises(ParseError, match="row 'United States \\(US\\)' has 8 figures, the table's first row 9"):
        parse_release("\n".join(lines).encode(), "page.txt")


def test_malformed_bulletin_without_total_row():
    text = page("bulletin5_customs_regime_2023-10.txt").decode().replace("TOTAL", "Sum")
    with pytest.raises(ParseError, match="no TOTAL row"):
        parse_release(text.encode(), "page.txt")


def test_malformed_bulletin_header_that_does_not_fit_the_figures():
    text = page("bulletin5_customs_regime_2023-10.txt").decode().replace("10 1to10 10 1to10", "10 1to10 10")
    with pytest.raises(ParseError, match="names 3 columns, the rows have 4 figures"):
        parse_release(text.encode(), "page.txt")


BULLETIN_2019_11 = "bulletin5_customs_regime_2019-11.txt"
TITLE_2019_11 = "(5)Imports and Exports by Customs Regime,11.2019"


def malformed_bulletin_2019_11_titled(title: str) -> bytes:
    """The genuine table (5) of November 2019, TOTAL row and all, under another table's title: a page that is not the
    table its rows look like."""
    text = page(BULLETIN_2019_11).decode()
    assert text.count(TITLE_2019_11) == 1 and "\nTOTAL 221,337,434" in text
    return text.replace("(5) Imports and Exports by Customs Regime, 11. 2019", title).replace(TITLE_2019_11, title).encode()


@pytest.mark.parametrize(("title", "named"), [
    ("(18) Import of Selected Commodities by Major Customs Regimes,11. 2019", "table (18) '(18) Import of Selected"),
    ("(17) Export of Selected Commodities by Major Customs Regimes,11. 2019", "table (17) '(17) Export of Selected"),
    ("Import of Selected Commodities by Major Customs Regimes, 11.2019", "table 'Import of Selected Commodities"),
    ("(18)2019年11月进口主要商品监管方式量值表", "table (18) '(18)2019年11月进口主要商品"),
    ("(9) Imports and Exports by Customs Regime, 11. 2019", "table (9) '(9) Imports and Exports by Customs Regime"),
])
def test_a_table_this_connector_does_not_read_is_refused_by_name_even_with_a_total_row(title, named):
    with pytest.raises(ParseError) as error:
        parse_release(malformed_bulletin_2019_11_titled(title), "page.txt")
    assert str(error.value).startswith(f"page.txt: {named}") and "is not one this connector reads" in str(error.value)
    assert_one_line(error)


def test_the_genuine_table_5_under_its_own_title_is_read():
    values = by_key(parse_release(malformed_bulletin_2019_11_titled(TITLE_2019_11), "page.txt").rows)
    assert values[("WLD", "exports", "2019-11", "value")] == "221.337434"


def test_a_table_of_commodities_under_table_5s_title_is_refused_by_its_structure():
    """Table (18)'s header (quantity and value under each customs regime, as GACC prints it) over table (5)'s rows."""
    text = page(BULLETIN_2019_11).decode()
    header = "Customs Regime  Exports Imports \n11 1 to 11 11 1 to 11\n"
    assert header in text
    text = text.replace(header, "Commodities/Customs Regimes Quantity Unit Ordinary Trade Processing Trade\n"
                                "Quantity Value Quantity Value\n")
    with pytest.raises(ParseError, match="^page.txt: the table has quantity columns, as GACC's tables of selected "
                                         "commodities do: not a table of totals") as error:
        parse_release(text.encode(), "page.txt")
    assert_one_line(error)


# --- the command: two genuine pages into a project ------------------------------------------------------------------

def observations(project: Path) -> dict[tuple[str, str, str, str, str], str]:
    with (project / "data" / "fetched" / "gacc" / "observations.csv").open(newline="") as handle:
        return {(row["partner"], row["flow"], row["period"], row["measure"], row["currency"]): row["value"]
                for row in csv.DictReader(handle)}


def test_fetch_command_keeps_every_page_and_finds_the_same_bytes_unchanged(project_copy):
    pages = [(MARCH_2026, MARCH_2026_URL), (JAN_FEB_2025, JAN_FEB_2025_URL),
             ("bulletin5_customs_regime_2023-10.txt", BULLETIN_2023_10_URL)]
    for name, url in pages:
        result = tradeclaims("fetch", "gacc", "--file", str(FIXTURES / name), "--url", url, cwd=project_copy)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("stored data/fetched/gacc/")
    values = observations(project_copy)
    assert values[("US", "exports", "2026-03", "value", "CNY")] == "204.5"
    assert values[("US", "exports", "2026-01/2026-03", "yoy_pct", "CNY")] == "-18.3"
    assert values[("US", "exports", "2025-01/2025-02", "value", "CNY")] == "543.13"
    assert values[("WLD", "imports", "2025-01/2025-02", "yoy_pct", "CNY")] == "-7.3"
    assert values[("WLD", "exports", "2023-10", "value", "USD")] == "274.82704"
    assert len(values) == 270 + 180 + 8

    folder = project_copy / "data" / "fetched" / "gacc"
    raw = sorted(path.name for path in folder.glob("*/*") if path.is_file())
    assert raw == ["2023-10-bulletin5-usd.txt", "2025-01-02-section4-cny.html", "2026-03-section4-cny.html"]
    with (project_copy / "data" / "fetched" / "sources.csv").open(newline="") as handle:
        sources = list(csv.DictReader(handle))
    assert {(row["url"], row["published"], row["kind"]) for row in sources} == {
        (MARCH_2026_URL, "2026-04-08", "official"), (JAN_FEB_2025_URL, "2025-03-11", "official"),
        (BULLETIN_2023_10_URL, "", "official")}

    before = {path: path.read_bytes() for path in (project_copy / "data" / "fetched").rglob("*") if path.is_file()}
    again = tradeclaims("fetch", "gacc", "--file", str(FIXTURES / MARCH_2026), "--url", MARCH_2026_URL,
                        cwd=project_copy)
    assert again.returncode == 0 and again.stdout.startswith("unchanged")
    assert {path: path.read_bytes() for path in (project_copy / "data" / "fetched").rglob("*") if path.is_file()} == before

    assert tradeclaims("validate", cwd=project_copy).returncode == 0


def test_a_different_copy_of_the_same_release_is_stored_beside_the_first(project_copy, tmp_path):
    copy = tmp_path / "resaved.html"
    copy.write_bytes(page(MARCH_2026) + b"\r\n")  # the same release saved again, one line ending more
    for path in (FIXTURES / MARCH_2026, copy):
        result = tradeclaims("fetch", "gacc", "--file", str(path), "--url", MARCH_2026_URL, cwd=project_copy)
        assert result.returncode == 0, result.stderr
    raw = sorted(path.name for path in (project_copy / "data" / "fetched" / "gacc").glob("*/*"))
    assert len(raw) == 2 and raw[0].startswith("2026-03-section4-cny") and raw[1].startswith("2026-03-section4-cny")
    assert observations(project_copy)[("US", "exports", "2026-03", "value", "CNY")] == "204.5"


def test_two_pages_printing_the_same_figure_are_both_kept(project_copy, tmp_path):
    """Another page with other figures for the same month (a variant of the March page) stands beside the first."""
    variant = tmp_path / "variant.html"
    variant.write_bytes(page(MARCH_2026).replace(b"<b>2,045.0&nbsp;</b>", b"<b>2,101.7&nbsp;</b>", 1))
    for path, url in ((FIXTURES / MARCH_2026, MARCH_2026_URL), (variant, MARCH_2026_URL + "?variant")):
        result = tradeclaims("fetch", "gacc", "--file", str(path), "--url", url, cwd=project_copy)
        assert result.returncode == 0, result.stderr
    with (project_copy / "data" / "fetched" / "gacc" / "observations.csv").open(newline="") as handle:
        us_march = [row["value"] for row in csv.DictReader(handle)
                    if (row["partner"], row["flow"], row["period"], row["measure"]) == ("US", "exports", "2026-03", "value")]
    assert sorted(us_march) == ["204.5", "210.17"]
    refetched = tradeclaims("fetch", "gacc", "--file", str(variant), "--url", MARCH_2026_URL + "?variant", cwd=project_copy)
    assert refetched.returncode == 0 and refetched.stdout.startswith("unchanged")


def test_a_revised_copy_of_a_page_supersedes_the_earlier_one_which_stays_on_record(project_copy, tmp_path):
    revised = tmp_path / "revised.html"
    revised.write_bytes(page(MARCH_2026).replace(b"<b>2,045.0&nbsp;</b>", b"<b>2,101.7&nbsp;</b>", 1))
    for path in (FIXTURES / MARCH_2026, revised):
        result = tradeclaims("fetch", "gacc", "--file", str(path), "--url", MARCH_2026_URL, cwd=project_copy)
        assert result.returncode == 0, result.stderr
    with (project_copy / "data" / "fetched" / "gacc" / "observations.csv").open(newline="") as handle:
        us_march = {row["value"]: row["status"] for row in csv.DictReader(handle)
                    if (row["partner"], row["flow"], row["period"], row["measure"]) == ("US", "exports", "2026-03", "value")}
    assert us_march == {"204.5": "superseded", "210.17": ""}
    figure = Ledger.load(project_copy / "data", "gacc").require("CN", "US", "exports", "2026-03", currency="CNY")
    # the shipped ledger holds the first copy too (official, same page): the two copies disagree, and it says so
    current = [figure.value, *(alt.value for alt in figure.alternatives if not alt.status)]
    values = sorted({round(value, 2) for value in current})
    assert values == [204.5, 210.17] and figure.disagreement
    assert tradeclaims("validate", cwd=project_copy).returncode == 0
