"""The comparison rules a claim names in claims.yaml (`rule:`), in one place, and how a check declares the rules it
applies.

A check function says which rules it knows how to apply with `@applies("exceeds", "about")`; the registry refuses a
claim whose rule is not one of RULES, or is not one its check applies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

# Each rule, and what it asks of the figure measured, in words.
RULES = {
    "exceeds": "the figure is above the article's (over the whole of its rounding interval)",
    "about": "the figure is within a tolerance either side of the article's",
    "nearly": "the figure is close to the article's and not beyond it (short of it by at most a tolerance)",
    "at_least": "the figure is at or above a threshold (the article's, or ours when it printed none)",
    "less_than": "the figure is below the one it is set against",
    "share_of_growth": "the share of growth a driver supplied is at or above a threshold of ours",
    "events_per_country": "every country named did or said something on the matter within the article's time frame",
    "prediction": "a claim about the future: too early to tell until its horizon has passed, then judged on figures",
    "bears_out": "the partner's own statistics show the change the article reports, given the known gaps",
    "record": "the figure is above every earlier period of the span compared (or above a mark no earlier period "
              "reached), each of them held in the ledger",
}
ATTRIBUTE = "rules"  # the attribute of a check function that lists the rules it applies

Function = TypeVar("Function", bound=Callable)


def applies(*rules: str) -> Callable[[Function], Function]:
    """Declare the rules a check function applies (each one of RULES)."""
    unknown = [rule for rule in rules if rule not in RULES]
    if unknown or not rules:
        raise ValueError(f"unknown rule {unknown[0]!r} (known: {', '.join(RULES)})" if unknown else "no rule named")

    def declared(function: Function) -> Function:
        setattr(function, ATTRIBUTE, tuple(rules))
        return function

    return declared


def rules_applied(function: Callable) -> tuple[str, ...]:
    """The rules a check function declares it applies (none when it declares none)."""
    return tuple(getattr(function, ATTRIBUTE, ()))
