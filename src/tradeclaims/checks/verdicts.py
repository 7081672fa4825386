"""Verdict rules: how a measured figure settles the article's wording.

Each rule compares a measured value with the article's figure and returns a Verdict with a reason in
plain words. Tolerances are parameters of the claim, so a reader can see and change how strict a
rule is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

SUPPORTED = "supported"
PARTLY = "partly supported"
NOT_SUPPORTED = "not supported"
INSUFFICIENT = "insufficient data"
TOO_EARLY = "too early to tell"  # a claim about the future whose horizon has not passed
VERDICTS = (SUPPORTED, PARTLY, NOT_SUPPORTED, INSUFFICIENT, TOO_EARLY)
# A headline that can only be a bound, because parts of the quantity lack figures: the true value is at least a
# LOWER bound, at most an UPPER one.
LOWER, UPPER = "lower", "upper"
BOUND_WORDS = {None: "", LOWER: "at least ", UPPER: "at most "}


@dataclass(frozen=True)
class Verdict:
    label: str
    reason: str

    def __post_init__(self):
        if self.label not in VERDICTS:
            raise ValueError(f"unknown verdict {self.label!r}")


def rounded(value: float, bound: str | None = None, digits: int = 1) -> float:
    """A value rounded for display; a lower bound rounded down and an upper bound up, so that the shown bound
    still holds ("at least 71.4" for 71.46, never "at least 71.5")."""
    scale = 10 ** digits
    if not math.isfinite(value):
        return value
    if bound == LOWER:
        return math.floor(value * scale + 1e-9) / scale
    if bound == UPPER:
        return math.ceil(value * scale - 1e-9) / scale
    return round(value, digits)


def spec_digits(spec: str) -> int:
    """The decimals a format spec shows: ',.2f' -> 2, '+.1f' -> 1, ',.0f' or ',d' -> 0."""
    precision = re.search(r"\.(\d+)", spec)
    return int(precision.group(1)) if precision else 0


# Units that count things (countries that objected, statements and events found): their figures are whole numbers
COUNT_UNITS = frozenset({"countries", "statements", "events"})


def shown_digits(value: float, unit: str) -> int:
    """The decimals a headline figure is shown with: none for a whole count ('2 countries', not '2.0 countries'),
    one otherwise (a count that is not whole keeps its decimal, so that nothing is hidden by the rounding)."""
    return 0 if unit in COUNT_UNITS and float(value).is_integer() else 1


def fmt(value: float, unit: str, bound: str | None = None) -> str:
    value = rounded(value, bound)
    if unit == "%":
        return f"{value:+.1f}%"
    if unit == "pp":
        return f"{value:+.1f} pp"
    return f"{value:,.1f} {unit}".replace("USD bn", "US$ bn")


def apart(amount: float, unit: str, spec: str = "g") -> str:
    """How far two figures in `unit` are apart, with the unit of the difference: a rate's ('%' or 'pp') in
    percentage points (2% against 4% is 2 points apart, not 2%), a level's in the level's own unit."""
    text = format(amount, spec)
    if unit in ("%", "pp"):
        return f"{text} percentage point{'' if text == '1' else 's'}"
    return f"{text} {unit}".replace("USD bn", "US$ bn")


@dataclass(frozen=True)
class Interval:
    """Where a figure can lie given the rounding of the published figures it comes from.

    Its text is rounded outward (the low end down, the high end up), so that the interval shown still holds every
    value the figures allow: `str(interval)`, `f"{interval:,.2f}"`, `interval.text("US$ bn")`."""

    low: float
    high: float

    @classmethod
    def around(cls, value: float, halfwidth: float) -> Interval:
        return cls(value - abs(halfwidth), value + abs(halfwidth))

    @classmethod
    def spanning(cls, values: Iterable[float]) -> Interval:
        """The smallest interval holding every value (the ends of a quantity computed at each corner of its inputs'
        intervals)."""
        found = list(values)
        return cls(min(found), max(found))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def __truediv__(self, other: Interval) -> Interval:
        """A ratio's interval: for positive intervals, the low end over the other's high end to the high end over its
        low end (every pairing of ends in general); undefined when the divisor's interval holds 0."""
        if other.low <= 0 <= other.high:
            raise ZeroDivisionError(f"the divisor's interval {other} holds 0")
        return Interval.spanning(a / b for a in (self.low, self.high) for b in (other.low, other.high))

    def end(self, bound: str | None) -> float | None:
        """The end a bound takes: the low end for a lower bound, the high end for an upper one (None otherwise)."""
        return {LOWER: self.low, UPPER: self.high}.get(bound)

    def gap_to(self, other: Interval) -> float:
        """How far apart two intervals are (0 when they overlap)."""
        return max(0.0, other.low - self.high, self.low - other.high)

    def text(self, unit: str = "", digits: int = 1, joiner: str = "to") -> str:
        """'1,064.9 to 1,081.2 US$ bn' ('1,064.9 and 1,081.2' after 'between'): the ends rounded outward."""
        low, high = rounded(self.low, LOWER, digits), rounded(self.high, UPPER, digits)
        return f"{low:,.{digits}f} {joiner} {high:,.{digits}f}{f' {unit}' if unit else ''}"

    def __str__(self) -> str:
        return self.text()

    def __format__(self, spec: str) -> str:
        """Both ends in the format `spec` (",.2f"), rounded outward at its precision first."""
        if not spec:
            return str(self)
        digits = spec_digits(spec)
        low, high = rounded(self.low, LOWER, digits), rounded(self.high, UPPER, digits)
        return f"{format(low, spec)} to {format(high, spec)}"


