"""India connector: results pages of the Export Import Data Bank.

The published page in tests/fixtures/india is a "country-wise all commodities" page of the data bank's earlier site
(India's imports from China, 2017-2018 and 2018-2019, dated 4/6/2020). No saved country-wise page with one row per
country, nor any page of the current tradestat.commerce.gov.in site, was found in stored material: that layout is tested
on pages written here.
"""

from __future__ import annotations

import csv
import io

import pytest

from tradeclaims.fetch.common import FetchRequest, ParseError
from tradeclaims.fetch.india import CONNECTOR, fiscal_period, parse_eidb

from ..conftest import tradeclaims
from . import FIXTURES, assert_one_line, by_key, fixture

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

CHINA_PAGE = "eidb-import-china-2017-19.html"


# --- published page ------------------------------------------------------------------------------------------------

def test_country_wise_all_commodities_page_reads_the_country_and_world_totals():
    content = fixture("india", CHINA_PAGE)
    for printed in (b"Import :: Country-wise all commodities", b"Values in US$ Million", b"Country: &nbsp;CHINA P RP",
                    b"76,380.70", b"70,319.64", b"465,580.98", b"514,078.41"):
        assert printed in content
    flow, rows = parse_eidb(content, CHINA_PAGE)
    assert flow == "imports"
    assert by_key(rows) == {
        ("CN", "imports", "FY2017-18", "value"): "76.3807",
        ("CN", "imports", "FY2018-19", "value"): "70.31964",
        ("CN", "imports", "FY2018-19", "yoy_pct"): "-7.94",
        ("WLD", "imports", "FY2017-18", "value"): "465.58098",
        ("WLD", "imports", "FY2018-19", "value"): "514.07841",
        ("WLD", "imports", "FY2018-19", "yoy_pct"): "10.42",
    }
    assert {row["reporter"] for row in rows} == {"IN"}
    assert {(row["unit"], row["currency"]) for row in rows if row["measure"] == "value"} == {("USD bn", "USD")}
    assert rows[0]["notes"] == "EIDB row 'Total' (Country: CHINA P RP)"


WORLD_ROW_LABEL = b"            India's Total\r\n"  # the genuine page's row of India's imports from the world


@pytest.mark.parametrize("label", ["India's Total Export", "INDIA\u2019S TOTAL IMPORTS", "Grand Total",
                                   "Total of India's Trade"])
def test_a_world_total_row_worded_otherwise_is_stored_as_the_world_not_as_a_partner(project_copy, label):
    """The genuine page with its "India's Total" row worded as other EIDB pages word it: `tradeclaims fetch` stores the
    same figures as from the page as published, under the world (WLD)."""
    genuine = fixture("india", CHINA_PAGE)
    assert genuine.count(WORLD_ROW_LABEL) == 1
    page = project_copy / "eidb.html"
    page.write_bytes(genuine.replace(WORLD_ROW_LABEL, f"            {label}\r\n".encode()))
    fetched = tradeclaims("fetch", "india", "--file", str(page), "--url", "https://tradestat.commerce.gov.in/eidb/x",
                          cwd=project_copy)
    assert fetched.returncode == 0, fetched.stderr
    table = (project_copy / "data" / "fetched" / "india" / "observations.csv").read_text(encoding="utf-8")
    stored = {(row["partner"], row["period"], row["measure"]): row["value"] for row in csv.DictReader(io.StringIO(table))}
    published = by_key(parse_eidb(genuine, CHINA_PAGE)[1])
    assert stored == {(partner, period, measure): value for (partner, _, period, measure), value in published.items()}
    assert {partner for partner, _, _ in stored} == {"CN", "WLD"}


def test_fetch_reads_a_saved_page():
    path = FIXTURES / "india" / CHINA_PAGE
    batch = CONNECTOR.fetch(FetchRequest(file=path))
    [parsed] = batch.files
    assert parsed.raw.name == "imports-FY2018-19.html" and parsed.raw.content == path.read_bytes()
    assert "country-wise imports" in batch.title


# --- pages written here: the country-wise layout (one row per country) ---------------------------------------------

EIDB_ROWS = [
    ("1.", "U S A", "77,515.36", "17.73", "86,514.72", "19.83", "11.61"),
    ("2.", "CHINA P RP", "16,665.52", "3.81", "14,250.00", "3.27", "-14.49"),
    ("", "India's Total", "437,072.03", "", "437,704.58", "", "0.14"),
]


