"""Planning, shared by `run` and `sweep`: what is read once, and each execution's plan.

`load_context` checks the output folder, reads the registry, checks data/ and scans what it covers, once.
`plan` turns a claim and its checked parameters into a Plan: where its files go, its cache key, and the
cached entry when the cache may serve it. Nothing here writes a file or starts a kernel.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.checks.registry import Claim, check_problems, load_registry
from tradeclaims.errors import UsageError
from tradeclaims.ledger.coverage import DataIndex, data_index
from tradeclaims.ledger.fetched import SHIPPED
from tradeclaims.ledger.files import json_hash
from tradeclaims.ledger.validation import check_data
from tradeclaims.project import Project
from tradeclaims.report.pages import ALL_CLAIMS, BackLink
from tradeclaims.run.cache import base_parts, cached_entry, keyed, read_record
from tradeclaims.run.dependencies import DataCopy, changed_reads
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
    base: dict[str, str] = field(default_factory=dict)  # the key's parts that do not depend on data/
    files: dict[str, str] = field(default_factory=dict)  # the data files it reads (name -> sha256), for a whole-file key
    held: dict[str, str] = field(default_factory=dict)  # the data as the run checked it (file under data/ -> sha256)
    uncached: str = ""  # why its result, once executed, was not cached: its notebook read other data than `held`
    why: str = ""  # why the cache cannot serve it
    refreshed: dict[str, Any] | None = None  # its cache record, updated to today's data that left its reads unchanged
    data: DataCopy | None = field(default=None, repr=False)  # the run's indexed copy of data/ (shared by its plans)

    @property
    def label(self) -> str:
        """The execution as a reader names it: the claim, and the parameters other than its own with their values
        (`us-november-drop (month=2025-05, article_value=-35)`), not the name of its files."""
        if not self.changed:
            return self.claim.id
        values = ", ".join(f"{name}={value_text(change['value'])}" for name, change in self.changed.items())
        return f"{self.claim.id} ({values})"

    @property
    def keyed_on_reads(self) -> bool:
        """Whether its key may cover what its notebook reads (the shipped ledger) instead of whole files."""
        return self.parameters.get("source", SHIPPED) == SHIPPED


def value_text(value: Any) -> str:
    """A parameter's value as it is typed on the command line: -35 for -35.0, US,EU27 for a list."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ",".join(map(value_text, value))
    return str(value)


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
    copy: DataCopy | None = None  # the indexed copy of data/, opened or built when first needed

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


def load_context(project: Project, out_dir: Path, kind: str = "claims") -> Context:
    """Check the output folder (for a claims run or a sweep: `kind`), then read the registry, check data/ and scan
    what it covers: once per run."""
    out_dir = checked_out_dir(project, out_dir, kind)
    registry = load_registry(project.claims_file)
    fingerprint, record = check_data(project.data_dir, validated_record(out_dir), project.cache_dir)
    copy = DataCopy(project.data_dir, fingerprint, out_dir, project.root)
    stored = copy.stored()  # when kept, what the ledger covers is read from it, not from observations.csv
    index = data_index(project.data_dir, stored.coverage_keys() if stored is not None else None)
    return Context(project, out_dir, registry, fingerprint, record, index, copy=copy)


def run_name(claim: Claim, parameters: dict[str, Any], changed: dict[str, Any] | None = None) -> str:
    """A file name for one execution: the values that differ from the defaults, and a hash of all."""
    changed = changed if changed is not None else {
        name: value for name, value in parameters.items() if value != claim.parameters[name].default}
    label = UNSAFE.sub("_", "_".join(f"{name}-{parameters[name]}" for name in changed))[:80] or "defaults"
    digest = json_hash(parameters)[:8]
    return f"{label}.{digest}"


def plan(context: Context, claim: Claim, parameters: dict[str, Any], folder: Path, stem: str,
         back: BackLink = ALL_CLAIMS) -> Plan:
    """A claim with checked parameters: where it goes, its cache key (over what it read from data/ when it last ran,
    else over the data files it reads), what the cache holds for it and, if nothing, why."""
    notebook = context.project.notebook(claim.notebook)
    if not notebook.is_file():
        raise UsageError(f"claim {claim.id}: notebook {claim.notebook} not found")
    index = context.index
    files = {name: context.fingerprint[file_name] for name, file_name in index.resource_files.items()
             if name in claim.reads}
    fetched = index.fetched_hashes(parameters["source"]) if parameters.get("source", SHIPPED) != SHIPPED else {}
    files.update(fetched)
    changed = changed_parameters(claim, parameters, context.checked_defaults(claim))
    planned = Plan(claim=claim, parameters=parameters, key={}, folder=folder, stem=stem, back=back, changed=changed,
                   base=base_parts(notebook, parameters, claim.raw, context.project.requirements), files=files,
                   held={**context.fingerprint, **fetched}, data=context.copy)
    record = read_record(folder, stem)
    planned.key = keyed({**planned.base, "data": json_hash(files)})
    if planned.keyed_on_reads and record and isinstance(record.get("digests"), dict):
        key_on_reads(context, planned, record)
    planned.cached = cached_entry(folder, stem, planned.key["key"], record) if record else None
    if planned.cached is None:
        planned.why = planned.why or why_executed(planned, record, context.fingerprint)
    return planned


def key_on_reads(context: Context, planned: Plan, record: dict[str, Any]) -> None:
    """Key a plan on the selections its notebook made last time, evaluated on today's data (the recorded digests
    stand while data/ is unchanged)."""
    recorded = record["digests"]
    digests = recorded
    if record.get("data_files") != context.fingerprint:
        digests = context.copy.digests([json.loads(text) for text in recorded])
        if digests == recorded:
            planned.refreshed = {**record, "data_files": context.fingerprint}
    planned.key = keyed({**planned.base, "reads": json_hash(digests)})
    if digests != recorded:
        planned.why = f"figures it reads changed: {changed_reads(recorded, digests)}"


PART_NAMES = {"notebook": "its notebook changed", "parameters": "its parameters changed",
              "claim": "its entry in claims.yaml changed", "package": "the package's code changed",
              "requirements": "the pinned requirements changed"}


def why_executed(planned: Plan, record: dict[str, Any] | None, fingerprint: dict[str, str]) -> str:
    """Why the cache cannot serve a plan, in a few words."""
    if record is None:
        return "no earlier report"
    before = record.get("key_parts") or {}
    reasons = [text for part, text in PART_NAMES.items() if before.get(part) != planned.base[part]]
    if reasons:
        return "; ".join(reasons)
    if "data" in planned.key and before.get("data") != planned.key["data"]:
        files = sorted(name for name, digest in (record.get("data_files") or {}).items() if fingerprint.get(name) != digest)
        return f"data files changed: {', '.join(files)}" if files else "the data files it reads changed"
    if (record.get("entry") or {}).get("status") != "ok":
        return "it failed last time"
    return "its report files were changed or removed"


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
        problems += check_problems(claim)  # its check exists, applies its rule and takes its parameters
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
