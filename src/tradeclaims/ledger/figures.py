"""The evidence ledger: published figures with their sources, resolved to one figure per quantity.

Several rows may carry the same figure from different sources. Resolution takes the official source
first, then wire, then secondary, and flags a disagreement when the values differ by more than their
published rounding allows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pandas as pd

from tradeclaims.errors import MissingFigure
from tradeclaims.ledger.events import EVENT_COLUMNS, EVENTS, Event, EventRows, event_from_row
from tradeclaims.ledger.fetched import OBSERVATION_COLUMNS, PARTNER_COLUMNS, SHIPPED, SOURCE_COLUMNS, load_fetched
from tradeclaims.ledger.quality import UNSTATED_EDITION, tier_rank
from tradeclaims.ledger.reads import ReadLog
from tradeclaims.ledger.store import KEY, STORE_VARIABLE, FrameRows, StoreRows, copy_name, open_store
from tradeclaims.ledger.tables import read_table

TO_USD_BN = {"USD bn": 1.0, "USD 100 mn": 0.1, "USD mn": 1e-3, "USD thousand": 1e-6, "USD trn": 1e3}
TO_CNY_BN = {"CNY bn": 1.0, "CNY trn": 1e3}


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str
    published: str
    kind: str  # official, wire, secondary or reprint (see ledger.quality)
    notes: str = ""
    agency: str = ""  # the statistics office behind the figures the page carries
    origin: str = ""  # the original story: copies of one wire story share it
    published_basis: str = ""  # "" when the page prints its date; "inferred" or "approximate" when it does not

    @property
    def date_shown(self) -> str:
        """The publication date as a reader should see it: "2025-06-10 (inferred)", or "date not shown"."""
        if not self.published:
            return "date not shown"
        return f"{self.published} ({self.published_basis})" if self.published_basis else self.published

    @property
    def attribution(self) -> str:
        """Who the reader is trusting: the agency itself, or the outlet and the agency it cites."""
        if self.kind == "official" or not self.agency:
            return self.publisher
        return f"as reported by {self.publisher}, citing {self.agency}"


@dataclass(frozen=True)
class Figure:
    """One resolved figure: its value in a standard unit (US$ bn, CNY bn or %), where it came from."""

    reporter: str
    partner: str
    flow: str
    period: str
    measure: str
    currency: str
    value: float
    unit: str
    source: Source
    notes: str = ""
    status: str = ""  # "" when current; revised, superseded, disputed or wrong (never picked while another exists)
    edition: str = ""  # the edition of a revisable figure (e.g. WEO-2025-10)
    halfwidth: float = 0.0  # half a unit of the last published digit: the rounding the figure allows
    alternatives: tuple[Figure, ...] = field(default=())
    disagreement: bool = False

    @property
    def label(self) -> str:
        what = "y/y change of " if self.measure == "yoy_pct" else ""
        return f"{what}{self.reporter} {self.flow} to/from {self.partner}, {self.period}"


def standard_unit(unit: str) -> tuple[str, float]:
    """The standard unit a published unit converts to, and the factor."""
    if unit in TO_USD_BN:
        return "USD bn", TO_USD_BN[unit]
    if unit in TO_CNY_BN:
        return "CNY bn", TO_CNY_BN[unit]
    return unit, 1.0


def rounding_halfwidth(raw: str, factor: float) -> float:
    """Half a unit of the last published digit, in the standard unit: the rounding a figure allows."""
    exponent = Decimal(raw.strip()).as_tuple().exponent
    return 0.5 * 10 ** exponent * factor


def read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A table of data/ as strings, read as validation reads it (see ledger/tables.py)."""
    return read_table(path, f"data/{path.name}", columns).frame()


def candidate(row: dict[str, str], sources: dict[str, Source]) -> tuple[Figure, float]:
    """A ledger row as a figure in the standard unit, with the rounding its published digits allow."""
    unit, factor = standard_unit(row["unit"])
    halfwidth = rounding_halfwidth(row["value"], factor)
    figure = Figure(reporter=row["reporter"], partner=row["partner"], flow=row["flow"], period=row["period"],
                    measure=row["measure"], currency=row["currency"], value=float(row["value"]) * factor, unit=unit,
                    source=sources[row["source_id"]], notes=row["notes"], status=row["status"], edition=row["edition"],
                    halfwidth=halfwidth)
    return figure, halfwidth


def read_events(data_dir: Path) -> EventRows:
    """The events of data/ (none when the data package has no events.csv)."""
    path = data_dir / EVENTS
    return EventRows(read_table(path, f"data/{EVENTS}", EVENT_COLUMNS).rows if path.is_file() else ())


