"""The ledger's own arithmetic: published figures that must fit together, checked within their rounding.

Three identities tie figures of one series together:
- growth: a level, the level a year earlier and the reported y/y rate (level = earlier level x (1 + rate / 100));
- months: a span of months is the sum of its parts (January-September less January-July is August plus September; a
  single month is the year to date less the year to the month before; January-March is January-February plus March);
- flows: exports less imports is the balance, exports plus imports the trade total.
Each published figure can lie anywhere within half a unit of its last published digit; figures contradict an identity
when no values within those intervals satisfy it (interval arithmetic: ends added, subtracted, multiplied, divided).

A contradiction between published figures is a finding about the sources, not invalid data: `tradeclaims validate`
prints each as a warning naming every line involved (`findings`). The figures alone seldom tell which of them is
wrong; they do when another page prints the same quantity with a value apart from it that fits: the contradicted
figure is then set aside like a figure with a status, provided the figures it contradicts come from sources at least as
good as its own (`set_aside`, used by ledger/figures.py when it resolves a quantity).

Left out: yuan totals converted to dollars by an outlet (CNY_CONVERTED: each page converts at its own rate), figures
with a status (already set aside), and figures whose unit is not a level's money or a rate's %.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import islice, product

from tradeclaims.ledger.periods import Month, Period, parse_period
from tradeclaims.ledger.quality import tier_rank
from tradeclaims.ledger.units import LEVEL_OF

CURRENCIES = ("USD", "CNY")  # series published in their own currency
LEVEL_FLOWS = ("exports", "imports", "balance", "trade", "imports_non_oil_gas")
# a total and its parts, each part with its sign: balance = exports - imports, trade = exports + imports
FLOW_PARTS = {"balance": (("exports", 1.0), ("imports", -1.0)), "trade": (("exports", 1.0), ("imports", 1.0))}
GROWTH, MONTHS, FLOWS = "growth", "months", "flows"
MAX_COMBINATIONS = 4096  # readings of an identity's figures tried together (the ledger needs a few dozen at most)

Quantity = tuple[str, str, str, str, str, str]  # reporter, partner, flow, period, measure, currency
Bounds = tuple[float, float]


@dataclass(frozen=True, eq=False)
class Reading:
    """One published figure as the arithmetic sees it: its value in the standard unit, its rounding, its source."""

    value: float
    halfwidth: float
    kind: str  # the tier of its source
    origin: str
    ref: object  # what the caller names it by: a line of observations.csv, or a Figure

    @property
    def bounds(self) -> Bounds:
        return self.value - self.halfwidth, self.value + self.halfwidth

    def agrees(self, other: Reading) -> bool:
        return abs(self.value - other.value) <= self.halfwidth + other.halfwidth + 1e-12


@dataclass(frozen=True)
class Identity:
    """Figures that must fit together. GROWTH: (level, year-earlier level, y/y rate). MONTHS and FLOWS: the sum of
    coefficient x figure is 0 (the whole first, with coefficient 1; its parts with -1, or the sign of a flow)."""

    kind: str
    quantities: tuple[Quantity, ...]
    coefficients: tuple[float, ...] = ()


def rounding_halfwidth(raw: str, factor: float) -> float:
    """Half a unit of the last published digit, in the standard unit: the rounding a figure allows."""
    exponent = Decimal(raw.strip()).as_tuple().exponent
    return 0.5 * 10 ** exponent * factor


def checked(quantity: Quantity) -> bool:
    """Whether a quantity takes part in the arithmetic: a trade flow's level or y/y rate in its own currency."""
    _, _, flow, _, measure, currency = quantity
    return flow in LEVEL_FLOWS and measure in ("value", "yoy_pct") and currency in CURRENCIES


def readable(unit: str, measure: str) -> bool:
    """Whether a published unit is what the arithmetic reads for the measure: money for a level, % for a rate."""
    return unit in LEVEL_OF if measure == "value" else unit == "pct"


# --- interval arithmetic -------------------------------------------------------------------------------------------

def times(first: Bounds, second: Bounds) -> Bounds:
    corners = [a * b for a in first for b in second]
    return min(corners), max(corners)


def divided(numerator: Bounds, denominator: Bounds) -> Bounds | None:
    """None when the denominator may be zero (no ratio from a base that may be nil)."""
    if denominator[0] <= 0 <= denominator[1]:
        return None
    corners = [a / b for a in numerator for b in denominator]
    return min(corners), max(corners)


