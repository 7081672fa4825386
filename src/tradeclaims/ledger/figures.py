"""The evidence ledger: published figures with their sources, resolved to one figure per quantity.

Several rows may carry the same figure from different sources. Resolution takes the official source
first, then wire, then secondary, and flags a disagreement when the values differ by more than their
published rounding allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pandas as pd

from tradeclaims.errors import MissingFigure
from tradeclaims.ledger.fetched import OBSERVATION_COLUMNS, PARTNER_COLUMNS, SHIPPED, SOURCE_COLUMNS, load_fetched
from tradeclaims.ledger.quality import UNSTATED_EDITION, tier_rank
from tradeclaims.ledger.tables import read_table

TO_USD_BN = {"USD bn": 1.0, "USD 100 mn": 0.1, "USD mn": 1e-3, "USD thousand": 1e-6, "USD trn": 1e3}
TO_CNY_BN = {"CNY bn": 1.0, "CNY trn": 1e3}
KEY = ["reporter", "partner", "flow", "period", "measure", "currency", "edition"]


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


class Ledger:
    """Published figures and their sources, read from data/."""

    def __init__(self, observations: pd.DataFrame, sources: pd.DataFrame, partners: pd.DataFrame):
        self.source = SHIPPED
        self.observations = observations
        self.partners = partners.set_index("code")
        self.sources = {
            row.id: Source(id=row.id, publisher=row.publisher, title=row.title, url=row.url, published=row.published,
                           published_basis=row.published_basis, kind=row.kind, notes=row.notes,
                           origin=row.origin or row.id,
                           agency=row.agency or (row.publisher if row.kind == "official" else ""))
            for row in sources.itertuples()
        }

    @classmethod
    def load(cls, data_dir: Path | str = "data", source: str = SHIPPED) -> Ledger:
        """The shipped ledger; with another source, plus the figures fetched from it (official, so preferred)."""
        data_dir = Path(data_dir)
        observations = read_csv(data_dir / "observations.csv", OBSERVATION_COLUMNS)
        sources = read_csv(data_dir / "sources.csv", SOURCE_COLUMNS)
        if source != SHIPPED:
            fetched_observations, fetched_sources = load_fetched(data_dir, source)
            observations = pd.concat([observations, fetched_observations], ignore_index=True).fillna("")
            sources = pd.concat([sources, fetched_sources], ignore_index=True).fillna("")
        ledger = cls(observations, sources, read_csv(data_dir / "partners.csv", PARTNER_COLUMNS))
        ledger.source = source
        return ledger

    @cached_property
    def figures(self) -> dict[tuple, Figure]:
        """Every quantity resolved to its best figure, keyed by (reporter, partner, flow, period, measure, currency,
        edition); the edition is "" for figures that are not revised in editions."""
        candidates: dict[tuple, list[tuple[Figure, float]]] = {}
        for row in self.observations.itertuples():
            unit, factor = standard_unit(row.unit)
            source = self.sources[row.source_id]
            halfwidth = rounding_halfwidth(row.value, factor)
            figure = Figure(reporter=row.reporter, partner=row.partner, flow=row.flow, period=row.period,
                            measure=row.measure, currency=row.currency, value=float(row.value) * factor, unit=unit,
                            source=source, notes=row.notes, status=row.status, edition=row.edition, halfwidth=halfwidth)
            key = tuple(getattr(row, column) for column in KEY)
            candidates.setdefault(key, []).append((figure, halfwidth))
        return {key: resolve(rows) for key, rows in candidates.items()}

    def get(self, reporter: str, partner: str, flow: str, period: str, measure: str = "value",
            currency: str = "USD", edition: str | None = None) -> Figure | None:
        """The best figure of a quantity; for a revisable one, of the given edition (None: the latest edition)."""
        if edition is None:
            found = self.editions(reporter, partner, flow, period, measure, currency)
            edition = found[-1] if found else ""
        return self.figures.get((reporter, partner, flow, period, measure, currency, edition))

    def editions(self, reporter: str, partner: str, flow: str, period: str, measure: str = "value",
                 currency: str = "USD") -> list[str]:
        """The editions the ledger holds for a quantity, oldest first (an unstated edition first of all)."""
        key = (reporter, partner, flow, period, measure, currency)
        return sorted((k[6] for k in self.figures if k[:6] == key), key=lambda e: (e != UNSTATED_EDITION, e))

    def require(self, reporter: str, partner: str, flow: str, period: str, measure: str = "value",
                currency: str = "USD", edition: str | None = None) -> Figure:
        figure = self.get(reporter, partner, flow, period, measure, currency, edition)
        if figure is None:
            what = "y/y % of " if measure == "yoy_pct" else ""
            raise MissingFigure(f"{what}{reporter} {flow} ({partner}, {period}, {currency})")
        return figure

    def periods(self, reporter: str, partner: str, flow: str, measure: str = "value",
                currency: str = "USD") -> list[str]:
        """Periods for which the ledger holds this series, sorted."""
        return sorted({key[3] for key in self.figures
                       if key[:3] == (reporter, partner, flow) and key[4:6] == (measure, currency)})

    def partner_name(self, code: str) -> str:
        return self.partners.loc[code, "name"] if code in self.partners.index else code

    def members(self, code: str) -> list[str]:
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