def edition_order(edition: str) -> tuple[bool, str]:
    return edition != UNSTATED_EDITION, edition


class Ledger:
    """Published figures and events with their sources, read from data/ (or from its indexed copy, see
    ledger/store.py).

    Figures are resolved when first asked for, one quantity at a time; each selection (a country's events too) is
    noted in `read_log` (see ledger/reads.py), so that a run knows which figures and events a claim's result rests on.
    """

    def __init__(self, observations: pd.DataFrame | None, sources: pd.DataFrame, partners: pd.DataFrame,
                 rows: FrameRows | StoreRows | None = None, event_rows: EventRows | StoreRows | None = None):
        self.source = SHIPPED
        self.read_log = ReadLog()
        self.partners = partners.set_index("code")
        self.sources = {
            row.id: Source(id=row.id, publisher=row.publisher, title=row.title, url=row.url, published=row.published,
                           published_basis=row.published_basis, kind=row.kind, notes=row.notes,
                           origin=row.origin or row.id,
                           agency=row.agency or (row.publisher if row.kind == "official" else ""))
            for row in sources.itertuples()
        }
        self.rows = rows
        self.event_rows = EventRows() if event_rows is None else event_rows
        self.observations = observations
        self.resolved: dict[tuple, Figure | None] = {}

    @property
    def observations(self) -> pd.DataFrame:
        """Every row of observations.csv (reading them all: a claim that does cannot be keyed on its reads)."""
        self.read_log.everything()
        if self._observations is None:
            self._observations = pd.DataFrame(self.rows.all(), dtype=str)
        return self._observations

    @observations.setter
    def observations(self, frame: pd.DataFrame | None) -> None:
        self._observations = frame
        if frame is not None:
            self.rows = FrameRows(frame.to_dict("records"))
        self.__dict__.pop("figures", None)
        self.resolved = {}

    @classmethod
    def load(cls, data_dir: Path | str = "data", source: str = SHIPPED) -> Ledger:
        """The shipped ledger; with another source, plus the figures fetched from it (official, so preferred)."""
        data_dir = Path(data_dir)
        if source == SHIPPED and (stored := cls.from_named_store(data_dir)) is not None:
            return stored
        observations = read_csv(data_dir / "observations.csv", OBSERVATION_COLUMNS)
        sources = read_csv(data_dir / "sources.csv", SOURCE_COLUMNS)
        if source != SHIPPED:
            fetched_observations, fetched_sources = load_fetched(data_dir, source)
            observations = pd.concat([observations, fetched_observations], ignore_index=True).fillna("")
            sources = pd.concat([sources, fetched_sources], ignore_index=True).fillna("")
        ledger = cls(observations, sources, read_csv(data_dir / "partners.csv", PARTNER_COLUMNS),
                     event_rows=read_events(data_dir))
        ledger.source = source
        return ledger

    @classmethod
    def from_named_store(cls, data_dir: Path) -> Ledger | None:
        """The ledger from the indexed copy in the folder the run named (TRADECLAIMS_LEDGER_STORE), when one was
        built from data_dir's current files; None otherwise."""
        folder = os.environ.get(STORE_VARIABLE)
        if not folder:
            return None
        from tradeclaims.ledger.validation import data_fingerprint

        try:
            fingerprint = data_fingerprint(data_dir)
            connection = open_store(Path(folder) / copy_name(fingerprint), fingerprint)
        except (OSError, ValueError, KeyError):
            return None
        return None if connection is None else cls.from_store(connection)

    @classmethod
    def from_store(cls, connection) -> Ledger:
        rows = StoreRows(connection)
        return cls(None, pd.DataFrame(rows.table("sources"), dtype=str), pd.DataFrame(rows.table("partners"), dtype=str),
                   rows=rows, event_rows=rows)

    def events(self, country: str) -> list[Event]:
        """What the government or public bodies of one country did or said, each as one page reports it, by date."""
        self.read_log.note(("events", country))
        found = [event_from_row(row, self.sources) for row in self.event_rows.events(country)]
        return sorted(found, key=lambda event: (event.date, event.id))

    def candidates(self, quantity: tuple[str, ...]) -> list[tuple[Figure, float]]:
        self.read_log.note(("quantity", *quantity))
        return [candidate(row, self.sources) for row in self.rows.quantity(quantity)]

    def resolved_figure(self, key: tuple) -> Figure | None:
        """The best figure of one key (quantity and edition), resolved once: the same object every time."""
        if key not in self.resolved:
            rows = [pair for pair in self.candidates(key[:6]) if pair[0].edition == key[6]]
            self.resolved[key] = resolve(rows) if rows else None
        else:
            self.read_log.note(("quantity", *key[:6]))
        return self.resolved[key]

    @cached_property
    def figures(self) -> dict[tuple, Figure]:
        """Every quantity resolved to its best figure, keyed by (reporter, partner, flow, period, measure, currency,
        edition); the edition is "" for figures that are not revised in editions. Reading them all, a claim that
        does cannot be keyed on its reads."""
        self.read_log.everything()
        keys = dict.fromkeys(tuple(row[column] for column in KEY) for row in self.rows.all())
        return {key: self.resolved_figure(key) for key in keys}

    def get(self, reporter: str, partner: str, flow: str, period: str, measure: str = "value",
            currency: str = "USD", edition: str | None = None) -> Figure | None:
        """The best figure of a quantity; for a revisable one, of the given edition (None: the latest edition)."""
        if edition is None:
            found = self.editions(reporter, partner, flow, period, measure, currency)
            edition = found[-1] if found else ""
        return self.resolved_figure((reporter, partner, flow, period, measure, currency, edition))

    def editions(self, reporter: str, partner: str, flow: str, period: str, measure: str = "value",
                 currency: str = "USD") -> list[str]:
        """The editions the ledger holds for a quantity, oldest first (an unstated edition first of all)."""
        found = {figure.edition for figure, _ in self.candidates((reporter, partner, flow, period, measure, currency))}
        return sorted(found, key=edition_order)

    def require(self, reporter: str, partner: str, flow: str, period: str, measure: str = "value",
                currency: str = "USD", edition: str | None = None) -> Figure:
        figure = self.get(reporter, partner, flow, period, measure, currency, edition)
        if figure is None:
            what = "y/y % of " if measure == "yoy_pct" else ""
            raise MissingFigure(f"{what}{reporter} {flow} ({partner}, {period}, {currency})")
        return figure

    def keys(self, **where: str) -> list[tuple]:
        """The keys (reporter, partner, flow, period, measure, currency, edition) of the figures whose columns
        have the values given, sorted: `ledger.keys(reporter="IN", partner="CN", measure="value")`."""
        unknown = set(where) - set(KEY)
        if unknown:
            raise TypeError(f"keys() selects on {', '.join(KEY)}, not {', '.join(sorted(unknown))}")
        self.read_log.note(("keys", tuple(sorted(where.items()))))
        return sorted(self.rows.keys(where))

    def periods(self, reporter: str, partner: str, flow: str, measure: str = "value",
                currency: str = "USD") -> list[str]:
        """Periods for which the ledger holds this series, sorted."""
        found = self.keys(reporter=reporter, partner=partner, flow=flow, measure=measure, currency=currency)
        return sorted({key[3] for key in found})

    def partner_name(self, code: str) -> str:
        self.read_log.note(("partner", code))
        return self.partners.loc[code, "name"] if code in self.partners.index else code

    def members(self, code: str) -> list[str]:
        self.read_log.note(("partner", code))
        members = self.partners.loc[code, "members"] if code in self.partners.index else ""
        return [member for member in members.split(";") if member]


def agree(first: tuple[Figure, float], second: tuple[Figure, float]) -> bool:
    """Two published figures agree when their rounding intervals overlap."""
    return abs(first[0].value - second[0].value) <= first[1] + second[1] + 1e-12


def resolve(rows: list[tuple[Figure, float]]) -> Figure:
    """The best figure, with the others as alternatives and a flag if any disagrees beyond rounding.

    Best: a figure with no status (not revised, disputed or wrong); then the highest tier of source (official, wire,
    secondary, reprint); among equals, the value that most other origins agree with (copies of one wire story count
    once), then the most precise.
    """
    def rank(pair: tuple[Figure, float]) -> tuple:
        support = len({other[0].source.origin for other in rows if agree(pair, other)})
        return bool(pair[0].status), tier_rank(pair[0].source.kind), -support, pair[1]

    ranked = sorted(rows, key=rank)
    best, best_halfwidth = ranked[0]
    others = tuple(figure for figure, _ in ranked[1:])
    disagreement = any(abs(figure.value - best.value) > halfwidth + best_halfwidth + 1e-12
                       for figure, halfwidth in ranked[1:] if not figure.status)
    return Figure(**{**best.__dict__, "alternatives": others, "disagreement": disagreement})
