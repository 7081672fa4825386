"""What the ledger covers: partner codes defined, partners and periods with figures, and the same for fetched tables.

Scanned without pandas: this runs before any kernel starts, on every run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from tradeclaims.errors import DataError
from tradeclaims.ledger.datapackage import OBSERVATION_COLUMNS, resource_paths
from tradeclaims.ledger.fetched import FETCHED, SHIPPED, check_fetched, fetched_label, read_fetched_table
from tradeclaims.ledger.periods import MONTH_RE
from tradeclaims.ledger.tables import read_table
from tradeclaims.ledger.validation import observation_problems


@dataclass(frozen=True)
class DataIndex:
    """What the ledger holds: partner codes defined, partners and periods that have figures.

    `fetched` holds the same for each source fetched into data/fetched (connector name -> partners, periods).
    """

    defined_partners: frozenset[str]
    partners_with_data: frozenset[str]
    periods_with_data: frozenset[str]
    fetched: dict[str, Coverage] = field(default_factory=dict, compare=False)
    data_dir: str = "data"
    resource_files: dict[str, str] = field(default_factory=dict, compare=False)  # descriptor name -> file name
    checked: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)  # source -> its tables' sha256
    unreadable: dict[str, DataError] = field(default_factory=dict, compare=False)  # fetched tables refused on reading
    partner_periods: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)  # code -> its periods
    series_periods: dict[tuple[str, str, str], frozenset[str]] = field(default_factory=dict, compare=False)  # Coverage

    def fetched_hashes(self, source: str) -> dict[str, str]:
        """The fetched tables' sha256 for a source, checked against their descriptor once per index."""
        if source not in self.checked:
            self.checked[source] = check_fetched(Path(self.data_dir), source)  # raises, naming what is wrong
        return self.checked[source]

    def with_source(self, source: str) -> DataIndex:
        """The index of the ledger a notebook sees with this `source` parameter."""
        names = [] if source == SHIPPED else [*self.fetched, *self.unreadable] if source == FETCHED else [source]
        for name in names:
            if name in self.unreadable:
                raise self.unreadable[name]
        partners, periods = set(self.partners_with_data), set(self.periods_with_data)
        by_partner = {code: set(found) for code, found in self.partner_periods.items()}
        by_series = {series: set(found) for series, found in self.series_periods.items()}
        for name in names:
            coverage = self.fetched.get(name, Coverage())
            partners |= coverage.partners & self.defined_partners
            periods |= coverage.periods
            for code, found in coverage.partner_periods.items():
                by_partner.setdefault(code, set()).update(found)
            for series, found in coverage.series_periods.items():
                by_series.setdefault(series, set()).update(found)
        return DataIndex(self.defined_partners, frozenset(partners), frozenset(periods), self.fetched, self.data_dir,
                         self.resource_files, self.checked, self.unreadable,
                         {code: frozenset(found) for code, found in by_partner.items()},
                         {series: frozenset(found) for series, found in by_series.items()})

    @property
    def months(self) -> list[str]:
        return sorted(period for period in self.periods_with_data if MONTH_RE.match(period))

    def months_of(self, partner: str) -> list[str]:
        """The months with a figure for this partner (as reporter or partner), sorted."""
        return sorted(period for period in self.partner_periods.get(partner, ()) if MONTH_RE.match(period))

    def periods_of(self, reporter: str, partner: str, flow: str | None = None) -> frozenset[str]:
        """The periods with a figure reported by `reporter` about `partner` (of `flow`, or any flow; any measure)."""
        if flow is not None:
            return self.series_periods.get((reporter, partner, flow), frozenset())
        return frozenset().union(*(found for (by, to, _), found in self.series_periods.items()
                                   if (by, to) == (reporter, partner)))


class Coverage(NamedTuple):
    """What one table holds: the partner codes in it, its periods, each code's periods (as reporter or partner) and
    each series' periods (reporter, partner, flow)."""

    partners: frozenset[str] = frozenset()
    periods: frozenset[str] = frozenset()
    partner_periods: dict[str, frozenset[str]] = {}
    series_periods: dict[tuple[str, str, str], frozenset[str]] = {}


COVERAGE_COLUMNS = ("reporter", "partner", "flow", "period")


def partners_and_periods(path: Path, label: str) -> Coverage:
    rows = read_table(path, label, COVERAGE_COLUMNS).rows
    return coverage_of(map(itemgetter(*COVERAGE_COLUMNS), rows))


def checked_coverage(path: Path, label: str) -> Coverage:
    """A fetched table's coverage, once its values, periods and units pass what `validate` checks of them: a table an
    earlier tradeclaims stored (a negative level, a period in other digits) is refused, not judged."""
    table = read_fetched_table(path, label, OBSERVATION_COLUMNS)
    problems = observation_problems(table)
    if problems:
        raise DataError(problems)
    return coverage_of(map(itemgetter(*COVERAGE_COLUMNS), table.rows))


def coverage_of(keys: Iterable[tuple[str, str, str, str]]) -> Coverage:
    """What figures with these (reporter, partner, flow, period) cover: read from a table's rows, or from the indexed
    copy of the ledger."""
    by_series: dict[tuple[str, str, str], set[str]] = {}
    for reporter, partner, flow, period in keys:
        found = by_series.get((reporter, partner, flow))
        if found is None:
            found = by_series[reporter, partner, flow] = set()
        found.add(period)
    partners, periods, by_partner = set(), set(), {}  # from the series: far fewer than the rows
    for (reporter, partner, _flow), found in by_series.items():
        partners.update((partner, reporter))
        periods |= found
        for code in (partner, reporter):
            by_partner.setdefault(code, set()).update(found)
    return Coverage(frozenset(partners), frozenset(periods), {code: frozenset(found) for code, found in by_partner.items()},
                    {series: frozenset(found) for series, found in by_series.items()})


def data_index(data_dir, observations: Iterable[tuple[str, str, str, str]] | None = None) -> DataIndex:
    """The index of data/; `observations`: the (reporter, partner, flow, period) of its figures when already at hand
    (from the ledger's indexed copy), instead of reading observations.csv."""
    data_dir = Path(data_dir)
    defined = frozenset(row["code"] for row in read_table(data_dir / "partners.csv", "data/partners.csv", ("code",)).rows)
    partners, periods, by_partner, by_series = (
        coverage_of(observations) if observations is not None
        else partners_and_periods(data_dir / "observations.csv", "data/observations.csv"))
    fetched, unreadable = {}, {}
    for path in sorted((data_dir / FETCHED).glob("*/observations.csv")):
        try:
            fetched[path.parent.name] = checked_coverage(path, fetched_label(path))
        except DataError as error:  # refused when a run asks for this source, not before
            unreadable[path.parent.name] = error
    files = {name: path.name for name, path in resource_paths(data_dir).items()}
    return DataIndex(defined, partners & defined, periods, fetched, str(data_dir), files, unreadable=unreadable,
                     partner_periods=by_partner, series_periods=by_series)
