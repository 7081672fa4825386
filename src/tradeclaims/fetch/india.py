"""India's Ministry of Commerce Export Import Data Bank (tradestat.commerce.gov.in/eidb): trade by partner and fiscal year.

The data bank answers a form, so the realistic input is a saved results page (--file) or the URL of one (--url). Two
layouts are read, both with an S.No. column, one value column per fiscal year ("2017-2018", or "2017-18") and "%Growth"
of the latest year on the one before, under a unit line such as "Values in US$ Million" or "Values in US $ Million":

* country-wise: one row per country (a Country or Region column), each year's value possibly followed by "%Share", and
  a total row ("India's Total", "India's Total Export", "Total"), read as the world;
* country-wise all commodities: the page names one country ("Country: CHINA P RP") and its table has one row per
  commodity (HSCode, Commodity), then a "Total" row (trade with that country), an "India's Total" row (with the world)
  and a "%Share" row. Only the two total rows are read: the ledger has no commodities.

The heading says the flow ("Import :: Country-wise all commodities"). India's fiscal year runs April to March:
"2024-2025" is the ledger's FY2024-25 (2024-04 to 2025-03).
"""

from __future__ import annotations

import re

import requests
from bs4 import BeautifulSoup

from tradeclaims.fetch.http import PageConnector

from .common import (
    FetchBatch,
    FetchRequest,
    ParsedFile,
    ParseError,
    RawFile,
    Unit,
    observation,
    parse_number,
    parse_unit,
    partner_code,
    strip_footnotes,
    table_grid,
)

NAME = "india"
URL_HINT = "india needs --url URL of an EIDB results page or --file PAGE.html (a saved results page)"
PUBLISHER = "Department of Commerce, Ministry of Commerce and Industry, India (Export Import Data Bank)"
DEFAULT_URL = "https://tradestat.commerce.gov.in/eidb"
FISCAL_RE = re.compile(r"^(\d{4})\s*-\s*(\d{4}|\d{2})$")
PAGE_COUNTRY_RE = re.compile(r"\bCountry\s*:\s*([A-Za-z][^\n:]{1,60})")
# The words of a total row's label ("Total", "India's Total", "India's Total Export", "INDIA'S TOTAL IMPORTS", "Grand
# Total", "Total of India's Trade"): a label of these words only, "total" among them, is a total; with one of
# WORLD_WORDS, India's total with the world, else the page's own total (the named country's, or, on a page of one row
# per country, the world's). Which flow it is the page's heading says, not the label.
TOTAL_WORDS = frozenset({"total", "grand", "india", "s", "of", "the", "all", "countries", "world",
                         "export", "exports", "import", "imports", "trade"})
WORLD_WORDS = frozenset({"india", "grand", "world", "countries"})
UNIT_RE = re.compile(r"values?\s+in\s+([^\n|]{2,30})", re.IGNORECASE)
FLOW_RE = re.compile(r"\b(export|import)s?\b\s*(?:::|:|-|–)?\s*country\s*-?\s*wise|country\s*-?\s*wise\s*(export|import)",
                     re.IGNORECASE)
COMMODITY_WISE_RE = re.compile(r"\b(export|import)s?\b\s*(?:::|:|-|–)?\s*commodity\s*-?\s*wise", re.IGNORECASE)


class IndiaConnector(PageConnector):
    name, publisher, default_url, url_hint = NAME, PUBLISHER, DEFAULT_URL, URL_HINT

    def fetch(self, request: FetchRequest, session: requests.Session | None = None) -> FetchBatch:
        content, url = self.read(request, session)
        flow, rows = parse_eidb(content, request.file.name if request.file else url)
        latest = max(row["period"] for row in rows)
        raw = RawFile(f"{flow}-{latest}.html", content, url, "text/html", given=str(request.file) if request.file else "")
        title = f"Export Import Data Bank, country-wise {flow}, fiscal years to {latest}"
        return FetchBatch(NAME, PUBLISHER, title, [ParsedFile(raw, rows)], one_page=True)


def fiscal_period(label: str) -> str | None:
    """'2024-2025' -> 'FY2024-25'; None if the label is not a fiscal year."""
    match = FISCAL_RE.match(label.strip())
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if len(match.group(2)) == 2:  # "2024-25", "1999-00"
        second += first - first % 100 + (100 if second < first % 100 else 0)
    return f"FY{first}-{second % 100:02d}" if second == first + 1 else None


def parse_eidb(content: bytes, name: str = "page.html") -> tuple[str, list[dict[str, str]]]:
    """The flow of the page and its observations: values in USD bn per fiscal year, and %Growth of the latest."""
    soup = BeautifulSoup(content, "lxml")
    flow = page_flow(soup, name)  # the heading first: a page that is no country-wise table is refused before its grid
    try:
        grid = table_grid(find_table(soup, name))
    except ParseError as error:
        message = str(error)
        raise ParseError(message if message.startswith(f"{name}: ") else f"{name}: {message}") from None
    header_count = next((index for index, row in enumerate(grid) if is_data_row(row)), None)
    if header_count is None:
        raise ParseError(f"{name}: the EIDB table has no data rows")
    if header_count == 0:
        raise ParseError(f"{name}: the EIDB table has no header row")
    unit = page_unit(soup, name)
    roles = column_roles(grid[:header_count], page_country(soup), name)
    rows = [row for cells in grid[header_count:] for row in row_observations(cells, roles, flow, unit, name)]
    if not rows:
        raise ParseError(f"{name}: the EIDB table has no figures")
    return flow, rows