def linear(terms: Iterable[tuple[float, Bounds]]) -> Bounds:
    low = high = 0.0
    for coefficient, (start, end) in terms:
        low += min(coefficient * start, coefficient * end)
        high += max(coefficient * start, coefficient * end)
    return low, high


def growth_factor(rate: Bounds) -> Bounds:
    return 1 + rate[0] / 100, 1 + rate[1] / 100


def fits(identity: Identity, readings: tuple[Reading, ...]) -> bool:
    """Whether some values within the readings' rounding satisfy the identity."""
    ends = [reading.bounds for reading in readings]
    if identity.kind == GROWTH:
        level, earlier, rate = ends
        implied = times(earlier, growth_factor(rate))
        low, high = level[0] - implied[1], level[1] - implied[0]
    else:
        low, high = linear(zip(identity.coefficients, ends, strict=True))
    slack = 1e-9 * max(1.0, *(abs(reading.value) for reading in readings))  # binary fractions of decimal figures
    return low <= slack and high >= -slack


def implied(identity: Identity, position: int, readings: tuple[Reading, ...]) -> Bounds | None:
    """Where the figure at `position` lies if the others are right (None when they cannot tell: a base that may be 0)."""
    ends = [reading.bounds for reading in readings]
    if identity.kind == GROWTH:
        level, earlier, rate = ends
        if position == 0:
            return times(earlier, growth_factor(rate))
        if position == 1:
            return divided(level, growth_factor(rate))
        ratio = divided(level, earlier)
        return None if ratio is None or ratio[0] < 0 else (100 * (ratio[0] - 1), 100 * (ratio[1] - 1))
    own = identity.coefficients[position]
    return linear((-coefficient / own, end) for index, (coefficient, end) in enumerate(
        zip(identity.coefficients, ends, strict=True)) if index != position)


# --- which figures must fit together -------------------------------------------------------------------------------

def month_index(month: Month) -> int:
    return month.year * 12 + month.month - 1


@lru_cache(maxsize=65536)  # a ledger has far fewer distinct periods than figures
def parsed(text: str) -> Period | None:
    try:
        return parse_period(text)
    except ValueError:
        return None


def identities(quantities: Iterable[Quantity]) -> list[Identity]:
    """Every identity among these quantities (those the arithmetic reads, see `checked`: the others are ignored)."""
    present = {quantity for quantity in quantities if checked(quantity)}
    found: list[Identity] = []
    series: dict[tuple[str, str, str, str], dict[str, Period]] = {}
    for quantity in present:
        reporter, partner, flow, period, measure, currency = quantity
        span = parsed(period)
        if span is None:
            continue
        if measure == "yoy_pct":
            level = (reporter, partner, flow, period, "value", currency)
            earlier = (reporter, partner, flow, span.year_ago().text, "value", currency)
            if level in present and earlier in present:
                found.append(Identity(GROWTH, (level, earlier, quantity)))
            continue
        series.setdefault((reporter, partner, flow, currency), {})[period] = span
        parts = [((reporter, partner, part, period, "value", currency), sign) for part, sign in FLOW_PARTS.get(flow, ())]
        if parts and all(part in present for part, _ in parts):
            found.append(Identity(FLOWS, (quantity, *(part for part, _ in parts)), (1.0, *(-sign for _, sign in parts))))
    for (reporter, partner, flow, currency), spans in series.items():
        found += [Identity(MONTHS, tuple((reporter, partner, flow, period, "value", currency) for period in periods),
                           (1.0, *([-1.0] * (len(periods) - 1))))
                  for periods in month_sums(spans)]
    return found


def month_sums(spans: dict[str, Period]) -> list[tuple[str, ...]]:
    """(whole, parts...) for spans of one series that start in the same month: each span against the next shorter one
    (or none) and the single months between them. Consecutive spans settle every longer pair (intervals only widen)."""
    single = {month_index(span.start): text for text, span in spans.items() if span.kind == "month"}
    by_start: dict[int, list[tuple[int, str]]] = {}
    for text, span in spans.items():
        by_start.setdefault(month_index(span.start), []).append((month_index(span.end), text))
    sums = []
    for start, ends in by_start.items():
        shorter: tuple[int, str | None] = (start - 1, None)
        ends.sort()
        for end, text in ends:
            gap = range(shorter[0] + 1, end + 1)
            if not (shorter[1] is None and end == start) and all(index in single for index in gap):
                sums.append((text, *([shorter[1]] if shorter[1] else []), *(single[index] for index in gap)))
            shorter = (end, text)
    return sums


