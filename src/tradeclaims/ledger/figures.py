"""The evidence ledger: published figures with their sources, resolved to one figure per quantity.

Several rows may carry the same figure from different sources. Resolution takes the official source
first, then wire, then secondary, and flags a disagreement when the values differ by more than their
published rounding allows. A level more than 100 times apart from every other origin's (a unit slip: USD mn
typed as USD bn) is taken only when nothing else is there (see ledger/units.py); so is a figure that contradicts the
ledger's arithmetic while another page's figure of its quantity fits it (see ledger/arithmetic.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from tradeclaims.errors import MissingFigure
from tradeclaims.ledger import arithmetic
from tradeclaims.ledger.arithmetic import rounding_halfwidth
from tradeclaims.ledger.datapackage import (
    KEY,
    OBSERVATION_COLUMNS,
    PARTNER_COLUMNS,
    SOURCE_COLUMNS,
    data_fingerprint,
)
from tradeclaims.ledger.events import Event, EventRows, event_from_row, read_events
from tradeclaims.ledger.fetched import SHIPPED, load_fetched
from tradeclaims.ledger.quality import UNSTATED_EDITION, tier_rank
from tradeclaims.ledger.reads import ReadLog
from tradeclaims.ledger.sources import Source
from tradeclaims.ledger.store import STORE_VARIABLE, FrameRows, StoreRows, copy_name, open_store
from tradeclaims.ledger.tables import read_table
from tradeclaims.ledger.units import LEVEL_UNITS, only_in_words, scale_apart, standard_unit


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
    # why it is set aside: the published figures it contradicts beyond their rounding, from sources at least as good,
    # while another page's figure of its quantity fits them (see ledger/arithmetic.py); "" when it is not
    contradicted: str = ""

    @property
    def label(self) -> str:
        what = "y/y change of " if self.measure == "yoy_pct" else ""
        return f"{what}{self.reporter} {self.flow} to/from {self.partner}, {self.period}"


def read_csv(path: Path, columns: tuple[str, ...], read: dict[str, str] | None = None) -> pd.DataFrame:
    """A table of data/ as strings, read as validation reads it (see ledger/tables.py); the sha256 of the bytes read
    goes into `read` under the file's name."""
    table = read_table(path, f"data/{path.name}", columns)
    if read is not None:
        read[path.name] = table.sha256
    return table.frame()


def candidate(row: dict[str, str], sources: dict[str, Source]) -> tuple[Figure, float]:
    """A ledger row as a figure in the standard unit, with the rounding its published digits allow."""
    unit, factor = standard_unit(row["unit"])
    halfwidth = rounding_halfwidth(row["value"], factor)
    figure = Figure(reporter=row["reporter"], partner=row["partner"], flow=row["flow"], period=row["period"],
                    measure=row["measure"], currency=row["currency"], value=float(row["value"]) * factor, unit=unit,
                    source=sources[row["source_id"]], notes=row["notes"], status=row["status"], edition=row["edition"],
                    halfwidth=halfwidth)
    return figure, halfwidth


def edition_order(edition: str) -> tuple[bool, str]:
    return edition != UNSTATED_EDITION, edition


