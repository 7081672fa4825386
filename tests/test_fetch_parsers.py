"""Parsers of the fetch connectors, on small files written here in each publisher's format, good and malformed.

GACC pages are read in tests/fetch/test_gacc.py, on genuine pages kept under tests/fixtures/gacc/."""

from __future__ import annotations

import json

import pytest

from tradeclaims.fetch.census import parse_census
from tradeclaims.fetch.common import ParseError, parse_number, parse_unit, partner_code
from tradeclaims.fetch.imf import parse_imts
from tradeclaims.fetch.india import fiscal_period, parse_eidb

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


def by_key(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], str]:
    return {(row["partner"], row["flow"], row["period"], row["measure"]): row["value"] for row in rows}


def assert_one_line(error: pytest.ExceptionInfo) -> None:
    assert "\n" not in str(error.value)


# --- IMF IMTS (SDMX) -------------------------------------------------------------------------------------------------

MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
HEADER = """<message:Header><message:ID>IMTS</message:ID><message:Test>false</message:Test>
<message:Prepared>2026-11-28T10:00:00Z</message:Prepared><message:Sender id="IMF"/>{structure}</message:Header>"""


def generic_series(partner: str, indicator: str, observations: dict[str, str], unit_mult: str | None = None) -> str:
    attributes = (f'<generic:Attributes><generic:Value id="UNIT_MULT" value="{unit_mult}"/></generic:Attributes>'
                  if unit_mult is not None else "")
    obs = "".join(f'<generic:Obs><generic:ObsDimension value="{period}"/><generic:ObsValue value="{value}"/></generic:Obs>'
                  for period, value in observations.items())
    return f"""<generic:Series><generic:SeriesKey>
<generic:Value id="COUNTRY" value="CHN"/><generic:Value id="INDICATOR" value="{indicator}"/>
<generic:Value id="COUNTERPART_COUNTRY" value="{partner}"/><generic:Value id="FREQUENCY" value="M"/>
</generic:SeriesKey>{attributes}{obs}</generic:Series>"""