def related(quantity: Quantity) -> list[Quantity]:
    """The quantities that may share a growth or a flow identity with this one (the months' sums need the series'
    periods: see `identities_of`)."""
    if not checked(quantity) or (span := parsed(quantity[3])) is None:
        return []
    reporter, partner, flow, period, measure, currency = quantity
    earlier, later = span.year_ago().text, year_later(span)

    def of(flow_: str, period_: str, measure_: str = "value") -> Quantity:
        return reporter, partner, flow_, period_, measure_, currency

    if measure == "yoy_pct":
        return [of(flow, period), of(flow, earlier)]
    found = [of(flow, period, "yoy_pct"), of(flow, earlier), of(flow, later), of(flow, later, "yoy_pct")]
    for total, parts in FLOW_PARTS.items():
        names = [total, *(part for part, _ in parts)]
        if flow in names:
            found += [of(name, period) for name in names if name != flow]
    return list(dict.fromkeys(found))


def year_later(span: Period) -> str:
    if span.kind == "fiscal":
        return f"FY{span.start.year + 1}-{str(span.start.year + 2)[2:]}"
    if span.kind == "year":
        return str(span.start.year + 1)
    later = f"{Month(span.start.year + 1, span.start.month)}"
    return later if span.kind == "month" else f"{later}/{Month(span.end.year + 1, span.end.month)}"


def identities_of(quantity: Quantity, present: Iterable[Quantity]) -> list[Identity]:
    """The identities `quantity` takes part in, among the quantities present."""
    return [identity for identity in identities(present) if quantity in identity.quantities]


# --- what contradicts an identity ----------------------------------------------------------------------------------

def groups(readings: list[Reading]) -> list[list[Reading]]:
    """Readings of one quantity grouped by what they print (value and rounding), best first: the tier of the best
    source, then the most origins, then the most precise."""
    grouped: dict[tuple[float, float], list[Reading]] = {}
    for reading in readings:
        grouped.setdefault((reading.value, reading.halfwidth), []).append(reading)
    return sorted(grouped.values(), key=lambda group: (min(tier_rank(reading.kind) for reading in group),
                                                       -len({reading.origin for reading in group}), group[0].halfwidth))


def tried(identity: Identity, options: list[list[list[Reading]]]) -> list[tuple[tuple[int, ...], bool]]:
    """Each choice of one group per figure (best groups first, at most MAX_COMBINATIONS) and whether it fits."""
    choices = islice(product(*(range(len(each)) for each in options)), MAX_COMBINATIONS)
    return [(choice, fits(identity, tuple(options[place][index][0] for place, index in enumerate(choice))))
            for choice in choices]


@dataclass(frozen=True)
class Finding:
    """Figures that contradict an identity: one reading of each (in the identity's order), the figure singled out
    (`position`), and the reading of its quantity that another page prints and that fits (`fitting`), if any."""

    identity: Identity
    readings: tuple[Reading, ...]
    position: int
    fitting: Reading | None = None


def lead(identity: Identity) -> int:
    """The figure a contradiction is told from when the figures cannot tell which is wrong: the rate (growth), the
    first single month among the parts (months), the balance or the trade total (flows)."""
    if identity.kind == GROWTH:
        return 2
    if identity.kind == MONTHS:
        return next((index for index, quantity in enumerate(identity.quantities)
                     if index and parse_period(quantity[3]).kind == "month"), 0)
    return 0


def findings(identity: Identity, readings: dict[Quantity, list[Reading]]) -> list[Finding]:
    """What contradicts this identity. A figure that fits with no reading of the others while another page's figure of
    its quantity, apart from it, fits: that figure, with the one that fits. Else, when no reading fits at all: the best
    reading of each (told from `lead`). Nothing when each figure fits with some reading of the others."""
    options = [groups(readings.get(quantity, [])) for quantity in identity.quantities]
    if not all(options):
        return []
    results = tried(identity, options)
    if all(fitted for _, fitted in results):
        return []
    found = []
    for place, each in enumerate(options):
        for index, group in enumerate(each):
            if any(fitted for choice, fitted in results if choice[place] == index):
                continue
            fitting = next((choice for choice, fitted in results if fitted and not each[choice[place]][0].agrees(
                group[0])), None)
            if fitting is not None:
                chosen = tuple(group[0] if where == place else options[where][fitting[where]][0]
                               for where in range(len(options)))
                found.append(Finding(identity, chosen, place, each[fitting[place]][0]))
    if found or any(fitted for _, fitted in results):
        return found
    return [Finding(identity, tuple(each[0][0] for each in options), lead(identity))]


