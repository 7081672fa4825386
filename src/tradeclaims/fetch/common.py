"""What every connector shares: raw files, observation rows, numbers, units, partner codes and HTML tables."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pycountry

from tradeclaims.errors import TradeclaimsError, shown
from tradeclaims.ledger.files import nesting_depth, unwritable_text

BILLION = Decimal(10) ** 9


class ParseError(TradeclaimsError):
    """A publisher's file is not what its parser expects; the message names the file and the problem."""


@dataclass(frozen=True)
class RawFile:
    """One downloaded (or saved) file, exactly as the publisher sent it."""

    name: str  # the name it is stored under
    content: bytes
    url: str
    media_type: str = "application/octet-stream"
    given: str = ""  # the path given with --file, when read from one: what messages about it name

    @property
    def label(self) -> str:
        return self.given or self.name


@dataclass(frozen=True)
class ParsedFile:
    """A raw file and the observation rows read from it (every column but source_id)."""

    raw: RawFile
    rows: list[dict[str, str]]
    unread: str = ""  # series the file holds that the connector does not read, and what to ask for instead


@dataclass(frozen=True)
class FetchRequest:
    """What the user asked for: a span of months, or a page by URL or saved file."""

    start: str | None = None
    end: str | None = None
    url: str | None = None
    file: Path | None = None


@dataclass
class FetchBatch:
    """Everything one `tradeclaims fetch SOURCE` run brings in, parsed, before anything is written."""

    source: str
    publisher: str
    title: str
    files: list[ParsedFile] = field(default_factory=list)
    published: str = ""  # YYYY-MM-DD when the publisher prints a release date
    # A page (a GACC release, an EIDB table) is one publication among several that may print the same figure: its
    # figures stand beside other pages', and an earlier copy of the same page stays on record, superseded. A series
    # from an API (IMF, Census) replaces what an earlier download of the series said.
    one_page: bool = False


MAX_JSON_DEPTH = 64  # an SDMX-JSON message nests 8 deep, a Census answer 2; deeper is no answer of theirs
FIGURE_KEY = ("reporter", "partner", "flow", "period", "measure", "currency")  # one figure: one value, one unit


def load_json(content: bytes, name: str) -> Any:
    """A publisher's JSON answer, parsed; ParseError (naming the file) for bytes that are not JSON, or nest deeper than
    MAX_JSON_DEPTH (which Python's parser would meet with a RecursionError)."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError) as error:
        reason = "nested too deep" if isinstance(error, RecursionError) else " ".join(str(error).split())[:100]
        raise ParseError(f"{name}: not JSON ({reason})") from None
    if nesting_depth(document) > MAX_JSON_DEPTH:
        raise ParseError(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels: not an answer of the publisher's")
    unwritable = unwritable_text(document)
    if unwritable is not None:
        raise ParseError(f"{name}: text that cannot be written as UTF-8 ({unwritable}): not an answer of the publisher's")
    return document


def distinct_rows(rows: list[dict[str, str]], name: str) -> list[dict[str, str]]:
    """The rows with each figure once: a figure repeated with the same value is kept once, and two values for one
    figure are refused, naming both (a file that contradicts itself is not stored)."""
    first: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        kept = first.setdefault(tuple(row[column] for column in FIGURE_KEY), row)
        if (kept["value"], kept["unit"]) != (row["value"], row["unit"]):
            what = " ".join(row[column] for column in ("reporter", "flow", "partner", "period", "measure"))
            raise ParseError(f"{name}: two values for one figure ({what}): {kept['value']} {kept['unit']} and "
                             f"{row['value']} {row['unit']}")
    return list(first.values())


def observation(reporter: str, partner: str, flow: str, period: str, measure: str, value: Decimal, unit: str,
                currency: str, notes: str = "") -> dict[str, str]:
    return {"reporter": reporter, "partner": partner, "flow": flow, "period": period, "measure": measure,
            "value": format_decimal(value), "unit": unit, "currency": currency, "notes": notes}


def format_decimal(value: Decimal) -> str:
    """Plain notation, no exponent, no trailing zeros: Decimal('1.2345678000') -> '1.2345678'."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# Cells a publisher prints where it has no figure.
