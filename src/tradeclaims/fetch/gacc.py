"""GACC (China Customs, english.customs.gov.cn) statistics pages.

GACC pages are named by an id, so the input is a page URL (--url) or a saved copy of the page (--file). The page's
title says which table it holds, and so which reader applies:

- Preliminary release (4), "China's Total Export & Import Values by Country/Region, <Month YYYY> (in CNY|USD)" (older
  titles: "China's Total Value of Imports and Exports by Major Country (Region), Jan. 2018"; the Chinese site's
  "（4）2026年7月进出口商品主要国别（地区）总值表（人民币值）"): one row per country or group, "of which" rows for
  members of a group. A monthly release has columns for the month and the year to date ("3" and "1- to-3"); a
  January-February release has year-to-date columns only ("1-to-2"). The change on a year earlier is printed for the
  year to date ("1-to-3 Total Year-on-Year (±%)").
- Preliminary release (2)/(3), "... by Trade Mode": the "Total Value" row (month or year to date, and y/y).
- Monthly Bulletin (5) "Imports and Exports by Customs Regime": the TOTAL row, exports and imports for the month and
  the year to date, with the y/y rates in the shaded row below it; (6) "Exports ..." and (7) "Imports by Type
  Enterprise and by Customs Regime": the TOTAL row's Total column for the year to date, and its y/y rate below.

Other tables are refused by name: (17) and (18), "Export/Import of Selected Commodities by Major Customs Regimes",
share (5)'s words, but a commodity's figures are not China's totals. A table of totals is also recognised by its
structure: a TOTAL row, and no quantity columns (which the tables of commodities have).

The unit is read from the page ("Unit: CNY 100 Million", "Unit:US$1,000", "单位：亿元"): figures are converted to
billions of that currency, so a CNY page gives "CNY bn" and a USD page "USD bn". A page whose unit line and title
disagree on the currency is refused. Monthly Bulletin tables whose unit line is missing from the copy are read in
US$1,000 (the unit every Monthly Bulletin table is published in), and each of their rows says so in its notes.

A page is read as published (HTML) or as a text rendering of it, plain or as a markdown table, as web archives and
search stores keep such pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

import requests
from bs4 import BeautifulSoup

from tradeclaims.fetch.http import PageConnector
from tradeclaims.ledger.periods import year_to_date

from .common import (
    CellBudget,
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

NAME = "gacc"
URL_HINT = "gacc needs --url URL of the release page (GACC pages are named by uuid) or --file PAGE.html"
PUBLISHER = "General Administration of Customs of the People's Republic of China (GACC)"
DEFAULT_URL = "http://english.customs.gov.cn"
BULLETIN_UNIT = "US$1,000"  # the unit of every Monthly Bulletin table

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_WORD = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
              r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DASH = r"(?:-|–|—|~|to|through|至|到)"

# Periods in titles: "January-February 2025", "Mar 2026", "Jan. 2018", "1-7.2023", "10.2023", "11. 2019", "2026年1-2月".
TITLE_RANGE_RE = re.compile(rf"(?<![a-z])({MONTH_WORD})\s*{DASH}\s*({MONTH_WORD}),?\s*(\d{{4}})", re.IGNORECASE)
TITLE_MONTH_RE = re.compile(rf"(?<![a-z])({MONTH_WORD}),?\s*(\d{{4}})\b", re.IGNORECASE)
TITLE_NUMERIC_RE = re.compile(r"(?<![\d.])(?:(\d{1,2})\s*-\s*)?(\d{1,2})\s*\.\s*(\d{4})\b")
TITLE_CHINESE_RE = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*[-–—~至到]\s*)?(\d{1,2})\s*月")
ONLY_MONTH_RE = re.compile(r"\bonly\s+" + MONTH_WORD, re.IGNORECASE)
TITLE_CURRENCY_RE = re.compile(r"[(（]\s*(?:only\s+[a-z]+\.?\s*,\s*)?in\s+(cny|rmb|usd|us\$)\s*[)）]|(人民币|美元)",
                               re.IGNORECASE)
SECTION_RE = re.compile(r"^\s*[(（]\s*(\d{1,2})\s*[)）]")
UNIT_RE = re.compile(r"(?<![a-z])(?:unit|单位)\s*[:：]\s*([^\n|]{1,40})", re.IGNORECASE)

# Words of a column header, one pattern per kind, tried in this order at each position of the header text.
HEADER_WORDS = [
    ("skip", r"import\s+sources?|export\s+destinations?|customs\s+regimes?|trade\s+modes?|type\s+of\s+enterprise"
             r"|countr(?:y|ies)\s*(?:/|\(|（)?\s*(?:regions?)?\s*(?:\)|）)?|regions?|国别\s*[(（]?\s*地区\s*[)）]?|国别|地区"
             r"|贸易方式|value/±%"),
    ("trade", r"exports?\s*(?:&|and)\s*imports?|imports?\s*(?:&|and)\s*exports?|total\s+trade|进出口"),
    ("yoy", r"year[\s-]*on[\s-]*year\s*(?:[(（]\s*±?\s*%\s*[)）])?|y\s*/\s*y|\byoy\b|±\s*%|[(（]\s*%\s*[)）]"
            r"|同比\s*(?:[(（]?\s*±?\s*%\s*[)）]?)?|增减\s*%?|growth|change"),
    ("ytd", rf"(?<![\d.])1\s*(?:-\s*to|to|-|–|—|~|至)\s*-?\s*\d{{1,2}}(?![\d.])(?:\s*月)?(?:\s*累计)?"
            rf"|(?<![a-z])jan(?:uary)?\.?\s*{DASH}\s*{MONTH_WORD}(?![a-z])"
            r"|year[\s-]*to[\s-]*date|\bytd\b|cumulative|累计"),
    ("month", rf"(?<![a-z]){MONTH_WORD}(?![a-z])|(?<![\d./-])\d{{1,2}}(?![\d./-])(?:\s*月)?|当月|current\s+month"
              r"|\bmonth\b"),
    ("exports", r"exports?|出口"),
    ("imports", r"imports?|进口"),
]
HEADER_RE = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in HEADER_WORDS), re.IGNORECASE)
NUMERIC_TOKEN_RE = re.compile(r"^(?:[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[*\u2460-\u2473]*|-|–|—|…|\.\.\.)$")
TOTAL_LABELS = {"total", "total value", "grand total", "总值", "总计", "合计"}
# Tables this connector does not read, named by their titles: the Monthly Bulletin's (17) and (18), exports and imports
# of selected commodities "by Major Customs Regimes", share their words with (5) "by Customs Regime". Where GACC numbers
# the tables of a kind, the numbers it reads (the by-country and trade-mode tables are numbered differently over years).
OTHER_TABLE_RE = re.compile(r"commodit|主要商品|商品量值", re.IGNORECASE)
SECTIONS = {"customs_regime": ("5",), "enterprise": ("6", "7")}
QUANTITY_RE = re.compile(r"\bquantity\b|数量", re.IGNORECASE)  # a column of quantities: a table of commodities
READ_TABLES = "by country/region, by trade mode, (5) by customs regime and (6)/(7) by type of enterprise"


@dataclass(frozen=True)
class Item:
    """What one header word or cell says about a column: its flow, month or year to date, or y/y rate."""

    flow: str | None = None
    span: str | None = None  # month or ytd
    yoy: bool = False


@dataclass(frozen=True)
class Column:
    index: int  # position among the row's cells after the label
    label: str
    flow: str  # trade, exports, imports
    measure: str  # value or yoy_pct
    span: str  # month or ytd


@dataclass(frozen=True)
class ReleaseInfo:
    """What a page's title says: the table, its period, its edition."""

    title: str
    kind: str  # country, trade_mode, customs_regime, enterprise
    section: str  # "4", "5", ... or "" when the title has no number
    month: str  # the last month covered, YYYY-MM
    first_month: int  # the first month of a range title ("January-February" -> 1), else the month itself
    only_month: bool  # "(Only August, in CNY)": every figure is for the month
    currency: str | None  # from the title: CNY, USD, or None when the title does not say
    flow: str | None = None  # tables (6) and (7): exports or imports

    @property
    def is_range(self) -> bool:
        return self.first_month != int(self.month[5:])

    @property
    def table(self) -> str:
        """'section4' (the by-country table, whatever number a title gives it), 'bulletin5', 'trademode3', ..."""
        if self.kind == "country":
            return "section4"
        if self.kind == "trade_mode":
            return f"trademode{self.section}"
        default = {"customs_regime": "5", "enterprise": "6" if self.flow == "exports" else "7"}[self.kind]
        return f"bulletin{self.section or default}"

    @property
    def period_tag(self) -> str:
        return f"{self.month[:4]}-{self.first_month:02d}-{self.month[5:]}" if self.is_range else self.month