def set_aside(identity: Identity, quantity: Quantity, readings: dict[Quantity, list[Reading]]) -> dict[Reading, Finding]:
    """The readings of `quantity` this identity sets aside: each fits with no reading of the other figures from
    sources at least as good as its own, while another reading of `quantity`, apart from it, fits with such readings."""
    place = identity.quantities.index(quantity)
    found: dict[Reading, Finding] = {}
    for reading in readings[quantity]:
        rank = tier_rank(reading.kind)
        options = [groups([other for other in readings.get(each, []) if tier_rank(other.kind) <= rank])
                   if where != place else [[reading]] for where, each in enumerate(identity.quantities)]
        if not all(options) or any(fitted for _, fitted in tried(identity, options)):
            continue
        for rival in readings[quantity]:
            if rival.agrees(reading):
                continue
            options[place] = [[rival]]
            fitting = next((choice for choice, fitted in tried(identity, options) if fitted), None)
            if fitting is not None:
                chosen = tuple(reading if where == place else options[where][fitting[where]][0]
                               for where in range(len(options)))
                found[reading] = Finding(identity, chosen, place, rival)
                break
    return found


# --- in words ------------------------------------------------------------------------------------------------------

def decimals(halfwidth: float) -> int:
    """The digits after the point that a figure with this rounding was printed with."""
    return max(0, -math.floor(math.log10(2 * halfwidth) + 1e-9)) if halfwidth > 0 else 4


def printed(reading: Reading, rate: bool) -> str:
    text = f"{reading.value:,.{decimals(reading.halfwidth)}f}"
    return f"{'+' if reading.value >= 0 else ''}{text}%" if rate else text


def outward(bounds: Bounds, digits: int, rate: bool) -> str:
    """A range rounded outward (the low end down, the high end up), so that the range shown holds what it bounds."""
    scale = 10 ** digits
    low, high = math.floor(bounds[0] * scale + 1e-9) / scale, math.ceil(bounds[1] * scale - 1e-9) / scale
    if rate:
        return f"{low:+,.{digits}f}% to {high:+,.{digits}f}%"
    return f"{low:,.{digits}f} to {high:,.{digits}f}"


def describe(finding: Finding, name: Callable[[Reading], str], unit: str) -> str:
    """A finding in one sentence, each figure followed by `name(reading)` (its line, or its source); `unit` is the
    levels' standard unit ("USD bn")."""
    identity, readings, position = finding.identity, finding.readings, finding.position
    quantities = identity.quantities
    reporter, partner, flow, period = quantities[0][:4]

    def shown(index: int, label: str) -> str:
        return f"{label} {printed(readings[index], quantities[index][4] == 'yoy_pct')} ({name(readings[index])})"

    if identity.kind == GROWTH:
        head = f"{reporter} {flow} with {partner}, {period} ({quantities[0][5]})"
        labels = [f"the level of {period}", f"the level of {quantities[1][3]}", "the y/y rate"]
    elif identity.kind == MONTHS:
        head = f"{reporter} {flow} with {partner} ({unit})"
        labels = [quantity[3] for quantity in quantities]
    else:
        head = f"{reporter} with {partner}, {period} ({unit})"
        labels = [quantity[2] for quantity in quantities]
    others = [index for index in range(len(quantities)) if index != position]
    if identity.kind == GROWTH:
        against = " and ".join(shown(index, labels[index]) for index in others)
    else:  # the figure singled out is the sum of the others, each with its sign: positive terms first
        signs = {index: -identity.coefficients[index] / identity.coefficients[position] for index in others}
        ordered = sorted(others, key=lambda index: signs[index] < 0)
        against = shown(ordered[0], labels[ordered[0]]) + "".join(
            f" {'plus' if signs[index] > 0 else 'less'} {shown(index, labels[index])}" for index in ordered[1:])
    rate = quantities[position][4] == "yoy_pct"
    text = f"{head}: {shown(position, labels[position])} contradicts {against} beyond their rounding"
    bounds = implied(identity, position, readings)
    if bounds is not None:  # a digit more than the range's width needs, and than the figure was printed with, at most
        digits = min(decimals(max(bounds[1] - bounds[0], 1e-9) / 2), decimals(readings[position].halfwidth)) + 1
        text += f": they put {labels[position]} at {outward(bounds, digits, rate)}{'' if rate else ' ' + unit}"
    if finding.fitting is not None:
        text += f"; {name(finding.fitting)} prints {printed(finding.fitting, rate)}, which fits"
    return text
