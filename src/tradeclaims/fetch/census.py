"""US Census Bureau international trade API: US general imports from and total exports to China, monthly.

Endpoints (https://api.census.gov/data/timeseries/intltrade/...): imports/hs with GEN_VAL_MO (general imports, monthly
value) and exports/hs with ALL_VAL_MO (total exports, monthly value), filtered on CTY_CODE=5700 (China in the Census
Schedule C country codes). A response is a JSON array of arrays whose first row is the header; values are strings in
dollars and `time` is YYYY-MM, as published responses show (tests/fixtures/census): ["1220", "CANADA", "26140730952",
"2018-06"]. A response for all countries also holds groupings (0001 OPEC, 0003 PACIFIC RIM), which are skipped, and the
total row (TOTAL FOR ALL COUNTRIES, with an empty CTY_CODE or "-"), read as the world; of the countries, those of
CENSUS_PARTNERS are read. An answer by commodity (an HS code in I_COMMODITY or E_COMMODITY, a level in COMM_LVL) is
refused: one good's trade with a country is never stored as its total trade. So is an answer with any other column
that breaks the country's trade down (a state, a port, a district, a NAICS industry, an end-use class, ...): only the
country columns, `time` (and YEAR, MONTH) and monthly or yearly values (`*_MO`, `*_YR`) are read, and any other column
is refused by name. A column the header names twice is refused too, except a predicate the API appends (CTY_CODE,
time) repeating the row's own cell: two value columns would leave which one was read to chance.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from decimal import Decimal

import requests

from tradeclaims.errors import UsageError, shown
from tradeclaims.fetch.common import (
    BILLION,
    FetchBatch,
    FetchRequest,
    ParsedFile,
    ParseError,
    RawFile,
    distinct_rows,
    load_json,
    observation,
)
from tradeclaims.fetch.http import base_url, download

NAME = "census"
PUBLISHER = "U.S. Census Bureau"
TITLE = "International trade API: US goods imports from and exports to China, monthly"
DEFAULT_URL = "https://api.census.gov/data/timeseries/intltrade"
CHINA = "5700"
# Census Schedule C codes of partners the ledger has (data/partners.csv).
CENSUS_PARTNERS = {
    CHINA: "CN", "1220": "CA", "2010": "MX", "5330": "IN", "5490": "TH", "5520": "VN", "5570": "MY", "5590": "SG",
    "5600": "ID", "5650": "PH", "5800": "KR", "5820": "HK", "5830": "TW", "5880": "JP", "6021": "AU", "6141": "NZ",
}
TOTAL_NAME = "TOTAL FOR ALL COUNTRIES"
TOTAL_CODES = ("", "-")
# flow -> (endpoint, value variable)
FLOWS = {"imports": ("imports/hs", "GEN_VAL_MO"), "exports": ("exports/hs", "ALL_VAL_MO")}
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$", re.ASCII)  # \d alone would pass '２０２５-11'
# Columns of an answer by commodity (imports' and exports' HS codes, and the level of HS codes they are at).
COMMODITY_COLUMNS = ("I_COMMODITY", "E_COMMODITY", "COMM_LVL")
# Columns of a country's total trade: its code and name, the month, and values (GEN_VAL_MO, ALL_VAL_YR, CON_CIF_MO...).
TOTAL_COLUMNS = ("CTY_CODE", "CTY_NAME", "time", "YEAR", "MONTH")
VALUE_COLUMN_RE = re.compile(r"^[A-Z0-9_]+_(MO|YR)$", re.ASCII)
# Predicates the API appends as a further column of the same name when asked with them.
APPENDED_PREDICATES = ("CTY_CODE", "time")
WHAT_IT_READS = ("fetch census reads the Census API's JSON answer: an array of rows, the first naming the columns "
                 "(CTY_CODE, CTY_NAME, GEN_VAL_MO or ALL_VAL_MO, time)")


class CensusConnector:
    name = NAME
    publisher = PUBLISHER

    def query(self, flow: str, request: FetchRequest) -> tuple[str, dict[str, str]]:
        if not request.start:
            raise UsageError("census needs --start YYYY-MM (and optionally --end YYYY-MM)")
        endpoint, variable = FLOWS[flow]
        time = f"from {request.start} to {request.end}" if request.end else f"from {request.start}"
        params = {"get": f"CTY_CODE,CTY_NAME,{variable}", "CTY_CODE": CHINA, "time": time}
        return f"{base_url(NAME, DEFAULT_URL)}/{endpoint}", params

    def plan(self, request: FetchRequest) -> list[str]:
        if request.file:
            return [f"read {request.file}"]
        return [f"download {prepared_url(*self.query(flow, request))}" for flow in FLOWS]

    def fetch(self, request: FetchRequest, session: requests.Session | None = None) -> FetchBatch:
        if request.file:
            content = request.file.read_bytes()
            raws = [RawFile(request.file.name, content, request.url or base_url(NAME, DEFAULT_URL), "application/json",
                            given=str(request.file))]
        else:
            raws = [self.download(flow, request, session) for flow in FLOWS]
        return FetchBatch(NAME, PUBLISHER, TITLE, [ParsedFile(raw, parse_census(raw.content, raw.label)) for raw in raws])

    def download(self, flow: str, request: FetchRequest, session: requests.Session | None) -> RawFile:
        url, params = self.query(flow, request)
        response = download(url, session, params=params)
        return RawFile(f"{flow}.json", response.content, response.url, "application/json")


def prepared_url(url: str, params: dict[str, str]) -> str:
    return requests.Request("GET", url, params=params).prepare().url


def parse_census(content: bytes, name: str = "imports.json") -> list[dict[str, str]]:
    """Monthly US observations in USD bn from one Census API response: China's rows, and any other known partner's."""
    header, records = json_table(content, name)
    variable = next((v for v in ("GEN_VAL_MO", "ALL_VAL_MO") if v in header), None)
    for required in ("CTY_CODE", "time"):
        if required not in header:
            raise ParseError(f"{name}: Census response has no {required} column")
    if variable is None:
        raise ParseError(f"{name}: Census response has neither GEN_VAL_MO (imports) nor ALL_VAL_MO (exports)")
    flow = "imports" if variable == "GEN_VAL_MO" else "exports"
    refuse_repeated_columns(header, name)
    rows = []
    for record in records:
        values = row_values(header, record, name)
        refuse_commodity(values, name)
        refuse_breakdown(values, name)
        partner = census_partner(values)
        if partner is not None:
            rows.append(census_row(values, partner, variable, flow, name))
    if not rows:
        raise ParseError(f"{name}: no rows for CTY_CODE {CHINA} (China) or another partner the ledger has")
    return sorted(distinct_rows(rows, name), key=lambda row: (row["partner"], row["period"]))


def refuse_commodity(values: dict[str, str], name: str) -> None:
    """An answer broken down by commodity (an HS code, or a level of HS codes) holds one good's trade, not the total:
    the connector asks for totals, and never stores one good's figure as a partner's total trade. No published answer
    shows how a total across commodities would be coded there, so any code is refused."""
    for column in COMMODITY_COLUMNS:
        code = str(values.get(column) or "").strip()
        if code:
            raise ParseError(f"{name}: the answer is by commodity ({column} {shown(code)}), not total trade; "
                             f"fetch census reads totals (asked without {', '.join(COMMODITY_COLUMNS)})")


def refuse_repeated_columns(header: list[str], name: str) -> None:
    """A column named twice is read once only if it is a predicate the API appends; a value column twice is not."""
    repeated = [column for column, count in Counter(header).items() if count > 1]
    for column in repeated:
        if column not in APPENDED_PREDICATES:
            raise ParseError(f"{name}: column {shown(column)} appears {Counter(header)[column]} times in the header; "
                             "which of them holds the figure is not known")


def row_values(header: list[str], record: list, name: str) -> dict[str, str]:
    """A row's cells by column; an appended predicate must repeat the row's own cell."""
    values: dict[str, str] = {}
    for column, cell in zip(header, record, strict=False):
        kept = values.setdefault(column, cell)
        if str(kept) != str(cell):
            raise ParseError(f"{name}: column {shown(column)} appears twice with different cells "
                             f"({shown(kept)} and {shown(cell)})")
    return values


def refuse_breakdown(values: dict[str, str], name: str) -> None:
    """An answer broken down by anything but country (a state, a port, an industry, an end use) holds a part of a
    country's trade on every row: a China row per month beside such a column is not China's total."""
    for column, cell in values.items():
        if column in TOTAL_COLUMNS or column in COMMODITY_COLUMNS or VALUE_COLUMN_RE.match(column):
            continue
        if str(cell if cell is not None else "").strip():
            raise ParseError(f"{name}: the answer is broken down by {column} ({shown(str(cell).strip())}), not "
                             f"country totals; fetch census reads {', '.join(TOTAL_COLUMNS)} and *_MO, *_YR values only")


def census_partner(values: dict[str, str]) -> str | None:
    """The ledger code of a row's country; None for groupings and countries the ledger does not have."""
    code = str(values.get("CTY_CODE") or "").strip()
    if code in TOTAL_CODES and str(values.get("CTY_NAME", "")).strip().upper() == TOTAL_NAME:
        return "WLD"
    return CENSUS_PARTNERS.get(code)