@dataclass(frozen=True)
class Page:
    """A page reduced to its title, text and tables; `aligned` tables have header cells over their data columns.
    The tables of an HTML page are made from its cells when first asked for: the title is read, and a page whose
    title names a table this connector does not read is refused, before any cell is repeated into a grid."""

    title: str
    text: str
    make_tables: Callable[[], list[list[list[str]]]]
    aligned: bool
    form: str  # html, text, markdown
    published: str = ""

    @cached_property
    def tables(self) -> list[list[list[str]]]:
        return self.make_tables()


@dataclass(frozen=True)
class Release:
    title: str
    month: str  # the last month covered, YYYY-MM
    period_tag: str  # the month, or the span of a range release: 2025-01-02
    table: str
    edition: str
    form: str
    published: str
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def raw_name(self) -> str:
        extension = {"html": "html", "markdown": "md"}.get(self.form, "txt")
        return f"{self.period_tag}-{self.table}-{self.edition}.{extension}"


class GaccConnector(PageConnector):
    name, publisher, default_url, url_hint = NAME, PUBLISHER, DEFAULT_URL, URL_HINT

    def fetch(self, request: FetchRequest, session: requests.Session | None = None) -> FetchBatch:
        content, url = self.read(request, session)
        release = parse_release(content, request.file.name if request.file else url)
        media_type = {"html": "text/html", "markdown": "text/markdown"}.get(release.form, "text/plain")
        raw = RawFile(release.raw_name, content, url, media_type, given=str(request.file) if request.file else "")
        return FetchBatch(NAME, PUBLISHER, release.title, [ParsedFile(raw, release.rows)], published=release.published,
                          one_page=True)


