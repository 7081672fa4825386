"""GACC release pages and the helpers every parser shares, on pages written here. The IMF, Census and India parsers are
tested in tests/fetch/ on responses and pages the publishers served."""

from __future__ import annotations

import pytest

from tradeclaims.fetch.common import ParseError, parse_number, parse_unit, partner_code
from tradeclaims.fetch.gacc import parse_release

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


def by_key(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], str]:
    return {(row["partner"], row["flow"], row["period"], row["measure"]): row["value"] for row in rows}


def assert_one_line(error: pytest.ExceptionInfo) -> None:
    assert "\n" not in str(error.value)


# --- GACC release page -----------------------------------------------------------------------------------------------

GACC_ROWS = [
    ("Total*", "541,234,567.8", "5,641,234,567.8", "330,000,000", "3,400,000,000.5", "211,234,567.8", "2,241,234,567.3",
     "3.6", "5.4", "-0.6"),
    ("European Union①", "68,000,000", "710,000,000", "45,000,000", "480,000,000", "23,000,000", "230,000,000",
     "1.2", "7.9", "-9.5"),
    ("United States", "1,234,567.8", "-", "33,800,000", "420,000,000", "10,100,000", "135,000,000", "-17.5", "\u221218.9",
     ""),
    ("Republic of Korea (1)", "27,000,000", "290,000,000", "12,000,000", "135,000,000", "15,000,000", "155,000,000",
     "0.4", "1.3", "-0.4"),
    ("Belt and Road", "190,000,000", "2,000,000,000", "110,000,000", "1,150,000,000", "80,000,000", "850,000,000",
     "6.3", "8.1", "3.9"),
]


def gacc_page(rows=GACC_ROWS, unit: str = "Unit: USD 1,000", month: str = "November 2025",
              headers: tuple[str, str, str] = ("Total", "Exports", "Imports")) -> bytes:
    total, exports, imports = headers
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    title = f"(4) China's Total Export &amp; Import Values by Country/Region, {month} (in USD)"
    return f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<table><tr><td>Home</td><td>Statistics</td></tr></table>
