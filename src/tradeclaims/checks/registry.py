"""The claims registry (claims.yaml): one entry per claim, with typed parameters.

Every problem in the file is named with its line (and column, for YAML syntax): `claims.yaml:LINE: message`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tradeclaims.errors import UsageError, shown
from tradeclaims.project import shown_path

REQUIRED = ("id", "title", "claim", "quote", "notebook", "article_value", "unit", "rule", "parameters")

# A parameter's type, what its value must be:
TYPES = {
    "month": "a month YYYY-MM (with figures in the ledger, see `figures`)",
    "period": "a period as the ledger writes them: 2025-11, 2025-01/2025-11, 2025, FY2024-25 (with figures, see `figures`)",
    "partner": "a partner code of data/partners.csv with figures (optionally one of `choices`)",
    "partners": "comma-separated partner codes of data/partners.csv",
    "choice": "one of `choices`",
    "number": "a finite number from `min` to `max`",
    "integer": "a whole number from `min` to `max`",
    "source": "shipped, fetched or a connector's name whose fetched tables are intact",
    "string": "a short text of letters, digits, spaces and _.,:/+-",
}
# What `figures` asks of a month or a period: figures for exactly it (the default), figures for its year up to it
# (a month only), or none (a label that must parse, such as the period an article names).
FIGURES = {"month": ("required", "year_to_date", "none"), "period": ("required", "none")}
SPEC_KEYS = {"type", "default", "choices", "min", "max", "help", "figures"}


class Marked(dict):
    """A YAML mapping that remembers the line it starts on."""

    line: int = 0


class MarkedLoader(yaml.SafeLoader):
    """yaml's safe loader, with each mapping's line kept (for messages that point into the file)."""


def construct_marked(loader: MarkedLoader, node: yaml.MappingNode):
    mapping = Marked()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update(loader.construct_mapping(node))


MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_marked)


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    type: str  # one of TYPES
    default: Any
    choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    help: str = ""
    figures: str = "required"  # for a month or a period: see FIGURES
    line: int = field(default=0, compare=False)  # where claims.yaml declares it


@dataclass(frozen=True, kw_only=True)
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
    line: int = field(default=0, compare=False)

    def defaults(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.parameters.items()}

    def rerun_command(self) -> str:
        """The command that reruns this claim with other parameters, e.g. `tradeclaims run ID -p month 2025-05`."""
        options = "".join(f" -p {name} {value}" for name, value in self.rerun.items())
        return f"tradeclaims run {self.id}{options}"


class RegistryError(UsageError):
    """A problem in claims.yaml, with the line it is on."""

    def __init__(self, where: str, line: int, message: str):
        self.line = line
        super().__init__(f"{where}:{line}: {message}" if line else f"{where}: {message}")


def line_of(entry: Any, fallback: int) -> int:
    return getattr(entry, "line", 0) or fallback


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def parse_spec(where: str, claim_id: str, name: str, entry: Any, line: int) -> ParameterSpec:
    line = line_of(entry, line)

    def wrong(message: str) -> RegistryError:
        return RegistryError(where, line, f"claim {claim_id}: parameter {name}: {message}")

    if not isinstance(entry, dict) or "type" not in entry or "default" not in entry:
        raise wrong("needs a type and a default, as {type: month, default: \"2025-11\"}")
    unknown = sorted(set(entry) - SPEC_KEYS)
    if unknown:
        raise wrong(f"unknown key {shown(unknown[0])} (known: {', '.join(sorted(SPEC_KEYS))})")
    kind = entry["type"]
    if kind not in TYPES:
        raise wrong(f"unknown type {shown(kind)} (known: {', '.join(TYPES)})")
    choices = entry.get("choices", ())
    if not isinstance(choices, list | tuple) or (kind == "choice" and not choices):
        raise wrong("choices must be a list" + (" (a choice needs at least one)" if kind == "choice" else ""))
    for bound in ("min", "max"):
        if entry.get(bound) is not None and (kind not in ("number", "integer") or not is_number(entry[bound])):
            raise wrong(f"{bound} must be a finite number, and only a number or an integer has one")
    figures = entry.get("figures", "required")
    if "figures" in entry and figures not in FIGURES.get(kind, ()):
        allowed = f"one of {', '.join(FIGURES[kind])}" if kind in FIGURES else "only for a month or a period"
        raise wrong(f"figures {shown(figures)} is not allowed: {allowed}")
    return ParameterSpec(name, kind, entry["default"], tuple(choices), entry.get("min"), entry.get("max"),
                         str(entry.get("help", "")), figures, line)


def parse_claim(where: str, entry: Any, line: int) -> Claim:
    line = line_of(entry, line)
    if not isinstance(entry, dict):
        raise RegistryError(where, line, "each claim must be a mapping (id: ..., title: ..., parameters: ...)")
    claim_id = entry.get("id", "?")
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        raise RegistryError(where, line, f"claim {shown(claim_id)} lacks {', '.join(missing)}")
    if not isinstance(claim_id, str) or not isinstance(entry["notebook"], str):
        raise RegistryError(where, line, f"claim {shown(claim_id)}: id and notebook must be text")
    parameters = entry["parameters"]
    if not isinstance(parameters, dict):
        raise RegistryError(where, line, f"claim {claim_id}: parameters must be a mapping of name: {{type, default}}")
    specs = {str(name): parse_spec(where, claim_id, str(name), spec, line_of(parameters, line))
             for name, spec in parameters.items()}
    unknown = [name for name in entry.get("rerun") or {} if name not in specs]
    if unknown:
        raise RegistryError(where, line, f"claim {claim_id}: rerun names unknown parameter {unknown[0]!r}")
    return Claim(id=claim_id, title=entry["title"], claim=entry["claim"], quote=entry["quote"],
                 notebook=entry["notebook"], article_value=entry["article_value"], unit=entry["unit"],
                 rule=entry["rule"], parameters=specs,
                 reads=tuple(entry.get("reads", ("observations", "sources", "partners"))),
                 notes=entry.get("notes", ""), raw=entry, rerun=dict(entry.get("rerun") or {}), line=line)


def read_yaml(path: Path, when_missing: str) -> Any:
    """A YAML file's document (mappings know their line); a missing or malformed file is a one-line usage error
    naming the file, and for a syntax error its line and column."""
    path = Path(path)
    where = shown_path(path)
    if not path.is_file():
        raise UsageError(f"{where}: {when_missing}")
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=MarkedLoader)  # noqa: S506 - a safe loader with line marks
    except UnicodeDecodeError as error:
        raise UsageError(f"{where}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        context, opened = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and opened and opened is not mark:
            context += f" that starts at {opened.line + 1}:{opened.column + 1}"
        detail = f"{problem} ({context})" if context else problem
        position = f"{mark.line + 1}:{mark.column + 1}: " if mark else ""
        raise UsageError(f"{where}:{position}not valid YAML: {detail}") from None


def load_registry(path: Path | str = "claims.yaml") -> dict[str, Claim]:
    """Claims by id, in file order."""
    path = Path(path)
    where = shown_path(path)
    document = read_yaml(path, "not found (run tradeclaims from the project's folder)")
    if not isinstance(document, dict) or not isinstance(document.get("claims", []), list):
        raise RegistryError(where, line_of(document, 1), "expected a mapping with 'claims:' and a list of claims")
    claims = [parse_claim(where, entry, line_of(document, 1)) for entry in document.get("claims", [])]
    registry: dict[str, Claim] = {}
    for claim in claims:
        if claim.id in registry:
            raise RegistryError(where, claim.line, f"claim id {claim.id} appears twice (first on line "
                                                   f"{registry[claim.id].line})")
        registry[claim.id] = claim
    return registry


def select(registry: dict[str, Claim], ids: list[str]) -> list[Claim]:
    """The named claims (all when none is named); an unknown id is a usage error."""
    unknown = [claim_id for claim_id in ids if claim_id not in registry]
    if unknown:
        raise UsageError(f"unknown claim {shown(unknown[0])}; known: {', '.join(registry)}")
    return [registry[claim_id] for claim_id in ids] if ids else list(registry.values())