# --- the page ---------------------------------------------------------------------------------------------------------

def parse_release(content: bytes, name: str = "page.html") -> Release:
    """Every figure of the GACC table on the page, with the release's title, month, table and edition.
    A page this cannot read raises ParseError, one line that starts with `name`."""
    try:
        return read_release(content, name)
    except ParseError as error:
        message = str(error)
        raise ParseError(message if message.startswith(f"{name}: ") else f"{name}: {message}") from None


def read_release(content: bytes, name: str) -> Release:
    page = read_page(content)
    info = release_info(page, name)
    if info.kind == "country":
        table = pick_table(page, name)  # a page without a table says so before any complaint about its unit
        unit, unit_note = release_unit(page, info, name)
        rows = country_rows(page, table, info, unit, name)
    else:
        unit, unit_note = release_unit(page, info, name)
        rows = total_rows(page, info, unit, unit_note, name)
    if not rows:
        raise ParseError(f"{name}: the table has no figures")
    return Release(info.title, info.month, info.period_tag, info.table, unit.currency.lower(), page.form,
                   page.published, rows)


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def read_page(content: bytes) -> Page:
    text = decode(content)
    if re.search(r"<\s*(html|table|body|div|title)\b", text[:20000], re.IGNORECASE):
        return read_html(content)
    lines = [line.rstrip() for line in text.splitlines()]
    if sum(line.lstrip().startswith("|") for line in lines) >= 3:
        rows = [markdown_row(line) for line in lines if line.lstrip().startswith("|")]
        rows = [row for row in rows if any(row)]
        title = next((" ".join(cell for cell in row if cell) for row in rows), "")
        return Page(title, text, lambda: [rows], False, "markdown")
    rows = [text_row(line) for line in lines if line.strip()]
    title = next((line.strip() for line in lines if line.strip()), "")
    return Page(title, text, lambda: [rows], False, "text")


