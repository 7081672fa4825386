"""Census connector: responses of api.census.gov/data/timeseries/intltrade.

No raw response body was found in stored material; tests/fixtures/census holds the first rows of two published responses
as the pages that show them print them (Python lists of the parsed JSON, see SOURCES.csv), and beside each the same rows
as the JSON array of arrays the API sends (tests/fetch/test_kept_pages.py checks they agree), which is what is parsed.
Neither holds China (CTY_CODE 5700): they prove the layout, the units (dollars, as strings), the time format and the
total and grouping rows.
"""

from __future__ import annotations

import json

import pytest

from tradeclaims.fetch.census import parse_census
from tradeclaims.fetch.common import ParseError

from . import assert_one_line, by_key, fixture

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


def published(name: str) -> bytes:
    """A printed excerpt's rows as the JSON the API sent (the .json kept beside the page's printout)."""
    return fixture("census", name.replace(".txt", ".json"))


# --- published responses -------------------------------------------------------------------------------------------

def test_exports_by_country_2018_06_canada_and_total():
    rows = parse_census(published("exports-hs-2018-06-first-rows.txt"), "exports.json")
    assert by_key(rows) == {
        ("CA", "exports", "2018-06", "value"): "26.140730952",
        ("WLD", "exports", "2018-06", "value"): "145.10995553",
    }
    assert {(row["reporter"], row["unit"], row["currency"]) for row in rows} == {("US", "USD bn", "USD")}
    assert {row["notes"] for row in rows} == {"Census ALL_VAL_MO, CTY_CODE 1220", "Census ALL_VAL_MO, CTY_CODE (total)"}


def test_groupings_are_not_read_as_countries():
    """The 2025-10 response starts with groupings (0001 OPEC, 0003 PACIFIC RIM); none is a partner of the ledger."""
    content = published("exports-hs-2025-10-first-rows.txt")
    assert json.loads(content)[1] == ["0001", "OPEC", "5765070418", "2025-10"]
    with pytest.raises(ParseError, match="no rows for CTY_CODE 5700"):
        parse_census(content, "exports.json")


# --- responses written here: the connector's China query, whose answer no stored material shows ---------------------

def census_response(variable: str, rows: list[tuple[str, str]]) -> bytes:
    """The connector asks get=CTY_CODE,CTY_NAME,<variable> with CTY_CODE=5700 and time=from..to; the API appends the
    predicate variables as further columns."""
    header = ["CTY_CODE", "CTY_NAME", variable, "time", "CTY_CODE"]
    return json.dumps([header] + [["5700", "CHINA", value, month, "5700"] for month, value in rows]).encode()


def test_constructed_china_imports_and_exports():
    imports = parse_census(census_response("GEN_VAL_MO", [("2025-02", "29876543210"), ("2025-01", "41234567890")]))
    assert [(row["period"], row["value"]) for row in imports] == [("2025-01", "41.23456789"), ("2025-02", "29.87654321")]
    assert {(row["reporter"], row["partner"], row["flow"], row["unit"]) for row in imports} == {
        ("US", "CN", "imports", "USD bn")}
    exports = parse_census(census_response("ALL_VAL_MO", [("2025-01", "12000000000")]), "exports.json")
    assert by_key(exports) == {("CN", "exports", "2025-01", "value"): "12"}


def test_constructed_total_row_with_a_dash_code():
    response = json.loads(census_response("GEN_VAL_MO", [("2025-01", "41234567890")]))
    response.append(["-", "TOTAL FOR ALL COUNTRIES", "300000000000", "2025-01", "-"])
    response.append(["5881", "SOMEWHERE", "12", "2025-01", "5881"])
    assert by_key(parse_census(json.dumps(response).encode())) == {
        ("CN", "imports", "2025-01", "value"): "41.23456789",
        ("WLD", "imports", "2025-01", "value"): "300",
    }


# --- malformed input -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty response"),
    (b"<html>error</html>", "a web page \\(HTML or XML\\), not an answer of the Census API"),
    (b'{"error": "unknown variable"}', "a JSON object, not an answer of the Census API"),
    (b"[1, 2]", "a JSON array that is not an array of rows"),
    (json.dumps([["CTY_CODE", "GEN_VAL_MO"], ["5700", "1"]]).encode(), "no time column"),
    (json.dumps([["CTY_CODE", "time", "CON_VAL_MO"], ["5700", "2025-01", "1"]]).encode(), "neither GEN_VAL_MO"),
    (census_response("GEN_VAL_MO", [("2025-01", "n/a")]), "non-numeric GEN_VAL_MO 'n/a' for 2025-01"),
    (census_response("GEN_VAL_MO", [("2025-13", "1")]), "time '2025-13' is not a month"),
    (census_response("GEN_VAL_MO", [("2025-01", "1"), ("2025-01", "2")]),
     r"two values for one figure \(US imports CN 2025-01 value\): 0.000000001 USD bn and 0.000000002 USD bn"),
    (census_response("GEN_VAL_MO", []), "no rows for CTY_CODE 5700"),
])
def test_malformed_responses_raise_one_line_errors(content, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_census(content, "imports.json")
    assert_one_line(error)


# --- answers by commodity: one good's trade is not total trade ------------------------------------------------------

@pytest.mark.parametrize(("column", "code"), [("I_COMMODITY", "8542"), ("E_COMMODITY", "85"), ("COMM_LVL", "HS2"),
                                              ("I_COMMODITY", "-")])
def test_an_answer_by_commodity_is_refused_not_stored_as_total_trade(column, code):
    """The API appends a predicate variable as a column: asked with I_COMMODITY=8542, every row carries 8542."""
    response = json.loads(census_response("GEN_VAL_MO", [("2025-01", "1234567890")]))
    response[0].append(column)
    for row in response[1:]:
        row.append(code)
    with pytest.raises(ParseError, match=rf"^imports.json: the answer is by commodity \({column} '{code}'\), not total "
                                         "trade") as error:
        parse_census(json.dumps(response).encode(), "imports.json")
    assert_one_line(error)