class Ledger:
    """Published figures and events with their sources, read from data/ (or from its indexed copy, see
    ledger/store.py).

    Figures are resolved when first asked for, one quantity at a time; each selection (a country's events too) is
    noted in `read_log` (see ledger/reads.py), so that a run knows which figures and events a claim's result rests
    on, and `data_read` names the bytes they came from (file under data/ -> sha256), so that a run caches a result
    only on the data it was read from.
    """

    def __init__(self, observations: pd.DataFrame | None, sources: pd.DataFrame, partners: pd.DataFrame,
                 rows: FrameRows | StoreRows | None = None, event_rows: EventRows | StoreRows | None = None):
        self.source = SHIPPED
        self.read_log = ReadLog()
        self.data_read: dict[str, str] = {}
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
        read: dict[str, str] = {}
        observations = read_csv(data_dir / "observations.csv", OBSERVATION_COLUMNS, read)
        sources = read_csv(data_dir / "sources.csv", SOURCE_COLUMNS, read)
        if source != SHIPPED:
            fetched_observations, fetched_sources = load_fetched(data_dir, source, read)
            observations = pd.concat([observations, fetched_observations], ignore_index=True).fillna("")
            sources = pd.concat([sources, fetched_sources], ignore_index=True).fillna("")
        ledger = cls(observations, sources, read_csv(data_dir / "partners.csv", PARTNER_COLUMNS, read),
                     event_rows=read_events(data_dir, read))
        ledger.source, ledger.data_read = source, read
        return ledger

    @classmethod
    def from_named_store(cls, data_dir: Path) -> Ledger | None:
        """The ledger from the indexed copy in the folder the run named (TRADECLAIMS_LEDGER_STORE), when one was
        built from data_dir's current files; None otherwise."""
        folder = os.environ.get(STORE_VARIABLE)
        if not folder:
            return None
        try:
            fingerprint = data_fingerprint(data_dir)
            # the run checked the copy (see open_store) before naming its folder to the kernels: not again per notebook
            connection = open_store(Path(folder) / copy_name(fingerprint), fingerprint, verify=False)
        except (OSError, ValueError, KeyError):
            return None
        if connection is None:
            return None
        ledger = cls.from_store(connection)
        ledger.data_read = fingerprint  # the files the copy was built from
        return ledger

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
            found = self.candidates(key[:6])
            rows = self.with_arithmetic(key[:6], [pair for pair in found if pair[0].edition == key[6]])
            witnesses = self.scale_witnesses(key[:6], found) if rows else []
            self.resolved[key] = resolve(rows, [figure for figure, _ in found if figure.edition != key[6]] + witnesses
                                         ) if rows else None
        else:
            self.read_log.note(("quantity", *key[:6]))
        return self.resolved[key]

    def with_arithmetic(self, quantity: tuple[str, ...], rows: list[tuple[Figure, float]]) -> list[tuple[Figure, float]]:
        """The rows of a quantity, each figure that the ledger's arithmetic sets aside marked `contradicted` (see
        ledger/arithmetic.py: set_aside). Looked into only when the quantity's current figures disagree: a figure alone,
        or figures that agree, leave nothing to choose; the figures it is checked against are then read (and noted)."""
        readings = {quantity: readings_of(rows)}
        if len(readings[quantity]) < 2 or all(first.agrees(second) for first in readings[quantity]
                                              for second in readings[quantity]):
            return rows
        reporter, partner, flow, _, measure, currency = quantity
        present = {key[:6] for key in self.keys(reporter=reporter, partner=partner, flow=flow, measure="value",
                                                currency=currency)} if measure == "value" else set()
        for other in arithmetic.related(quantity):
            readings[other] = readings_of(self.candidates(other))
            if readings[other]:
                present.add(other)
        findings: dict[arithmetic.Reading, arithmetic.Finding] = {}
        for identity in arithmetic.identities_of(quantity, present | {quantity}):
            for other in identity.quantities:
                if other not in readings:
                    readings[other] = readings_of(self.candidates(other))
            for reading, finding in arithmetic.set_aside(identity, quantity, readings).items():
                findings.setdefault(reading, finding)
        if not findings:
            return rows
        unit = f"{currency} bn"  # the standard unit of the series' levels (see ledger/units.py)
        marked = {id(reading.ref): arithmetic.describe(finding, lambda reading: reading.ref.source.id, unit)
                  for reading, finding in findings.items()}
        return [(replace(figure, contradicted=marked[id(figure)]) if id(figure) in marked else figure, halfwidth)
                for figure, halfwidth in rows]

    def scale_witnesses(self, quantity: tuple[str, ...], found: list[tuple[Figure, float]]) -> list[Figure]:
        """When two figures of a level are orders of magnitude apart (one carries a wrong unit), the same level in the
        other currency bases of its unit (a yuan figure converted to dollars beside the dollar series), which tell
        which of the two is the slip. Read only then: other quantities' reads are noted only when they matter."""
        if not far_apart_within([figure for figure, _ in found]):
            return []
        reporter, partner, flow, period, measure, currency = quantity
        others = {key[5] for key in self.keys(reporter=reporter, partner=partner, flow=flow, period=period,
                                              measure=measure)} - {currency}
        unit = found[0][0].unit
        return [figure for other in sorted(others)
                for figure, _ in self.candidates((reporter, partner, flow, period, measure, other)) if figure.unit == unit]

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
            held = self.held_only_in(reporter, partner, flow, [period], currency)
            raise MissingFigure(f"{what}{reporter} {flow} ({partner}, {period}, {currency}){only_in_words(currency, held)}")
        return figure

    def held_only_in(self, reporter: str, partner: str, flow: str, periods: list[str], currency: str = "USD",
                     measure: str | None = None) -> dict[str, list[str]]:
        """For each period in which the ledger holds no figure of this flow in `currency` (no level, no rate) but holds
        one in another currency (a GACC page fetched in yuan, for a claim that reads the dollar series): those other
        currencies. A figure missing in one currency is then told apart from a figure missing altogether. With a
        `measure`, of that measure only (a level held in yuan is not a y/y rate)."""
        held = {}
        measured = {} if measure is None else {"measure": measure}
        for period in periods:
            found = {key[5] for key in self.keys(reporter=reporter, partner=partner, flow=flow, period=period,
                                                 **measured)}
            if found and currency not in found:
                held[period] = sorted(found)
        return held

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