def read_html(content: bytes) -> Page:
    soup = BeautifulSoup(content, "lxml")
    headings = [tag.get_text(" ", strip=True) for tag in soup.select(".atcl-ttl, h1, h2, h3")]
    meta = soup.find("meta", attrs={"name": "ArticleTitle"})
    headings += [meta.get("content", "")] if meta else []
    headings += [soup.title.get_text(" ", strip=True)] if soup.title else []
    leaves = [table for table in soup.find_all("table") if not table.find("table")]
    title = next((" ".join(text.split()) for text in headings if text and title_period(text)), "")
    if not title:  # the title may be a table's own title row: the tables are needed now
        tables = html_tables(leaves)
        headings += [row[0] for grid in tables for row in grid[:2] if row and len(set(row)) == 1 and row[0]]
        title = next((" ".join(text.split()) for text in headings if text and title_period(text)), "")
        title = title or next((" ".join(text.split()) for text in headings if text.strip()), "")
        return Page(title, soup.get_text("\n"), lambda: tables, True, "html", published_date(soup))
    return Page(title, soup.get_text("\n"), lambda: html_tables(leaves), True, "html", published_date(soup))


def html_tables(leaves: list) -> list[list[list[str]]]:
    """The page's tables (those holding no other table) as grids of cleaned cell texts, within one page's budget of
    cells."""
    budget = CellBudget()
    return [[[clean_cell(cell) for cell in row] for row in table_grid(table, budget)] for table in leaves]