def eidb_page(rows=EIDB_ROWS, heading: str = "Export :: Country-wise", unit: str = "Values in US$ Million",
              country_header: str = "Country", years: tuple[str, str] = ("2023-2024", "2024-2025")) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"""<html><head><title>Export Import Data Bank</title></head><body>
<ul><li><a href="#">Export</a></li><li><a href="#">Import</a></li></ul>
<h3>{heading}</h3><p>Dated: 28/11/2026</p><p>{unit}</p>
<table border="1"><tr><th>S.No.</th><th>{country_header}</th><th>{years[0]}</th><th>%Share</th><th>{years[1]}</th>
<th>%Share</th><th>%Growth</th></tr>{body}</table></body></html>""".encode()


def test_constructed_country_wise_page():
    flow, rows = parse_eidb(eidb_page(), "eidb.html")
    values = by_key(rows)
    assert flow == "exports"
    assert values[("CN", "exports", "FY2024-25", "value")] == "14.25"
    assert values[("CN", "exports", "FY2023-24", "value")] == "16.66552"
    assert values[("CN", "exports", "FY2024-25", "yoy_pct")] == "-14.49"
    assert values[("WLD", "exports", "FY2024-25", "value")] == "437.70458"
    assert values[("US", "exports", "FY2024-25", "yoy_pct")] == "11.61"
    assert len(rows) == 9


def test_constructed_short_fiscal_year_headers_and_import_heading():
    flow, rows = parse_eidb(eidb_page(heading="Import :: Country-wise", years=("2023-24", "2024-25")), "eidb.html")
    assert flow == "imports"
    assert by_key(rows)[("CN", "imports", "FY2024-25", "value")] == "14.25"


@pytest.mark.parametrize("label", ["India's Total Export", "India\u2019s Total", "Total Export", "Grand Total"])
def test_constructed_country_wise_page_reads_its_total_row_as_the_world(label):
    rows = [*EIDB_ROWS[:2], ("", label, "437,072.03", "", "437,704.58", "", "0.14")]
    values = by_key(parse_eidb(eidb_page(rows=rows), "eidb.html")[1])
    assert values[("WLD", "exports", "FY2024-25", "value")] == "437.70458"
    assert {partner for partner, _, _, _ in values} == {"US", "CN", "WLD"}


def test_constructed_country_wise_page_refuses_a_total_row_it_cannot_place():
    rows = [*EIDB_ROWS, ("", "Sub Total", "94,180.88", "", "100,764.72", "", "6.99")]
    with pytest.raises(ParseError, match="eidb.html: a total row 'Sub Total' that is not India's total with the "
                                         "world") as error:
        parse_eidb(eidb_page(rows=rows), "eidb.html")
    assert_one_line(error)


def test_fiscal_years_map_to_ledger_periods():
    assert fiscal_period("2024-2025") == "FY2024-25"
    assert fiscal_period("2024-25") == "FY2024-25"
    assert fiscal_period("1999 - 2000") == "FY1999-00"
    assert fiscal_period("1999-00") == "FY1999-00"
    assert fiscal_period("2024-2026") is None
    assert fiscal_period("2024-27") is None


# --- malformed input -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("page", "problem"), [
    (eidb_page(unit="Values in Rs. Lacs"), "unknown unit 'Rs. Lacs'"),
    (eidb_page(unit="Dated"), "no unit line"),
    (eidb_page(heading="Country report"), "cannot tell whether the page shows exports or imports"),
    (eidb_page(heading="Export :: Commodity-wise", country_header="Commodity"),
     "a commodity-wise page \\('Export :: Commodity-wise'\\): trade by commodity with no partner country"),
    (eidb_page(country_header="Partner"), "no Country column"),
    (eidb_page(country_header="Commodity"), "no Country column"),  # commodities, but no "Country:" line
    (eidb_page(rows=[("1.", "CHINA P RP", "16,665.52", "3.81", "1,4250.0O", "3.27", "-14.49")]),
     "non-numeric cell '1,4250.0O' \\(row 'CHINA P RP', column FY2024-25\\)"),
    (eidb_page(rows=[]), "no data rows"),
    (b"<html><body><h3>Export :: Country-wise</h3><p>No records found</p></body></html>", "no table with an S.No."),
])
def test_malformed_pages_raise_one_line_errors(page, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_eidb(page, "eidb.html")
    assert_one_line(error)


def test_malformed_commodity_page_without_total_rows_has_no_figures():
    content = fixture("india", CHINA_PAGE)
    start, end = content.index(b"   <tr><td>&nbsp;</td><td>&nbsp;</td><td>"), content.index(b"</table>")
    with pytest.raises(ParseError, match="the EIDB table has no figures") as error:
        parse_eidb(content[:start] + content[end:], "eidb.html")
    assert_one_line(error)
