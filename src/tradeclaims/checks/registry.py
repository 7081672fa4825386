"""The claims registry (claims.yaml): one entry per claim, with typed parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tradeclaims.errors import UsageError

REQUIRED = ("id", "title", "claim", "quote", "notebook", "article_value", "unit", "rule", "parameters")


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    type: str  # month, period, partner, choice, number, integer, string
    default: Any
    choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    help: str = ""


@dataclass(frozen=True)
class Claim:
    id: str
    title: str
    claim: str
    quote: str
    notebook: str
    article_value: float | None
    unit: str
    rule: str
    parameters: dict[str, ParameterSpec]
    reads: tuple[str, ...] = ("observations", "sources", "partners")
    notes: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    rerun: dict[str, Any] = field(default_factory=dict)  # an example of other parameters, for the rerun line

    def defaults(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.parameters.items()}

    def rerun_command(self) -> str:
        """The command that reruns this claim with other parameters, e.g. `tradeclaims run ID -p month 2025-05`."""
        options = "".join(f" -p {name} {value}" for name, value in self.rerun.items())
        return f"tradeclaims run {self.id}{options}"


def parse_spec(claim_id: str, name: str, entry: dict[str, Any]) -> ParameterSpec:
    if not isinstance(entry, dict) or "type" not in entry or "default" not in entry:
        raise UsageError(f"claims.yaml: claim {claim_id}: parameter {name} needs a type and a default")
    return ParameterSpec(
        name,
        entry["type"],
        entry["default"],
        tuple(entry.get("choices", ())),
        entry.get("min"),
        entry.get("max"),
        entry.get("help", ""),
    )


def parse_claim(entry: dict[str, Any]) -> Claim:
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        raise UsageError(f"claims.yaml: claim {entry.get('id', '?')} lacks {', '.join(missing)}")
    specs = {name: parse_spec(entry["id"], name, spec) for name, spec in entry["parameters"].items()}
    unknown = [name for name in entry.get("rerun") or {} if name not in specs]
    if unknown:
        raise UsageError(f"claims.yaml: claim {entry['id']}: rerun names unknown parameter {unknown[0]!r}")
    return Claim(
        entry["id"],
        entry["title"],
        entry["claim"],
        entry["quote"],
        entry["notebook"],
        entry["article_value"],
        entry["unit"],
        entry["rule"],
        specs,
        tuple(entry.get("reads", ("observations", "sources", "partners"))),
        entry.get("notes", ""),
        entry,
        dict(entry.get("rerun") or {}),
    )


def read_yaml(path: Path, when_missing: str) -> Any:
    """A YAML file's document; a missing or malformed file is a one-line usage error naming it."""
    if not path.exists():
        raise UsageError(f"{path}: {when_missing}")
    try:
        return yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise UsageError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None


def load_registry(path: Path | str = "claims.yaml") -> dict[str, Claim]:
    """Claims by id, in file order."""
    path = Path(path)
    document = read_yaml(path, "not found (run tradeclaims from the project's folder)")
    claims = [parse_claim(entry) for entry in document.get("claims", [])]
    registry = {claim.id: claim for claim in claims}
    if len(registry) != len(claims):
        raise UsageError(f"{path}: a claim id appears twice")
    return registry


def select(registry: dict[str, Claim], ids: list[str]) -> list[Claim]:
    """The named claims (all when none is named); an unknown id is a usage error."""
    unknown = [claim_id for claim_id in ids if claim_id not in registry]
    if unknown:
        raise UsageError(f"unknown claim {unknown[0]!r}; known: {', '.join(registry)}")
    return [registry[claim_id] for claim_id in ids] if ids else list(registry.values())
