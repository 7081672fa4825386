"""Verdict rules: how a measured figure settles the article's wording.

Each rule compares a measured value with the article's figure and returns a Verdict with a reason in
plain words. Tolerances are parameters of the claim, so a reader can see and change how strict a
rule is.
"""

from __future__ import annotations

import math
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
    if bound == LOWER:
        return math.floor(value * scale + 1e-9) / scale
    if bound == UPPER:
        return math.ceil(value * scale - 1e-9) / scale
    return round(value, digits)


def fmt(value: float, unit: str, bound: str | None = None) -> str:
    value = rounded(value, bound)
    if unit == "%":
        return f"{value:+.1f}%"
    if unit == "pp":
        return f"{value:+.1f} pp"
    return f"{value:,.1f} {unit}".replace("USD bn", "US$ bn")


@dataclass(frozen=True)
class Interval:
    """Where a figure can lie given the rounding of the published figures it comes from."""

    low: float
    high: float

    @classmethod
    def around(cls, value: float, halfwidth: float) -> Interval:
        return cls(value - abs(halfwidth), value + abs(halfwidth))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def gap_to(self, other: Interval) -> float:
        """How far apart two intervals are (0 when they overlap)."""
        return max(0.0, other.low - self.high, self.low - other.high)

    def text(self, unit: str = "") -> str:
        return f"{self.low:,.1f} to {self.high:,.1f}{f' {unit}' if unit else ''}"


def nearly(measured: float, target: float, tolerance: float, unit: str = "%") -> Verdict:
    """'nearly X': the measure is a little short of X in size (up to `tolerance`), or at X within rounding.

    Works on sizes, so 'fell nearly 30%' (target -30) is met by -28.6 but not by -20 or -35.
    """
    size, goal = abs(measured), abs(target)
    shortfall = goal - size
    text = f"The measured figure is {fmt(measured, unit)} against the article's 'nearly' {fmt(target, unit)}"
    if -0.5 <= shortfall <= tolerance and (measured >= 0) == (target >= 0):
        return Verdict(SUPPORTED, f"{text}: within {tolerance:g} of it, as 'nearly' allows.")
    if -tolerance <= shortfall <= 2 * tolerance and (measured >= 0) == (target >= 0):
        return Verdict(PARTLY, f"{text}: the direction is right but the size is off by {abs(shortfall):.1f}.")
    return Verdict(NOT_SUPPORTED, f"{text}: off by {abs(shortfall):.1f}, beyond what 'nearly' allows.")


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
    text = (f"The measured {fmt(measured, unit)}{rounding} differs from the article's {fmt(target, unit)} by "
            f"{'at least ' if halfwidth else ''}{gap:,.2f}")
    if gap <= tolerance:
        return Verdict(SUPPORTED, f"{text}, within the tolerance of {tolerance:g}.")
    if gap <= 2 * tolerance:
        return Verdict(PARTLY, f"{text}: close, but beyond the tolerance of {tolerance:g}.")
    return Verdict(NOT_SUPPORTED, f"{text}, well beyond the tolerance of {tolerance:g}.")


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


def too_early(due: str, so_far: str) -> Verdict:
    """A prediction whose horizon has not passed: the evidence so far is shown, not judged."""
    return Verdict(TOO_EARLY, f"A prediction that can be judged from {due}; so far: {so_far}")


def insufficient(missing: list[str]) -> Verdict:
    listed = "; ".join(missing)
    return Verdict(INSUFFICIENT, f"The ledger lacks the figures this claim needs: {listed}.")
