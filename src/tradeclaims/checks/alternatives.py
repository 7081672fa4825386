"""Does the verdict depend on the source? The check rerun under every alternative the ledger holds.

Alternatives: each route not taken to a quantity (another way of reaching it, another currency basis, another
edition), and, with the routes kept, each other origin's figure for each input. The verdict is robust when at least one
alternative at or above the tier of the chosen evidence was tried and every such alternative gives the same verdict;
untested (None) when no such alternative was tried.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from tradeclaims.ledger.origins import other_origins
from tradeclaims.ledger.quality import TIERS, tier_rank
from tradeclaims.ledger.views import with_figure, with_routes

if TYPE_CHECKING:
    from tradeclaims.checks.routes import Choice
    from tradeclaims.checks.verdicts import Verdict
    from tradeclaims.ledger.figures import Figure, Ledger


class Check(Protocol):
    """What the alternatives read of a check (checks.result.Check is one): its verdict and headline, the routes it
    chose, the figures it rests on, and how to run it again on another view of the ledger."""

    @property
    def verdict(self) -> Verdict: ...

    @property
    def measured(self) -> float | None: ...

    @property
    def bound(self) -> str | None: ...

    @property
    def choices(self) -> list[Choice]: ...

    @property
    def rerun(self) -> Callable[[Ledger], Check] | None: ...

    @property
    def ledger(self) -> Ledger | None: ...

    def verdict_inputs(self) -> list[Figure]: ...

    def role(self, figure: Figure) -> str: ...

    def evidence(self) -> str | None: ...


def alternatives(check: Check) -> list[dict[str, Any]]:
    """The verdict and headline figure under each route not taken and each other origin's figure."""
    if check.rerun is None or check.ledger is None:
        return []
    ledger = check.ledger
    found = []
    for choice in check.choices:
        for route in choice.not_taken:
            swapped = f"{choice.quantity}: {route.name} ({route.value:,.2f}) instead of {choice.taken.name}"
            found.append(outcome(check, with_routes(ledger, {choice.quantity: route.name}), swapped, route.weakest))
    kept_routes = with_routes(ledger, {choice.quantity: choice.taken.name for choice in check.choices})
    for figure in check.verdict_inputs():
        for other in other_origins(figure):
            found.append(outcome(check, with_figure(kept_routes, other), swap_text(check, figure, other),
                                 other.source.kind))
    return found


def swap_text(check: Check, figure: Figure, other: Figure) -> str:
    return (f"{check.role(figure)} ({figure.period}): {other.value:,.2f} from {other.source.publisher} "
            f"instead of {figure.value:,.2f} from {figure.source.publisher}")


def outcome(check: Check, view: Ledger, swapped: str, kind: str) -> dict[str, Any]:
    other = check.rerun(view)
    measured = None if other.measured is None else round(float(other.measured), 4)
    return {"swapped": swapped, "kind": kind, "verdict": other.verdict.label, "measured": measured,
            "bound": None if measured is None else other.bound}


def standing(check: Check, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The alternatives at or above the tier of the chosen evidence (those that can test the verdict)."""
    floor = tier_rank(check.evidence() or TIERS[-1])
    return [item for item in found if tier_rank(item["kind"]) <= floor]


def robust(check: Check, found: list[dict[str, Any]]) -> bool | None:
    """True when at least one alternative at or above the tier of the chosen evidence was tried and every such
    alternative gives the same verdict; False when one gives another; None when none was tried (alternatives only on
    weaker sources test nothing: they are shown, but the verdict is not tested against a source of the same
    standing)."""
    tested = standing(check, found)
    if not tested:
        return None
    return all(item["verdict"] == check.verdict.label for item in tested)