def page_flow(soup: BeautifulSoup, name: str) -> str:
    text = soup.get_text(" ")
    match = FLOW_RE.search(text)
    commodity_wise = None if match else COMMODITY_WISE_RE.search(text)
    if commodity_wise:
        raise ParseError(f"{name}: a commodity-wise page ('{' '.join(commodity_wise.group(0).split())}'): trade by "
                         "commodity with no partner country; save a Country-wise page, or one country's "
                         "'Country-wise all commodities' page")
    if not match:
        raise ParseError(f"{name}: cannot tell whether the page shows exports or imports (no 'Export :: Country-wise')")
    return f"{(match.group(1) or match.group(2)).lower()}s"


def find_table(soup: BeautifulSoup, name: str):
    for table in soup.find_all("table"):
        text = table.get_text(" ", strip=True).lower()
        if not table.find("table") and re.search(r"s\.?\s*no", text) and re.search(r"\d{4}\s*-\s*\d{2}", text):
            return table
    raise ParseError(f"{name}: no table with an S.No. column and fiscal-year columns")


def is_data_row(row: list[str]) -> bool:
    figures = [cell for cell in row if re.fullmatch(r"-?[\d,]+\.\d+", cell.strip())]
    return len(figures) >= 1 and any(re.search(r"[A-Za-z]", cell) for cell in row)


def page_country(soup: BeautifulSoup) -> str | None:
    """The country a "country-wise all commodities" page is about ("Country: CHINA P RP"), if it names one."""
    match = PAGE_COUNTRY_RE.search(soup.get_text("\n").replace("\xa0", " "))
    return " ".join(match.group(1).split()) if match else None


def page_unit(soup: BeautifulSoup, name: str) -> Unit:
    match = UNIT_RE.search(soup.get_text("\n"))
    if not match:
        raise ParseError(f"{name}: no unit line (such as 'Values in US$ Million')")
    return parse_unit(match.group(1))


def column_roles(header: list[list[str]], country: str | None, name: str) -> dict[str, object]:
    """Where the partner (or commodity), each fiscal year's value and %Growth are."""
    labels = [" ".join(dict.fromkeys(row[column] for row in header if row[column])) for column in range(len(header[0]))]
    partner = next((i for i, label in enumerate(labels) if re.search(r"country|region", label, re.IGNORECASE)), None)
    commodity = next((i for i, label in enumerate(labels) if re.search(r"commodity", label, re.IGNORECASE)), None)
    years = {i: fiscal_period(label) for i, label in enumerate(labels) if fiscal_period(label)}
    growth = next((i for i, label in enumerate(labels) if "growth" in label.lower()), None)
    if partner is None and (commodity is None or country is None):
        raise ParseError(f"{name}: the EIDB table has no Country column (nor commodities of one named country)")
    if not years:
        raise ParseError(f"{name}: the EIDB table has no fiscal-year column (such as '2024-2025')")
    return {"label": commodity if partner is None else partner, "country": None if partner is not None else country,
            "years": years, "growth": growth}


def total_kind(label: str) -> str | None:
    """'world' for a label of India's total with the world, 'total' for a bare total ('Total', 'Total Export'), None
    for any other label; 'India’s' and 'INDIA S' are read as India's."""
    words = re.findall(r"[a-z]+", label.lower())
    if "total" not in words or not set(words) <= TOTAL_WORDS:
        return None
    return "world" if set(words) & WORLD_WORDS else "total"


def row_partner(label: str, roles: dict, name: str) -> str | None:
    """The ledger partner of a row. On a page of one row per country: the country, or the world for a total row. On a
    page of one country's commodities: that country for its total row, the world for India's total (commodity rows
    and "%Share" give None)."""
    kind = total_kind(label)
    if roles["country"] is None:
        if kind is None and re.search(r"\btotal\b", label, re.IGNORECASE):
            raise ParseError(f"{name}: a total row {label!r} that is not India's total with the world (such as "
                             "\"India's Total\"): not a country, and not stored as one")
        return "WLD" if kind else partner_code(label)
    if kind == "total":
        return partner_code(roles["country"])
    return "WLD" if kind == "world" else None


def row_observations(cells: list[str], roles: dict, flow: str, unit: Unit, name: str) -> list[dict[str, str]]:
    label = strip_footnotes(cells[roles["label"]])
    if not label or len(set(cells)) == 1:
        return []
    partner = row_partner(label, roles, name)
    if partner is None:
        return []
    notes = f"EIDB row {label!r}" + (f" (Country: {roles['country']})" if roles["country"] else "")
    rows = []
    for index, period in roles["years"].items():
        value = parse_number(cells[index], f"row {label!r}, column {period}")
        if value is not None:
            rows.append(observation("IN", partner, flow, period, "value", unit.to_billions(value), unit.ledger_unit,
                                    unit.currency, notes))
    if roles["growth"] is not None:
        growth = parse_number(cells[roles["growth"]], f"row {label!r}, column %Growth")
        if growth is not None:
            rows.append(observation("IN", partner, flow, max(roles["years"].values()), "yoy_pct", growth, "pct",
                                    unit.currency, notes))
    return rows


CONNECTOR = IndiaConnector()