def clean_cell(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def markdown_row(line: str) -> list[str]:
    cells = [clean_cell(cell) for cell in line.strip().strip("|").split("|")]
    while cells and not cells[-1]:
        cells.pop()
    if cells and is_numeric(cells[0]):  # a row of rates has no label cell
        cells.insert(0, "")
    return cells


def text_row(line: str) -> list[str]:
    """A line of a text rendering as [label, figure, figure, ...]; a line without trailing figures as [line]."""
    tokens = line.replace("\u00a0", " ").split()
    cut = len(tokens)
    while cut > 0 and is_numeric(tokens[cut - 1]):
        cut -= 1
    if len(tokens) - cut >= 2 or (cut == 0 and tokens):
        return [" ".join(tokens[:cut]), *tokens[cut:]]
    return [" ".join(tokens)]


def is_numeric(cell: str) -> bool:
    return bool(NUMERIC_TOKEN_RE.match(cell.strip()))


def published_date(soup: BeautifulSoup) -> str:
    candidates = [tag.get_text(" ", strip=True) for tag in soup.select(".atcl-date")]
    meta = soup.find("meta", attrs={"name": "PubDate"})
    candidates += [meta.get("content", "")] if meta else []
    for text in candidates:
        if match := re.search(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", text):
            # int() normalises digits of other scripts ('２０２５'), which \d matches: the date is stored in ASCII
            return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"
        if match := re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):  # 2018 pages print DD/MM/YYYY
            return f"{int(match.group(3)):04d}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    return ""


# --- the title --------------------------------------------------------------------------------------------------------

def month_number(word: str) -> int:
    return MONTHS.index(word.lower()[:3]) + 1


def title_period(title: str) -> tuple[str, int, bool] | None:
    """(last month YYYY-MM, first month, is a range) from a title, or None."""
    found: list[tuple[int, int, int, bool]] = []  # year, first, last, range
    if match := TITLE_RANGE_RE.search(title):
        found.append((int(match.group(3)), month_number(match.group(1)), month_number(match.group(2)), True))
    elif match := TITLE_MONTH_RE.search(title):
        month = month_number(match.group(1))
        found.append((int(match.group(2)), month, month, False))
    elif match := TITLE_CHINESE_RE.search(title):
        last = int(match.group(3))
        first = int(match.group(2)) if match.group(2) else last
        found.append((int(match.group(1)), first, last, first != last))
    elif match := TITLE_NUMERIC_RE.search(title):
        last = int(match.group(2))
        first = int(match.group(1)) if match.group(1) else last
        found.append((int(match.group(3)), first, last, first != last))
    for year, first, last, is_range in found:
        if 1 <= first <= last <= 12 and 1990 <= year <= 2100:
            return f"{year:04d}-{last:02d}", first, is_range
    return None


def table_kind(title: str) -> str | None:
    lowered = title.lower()
    if re.search(r"countr(?:y|ies)|\bregion\b|国别", lowered):
        return "country"
    if "enterprise" in lowered or "企业" in lowered:
        return "enterprise"
    if "customs regime" in lowered or "监管方式" in lowered:
        return "customs_regime"
    if "trade mode" in lowered or "贸易方式" in lowered:
        return "trade_mode"
    return None


def release_info(page: Page, name: str) -> ReleaseInfo:
    title = page.title
    period = title_period(title)
    if period is None:
        for line in page.text.splitlines():  # a title row inside the table, or a heading in the text
            if len(line) < 300 and table_kind(line) and (period := title_period(line)):
                title = " ".join(line.split())
                break
    section = match.group(1) if (match := SECTION_RE.match(title)) else ""
    kind = table_kind(title) or content_kind(page)
    if OTHER_TABLE_RE.search(title) or (section and section not in SECTIONS.get(kind or "", (section,))):
        raise ParseError(f"{name}: table {f'({section}) ' if section else ''}{' '.join(title.split())[:120]!r} is not "
                         f"one this connector reads (GACC's tables {READ_TABLES})")
    if kind is None:
        raise ParseError(f"{name}: not a GACC table this connector reads (by country/region, trade mode, customs "
                         f"regime or type of enterprise): title {title[:120]!r}")
    if period is None:
        raise ParseError(f"{name}: no month (such as 'Mar 2026', 'January-February 2025' or '10.2023') in the title "
                         f"{title[:120]!r}")
    month, first, is_range = period
    currency = None
    if match := TITLE_CURRENCY_RE.search(title):
        word = (match.group(1) or match.group(2)).lower()
        currency = "USD" if word in ("usd", "us$", "美元") else "CNY"
    flow = None
    if kind == "enterprise":
        lowered = title.lower()
        flow = "exports" if re.search(r"exports?\s+by|出口", lowered) else (
            "imports" if re.search(r"imports?\s+by|进口", lowered) else None)
        if flow is None:
            raise ParseError(f"{name}: cannot tell exports from imports in the title {title[:120]!r}")
    return ReleaseInfo(" ".join(title.split()), kind, section, month, first if is_range else int(month[5:]),
                       bool(ONLY_MONTH_RE.search(title)), currency, flow)


def content_kind(page: Page) -> str | None:
    """A page without a telling title: country rows make a by-country table, a TOTAL row a table of totals."""
    labels = [row[0] for table in page.tables for row in table if row and row[0]]
    codes = {partner_code(label) for label in labels if len(label) < 60}
    if len(codes & {"US", "JP", "KR", "EU27", "ASEAN", "DE", "HK"}) >= 3:
        return "country"
    return None


def release_unit(page: Page, info: ReleaseInfo, name: str) -> tuple[Unit, str]:
    """The printed unit, checked against the title's currency; a note when the Monthly Bulletin's unit is assumed."""
    unit, printed = None, ""
    if match := UNIT_RE.search(page.text):
        printed = match.group(1).strip()
        try:
            unit = parse_unit(printed)
        except ParseError as error:
            raise ParseError(f"{name}: {error}") from None
    note = ""
    if unit is None:
        if info.kind in ("customs_regime", "enterprise"):
            unit, printed = parse_unit(BULLETIN_UNIT), BULLETIN_UNIT
            note = f"unit not printed on the page: Monthly Bulletin tables are in {BULLETIN_UNIT}"
        else:
            raise ParseError(f"{name}: no unit line (such as 'Unit: CNY 100 Million') on the page")
    if info.currency and unit.currency != info.currency:
        raise ParseError(f"{name}: the title says the figures are in {info.currency} but the unit line says "
                         f"{printed!r}; refusing a page that contradicts itself")
    return unit, note


# --- column headers ---------------------------------------------------------------------------------------------------

def header_items(text: str, month: int) -> list[Item]:
    """The header words of a text, in order, as Items; words that say nothing about a column are dropped."""
    items = []
    for match in HEADER_RE.finditer(text):
        kind = match.lastgroup
        if kind == "skip":
            continue
        if kind in ("trade", "exports", "imports"):
            items.append(Item(flow=kind))
        elif kind == "yoy":
            items.append(Item(yoy=True))
        elif kind == "ytd":
            items.append(Item(span="ytd"))
        elif kind == "month":
            word = match.group(0)
            number = re.match(r"\d{1,2}", word)
            if number and int(number.group(0)) != month:
                continue  # another number (a year's digits, a note's number): not this release's month
            items.append(Item(span="month"))
    return items


def cell_item(cells: list[str], month: int) -> Item:
    """One column's header cells, top to bottom, as one Item: the lowest cell naming a flow or span wins."""
    flow = span = None
    yoy = False
    for cell in reversed(cells):
        if " ".join(strip_footnotes(cell).lower().split()) in TOTAL_LABELS:  # a column headed "Total" over figures
            flow = flow or "trade"
        for item in header_items(cell, month):
            flow = flow or item.flow
            yoy = yoy or item.yoy
        spans = [item.span for item in header_items(cell, month) if item.span]
        if spans and span is None:
            span = "ytd" if "ytd" in spans else spans[0]
    return Item(flow, span, yoy)


def aligned_columns(header: list[list[str]], info: ReleaseInfo) -> list[Column]:
    """Columns of a table whose header cells sit over their columns (HTML, spans repeated by table_grid)."""
    rows = [row for row in header if len(set(row)) > 1 and not UNIT_RE.search(" ".join(row))]
    width = max((len(row) for row in rows), default=0)
    month = int(info.month[5:])
    items = []
    for index in range(1, width):
        cells = [row[index] for row in rows if index < len(row) and row[index]]
        item = cell_item(list(dict.fromkeys(cells)), month)
        items.append((index - 1, " ".join(dict.fromkeys(cells)), item))
    return settle_columns(items, info)


def sequence_columns(top: str, bottom: str, count: int, info: ReleaseInfo) -> list[Column]:
    """Columns of a table whose header lost its cell spans (a text rendering): the lower header line names one
    thing per figure; the upper line names one thing per group of them ("Exports" over "10 1to10")."""
    month = int(info.month[5:])
    lower = header_items(bottom, month)
    if len(lower) != count:
        raise ParseError(f"the header line {bottom.strip()!r} names {len(lower)} columns, the rows have {count} figures")
    groups: list[list[tuple[int, Item]]] = []
    for index, item in enumerate(lower):
        current = groups[-1] if groups else None
        same_kind = current and (item.flow is None) == (current[0][1].flow is None)
        if current and same_kind and item not in [seen for _, seen in current]:
            current.append((index, item))
        else:
            groups.append([(index, item)])
    upper = merge_repeats(header_items(top, month))
    for candidate in (upper, merge_repeats(merge_span_into_rate(upper))):
        if len(candidate) == len(groups):
            items = []
            for parent, group in zip(candidate, groups, strict=True):
                for index, item in group:
                    merged = Item(item.flow or parent.flow, item.span or parent.span, item.yoy or parent.yoy)
                    items.append((index, f"{top.strip()} / {bottom.strip()} #{index + 1}", merged))
            return settle_columns(items, info)
    raise ParseError(f"cannot match the header line {top.strip()!r} to the column groups of {bottom.strip()!r}")


def merge_repeats(items: list[Item]) -> list[Item]:
    merged: list[Item] = []
    for item in items:
        if not merged or merged[-1] != item:
            merged.append(item)
    return merged


def merge_span_into_rate(items: list[Item]) -> list[Item]:
    """'1-to-3 Total Year-on-Year (±%)' is one group: a span word followed by a rate word."""
    merged: list[Item] = []
    for item in items:
        if item.yoy and merged and merged[-1].span and not merged[-1].flow and not merged[-1].yoy:
            merged[-1] = Item(None, merged[-1].span, True)
        else:
            merged.append(item)
    return merged


def settle_columns(items: list[tuple[int, str, Item]], info: ReleaseInfo) -> list[Column]:
    """Columns with a flow, each given a measure and a month-or-year-to-date span."""
    value_spans = {item.span for _, _, item in items if item.flow and not item.yoy and item.span}
    columns = []
    for index, label, item in items:
        if item.flow is None:
            continue
        if info.only_month:
            span = "month"
        elif item.yoy:  # GACC prints the change on a year earlier for the year to date unless it says otherwise
            span = item.span or (next(iter(value_spans)) if len(value_spans) == 1 else "ytd")
        elif item.span:
            span = item.span
        elif info.is_range:
            span = "ytd"
        else:
            raise ParseError(f"cannot tell month from year to date in column {label!r}")
        columns.append(Column(index, label, item.flow, "yoy_pct" if item.yoy else "value", span))
    return columns


def require_flows(columns: list[Column], name: str, flows: tuple[str, ...] = ("exports", "imports")) -> None:
    present = {column.flow for column in columns if column.measure == "value"}
    for flow in flows:
        if flow not in present:
            raise ParseError(f"{name}: no {flow[:-1].capitalize()} value column in the table header")


# --- by country/region (4) ----------------------------------------------------------------------------------------

def is_data_row(row: list[str]) -> bool:
    """A row label followed by at least two figures, and no header words ('3', '1- to-3' is a header row)."""
    if not row or not row[0].strip():
        return False
    figures = [cell for cell in row[1:] if re.fullmatch(r"[-+\u2212]?[\d,]+(\.\d+)?", strip_footnotes(cell).strip())]
    words = [cell for cell in row[1:] if cell.strip() and not is_numeric(cell) and cell not in figures]
    return len(figures) >= 2 and not any(header_items(cell, 0) for cell in words)


def pick_table(page: Page, name: str) -> list[list[str]]:
    """The table with the most rows that are a label and figures."""
    scored = [(sum(is_data_row(row) for row in table), table) for table in page.tables]
    scored = [(score, table) for score, table in scored if score]
    if not scored:
        raise ParseError(f"{name}: the page has no table of figures (GACC publishes some releases as an image or in "
                         f"an embedded viewer; save the table itself)")
    return max(scored, key=lambda pair: pair[0])[1]


def split_header(table: list[list[str]], name: str) -> tuple[list[list[str]], list[list[str]]]:
    for index, row in enumerate(table):
        if is_data_row(row):
            if index == 0:
                raise ParseError(f"{name}: the table has no header rows")
            return table[:index], table[index:]
    raise ParseError(f"{name}: the table has no data rows")


def header_lines(header: list[list[str]], collapse_top: bool = False) -> tuple[str, str]:
    """The two lowest header lines of a table, without title and unit lines; `collapse_top` joins the cells a
    spanning header cell was repeated into."""
    rows = [[cell for cell in row if cell] for row in header]
    rows = [row for row in rows if row and not UNIT_RE.search(" ".join(row))
            and not (table_kind(" ".join(row)) and title_period(" ".join(row)))]
    if not rows:
        raise ParseError("the table has no header line")
    top = rows[-2] if len(rows) > 1 else []
    if collapse_top:
        top = [cell for index, cell in enumerate(top) if index == 0 or cell != top[index - 1]]
    return " ".join(top), " ".join(rows[-1])


def table_columns(page: Page, header: list[list[str]], count: int, info: ReleaseInfo, name: str) -> list[Column]:
    """The figure columns of a table: from the header cells over them, or from its header lines as text."""
    first_error = None
    if page.aligned:
        try:
            if columns := aligned_columns(header, info):
                return columns
        except ParseError as error:
            first_error = error
    try:
        top, bottom = header_lines(header, collapse_top=page.aligned)
        return sequence_columns(top, bottom, count, info)
    except ParseError as error:
        message = str(first_error or error)
        raise ParseError(message if message.startswith(f"{name}:") else f"{name}: {message}") from None


def country_rows(page: Page, table: list[list[str]], info: ReleaseInfo, unit: Unit, name: str
                 ) -> list[dict[str, str]]:
    header, body = split_header(table, name)
    count = len(body[0]) - 1
    columns = table_columns(page, header, count, info, name)
    require_flows(columns, name)
    columns = drop_repeated_month_columns(columns, body, info)
    rows: dict[tuple, dict[str, str]] = {}
    for cells in body:
        label = row_label(cells[0]) if cells else ""
        if not label or len(set(cells)) == 1 or not is_data_row(cells):
            continue  # a blank row, a row of rates without label, or a note spanning the table
        if not page.aligned and len(cells) - 1 != count:
            raise ParseError(f"{name}: row {label!r} has {len(cells) - 1} figures, the table's first row {count}")
        partner = partner_code(label)
        for column in columns:
            text = cell_at(cells, column)
            value = parse_number(text, f"row {label!r}, column {column.label!r}")
            if value is None:
                continue
            row = column_observation(partner, f"GACC row {printed_label(cells[0])!r}", column, value, info, unit)
            add(rows, row, name, label, column)
    return list(rows.values())


def drop_repeated_month_columns(columns: list[Column], body: list[list[str]], info: ReleaseInfo) -> list[Column]:
    """A January-February release may print its two-month figures under both a month and a year-to-date heading:
    keep the year-to-date column only when the two agree on every row."""
    if not info.is_range:
        return columns
    kept = []
    for column in columns:
        twin = next((other for other in columns if other.span == "ytd" and column.span == "month"
                     and (other.flow, other.measure) == (column.flow, column.measure)), None)
        if twin and all(cell_at(row, column) == cell_at(row, twin) for row in body):
            continue
        kept.append(column)
    return kept


def cell_at(row: list[str], column: Column) -> str:
    return row[column.index + 1] if column.index + 1 < len(row) else ""


def row_label(cell: str) -> str:
    label = strip_footnotes(cell.replace("\u00a0", " "))
    return re.sub(r"^(of\s+which|including|incl\.?|其中)\s*[:：]?\s*", "", label, flags=re.IGNORECASE).strip()


def printed_label(cell: str) -> str:
    return " ".join(cell.replace("\u00a0", " ").split())


def column_observation(partner: str, notes: str, column: Column, value: Decimal, info: ReleaseInfo, unit: Unit
                       ) -> dict[str, str]:
    period = year_to_date(info.month) if column.span == "ytd" else info.month
    if column.measure == "yoy_pct":
        return observation("CN", partner, column.flow, period, "yoy_pct", value, "pct", unit.currency, notes)
    return observation("CN", partner, column.flow, period, "value", unit.to_billions(value), unit.ledger_unit,
                       unit.currency, notes)


def add(rows: dict[tuple, dict[str, str]], row: dict[str, str], name: str, label: str, column: Column) -> None:
    key = (row["partner"], row["flow"], row["period"], row["measure"])
    if key in rows and rows[key]["value"] != row["value"]:
        raise ParseError(f"{name}: two rows give different figures for {label!r} ({column.label})")
    rows.setdefault(key, row)


# --- tables of totals: trade mode (2)/(3), Monthly Bulletin (5)-(7) -------------------------------------------------

def total_rows(page: Page, info: ReleaseInfo, unit: Unit, unit_note: str, name: str) -> list[dict[str, str]]:
    table, index = find_total_row(page, name)
    if any(QUANTITY_RE.search(cell) for row in table[:index] for cell in row):
        raise ParseError(f"{name}: the table has quantity columns, as GACC's tables of selected commodities do: not a "
                         f"table of totals ({READ_TABLES})")
    total = table[index]
    rates = rate_row(table, index)
    table_name = f"({info.section}) {info.kind.replace('_', ' ')}" if info.section else info.kind.replace("_", " ")
    notes = f"GACC {table_name} table, row {total[0]!r}" + (f"; {unit_note}" if unit_note else "")
    if info.kind == "enterprise":  # the first figure is the Total column; the others split it by enterprise type
        first = next((i for i, cell in enumerate(total[1:]) if cell.strip()), 0)
        columns = [Column(first, "Total", info.flow or "", "value", "ytd")]
    else:
        columns = table_columns(page, table[:index], len(total) - 1, info, name)
        require_flows(columns, name)
    rows: dict[tuple, dict[str, str]] = {}
    for column in columns:
        value = parse_number(cell_at(total, column), f"row {total[0]!r}, column {column.label!r}")
        if value is not None:
            add(rows, column_observation("WLD", notes, column, value, info, unit), name, total[0], column)
        if rates and column.measure == "value" and not any(c.measure == "yoy_pct" for c in columns):
            rate_column = replace(column, measure="yoy_pct", span=column.span)
            rate = parse_number(cell_at(rates, column), f"y/y row below {total[0]!r}, column {column.label!r}")
            if rate is not None:
                add(rows, column_observation("WLD", notes, rate_column, rate, info, unit), name, total[0], rate_column)
    return list(rows.values())


def find_total_row(page: Page, name: str) -> tuple[list[list[str]], int]:
    for table in page.tables:
        for index, row in enumerate(table):
            label = " ".join(strip_footnotes(row[0]).lower().split()) if row else ""
            if label in TOTAL_LABELS and sum(is_numeric(cell) for cell in row[1:] if cell) >= 1:
                return table, index
    raise ParseError(f"{name}: no TOTAL row in the table")


def rate_row(table: list[list[str]], index: int) -> list[str] | None:
    """The shaded row of y/y rates under a total row: no label (or the total's own, spanning two rows)."""
    if index + 1 >= len(table):
        return None
    row = table[index + 1]
    label = row[0] if row else ""
    if (not label or label == table[index][0]) and any(is_numeric(cell) for cell in row[1:] if cell):
        return row
    return None


CONNECTOR = GaccConnector()
