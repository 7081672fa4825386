"""India's Ministry of Commerce Export Import Data Bank (tradestat.commerce.gov.in/eidb): country-wise trade by fiscal year.

The data bank answers a form, so the realistic input is a saved results page (--file) or the URL of one (--url). Its
table has an S.No. column, the country, one value column per fiscal year ("2023-2024", in US$ Million) each followed
by "%Share", then "%Growth" of the latest year on the one before, and a totals row. India's fiscal year runs April to
March: "2024-2025" is the ledger's FY2024-25 (2024-04 to 2025-03).
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
FISCAL_RE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
UNIT_RE = re.compile(r"values?\s+in\s+([^\n|]{2,30})", re.IGNORECASE)
FLOW_RE = re.compile(r"\b(export|import)s?\b\s*(?:::|:|-|–)?\s*country\s*-?\s*wise|country\s*-?\s*wise\s*(export|import)",
                     re.IGNORECASE)


class IndiaConnector(PageConnector):
    name, publisher, default_url, url_hint = NAME, PUBLISHER, DEFAULT_URL, URL_HINT

    def fetch(self, request: FetchRequest, session: requests.Session | None = None) -> FetchBatch:
        content, url = self.read(request, session)
        flow, rows = parse_eidb(content, request.file.name if request.file else url)
        latest = max(row["period"] for row in rows)
        raw = RawFile(f"{flow}-{latest}.html", content, url, "text/html")
        title = f"Export Import Data Bank, country-wise {flow}, fiscal years to {latest}"
        return FetchBatch(NAME, PUBLISHER, title, [ParsedFile(raw, rows)])


def fiscal_period(label: str) -> str | None:
    """'2024-2025' -> 'FY2024-25'; None if the label is not a fiscal year."""
    match = FISCAL_RE.match(label.strip())
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    return f"FY{first}-{second % 100:02d}" if second == first + 1 else None


def parse_eidb(content: bytes, name: str = "page.html") -> tuple[str, list[dict[str, str]]]:
    """The flow of the page and its observations: values in USD bn per fiscal year, and %Growth of the latest."""
    soup = BeautifulSoup(content, "lxml")
    flow = page_flow(soup, name)
    grid = table_grid(find_table(soup, name))
    header_count = next((index for index, row in enumerate(grid) if is_data_row(row)), None)
    if header_count is None:
        raise ParseError(f"{name}: the EIDB table has no data rows")
    if header_count == 0:
        raise ParseError(f"{name}: the EIDB table has no header row")
    unit = page_unit(soup, name)
    roles = column_roles(grid[:header_count], name)
    rows = [row for cells in grid[header_count:] for row in row_observations(cells, roles, flow, unit, name)]
    if not rows:
        raise ParseError(f"{name}: the EIDB table has no figures")
    return flow, rows


def page_flow(soup: BeautifulSoup, name: str) -> str:
    match = FLOW_RE.search(soup.get_text(" "))
    if not match:
        raise ParseError(f"{name}: cannot tell whether the page shows exports or imports (no 'Export :: Country-wise')")
    return f"{(match.group(1) or match.group(2)).lower()}s"


def find_table(soup: BeautifulSoup, name: str):
    for table in soup.find_all("table"):
        text = table.get_text(" ", strip=True).lower()
        if not table.find("table") and re.search(r"s\.?\s*no", text) and re.search(r"\d{4}\s*-\s*\d{4}", text):
            return table
    raise ParseError(f"{name}: no table with an S.No. column and fiscal-year columns")


def is_data_row(row: list[str]) -> bool:
    figures = [cell for cell in row if re.fullmatch(r"-?[\d,]+\.\d+", cell.strip())]
    return len(figures) >= 1 and any(re.search(r"[A-Za-z]", cell) for cell in row)


def page_unit(soup: BeautifulSoup, name: str) -> Unit:
    match = UNIT_RE.search(soup.get_text("\n"))
    if not match:
        raise ParseError(f"{name}: no unit line (such as 'Values in US$ Million')")
    return parse_unit(match.group(1))


def column_roles(header: list[list[str]], name: str) -> dict[str, object]:
    """Where the country, each fiscal year's value and %Growth are."""
    labels = [" ".join(dict.fromkeys(row[column] for row in header if row[column])) for column in range(len(header[0]))]
    country = next((i for i, label in enumerate(labels) if re.search(r"country|region", label, re.IGNORECASE)), None)
    years = {i: fiscal_period(label) for i, label in enumerate(labels) if fiscal_period(label)}
    growth = next((i for i, label in enumerate(labels) if "growth" in label.lower()), None)
    if country is None:
        raise ParseError(f"{name}: the EIDB table has no Country column")
    if not years:
        raise ParseError(f"{name}: the EIDB table has no fiscal-year column (such as '2024-2025')")
    return {"country": country, "years": years, "growth": growth}


def row_observations(cells: list[str], roles: dict, flow: str, unit: Unit, name: str) -> list[dict[str, str]]:
    label = strip_footnotes(cells[roles["country"]])
    if not label or len(set(cells)) == 1:
        return []
    partner = partner_code(label)
    notes = f"EIDB row {label!r}"
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
