"""A claim judged part by part: each assertion of the article's sentence, premises included, gets its own verdict.

The claim's verdict combines them by one rule: `supported` when every part is supported; `not supported` when the
main part is not; `too early to tell` when the main part is a prediction not yet due; `insufficient data` only when
no part can be judged; `partly supported` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradeclaims.checks.verdicts import (
    INSUFFICIENT,
    NOT_SUPPORTED,
    PARTLY,
    SUPPORTED,
    TOO_EARLY,
    Verdict,
)

RULE = ("Judged part by part: supported if every part is; not supported if the main part is not; too early to tell "
        "if the main part is a prediction not yet due; insufficient data if no part can be judged; else partly "
        "supported.")
UNJUDGED = (INSUFFICIENT, TOO_EARLY)


@dataclass(frozen=True, kw_only=True)
class Part:
    """One assertion of the claim's sentence and its verdict."""

    words: str  # the article's words it judges (a few words, verbatim)
    verdict: Verdict
    measured: float | None = None
    period: str | None = None
    unit: str = ""
    bound: str | None = None  # verdicts.LOWER or UPPER when the measure can only be a bound
    main: bool = False
    premise: bool = False  # taken for granted by the sentence rather than asserted

    def entry(self) -> dict[str, Any]:
        return {"words": self.words, "verdict": self.verdict.label, "reason": self.verdict.reason,
                "measured": None if self.measured is None else round(float(self.measured), 4),
                "period": self.period, "unit": self.unit, "bound": None if self.measured is None else self.bound,
                "main": self.main, "premise": self.premise}


def main_part(parts: list[Part]) -> Part:
    return next((part for part in parts if part.main), parts[0])


def combined_label(parts: list[Part]) -> str:
    labels = [part.verdict.label for part in parts]
    main = main_part(parts).verdict.label
    if all(label == SUPPORTED for label in labels):
        return SUPPORTED
    if main == NOT_SUPPORTED:
        return NOT_SUPPORTED
    if main == TOO_EARLY:
        return TOO_EARLY
    if all(label in UNJUDGED for label in labels):
        return INSUFFICIENT
    return PARTLY


def part_label(part: Part) -> str:
    role = " (main part)" if part.main else " (a premise)" if part.premise else ""
    return f"“{part.words}”{role}: {part.verdict.label}"


def combine_parts(parts: list[Part]) -> Verdict:
    """The claim's verdict from its parts, in a sentence or two: each part's words and verdict, then the main part's
    reason (each part's own reason goes with it in results.json and the report's table of parts)."""
    if len(parts) == 1:
        return parts[0].verdict
    label = combined_label(parts)
    listed = "; ".join(part_label(part) for part in parts)
    return Verdict(label, f"Judged in {len(parts)} parts: {listed}. {main_part(parts).verdict.reason}")
