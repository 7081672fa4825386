"""Periods as the ledger writes them: 2025-11, 2025-01/2025-11, 2025, FY2024-25."""

from __future__ import annotations

import re
from dataclasses import dataclass

# ASCII digits only: Python's \d also matches '２０２５' or '٢٠٢٥', which int() would read as 2025 while the text
# stays as written, so a period that looks right to the pattern names no period the ledger holds.
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII)
RANGE_RE = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2]))/(\d{4}-(?:0[1-9]|1[0-2]))$", re.ASCII)
YEAR_RE = re.compile(r"^(\d{4})$", re.ASCII)
FISCAL_RE = re.compile(r"^FY(\d{4})-(\d{2})$", re.ASCII)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = MONTH_RE.match(text)
        if not match:
            raise ValueError(f"not a month (YYYY-MM): {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def year_ago(self) -> Month:
        return Month(self.year - 1, self.month)


@dataclass(frozen=True)
class Period:
    """A span of whole months, with the text it was written as."""

    text: str
    start: Month
    end: Month
    kind: str  # month, range, year, fiscal

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def year_ago(self) -> Period:
        if self.kind == "fiscal":
            return parse_period(f"FY{self.start.year - 1}-{str(self.start.year)[2:]}")
        if self.kind == "year":
            return parse_period(str(self.start.year - 1))
        if self.kind == "month":
            return parse_period(str(self.start.year_ago()))
        return parse_period(f"{self.start.year_ago()}/{self.end.year_ago()}")


def parse_period(text: str) -> Period:
    """Parse a ledger period; raise ValueError naming the text if it does not parse."""
    text = str(text).strip()
    if MONTH_RE.match(text):
        month = Month.parse(text)
        return Period(text, month, month, "month")
    if match := RANGE_RE.match(text):
        start, end = Month.parse(match.group(1)), Month.parse(match.group(2))
        if end < start:
            raise ValueError(f"period ends before it starts: {text!r}")
        return Period(text, start, end, "range")
    if match := YEAR_RE.match(text):
        year = int(match.group(1))
        return Period(text, Month(year, 1), Month(year, 12), "year")
    if match := FISCAL_RE.match(text):
        first = int(match.group(1))
        if (first + 1) % 100 != int(match.group(2)):
            raise ValueError(f"fiscal year's two years do not follow each other: {text!r}")
        return Period(text, Month(first, 4), Month(first + 1, 3), "fiscal")
    raise ValueError(f"period does not parse (YYYY-MM, YYYY-MM/YYYY-MM, YYYY or FYYYYY-YY): {text!r}")


def year_to_date(month: str) -> str:
    """'2025-11' -> '2025-01/2025-11'."""
    end = Month.parse(month)
    return f"{end.year:04d}-01/{end}" if end.month > 1 else str(end)


def year_to_date_end(text: str) -> str | None:
    """The month a year-to-date period ends in ('2026-01/2026-02' -> '2026-02', '2026-01' -> '2026-01',
    '2025' -> '2025-12'); None for a period that does not run from January of the year it ends in."""
    try:
        period = parse_period(text)
    except ValueError:
        return None
    if period.kind == "fiscal" or period.start != Month(period.end.year, 1):
        return None
    return str(period.end)


def months_between(first: str, last: str) -> list[str]:
    start, end = Month.parse(first), Month.parse(last)
    months = []
    while start <= end:
        months.append(str(start))
        start = start.shift(1)
    return months


KIND_NAMES = {
    "month": "Single months",
    "range": "Parts of a year (months from-to)",
    "year": "Calendar years",
    "fiscal": "India's fiscal years (April-March)",
}


def kind_of(text: str) -> str:
    """The kind of a ledger period: month, range (a span of months), year or fiscal."""
    return parse_period(text).kind


def kind_name(text: str) -> str:
    """What a reader calls the kind of a period: 'Single months', 'Calendar years', ... (for chart panels and legends)."""
    return KIND_NAMES[kind_of(text)]


def month_spans(months: list[str]) -> str:
    """Sorted months written as runs: '2024-04 to 2024-05, 2024-09, 2025-03 to 2025-12'."""
    runs: list[list[Month]] = []
    for month in sorted(Month.parse(text) for text in months):
        if runs and runs[-1][-1].shift(1) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]} to {run[-1]}" for run in runs) or "none"