def json_table(content: bytes, name: str) -> tuple[list[str], list[list]]:
    """The answer's header and rows: a JSON array of arrays of strings (or numbers, or nulls)."""
    if not content.strip():
        raise ParseError(f"{name}: empty response (the Census API answers no data with an empty body)")
    start = content.lstrip().removeprefix(codecs.BOM_UTF8).lstrip()
    if not start.startswith(b"["):  # a page, a CSV download, the API's plain-text error: say what it is and what is read
        raise ParseError(f"{name}: {kind_of(start)}, not an answer of the Census API; {WHAT_IT_READS}")
    try:
        table = load_json(content, name)
    except ParseError as error:  # a page that prints an answer's rows as Python lists, an answer cut short
        raise ParseError(f"{error}; {WHAT_IT_READS}") from None
    if not isinstance(table, list) or not table or not all(isinstance(row, list) for row in table):
        raise ParseError(f"{name}: a JSON array that is not an array of rows; {WHAT_IT_READS}")
    if not all(isinstance(cell, str | int | float | None) for row in table for cell in row):
        raise ParseError(f"{name}: a cell that is an array or an object, not a string or a number")
    return [str(cell) for cell in table[0]], table[1:]


def kind_of(start: bytes) -> str:
    """What a file that is no JSON array is, from its first bytes: 'a web page (HTML or XML)', 'a JSON object', or the
    text it begins with."""
    if start.startswith(b"<"):
        return "a web page (HTML or XML)"
    if start.startswith(b"{"):
        return "a JSON object"
    first_line = start.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    return f"text beginning {shown(first_line, 40)}"


def census_row(values: dict[str, str], partner: str, variable: str, flow: str, name: str) -> dict[str, str]:
    period = str(values.get("time", ""))
    if not MONTH_RE.match(period):
        raise ParseError(f"{name}: time {shown(period)} is not a month (YYYY-MM)")
    text = str(values.get(variable, "")).strip()
    if re.fullmatch(r"-\d+(\.\d+)?", text, re.ASCII) and Decimal(text):
        raise ParseError(f"{name}: negative {variable} {shown(text)} for {period}: a level of {flow} is never below "
                         "zero")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text, re.ASCII):
        raise ParseError(f"{name}: non-numeric {variable} {shown(text)} for {period}")
    dollars = Decimal(text)
    code = str(values.get("CTY_CODE") or "").strip() or "(total)"
    return observation("US", partner, flow, period, "value", dollars / BILLION, "USD bn", "USD",
                       f"Census {variable}, CTY_CODE {code}")


CONNECTOR = CensusConnector()