def nearly(measured: float, target: float, tolerance: float, unit: str = "%") -> Verdict:
    """'nearly X': the measure is a little short of X in size (up to `tolerance`), or at X within rounding.

    Works on sizes, so 'fell nearly 30%' (target -30) is met by -28.6 but not by -20 or -35.
    """
    size, goal = abs(measured), abs(target)
    shortfall = goal - size
    text = f"The measured figure is {fmt(measured, unit)} against the article's 'nearly' {fmt(target, unit)}"
    if -0.5 <= shortfall <= tolerance and (measured >= 0) == (target >= 0):
        return Verdict(SUPPORTED, f"{text}: within {apart(tolerance, unit)} of it, as 'nearly' allows.")
    off = apart(abs(shortfall), unit, ".1f")
    if -tolerance <= shortfall <= 2 * tolerance and (measured >= 0) == (target >= 0):
        return Verdict(PARTLY, f"{text}: the direction is right but the size is off by {off}.")
    return Verdict(NOT_SUPPORTED, f"{text}: off by {off}, beyond what 'nearly' allows.")


def bears_out(mirror: float, claimed: float, tolerance: float, unit: str = "%") -> Verdict:
    """Whether a mirror (the partner's own statistics of the same trade) bears a claimed change out.

    The two sides' records differ by known gaps (valuation, shipping time, re-exports, small parcels), so a mirror is
    not held to the claimed size: a change the same way at least as large (within `tolerance`) bears the claim out (a
    steeper fall does not contradict 'plummeted'); a smaller change the same way bears out the direction only; a change
    the other way does not bear it out.
    """
    text = f"The partner's figures show {fmt(mirror, unit)} against the claimed {fmt(claimed, unit)}"
    if mirror * claimed <= 0 and mirror != claimed:
        return Verdict(NOT_SUPPORTED, f"{text}: a change the other way, which the known mirror gaps do not explain.")
    if abs(mirror) >= abs(claimed) - tolerance:
        steeper = " a change the same way and steeper, which" if abs(mirror) > abs(claimed) + tolerance else ""
        return Verdict(SUPPORTED, f"{text}:{steeper or ' about the same change, which'} bears the claim out.")
    return Verdict(PARTLY, f"{text}: the same direction, but a smaller change than claimed.")