<h2>{title}</h2><p>{unit}</p>
<table border="1">
<tr><td rowspan="2">Country/Region</td><td colspan="2">{total}</td><td colspan="2">{exports}</td>
<td colspan="2">{imports}</td><td colspan="3">Jan.-Nov. y/y (%)</td></tr>
<tr><td>Nov.</td><td>Jan.-Nov.</td><td>Nov.</td><td>Jan.-Nov.</td><td>Nov.</td><td>Jan.-Nov.</td>
<td>Total</td><td>Exports</td><td>Imports</td></tr>
{body}
<tr><td colspan="10">Note: ① The EU of 27 members.</td></tr>
</table></body></html>""".encode()


def test_gacc_release_month_ytd_and_yoy_figures():
    release = parse_release(gacc_page(), "release.html")
    values = by_key(release.rows)
    assert release.month == "2025-11"
    assert "Country/Region, November 2025" in release.title
    assert values[("WLD", "trade", "2025-11", "value")] == "541.2345678"
    assert values[("WLD", "exports", "2025-01/2025-11", "value")] == "3400.0000005"
    assert values[("WLD", "imports", "2025-01/2025-11", "yoy_pct")] == "-0.6"
    assert values[("EU27", "exports", "2025-11", "value")] == "45"
    assert values[("US", "trade", "2025-11", "value")] == "1.2345678"
    assert values[("US", "exports", "2025-01/2025-11", "yoy_pct")] == "-18.9"
    assert values[("KR", "imports", "2025-01/2025-11", "value")] == "155"
    assert values[("BRI", "trade", "2025-01/2025-11", "yoy_pct")] == "6.3"
    assert ("US", "trade", "2025-01/2025-11", "value") not in values  # printed as "-"
    assert ("US", "imports", "2025-01/2025-11", "yoy_pct") not in values  # blank
    assert {(row["unit"], row["currency"]) for row in release.rows if row["measure"] == "value"} == {("USD bn", "USD")}
    assert {row["unit"] for row in release.rows if row["measure"] == "yoy_pct"} == {"pct"}
    assert len(release.rows) == 5 * 9 - 2


@pytest.mark.parametrize(("unit", "currency", "expected"), [
    ("Unit: USD 100 million", "USD", "54123456.78"),
    ("Unit: US$ million", "USD", "541234.5678"),
    ("Unit: USD billion", "USD", "541234567.8"),
    ("Unit: CNY 100 million", "CNY", "54123456.78"),
])
def test_gacc_units_are_converted_to_billions(unit, currency, expected):
    values = by_key(parse_release(gacc_page(unit=unit), "release.html").rows)
    assert values[("WLD", "trade", "2025-11", "value")] == expected
    rows = parse_release(gacc_page(unit=unit), "release.html").rows
    assert {row["currency"] for row in rows} == {currency}


def test_gacc_unknown_unit_is_refused():
    with pytest.raises(ParseError, match="unknown unit 'EUR 1,000'") as error:
        parse_release(gacc_page(unit="Unit: EUR 1,000"), "release.html")
    assert_one_line(error)


def test_gacc_non_numeric_cell_names_row_and_column():
    rows = [GACC_ROWS[0], ("Japan", "27,000,000", "29O,000,000", *GACC_ROWS[0][3:])]
    with pytest.raises(ParseError, match="non-numeric cell '29O,000,000' \\(row 'Japan', column 'Total Jan.-Nov.'\\)"):
        parse_release(gacc_page(rows=rows), "release.html")


def test_gacc_missing_import_columns_are_refused():
    with pytest.raises(ParseError, match="no Import value column") as error:
        parse_release(gacc_page(headers=("Total", "Exports", "Other")), "release.html")
    assert_one_line(error)


def test_gacc_empty_table_is_refused():
    with pytest.raises(ParseError, match="no data rows"):
        parse_release(gacc_page(rows=[]), "release.html")


def test_gacc_page_without_month_is_refused():
    with pytest.raises(ParseError, match="no month"):
        parse_release(gacc_page(month="this year"), "release.html")


def test_gacc_page_without_table_is_refused():
    with pytest.raises(ParseError, match="no table with export and import columns"):
        parse_release(b"<html><body><p>Page not found</p></body></html>", "release.html")


# --- shared helpers --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1,234,567.8", "1234567.8"), ("\u22123.5", "-3.5"), ("12.0*", "12.0"), ("7\u2460", "7"), (" 1 234 ", "1234"),
])
def test_parse_number(text, expected):
    assert str(parse_number(text, "test")) == expected


@pytest.mark.parametrize("text", ["", "-", "—", "…", "n/a"])
def test_parse_number_empty_cells(text):
    assert parse_number(text, "test") is None


def test_parse_unit_scales():
    assert parse_unit("Unit: USD 1,000").factor == 1000
    assert parse_unit("USD 10,000").factor == 10_000
    assert parse_unit("US $ Million").factor == 1_000_000
    with pytest.raises(ParseError, match="unknown unit"):
        parse_unit("tonnes")


@pytest.mark.parametrize(("name", "code"), [
    ("Total*", "WLD"), ("EU①", "EU27"), ("ASEAN (1)", "ASEAN"), ("Latin America", "LATAM"), ("Africa", "AFRICA"),
    ("Hong Kong, China", "HK"), ("Taiwan, China", "TW"), ("Russia", "RU"), ("Viet Nam", "VN"), ("United Kingdom", "GB"),
    ("Brazil", "BR"), ("RCEP", "RCEP"), ("Belt & Road", "BRI"), ("North America", "NORTH_AMERICA"),
])
def test_partner_codes(name, code):
    assert partner_code(name) == code
