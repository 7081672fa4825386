"""Each claim's check function (found through the registry: the claim's `check`), called with the claim's parameters
as its notebook calls it."""

from __future__ import annotations

from typing import Any

from tradeclaims.checks.registry import Claim
from tradeclaims.checks.result import Check
from tradeclaims.ledger.figures import Ledger

NUMERIC = {"number": float, "integer": int}


def typed(claim: Claim, values: dict[str, Any]) -> dict[str, Any]:
    """Parameter values as the notebook receives them (numbers as numbers, the rest as text)."""
    return {name: NUMERIC.get(claim.parameters[name].type, str)(value) for name, value in values.items()}


def run_check(ledger: Ledger, claim: Claim, overrides: dict[str, Any] | None = None) -> Check:
    values = typed(claim, {**claim.defaults(), **(overrides or {})})
    values.pop("source", None)
    return claim.check_function()(ledger, claim.id, **values)