def exceeds(measured: float, threshold: float, unit: str) -> Verdict:
    """'exceeded X': strictly above X."""
    if measured > threshold:
        return Verdict(SUPPORTED, f"The measured {fmt(measured, unit)} is above the article's {fmt(threshold, unit)}.")
    return Verdict(NOT_SUPPORTED, f"The measured {fmt(measured, unit)} is not above {fmt(threshold, unit)}.")


def about(measured: float, target: float, tolerance: float, unit: str, halfwidth: float = 0.0) -> Verdict:
    """'reached X', 'roughly X': within `tolerance` of X (partly within twice that).

    `halfwidth` is the rounding the measured figure carries (from its inputs' published digits): the rule compares
    the interval the figure can lie in, so a figure whose rounding reaches the tolerance band is within it.
    """
    where = Interval.around(measured, halfwidth)
    gap = where.gap_to(Interval(target, target))
    rounding = f" (with its inputs' rounding, {where.text()})" if halfwidth else ""
    shown_gap = rounded(gap, LOWER, 2) if halfwidth else gap  # the least it can differ by: a lower bound
    text = (f"The measured {fmt(measured, unit)}{rounding} differs from the article's {fmt(target, unit)} by "
            f"{'at least ' if halfwidth else ''}{apart(shown_gap, unit, ',.2f')}")
    allowed = apart(tolerance, unit)
    if gap <= tolerance:
        return Verdict(SUPPORTED, f"{text}, within the tolerance of {allowed}.")
    if gap <= 2 * tolerance:
        return Verdict(PARTLY, f"{text}: close, but beyond the tolerance of {allowed}.")
    return Verdict(NOT_SUPPORTED, f"{text}, well beyond the tolerance of {allowed}.")


def against_bound(measured: float, threshold: float, bound: str | None, *, above: bool) -> str:
    """Whether the true value is at or above the threshold (`above`) or below it, from a measure that is the value
    itself (bound None), a lower bound (the true value is at least the measure) or an upper bound (at most it).

    A bound settles the question only on its own side: a lower bound at or above the threshold shows the value is
    too, but a lower bound below it cannot show the value falls short (the missing parts may make up the difference);
    the same, mirrored, for an upper bound. Otherwise the answer is `insufficient data`.
    """
    meets = measured >= threshold if above else measured < threshold
    keeps_meeting = (LOWER if above else UPPER, None)  # the true value lies on the side that keeps `meets` true
    keeps_failing = (UPPER if above else LOWER, None)
    if meets:
        return SUPPORTED if bound in keeps_meeting else INSUFFICIENT
    return NOT_SUPPORTED if bound in keeps_failing else INSUFFICIENT


def at_least(measured: float, threshold: float, unit: str, bound: str | None = None, ours: bool = False
             ) -> Verdict:
    """'over X', 'more than X': at or above X (from a bound, see against_bound). `ours`: X is a threshold of ours
    (the article printed no number), and is called so."""
    shown = f"The measured {BOUND_WORDS[bound]}{fmt(measured, unit, bound)}"
    whose = "our threshold of" if ours else "the article's"
    label = against_bound(measured, threshold, bound, above=True)
    if label == SUPPORTED:
        return Verdict(SUPPORTED, f"{shown} is at least {whose} {fmt(threshold, unit)}.")
    if label == NOT_SUPPORTED:
        return Verdict(NOT_SUPPORTED, f"{shown} is below {whose} {fmt(threshold, unit)}.")
    return Verdict(INSUFFICIENT, f"{shown} is a {bound} bound on the other side of {fmt(threshold, unit)}: the parts "
                                 "without figures could move it either side, so the figures cannot settle it.")