def generic_message(*series: str) -> bytes:
    structure = ('<message:Structure structureID="DSD_IMTS" dimensionAtObservation="TIME_PERIOD">'
                 '<common:Structure><Ref agencyID="IMF.STA" id="DSD_IMTS" version="1.0.0"/></common:Structure>'
                 '</message:Structure>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="{MESSAGE_NS}"
 xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
 xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
{HEADER.format(structure=structure)}<message:DataSet structureRef="DSD_IMTS">{"".join(series)}</message:DataSet>
</message:GenericData>""".encode()


def structure_specific_message(series: list[tuple[str, str, str, dict[str, str]]]) -> bytes:
    """IMF-style structure-specific data: series as (partner, indicator, frequency, {period: value}), SCALE=6."""
    namespace = "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IMF.STA:DSD_IMTS(1.0.0):ObsLevelDim:TIME_PERIOD"
    structure = (f'<message:Structure structureID="IMTS" namespace="{namespace}" dimensionAtObservation="TIME_PERIOD">'
                 '<common:Structure><Ref agencyID="IMF.STA" id="DSD_IMTS" version="1.0.0"/></common:Structure>'
                 '</message:Structure>')
    body = "".join(
        f'<Series COUNTRY="CHN" INDICATOR="{indicator}" COUNTERPART_COUNTRY="{partner}" FREQUENCY="{frequency}" SCALE="6">'
        + "".join(f'<Obs TIME_PERIOD="{period}" OBS_VALUE="{value}"/>' for period, value in observations.items())
        + "</Series>"
        for partner, indicator, frequency, observations in series)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="{MESSAGE_NS}"
 xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
 xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" xmlns:ns1="{namespace}"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{HEADER.format(structure=structure)}
<message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="IMTS">{body}</message:DataSet>
</message:StructureSpecificData>""".encode()


def sdmx_json_message(unit_mult: list[str]) -> bytes:
    dimension = {"id": "", "name": "", "values": []}
    message = {
        "header": {"id": "IMTS", "test": False, "prepared": "2026-11-28T10:00:00Z", "sender": {"id": "IMF"}},
        "dataSets": [{"action": "Information", "series": {
            "0:0:0:0": {"attributes": [0], "observations": {"0": [45000.5], "1": [30000]}},
            "0:1:1:0": {"attributes": [0], "observations": {"0": [200000]}}}}],
        "structure": {
            "dimensions": {"series": [
                {**dimension, "id": "COUNTRY", "keyPosition": 0, "values": [{"id": "CHN", "name": "China"}]},
                {**dimension, "id": "INDICATOR", "keyPosition": 1,
                 "values": [{"id": "XG_FOB_USD", "name": "Exports"}, {"id": "MG_CIF_USD", "name": "Imports"}]},
                {**dimension, "id": "COUNTERPART_COUNTRY", "keyPosition": 2,
                 "values": [{"id": "DEU", "name": "Germany"}, {"id": "G001", "name": "World"}]},
                {**dimension, "id": "FREQUENCY", "keyPosition": 3, "values": [{"id": "M", "name": "Monthly"}]}],
                "observation": [{**dimension, "id": "TIME_PERIOD", "keyPosition": 4,
                                 "values": [{"id": "2025-01", "name": "2025-01"}, {"id": "2025-02", "name": "2025-02"}]}]},
            "attributes": {"dataSet": [], "observation": [], "series": [
                {"id": "UNIT_MULT", "name": "Unit multiplier", "values": [{"id": v, "name": v} for v in unit_mult]}]}}}
    return json.dumps(message).encode()


def test_imts_generic_message_applies_unit_mult_and_maps_partner_codes():
    message = generic_message(
        generic_series("USA", "XG_FOB_USD", {"2025-01": "45123.4", "2025-02": "NaN"}, unit_mult="6"),
        generic_series("G001", "MG_CIF_USD", {"2025-01": "201000000000"}),
        generic_series("G163", "XG_FOB_USD", {"2025-01": "1500000000"}))
    rows = parse_imts(message, "imts.xml")
    assert by_key(rows) == {
        ("US", "exports", "2025-01", "value"): "45.1234",
        ("WLD", "imports", "2025-01", "value"): "201",
        ("G163", "exports", "2025-01", "value"): "1.5",
    }
    assert {row["reporter"] for row in rows} == {"CN"}
    assert {(row["unit"], row["currency"]) for row in rows} == {("USD bn", "USD")}


def test_imts_structure_specific_message_keeps_values_in_dollars_despite_scale():
    message = structure_specific_message([
        ("USA", "XG_FOB_USD", "M", {"2025-M01": "45000000000", "2025-M02": "30000000000.5"}),
        ("IND", "MG_CIF_USD", "M", {"2025-M01": "1234567890"}),
        ("USA", "XG_FOB_USD", "Q", {"2025-Q1": "99"}),
    ])
    assert by_key(parse_imts(message, "imts.xml")) == {
        ("US", "exports", "2025-01", "value"): "45",
        ("US", "exports", "2025-02", "value"): "30.0000000005",
        ("IN", "imports", "2025-01", "value"): "1.23456789",
    }


def test_imts_sdmx_json_message():
    rows = parse_imts(sdmx_json_message(["3"]), "imts.json")
    assert by_key(rows) == {
        ("DE", "exports", "2025-01", "value"): "0.0450005",
        ("DE", "exports", "2025-02", "value"): "0.03",
        ("WLD", "imports", "2025-01", "value"): "0.2",
    }


def test_imts_sdmx_json_with_several_unit_multipliers_is_refused():
    with pytest.raises(ParseError, match="several UNIT_MULT") as error:
        parse_imts(sdmx_json_message(["3", "6"]), "imts.json")
    assert_one_line(error)


@pytest.mark.parametrize(("content", "problem"), [
    (b"<html><body>Service unavailable</body></html>", "not an SDMX message"),
    (generic_message(), "holds no observations"),
    (generic_message(generic_series("USA", "XG_FOB_USD", {"2025-13": "1"})), "TIME_PERIOD '2025-13' is not a month"),
    (generic_message(generic_series("USA", "XG_FOB_USD", {"2025-01": "1"}, unit_mult="six")), "UNIT_MULT 'six'"),
    (generic_message(generic_series("USA", "NTDG_USD", {"2025-01": "1"})), "no monthly observations"),
])
def test_imts_malformed_messages_raise_one_line_errors(content, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_imts(content, "imts.xml")
    assert_one_line(error)
    assert str(error.value).startswith("imts.xml: ")


def test_imts_message_without_counterpart_dimension_is_refused():
    message = generic_message(generic_series("USA", "XG_FOB_USD", {"2025-01": "1"})).replace(
        b'<generic:Value id="COUNTERPART_COUNTRY" value="USA"/>', b"")
    with pytest.raises(ParseError, match="no COUNTERPART_COUNTRY dimension") as error:
        parse_imts(message, "imts.xml")
    assert_one_line(error)


# --- US Census Bureau API --------------------------------------------------------------------------------------------

def census_response(variable: str, rows: list[tuple[str, str]]) -> bytes:
    header = ["CTY_CODE", "CTY_NAME", variable, "time", "CTY_CODE"]
    return json.dumps([header] + [["5700", "CHINA", value, month, "5700"] for month, value in rows]).encode()


def test_census_imports_and_exports():
    imports = parse_census(census_response("GEN_VAL_MO", [("2025-02", "29876543210"), ("2025-01", "41234567890")]))
    assert [(row["period"], row["value"]) for row in imports] == [("2025-01", "41.23456789"), ("2025-02", "29.87654321")]
    assert {(row["reporter"], row["partner"], row["flow"], row["unit"]) for row in imports} == {
        ("US", "CN", "imports", "USD bn")}
    exports = parse_census(census_response("ALL_VAL_MO", [("2025-01", "12000000000")]), "exports.json")
    assert by_key(exports) == {("CN", "exports", "2025-01", "value"): "12"}


def test_census_rows_of_other_countries_are_ignored():
    response = json.loads(census_response("GEN_VAL_MO", [("2025-01", "41234567890")]))
    response.append(["5880", "JAPAN", "12", "2025-01", "5880"])
    assert len(parse_census(json.dumps(response).encode())) == 1


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty response"),
    (b"<html>error</html>", "not JSON"),
    (b'{"error": "unknown variable"}', "not a JSON array of arrays"),
    (json.dumps([["CTY_CODE", "GEN_VAL_MO"], ["5700", "1"]]).encode(), "no time column"),
    (json.dumps([["CTY_CODE", "time", "CON_VAL_MO"], ["5700", "2025-01", "1"]]).encode(), "neither GEN_VAL_MO"),
    (census_response("GEN_VAL_MO", [("2025-01", "n/a")]), "non-numeric GEN_VAL_MO 'n/a' for 2025-01"),
    (census_response("GEN_VAL_MO", [("2025-01", "1"), ("2025-01", "2")]), "several rows for 2025-01"),
    (census_response("GEN_VAL_MO", []), "no rows for CTY_CODE 5700"),
])
def test_census_malformed_responses_raise_one_line_errors(content, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_census(content, "imports.json")
    assert_one_line(error)


# --- India EIDB ------------------------------------------------------------------------------------------------------

EIDB_ROWS = [
    ("1.", "U S A", "77,515.36", "17.73", "86,514.72", "19.83", "11.61"),
    ("2.", "CHINA P RP", "16,665.52", "3.81", "14,250.00", "3.27", "-14.49"),
    ("", "Total", "437,072.03", "", "437,704.58", "", "0.14"),
]


def eidb_page(rows=EIDB_ROWS, heading: str = "Export :: Country-wise", unit: str = "Values in US$ Million",
              country_header: str = "Country") -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"""<html><head><title>Export Import Data Bank</title></head><body>
<ul><li><a href="#">Export</a></li><li><a href="#">Import</a></li></ul>
<h3>{heading}</h3><p>Dated: 28/11/2026</p><p>{unit}</p>
<table border="1"><tr><th>S.No.</th><th>{country_header}</th><th>2023-2024</th><th>%Share</th><th>2024-2025</th>
<th>%Share</th><th>%Growth</th></tr>{body}</table></body></html>""".encode()


def test_eidb_exports_by_fiscal_year():
    flow, rows = parse_eidb(eidb_page(), "eidb.html")
    values = by_key(rows)
    assert flow == "exports"
    assert values[("CN", "exports", "FY2024-25", "value")] == "14.25"
    assert values[("CN", "exports", "FY2023-24", "value")] == "16.66552"
    assert values[("CN", "exports", "FY2024-25", "yoy_pct")] == "-14.49"
    assert values[("WLD", "exports", "FY2024-25", "value")] == "437.70458"
    assert values[("US", "exports", "FY2024-25", "yoy_pct")] == "11.61"
    assert {row["reporter"] for row in rows} == {"IN"}
    assert len(rows) == 9


def test_eidb_imports_page():
    flow, rows = parse_eidb(eidb_page(heading="Import :: Country-wise"), "eidb.html")
    assert flow == "imports"
    assert {row["flow"] for row in rows} == {"imports"}


def test_fiscal_years_map_to_ledger_periods():
    assert fiscal_period("2024-2025") == "FY2024-25"
    assert fiscal_period("1999 - 2000") == "FY1999-00"
    assert fiscal_period("2024-2026") is None


@pytest.mark.parametrize(("page", "problem"), [
    (eidb_page(unit="Values in Rs. Lacs"), "unknown unit 'Rs. Lacs'"),
    (eidb_page(unit="Dated"), "no unit line"),
    (eidb_page(heading="Country report"), "cannot tell whether the page shows exports or imports"),
    (eidb_page(country_header="Partner"), "no Country column"),
    (eidb_page(rows=[("1.", "CHINA P RP", "16,665.52", "3.81", "1,4250.0O", "3.27", "-14.49")]),
     "non-numeric cell '1,4250.0O' \\(row 'CHINA P RP', column FY2024-25\\)"),
    (eidb_page(rows=[]), "no data rows"),
    (b"<html><body><h3>Export :: Country-wise</h3><p>No records found</p></body></html>", "no table with an S.No."),
])
def test_eidb_malformed_pages_raise_one_line_errors(page, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_eidb(page, "eidb.html")
    assert_one_line(error)


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
