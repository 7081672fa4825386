"""GACC (China Customs) monthly release: "China's Total Export & Import Values by Country/Region, <Month YYYY> (in USD)".

GACC pages are named by uuid, so the input is a page URL (--url) or a saved copy of the page (--file). The table has
one row per country or group and columns for total trade, exports and imports, each for the month and the year to
date, and the year-to-date change on a year earlier in percent; the unit is printed above it ("Unit: USD 1,000").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import requests
from bs4 import BeautifulSoup

from tradeclaims.fetch.http import PageConnector
from tradeclaims.ledger.periods import year_to_date

from .common import (
    FetchBatch,
    FetchRequest,
    ParsedFile,
    ParseError,
    RawFile,
    Unit,
    find_month,
    observation,
    parse_number,
    parse_unit,
    partner_code,
    strip_footnotes,
    table_grid,
)

NAME = "gacc"
URL_HINT = "gacc needs --url URL of the release page (GACC pages are named by uuid) or --file PAGE.html"
PUBLISHER = "General Administration of Customs of the People's Republic of China (GACC)"
DEFAULT_URL = "http://english.customs.gov.cn"
YTD_RE = re.compile(r"jan[a-z]*\.?\s*(-|–|—|to)\s*[a-z]{3}|\b1\s*(-|–|—|to)\s*\d{1,2}\b"
                    r"|year[\s-]*to[\s-]*date|\bytd\b|cumulat|accumulat")
MONTH_RE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\bmonth\b|\bcurrent\b|^\d{1,2}$")
YOY_RE = re.compile(r"%|y/y|yoy|year[\s-]*on[\s-]*year|change|growth")
UNIT_RE = re.compile(r"unit\s*[:：]\s*([^|\n]{2,40})", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    index: int
    label: str
    flow: str
    measure: str  # value or yoy_pct
    span: str  # month or ytd


class GaccConnector(PageConnector):
    name, publisher, default_url, url_hint = NAME, PUBLISHER, DEFAULT_URL, URL_HINT

    def fetch(self, request: FetchRequest, session: requests.Session | None = None) -> FetchBatch:
        content, url = self.read(request, session)
        release = parse_release(content, request.file.name if request.file else url)
        raw = RawFile(f"{release.month}.html", content, url, "text/html")
        return FetchBatch(NAME, PUBLISHER, release.title, [ParsedFile(raw, release.rows)])


@dataclass(frozen=True)
class Release:
    title: str
    month: str
    rows: list[dict[str, str]]


def parse_release(content: bytes, name: str = "page.html") -> Release:
    """Month, year-to-date and year-to-date y/y % figures of every row of a GACC country/region table."""
    soup = BeautifulSoup(content, "lxml")
    table = find_table(soup, name)
    grid = table_grid(table)
    header_count = count_header_rows(grid, name)
    month = release_month(soup, name)
    unit = release_unit(soup, grid[:header_count], name)
    columns = classify_columns(grid[:header_count], name)
    rows = table_rows(grid[header_count:], columns, month, unit, name)
    title = " ".join((soup.title.get_text(" ", strip=True) if soup.title else "").split())
    return Release(title or f"China's Total Export & Import Values by Country/Region, {month}", month, rows)


def find_table(soup: BeautifulSoup, name: str):
    """The innermost table whose header speaks of exports and imports."""
    for table in soup.find_all("table"):
        if table.find("table"):
            continue
        text = table.get_text(" ", strip=True).lower()
        if "export" in text and "import" in text:
            return table
    raise ParseError(f"{name}: no table with export and import columns")


def is_data_row(row: list[str]) -> bool:
    """A row label followed by at least two figures."""
    figures = [cell for cell in row[1:] if re.fullmatch(r"[-+\u2212]?[\d,]+(\.\d+)?[*\u2460-\u2473]*", cell.strip())]
    return bool(row and row[0].strip()) and len(figures) >= 2


def count_header_rows(grid: list[list[str]], name: str) -> int:
    for index, row in enumerate(grid):
        if is_data_row(row):
            if index == 0:
                raise ParseError(f"{name}: the table has no header rows")
            return index
    raise ParseError(f"{name}: the table has no data rows")


def column_labels(header: list[list[str]]) -> list[str]:
    """One label per column from the header rows, skipping full-width title or unit rows."""
    rows = [row for row in header if len(set(row)) > 1]
    labels = []
    for column in range(len(header[0]) if header else 0):
        parts: list[str] = []
        for row in rows:
            if row[column] and row[column] not in parts:
                parts.append(row[column])
        labels.append(" ".join(parts))
    return labels


def classify_columns(header: list[list[str]], name: str) -> list[Column]:
    columns = []
    for index, label in enumerate(column_labels(header)):
        if index == 0:
            continue
        column = classify(index, label, name)
        if column:
            columns.append(column)
    flows = {column.flow for column in columns if column.measure == "value"}
    for flow, word in (("exports", "Export"), ("imports", "Import")):
        if flow not in flows:
            raise ParseError(f"{name}: no {word} value column in the table header")
    return columns


def classify(index: int, label: str, name: str) -> Column | None:
    lowered = " ".join(label.lower().split())
    flow = column_flow(lowered)
    if flow is None:
        return None
    measure = "yoy_pct" if YOY_RE.search(lowered) else "value"
    if YTD_RE.search(lowered):
        span = "ytd"
    elif MONTH_RE.search(lowered):
        span = "month"
    elif measure == "yoy_pct":
        span = "ytd"  # GACC prints the change on a year earlier for the year to date
    else:
        raise ParseError(f"{name}: cannot tell month from year to date in column {label!r}")
    return Column(index, label, flow, measure, span)


def column_flow(label: str) -> str | None:
    if "balance" in label or "surplus" in label:
        return "balance"
    if "total" in label or "trade" in label or ("export" in label and "import" in label):
        return "trade"
    if "export" in label:
        return "exports"
    if "import" in label:
        return "imports"
    return None


def release_month(soup: BeautifulSoup, name: str) -> str:
    """The month of the release, from the page title or a heading naming the table, else from any text."""
    headings = [soup.title.get_text(" ") if soup.title else ""]
    headings += [tag.get_text(" ") for tag in soup.find_all(["h1", "h2", "h3", "h4", "caption", "strong", "b"])]
    for text in [heading for heading in headings if "country" in heading.lower()] + [soup.get_text(" ")]:
        if month := find_month(text):
            return month
    raise ParseError(f"{name}: no month (such as 'November 2025') in the page title or headings")


def release_unit(soup: BeautifulSoup, header: list[list[str]], name: str) -> Unit:
    match = UNIT_RE.search(soup.get_text("\n"))
    if match:
        return parse_unit(match.group(1))
    for cell in (cell for row in header for cell in row):
        try:
            return parse_unit(cell)
        except ParseError:
            continue
    raise ParseError(f"{name}: no unit line (such as 'Unit: USD 1,000') above or in the table")


def table_rows(grid: list[list[str]], columns: list[Column], month: str, unit: Unit, name: str) -> list[dict[str, str]]:
    rows: dict[tuple, dict[str, str]] = {}
    for cells in grid:
        label = row_label(cells[0])
        if not label or len(set(cells)) == 1:
            continue  # a blank row, or a note spanning the table
        partner = partner_code(label)
        for column in columns:
            value = parse_number(cells[column.index], f"row {label!r}, column {column.label!r}")
            if value is None:
                continue
            row = column_observation(partner, label, column, value, month, unit)
            key = (row["partner"], row["flow"], row["period"], row["measure"])
            if key in rows and rows[key]["value"] != row["value"]:
                raise ParseError(f"{name}: two rows give different figures for {label!r} ({column.label})")
            rows.setdefault(key, row)
    if not rows:
        raise ParseError(f"{name}: the table has no figures")
    return list(rows.values())


def row_label(cell: str) -> str:
    label = strip_footnotes(cell)
    return re.sub(r"^(of which|including|incl\.?)\s*[:：]?\s*", "", label, flags=re.IGNORECASE).strip()


def column_observation(partner: str, label: str, column: Column, value: Decimal, month: str, unit: Unit
                       ) -> dict[str, str]:
    period = year_to_date(month) if column.span == "ytd" else month
    notes = f"GACC row {label!r}"
    if column.measure == "yoy_pct":
        return observation("CN", partner, column.flow, period, "yoy_pct", value, "pct", unit.currency, notes)
    return observation("CN", partner, column.flow, period, "value", unit.to_billions(value), unit.ledger_unit,
                       unit.currency, notes)


CONNECTOR = GaccConnector()