def less_than(measured: float, threshold: float, unit: str, halfwidth: float = 0.0, ours: bool = False) -> Verdict:
    """'fell below X', 'under X': below X over the whole of the interval the measure's rounding allows; not supported
    when the whole interval is at or above X; an interval reaching both sides cannot settle it. `ours`: X is a
    threshold of ours (the article printed no number), and is called so."""
    where = Interval.around(measured, halfwidth)
    rounding = f" (with its inputs' rounding, {where.text()})" if halfwidth else ""
    shown = f"The measured {fmt(measured, unit)}{rounding}"
    whose = "our threshold of" if ours else "the article's"
    if where.high < threshold:
        return Verdict(SUPPORTED, f"{shown} is below {whose} {fmt(threshold, unit)}.")
    if where.low >= threshold:
        return Verdict(NOT_SUPPORTED, f"{shown} is not below {whose} {fmt(threshold, unit)}.")
    return Verdict(INSUFFICIENT, f"{shown} reaches both sides of {whose} {fmt(threshold, unit)}: the published "
                                 "figures' rounding cannot settle it.")


def record(measured: Interval, earlier: dict[str, Interval | None], unit: str, mark: float | None = None,
           at_most: Iterable[str] = ()) -> Verdict:
    """'a record' (no `mark`): above every earlier period, over the whole of the rounding intervals; 'above X for the
    first time' (`mark` X): above X while no earlier period was. `earlier` holds each earlier period the comparison
    reaches, with the interval its figure lies in, None when the ledger lacks it; the periods in `at_most` are known
    only by an upper bound (their interval runs from 0 to it), and are listed as 'at most' the bound.

    Not supported when the measure is certainly not above the mark or an earlier period certainly reached the bar;
    otherwise insufficient data while a period lacks its figure (it could have been higher); partly supported when
    rounding leaves the measure or an earlier period on either side of the bar; supported when the measure is above
    it and every earlier period below it.
    """
    bounded = set(at_most)

    def middle(where: Interval) -> str:
        return fmt((where.low + where.high) / 2, unit)

    def shown(period: str, where: Interval) -> str:
        return f"at most {fmt(where.high, unit, UPPER)}" if period in bounded else middle(where)

    if not earlier:
        return Verdict(INSUFFICIENT, "There is no earlier period to compare with.")
    held = {period: where for period, where in earlier.items() if where is not None}
    missing = [period for period, where in earlier.items() if where is None]
    if mark is None:  # the bar is the measure itself
        beaten = [period for period, where in held.items() if where.low >= measured.high]
        unsure = [period for period, where in held.items() if where.high >= measured.low and period not in beaten]
        short, bar = False, "every earlier period"
    else:
        beaten = [period for period, where in held.items() if where.low > mark]
        unsure = [period for period, where in held.items() if where.high > mark and period not in beaten]
        unsure += ["the measure itself"] if measured.low <= mark < measured.high else []
        short, bar = measured.high <= mark, f"{fmt(mark, unit)}, which no earlier period reached"
    listed = "; ".join(f"{period}: {shown(period, where)}" for period, where in held.items()) or "none"
    text = f"The measured {middle(measured)} ({measured.text()}) against the earlier periods held ({listed})"
    if short:
        return Verdict(NOT_SUPPORTED, f"{text}: it is not above {fmt(mark, unit)}.")
    if beaten:
        reached = "it" if mark is None else fmt(mark, unit)
        return Verdict(NOT_SUPPORTED, f"{text}: {', '.join(beaten)} already reached {reached}.")
    if missing:
        return Verdict(INSUFFICIENT, f"{text}: the ledger lacks {', '.join(missing)}, which could have been higher.")
    if unsure:
        return Verdict(PARTLY, f"{text}: within the published rounding, {', '.join(unsure)} could lie either side.")
    return Verdict(SUPPORTED, f"{text}: above {bar}.")


def too_early(due: str, so_far: str) -> Verdict:
    """A prediction whose horizon has not passed: the evidence so far is shown, not judged."""
    return Verdict(TOO_EARLY, f"A prediction that can be judged from {due}; so far: {so_far}")


def insufficient(missing: list[str]) -> Verdict:
    listed = "; ".join(missing)
    return Verdict(INSUFFICIENT, f"The ledger lacks the figures this claim needs: {listed}.")
