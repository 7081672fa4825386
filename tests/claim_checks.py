"""Each claim's check function, called with the claim's parameters as its notebook calls it."""

from __future__ import annotations

from typing import Any

from tradeclaims.checks import asean, europe, growth, imports, india, mirror, outlook, partners, south, totals
from tradeclaims.checks.registry import Claim
from tradeclaims.checks.result import Check
from tradeclaims.ledger.figures import Ledger

FUNCTIONS = {
    "exports-jan-nov": totals.level_claim,
    "surplus-jan-nov": totals.level_claim,
    "us-november-drop": growth.partner_yoy_claim,
    "india-deficit": india.india_deficit_claim,
    "eu-early-rise": europe.early_rise_claim,
    "eu-october-vs-may": europe.october_vs_may_claim,
    "asean-growth": asean.asean_claim,
    "global-south-offset": south.offset_claim,
    "global-south-size": south.size_claim,
    "weak-imports": imports.imports_claim,
    "mexico-indonesia": partners.concerns_claim,
    "outlook-2026": outlook.outlook_claim,
    "us-mirror": mirror.mirror_claim,
}
NUMERIC = {"number": float, "integer": int}


def typed(claim: Claim, values: dict[str, Any]) -> dict[str, Any]:
    """Parameter values as the notebook receives them (numbers as numbers, the rest as text)."""
    return {name: NUMERIC.get(claim.parameters[name].type, str)(value) for name, value in values.items()}


def run_check(ledger: Ledger, claim: Claim, overrides: dict[str, Any] | None = None) -> Check:
    values = typed(claim, {**claim.defaults(), **(overrides or {})})
    values.pop("source", None)
    return FUNCTIONS[claim.id](ledger, claim.id, **values)