def readings_of(rows: list[tuple[Figure, float]]) -> list[arithmetic.Reading]:
    """The current figures among these that the ledger's arithmetic reads (see ledger/arithmetic.py)."""
    return [arithmetic.Reading(figure.value, halfwidth, figure.source.kind, figure.source.origin, figure)
            for figure, halfwidth in rows if not figure.status and figure.edition == ""
            and arithmetic.checked(tuple(getattr(figure, column) for column in KEY[:6]))
            and arithmetic.readable(figure.unit, figure.measure)]


def agree(first: tuple[Figure, float], second: tuple[Figure, float]) -> bool:
    """Two published figures agree when their rounding intervals overlap."""
    return abs(first[0].value - second[0].value) <= first[1] + second[1] + 1e-12


def far_apart_within(figures: list[Figure]) -> bool:
    """Whether any two current levels among these are more than SCALE_APART times apart."""
    sizes = [abs(figure.value) for figure in figures if figure.unit in LEVEL_UNITS and figure.value and not figure.status]
    return bool(sizes) and scale_apart(min(sizes), max(sizes))


def off_scale(figure: Figure, current: list[Figure]) -> bool:
    """Whether a level is more than SCALE_APART times apart from the figure of every other origin (one at least)."""
    others = [other for other in current if other.source.origin != figure.source.origin]
    return figure.unit in LEVEL_UNITS and bool(others) and all(scale_apart(figure.value, other.value) for other in others)


def resolve(rows: list[tuple[Figure, float]], witnesses: list[Figure] | None = None) -> Figure:
    """The best figure, with the others as alternatives and a flag if any disagrees beyond rounding.

    Best: a figure with no status (not revised, disputed or wrong); then one not off by orders of magnitude from
    every other origin's figure of the level (of this quantity, or `witnesses`: its other editions and currency bases
    of the same unit), which carries a wrong unit (see ledger/units.py); then one that the ledger's arithmetic does not
    set aside (`contradicted`: see Ledger.with_arithmetic); then the highest tier of source (official,
    wire, secondary, reprint); among equals, the value that most other origins agree with (copies of one wire story
    count once), then the most precise. Two origins alone, orders of magnitude apart, cannot tell which is the slip:
    the tiers decide, and the disagreement is flagged as any other.
    """
    current = [figure for figure, _ in rows if not figure.status] + [
        figure for figure in witnesses or [] if not figure.status]
    apart = far_apart_within(current)

    def rank(pair: tuple[Figure, float]) -> tuple:
        figure, halfwidth = pair
        support = len({other[0].source.origin for other in rows if agree(pair, other)})
        return (bool(figure.status), apart and off_scale(figure, current), bool(figure.contradicted),
                tier_rank(figure.source.kind), -support, halfwidth)

    ranked = sorted(rows, key=rank)
    best, best_halfwidth = ranked[0]
    others = tuple(figure for figure, _ in ranked[1:])
    disagreement = any(abs(figure.value - best.value) > halfwidth + best_halfwidth + 1e-12
                       for figure, halfwidth in ranked[1:] if not figure.status)
    return Figure(**{**best.__dict__, "alternatives": others, "disagreement": disagreement})
