"""Events: what a government or public body did or said (a tariff voted, an anti-dumping duty imposed, a minister's
warning), each from its source, in data/events.csv.

One row per event and page: the same event reported by several pages is several rows sharing the event's `id` (as a
figure published by several pages is several rows of observations.csv), so that its sources are counted, tiered and
linked like a figure's. A claim about what countries did or said is judged on events; statistics are its context.

The checks here are those a table schema cannot state: a date that is a real day (or month), no later than the day
its source was retrieved (nor than the day it was published, when the page prints it: a page reports what happened
by then), and the rows of one event agreeing on what it is.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tradeclaims.errors import DataError
from tradeclaims.ledger.datapackage import EVENT_COLUMNS, EVENTS
from tradeclaims.ledger.files import json_hash
from tradeclaims.ledger.tables import Table, read_table

if TYPE_CHECKING:
    from tradeclaims.ledger.sources import Source

# What an event does with a concern about the partner's goods: voices or acts on it (a duty, an investigation, a
# tariff, a warning), or dismisses it (denies it, declines to act on it).
DISMISSAL = "dismissal"  # the other stance is "concern" (the descriptor's enum lists both)
SAME_EVENT = ("country", "date", "partner", "stance")  # what the rows of one event must agree on
DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")  # the descriptor's pattern: other text is named by the table schema
# Rows events.csv may hold. Each is an event as one page reports it, entered by hand with its source: the ledger holds
# a few dozen. A claim weighs every event of its countries, and its run and results grow with them (10,000 rows made a
# claim take half a minute and results.json 9 MB), so a table far beyond any hand-kept one is refused before any run.
MAX_EVENT_ROWS = 2_000


@dataclass(frozen=True)
class Event:
    """One event as one page reports it."""

    id: str  # the event: rows of several pages reporting it share it
    date: str  # YYYY-MM-DD, or YYYY-MM when the page gives only the month
    country: str  # whose government or public body acted or spoke (a partner code)
    actor: str
    action: str
    concerns: str  # what it is about, in words
    partner: str  # whose goods or conduct it concerns (CN when China is among those named)
    stance: str  # "concern" or DISMISSAL
    source: Source
    notes: str = ""

    def within(self, since: str, until: str) -> bool:
        """Whether the event falls in the months since..until (YYYY-MM, both included)."""
        return since <= self.date[:7] <= until


def event_from_row(row: dict[str, str], sources: dict[str, Source]) -> Event:
    return Event(id=row["id"], date=row["date"], country=row["country"], actor=row["actor"], action=row["action"],
                 concerns=row["concerns"], partner=row["partner"], stance=row["stance"],
                 source=sources[row["source_id"]], notes=row["notes"])


class EventRows:
    """The rows of events.csv in memory, by country (the store's copy answers the same question, see store.py)."""

    def __init__(self, rows: tuple[dict[str, str], ...] | list[dict[str, str]] = ()):
        self.by_country: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            self.by_country.setdefault(row["country"], []).append(row)

    def events(self, country: str) -> list[dict[str, str]]:
        return self.by_country.get(country, [])


def read_events(data_dir: Path, read: dict[str, str]) -> EventRows:
    """The events of data/ (none when the data package has no events.csv); the sha256 of the bytes read goes into
    `read`. A table of more than MAX_EVENT_ROWS rows raises DataError."""
    path = data_dir / EVENTS
    if not path.is_file():
        return EventRows()
    table = bounded(read_table(path, f"data/{EVENTS}", EVENT_COLUMNS))
    read[path.name] = table.sha256
    return EventRows(table.rows)


def too_many_rows(table: Table) -> str | None:
    """The problem of an events table longer than MAX_EVENT_ROWS, naming the file and the cap; None for one within."""
    if len(table.rows) <= MAX_EVENT_ROWS:
        return None
    return (f"{table.label}: {len(table.rows):,} rows, more than the {MAX_EVENT_ROWS:,} an events table may hold (one "
            "row per event and page reporting it)")


def bounded(table: Table) -> Table:
    """The table, when it holds no more rows than an events table may; else DataError (one line)."""
    problem = too_many_rows(table)
    if problem is not None:
        raise DataError([problem])
    return table


def events_digest(rows: list[dict[str, str]], sources: dict[str, dict[str, str]]) -> str:
    """The digest of one country's events with their sources: what a claim reading them depends on."""
    return json_hash([[row, sources.get(row["source_id"])] for row in rows])


def date_problem(text: str) -> str | None:
    """What is wrong with a date the schema's pattern let through (YYYY-MM-DD or YYYY-MM), or None."""
    if not DATE.fullmatch(text):
        return None
    try:
        if len(text) == 7:
            datetime.date.fromisoformat(f"{text}-01")
        else:
            datetime.date.fromisoformat(text)
    except ValueError:
        return f"date {text!r} is not a day of the calendar (YYYY-MM-DD, or YYYY-MM when only the month is known)"
    return None


def later_than(date: str, day: str) -> bool:
    """Whether an event's date (a day or a month) is after a day; a month is after a day only when it begins later."""
    return bool(day) and date[:len(day)] > day[:len(date)]


def source_date_problems(line: int, row: dict[str, str], source: dict[str, str] | None, label: str) -> list[str]:
    if source is None:
        return []  # an unknown source id is named by the foreign key
    date, where = row["date"], f"{label}:{line}"
    problems = []
    if later_than(date, source.get("retrieved", "")):
        problems.append(f"{where}: date {date} is after its source {row['source_id']} was retrieved "
                        f"({source['retrieved']})")
    elif not source.get("published_basis") and later_than(date, source.get("published", "")):
        problems.append(f"{where}: date {date} is after its source {row['source_id']} was published "
                        f"({source['published']}): a page reports only what happened by its date")
    return problems


def event_problems(events: Table, sources: Table) -> list[str]:
    """Dates that are no days or come after their source, and rows of one event that disagree; `file:line: ...`."""
    if not {"id", "date", "source_id", *SAME_EVENT} <= set(events.columns):
        return []  # a header without them is named by the table schema
    by_id = {row.get("id"): row for row in sources.rows}
    problems, first = [], {}
    for line, row in events.numbered():
        wrong = date_problem(row["date"])
        if wrong:
            problems.append(f"{events.label}:{line}: {wrong}")
        elif DATE.fullmatch(row["date"]):
            problems += source_date_problems(line, row, by_id.get(row["source_id"]), events.label)
        seen_line, seen = first.setdefault(row["id"], (line, row))
        differing = [column for column in SAME_EVENT if seen[column] != row[column]]
        if differing:
            problems.append(f"{events.label}:{line}: event {row['id']} differs from line {seen_line} in "
                            f"{', '.join(differing)}: the rows of one event report the same act")
    return problems
