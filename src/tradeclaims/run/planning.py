"""Planning, shared by `run` and `sweep`: what is read once, and each execution's plan.

`load_context` checks the output folder, reads the registry, checks data/ and scans what it covers, once.
`plan` turns a claim and its checked parameters into a Plan: where its files go, its cache key, and the
cached entry when the cache may serve it. Nothing here writes a file or starts a kernel.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.checks.registry import Claim, load_registry
from tradeclaims.errors import UsageError
from tradeclaims.ledger.coverage import DataIndex, data_index
from tradeclaims.ledger.fetched import SHIPPED
from tradeclaims.ledger.validation import check_data
from tradeclaims.project import Project
from tradeclaims.report.pages import ALL_CLAIMS, BackLink
from tradeclaims.run.cache import cache_key, cached_entry
from tradeclaims.run.outputs import CACHE_DIR, checked_out_dir
from tradeclaims.run.parameters import changed_parameters, convert, resolve_parameters

VALIDATED = "validated.json"  # in the output folder's cache: the data files that passed validation
UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@dataclass(kw_only=True)
class Plan:
    claim: Claim
    parameters: dict[str, Any]
    key: dict[str, str]
    folder: Path  # where its report files go
    stem: str  # the files' name: the claim's id, or a name made of the parameters that differ
    back: BackLink = ALL_CLAIMS
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {default, value}, when not the claim's
    cached: dict[str, Any] | None = None  # the recorded entry, when the cache may serve it


@dataclass
class Context:
    """What every plan of a run or a sweep shares, read once."""

    project: Project
    out_dir: Path  # checked and resolved
    registry: dict[str, Claim]
    fingerprint: dict[str, str]  # sha256 of data/'s files
    validated: dict[str, str]  # the record to keep once the output folder exists
    index: DataIndex
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim id -> its checked defaults

    def checked_defaults(self, claim: Claim) -> dict[str, Any]:
        """The claim's defaults as the type checks give them (its raw defaults if the data no longer allow them)."""
        if claim.id not in self.defaults:
            try:
                self.defaults[claim.id] = resolve_parameters(claim, {}, self.index)
            except UsageError:
                self.defaults[claim.id] = claim.defaults()
        return self.defaults[claim.id]


def validated_record(out_dir: Path) -> dict[str, str] | None:
    try:
        return json.loads((out_dir / CACHE_DIR / VALIDATED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_context(project: Project, out_dir: Path) -> Context:
    """Check the output folder, then read the registry, check data/ and scan what it covers: once per run."""
    out_dir = checked_out_dir(project, out_dir)
    registry = load_registry(project.claims_file)
    fingerprint, record = check_data(project.data_dir, validated_record(out_dir))
    return Context(project, out_dir, registry, fingerprint, record, data_index(project.data_dir))


def run_name(claim: Claim, parameters: dict[str, Any], changed: dict[str, Any] | None = None) -> str:
    """A file name for one execution: the values that differ from the defaults, and a hash of all."""
    changed = changed if changed is not None else {
        name: value for name, value in parameters.items() if value != claim.parameters[name].default}
    label = UNSAFE.sub("_", "_".join(f"{name}-{parameters[name]}" for name in changed))[:80] or "defaults"
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:8]
    return f"{label}.{digest}"


def plan(context: Context, claim: Claim, parameters: dict[str, Any], folder: Path, stem: str,
         back: BackLink = ALL_CLAIMS) -> Plan:
    """A claim with checked parameters: where it goes, its cache key (over the data files it reads), what the
    cache holds for it."""
    notebook = context.project.notebook(claim.notebook)
    if not notebook.is_file():
        raise UsageError(f"claim {claim.id}: notebook {claim.notebook} not found")
    index = context.index
    reads = {name: context.fingerprint[file_name] for name, file_name in index.resource_files.items()
             if name in claim.reads}
    if parameters.get("source", SHIPPED) != SHIPPED:
        reads.update(index.fetched_hashes(parameters["source"]))
    key = cache_key(notebook, parameters, reads, context.project.requirements)
    changed = changed_parameters(claim, parameters, context.checked_defaults(claim))
    return Plan(claim=claim, parameters=parameters, key=key, folder=folder, stem=stem, back=back, changed=changed,
                cached=cached_entry(folder, stem, key["key"]))


def registry_problems(project: Project, data_valid: bool = True) -> list[str]:
    """Problems in claims.yaml as `claims.yaml:LINE: message`: its syntax and structure, notebooks that do not exist,
    parameter types, and (when data/ is valid) every default checked against the data as a run would check it."""
    try:
        registry = load_registry(project.claims_file)
    except UsageError as error:
        return [str(error)]
    index = data_index(project.data_dir) if data_valid else None
    problems = []
    for claim in registry.values():
        try:
            if not project.notebook(claim.notebook).is_file():
                problems.append(f"claims.yaml:{claim.line}: claim {claim.id}: notebook {claim.notebook} not found")
        except UsageError as error:
            problems.append(f"claims.yaml:{claim.line}: claim {claim.id}: {error}")
        if index is not None:
            problems += default_problems(claim, index)
    return problems


def default_problems(claim: Claim, index: DataIndex) -> list[str]:
    """Each default of the claim that its type refuses, on the line that declares it."""
    defaults, data, problems = claim.defaults(), index, []
    specs = list(claim.parameters.values())
    if "source" in claim.parameters:  # checked first: it decides which figures the others are checked against
        specs.remove(claim.parameters["source"])
        try:
            data = index.with_source(convert(claim, claim.parameters["source"], defaults["source"], index))
        except UsageError as error:
            return [f"claims.yaml:{claim.parameters['source'].line}: default not allowed: {error}"]
    for spec in specs:
        try:
            convert(claim, spec, spec.default, data, defaults)
        except UsageError as error:
            problems.append(f"claims.yaml:{spec.line}: default not allowed: {error}")
    return problems