EMPTY_CELLS = {"", "-", "--", "—", "–", "…", "...", "..", "x", "n.a.", "na", "n/a", "nil"}
FOOTNOTE_RE = re.compile(r"[\u2460-\u2473\u2776-\u277f*†‡#]+|\(\d{1,2}\)|\[\d{1,2}\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MAX_DIGITS = 20  # a figure in units of 1,000 up to 10^17: far above any trade total


def strip_footnotes(text: str) -> str:
    """'EU①' -> 'EU', 'Total*' -> 'Total', 'ASEAN (1)' -> 'ASEAN'."""
    return " ".join(FOOTNOTE_RE.sub(" ", text).split())


def parse_number(text: str, where: str) -> Decimal | None:
    """A printed figure as a Decimal; None for an empty cell. `where` names the cell in the error."""
    cleaned = strip_footnotes(str(text)).replace("\u2212", "-").replace(",", "").replace(" ", "").replace("\u00a0", "")
    if cleaned.lower() in EMPTY_CELLS:
        return None
    if not NUMBER_RE.match(cleaned):
        raise ParseError(f"non-numeric cell {shown(str(text).strip())} ({where})")
    digits = sum(character.isdigit() for character in cleaned)
    if digits > MAX_DIGITS:
        raise ParseError(f"a number of {digits} digits ({where}): no publisher prints a figure that long")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above admits only valid numbers
        raise ParseError(f"non-numeric cell {str(text).strip()!r} ({where})") from error


@dataclass(frozen=True)
class Unit:
    """A printed unit: its currency and how many currency units one printed unit is."""

    currency: str
    factor: Decimal

    def to_billions(self, value: Decimal) -> Decimal:
        return value * self.factor / BILLION

    @property
    def ledger_unit(self) -> str:
        return f"{self.currency} bn"


CURRENCY_WORDS = (("USD", r"us\s*\$|usd|us\s+dollars?|\$|美元"), ("CNY", r"cny|rmb|yuan|人民币|元"))
SCALE_WORDS = (
    (Decimal(10) ** 8, r"100\s*million|亿"),
    (Decimal(10) ** 4, r"10,?000|ten\s+thousand|万"),
    (Decimal(10) ** 3, r"1,?000|thousands?|千"),
    (Decimal(10) ** 9, r"billions?|\bbn\b"),
    (Decimal(10) ** 6, r"millions?|\bmn\b|\bmln\b"),
)


def parse_unit(text: str) -> Unit:
    """'Unit: USD 1,000' -> Unit('USD', 1000); 'US$ Million' -> Unit('USD', 10**6). Unknown units raise ParseError."""
    lowered = " ".join(text.lower().split())
    currency = next((code for code, pattern in CURRENCY_WORDS if re.search(pattern, lowered)), None)
    factor = next((factor for factor, pattern in SCALE_WORDS if re.search(pattern, lowered)), None)
    if currency is None or factor is None:
        raise ParseError(f"unknown unit {text.strip()!r}")
    return Unit(currency, factor)


# Names publishers print for partners, lower-cased, to the codes of data/partners.csv where it has them;
# other countries get their ISO 3166 alpha-2 code.
PARTNER_NAMES = {
    "total": "WLD", "world": "WLD", "grand total": "WLD", "india's total": "WLD", "total trade": "WLD",
    "european union": "EU27", "eu": "EU27", "eu27": "EU27", "eu-27": "EU27",
    "asean": "ASEAN", "latin america": "LATAM", "latin america and the caribbean": "LATAM",
    "africa": "AFRICA", "europe": "EUROPE", "middle east": "MIDEAST", "rcep": "RCEP",
    "belt and road": "BRI", "belt and road countries": "BRI", "belt and road partners": "BRI",
    "countries along the belt and road": "BRI", "the belt and road": "BRI",
    "united states": "US", "united states of america": "US", "usa": "US", "u s a": "US", "u.s.": "US",
    "japan": "JP", "hong kong": "HK", "hong kong, china": "HK", "hong kong sar": "HK",
    "republic of korea": "KR", "korea": "KR", "korea rp": "KR", "south korea": "KR", "korea, rep.": "KR",
    "taiwan": "TW", "taiwan, china": "TW", "taiwan province of china": "TW", "taiwan prov of china": "TW",
    "australia": "AU", "russia": "RU", "russian federation": "RU", "india": "IN",
    "united kingdom": "GB", "uk": "GB", "u k": "GB", "canada": "CA", "new zealand": "NZ", "brazil": "BR",
    "south africa": "ZA", "germany": "DE", "netherlands": "NL", "netherland": "NL", "france": "FR", "italy": "IT",
    "vietnam": "VN", "viet nam": "VN", "vietnam soc rep": "VN", "malaysia": "MY", "thailand": "TH",
    "singapore": "SG", "indonesia": "ID", "philippines": "PH", "mexico": "MX",
    "china": "CN", "china p rp": "CN", "china, people's republic of": "CN", "u arab emts": "AE", "saudi arab": "SA",
    # as GACC prints them
    "r. o. korea": "KR", "r.o. korea": "KR", "r.o.korea": "KR", "rok": "KR", "russia federation": "RU",
    "regional comprehensive economic partnership": "RCEP", "total value": "WLD", "latin american": "LATAM",
    "jointly build the countries along belt and road routes": "BRI", "the belt and road countries": "BRI",
    "总值": "WLD", "总计": "WLD", "合计": "WLD", "美国": "US", "欧盟": "EU27", "东盟": "ASEAN", "日本": "JP",
    "韩国": "KR", "中国香港": "HK", "香港": "HK", "中国台湾": "TW", "台湾": "TW", "印度": "IN", "俄罗斯": "RU",
    "俄罗斯联邦": "RU", "巴西": "BR", "拉丁美洲": "LATAM", "拉美": "LATAM", "非洲": "AFRICA", "德国": "DE",
    "荷兰": "NL", "法国": "FR", "意大利": "IT", "越南": "VN", "马来西亚": "MY", "泰国": "TH", "新加坡": "SG",
    "印度尼西亚": "ID", "印尼": "ID", "菲律宾": "PH", "澳大利亚": "AU", "英国": "GB", "加拿大": "CA",
    "新西兰": "NZ", "南非": "ZA", "墨西哥": "MX", "欧洲": "EUROPE", "区域全面经济伙伴关系协定": "RCEP",
}
PARENTHESIS_RE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def partner_code(name: str) -> str:
    """A printed partner name as a ledger code: known names first, then ISO country names, else an upper-case slug."""
    cleaned = " ".join(strip_footnotes(name).strip(" :：").split())
    bare = PARENTHESIS_RE.sub("", cleaned)  # 'United States (US)' -> 'United States', '区域全面经济伙伴关系协定(RCEP)'
    for candidate in dict.fromkeys([cleaned, bare]):
        key = " ".join(candidate.lower().replace("&", "and").split())
        if key in PARTNER_NAMES:
            return PARTNER_NAMES[key]
        if "belt and road" in key or "一带一路" in key:
            return "BRI"
        try:
            return pycountry.countries.lookup(candidate).alpha_2
        except LookupError:
            continue
    return re.sub(r"[^A-Z0-9]+", "_", cleaned.upper()).strip("_") or re.sub(r"\s+", "", cleaned) or "UNKNOWN"


def iso3_code(code: str) -> str:
    """An ISO 3166 alpha-3 code ('CHN') as alpha-2 ('CN'); any other code as given."""
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 and code.isalpha() else None
    return country.alpha_2 if country else code


# The cells the tables of one page may fill, a spanning cell counted once for every row and column it reaches. The
# genuine pages in tests/fixtures fill 245 to 606; an EIDB page of every country, a few thousand. Without a cap, a page
# of cells spanning 100 rows and 100 columns each fills gigabytes from a few tens of kilobytes of HTML.
MAX_GRID_CELLS = 50_000
MAX_SPAN = 100  # rows or columns one cell may span; more is read as this many


class CellBudget:
    """The cells left for the tables of one page; spending beyond it refuses the page before the cells are made."""

    def __init__(self, cells: int = MAX_GRID_CELLS):
        self.left = cells

    def spend(self, cells: int) -> None:
        self.left -= cells
        if self.left < 0:
            raise ParseError(f"its tables fill more than {MAX_GRID_CELLS:,} cells once their rowspan and colspan are "
                             f"repeated: not a table of figures")


def table_grid(table, budget: CellBudget | None = None) -> list[list[str]]:
    """A BeautifulSoup <table> as rows of cell texts, with rowspan and colspan cells repeated where they reach. The
    cells are counted against `budget` (one page's) before they are made: ParseError past MAX_GRID_CELLS."""
    budget = budget or CellBudget()
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) -> text of a cell spanning down into it
    for row_index, row in enumerate(table.find_all("tr")):
        cells, column = [], 0
        for cell in row.find_all(["td", "th"], recursive=False):
            while (row_index, column) in pending:
                cells.append(pending.pop((row_index, column)))
                column += 1
            text = " ".join(cell.get_text(" ", strip=True).split())
            rowspan, colspan = span(cell, "rowspan"), span(cell, "colspan")
            budget.spend(rowspan * colspan)
            for offset in range(colspan):
                cells.append(text)
                for below in range(1, rowspan):
                    pending[(row_index + below, column + offset)] = text
            column += colspan
        while (row_index, column) in pending:
            cells.append(pending.pop((row_index, column)))
            column += 1
        grid.append(cells)
    width = max((len(row) for row in grid), default=0)
    budget.spend(sum(width - len(row) for row in grid))  # the padding of short rows
    return [row + [""] * (width - len(row)) for row in grid]


def span(cell, attribute: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attribute, 1)).strip()), MAX_SPAN))
    except ValueError:
        return 1
