"""Each claim's check function (found through the registry: the claim's `check`), called with the claim's parameters
as its notebook calls it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tradeclaims.checks.registry import Claim, load_registry
from tradeclaims.checks.result import Check
from tradeclaims.ledger.figures import Ledger

from .conftest import ROOT

REGISTRY = load_registry(ROOT / "claims.yaml")
NUMERIC = {"number": float, "integer": int}


def check_of(claim_id: str) -> Callable[..., Check]:
    """The claim's check function, as claims.yaml names it (its `check`)."""
    return REGISTRY[claim_id].check_function()


def claim_check(ledger: Ledger, claim_id: str, *args: Any, **kwargs: Any) -> Check:
    """The claim's check called with other arguments than the claim's defaults."""
    return check_of(claim_id)(ledger, claim_id, *args, **kwargs)


def typed(claim: Claim, values: dict[str, Any]) -> dict[str, Any]:
    """Parameter values as the notebook receives them (numbers as numbers, the rest as text)."""
    return {name: NUMERIC.get(claim.parameters[name].type, str)(value) for name, value in values.items()}


def run_check(ledger: Ledger, claim: Claim, overrides: dict[str, Any] | None = None) -> Check:
    values = typed(claim, {**claim.defaults(), **(overrides or {})})
    values.pop("source", None)
    return claim.check_function()(ledger, claim.id, **values)
