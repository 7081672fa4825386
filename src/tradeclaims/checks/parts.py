"""A claim judged part by part: each assertion of the article's sentence, premises included, gets its own verdict.

The claim's verdict combines them by one rule, tried in this order: `supported` when every part is supported; `not
supported` when the main part is not; `too early to tell` when the main part is a prediction not yet due; `insufficient
data` when no part can be judged; otherwise `partly supported` if some part is supported or partly supported, and `not
supported` if none is (then some part, a premise, is not supported: a claim cannot be partly right when nothing in it
holds).
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
        "if the main part is a prediction not yet due; insufficient data if no part can be judged; otherwise partly "
        "supported if some part is supported or partly supported, and not supported if none is and some part (a "
        "premise) is not.")
UNJUDGED = (INSUFFICIENT, TOO_EARLY)
HOLDING = (SUPPORTED, PARTLY)  # a part that holds, at least in part


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
    asks: str = ""  # what a rerun with other parameters asks of these words, in our words ("" when the article's own)

    def entry(self) -> dict[str, Any]:
        return {"words": self.words, "verdict": self.verdict.label, "reason": self.verdict.reason,
                "measured": None if self.measured is None else round(float(self.measured), 4),
                "period": self.period, "unit": self.unit, "bound": None if self.measured is None else self.bound,
                "main": self.main, "premise": self.premise,
                **({"asks": self.asks} if self.asks else {})}


def main_part(parts: list[Part]) -> Part:
    return next((part for part in parts if part.main), parts[0])


def combined_label(parts: list[Part]) -> str:
    """The claim's verdict from its parts' verdicts, by the rule (in its order)."""
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
    if any(label in HOLDING for label in labels):
        return PARTLY
    return NOT_SUPPORTED  # some part is judged, none holds: what was judged is not supported


def part_label(part: Part) -> str:
    role = " (main part)" if part.main else " (a premise)" if part.premise else ""
    return f"“{part.words}”{role}: {part.verdict.label}"


def quoted(parts: list[Part]) -> str:
    """Parts named by their words, with their role: “a” (main part) and “b” (a premise)."""
    names = [f"“{part.words}”{' (main part)' if part.main else ' (a premise)' if part.premise else ''}"
             for part in parts]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def why_combined(parts: list[Part], label: str) -> str:
    """Which branch of the rule gives the claim its verdict, in a sentence."""
    main = main_part(parts)
    if label == SUPPORTED:
        return "Every part is supported."
    if label == TOO_EARLY and main.verdict.label == TOO_EARLY:
        return "The main part is a prediction not yet due, so it is too early to tell."
    if label == NOT_SUPPORTED and main.verdict.label == NOT_SUPPORTED:
        return "The main part is not supported, so neither is the claim."
    if label == INSUFFICIENT:
        return "No part can be judged on the figures in the ledger."
    holding = [part for part in parts if part.verdict.label in HOLDING]
    failing = [part for part in parts if part.verdict.label == NOT_SUPPORTED]
    if label == PARTLY and len(holding) == len(parts):
        return "Partly supported: every part holds in part, not every one in full."
    if label == PARTLY:
        verb = "holds" if len(holding) == 1 else "hold"
        return f"Partly supported: {quoted(holding)} {verb}, at least in part, but not every part is supported."
    verb = "is" if len(failing) == 1 else "are"
    return (f"Not supported: no part is supported or partly supported, and {quoted(failing)} {verb} not "
            "supported.")


def combine_parts(parts: list[Part]) -> Verdict:
    """The claim's verdict from its parts, in a few sentences: each part's words and verdict, which branch of the rule
    decides, then the main part's reason (each part's own reason goes with it in results.json and the report's table
    of parts)."""
    if len(parts) == 1:
        return parts[0].verdict
    label = combined_label(parts)
    listed = "; ".join(part_label(part) for part in parts)
    return Verdict(label, f"Judged in {len(parts)} parts: {listed}. {why_combined(parts, label)} "
                          f"{main_part(parts).verdict.reason}")
