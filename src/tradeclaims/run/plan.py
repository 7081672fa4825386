"""Plan a build: check everything it will use, once, and turn each claim asked for into a frozen Plan.

`load_context` checks the output folder, reads the registry, checks data/ and scans what it covers. `plan_claims`
checks the ids and parameters asked for and plans each claim: where its files go (its own report, or one under
runs/<id>/ for other parameters than the claim's) and the parts of its cache key that do not depend on what its
notebook reads. Nothing here writes a file or starts a kernel; every refusal is a one-line UsageError.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from tradeclaims.checks.parameters import changed_parameters, convert, resolve_parameters, unknown_parameter
from tradeclaims.checks.registry import Claim, check_problems, load_registry, select
from tradeclaims.errors import UsageError, shown
from tradeclaims.ledger.coverage import DataIndex, data_index
from tradeclaims.ledger.fetched import SHIPPED
from tradeclaims.ledger.files import json_hash, sha256_bytes
from tradeclaims.ledger.validation import check_data
from tradeclaims.project import OutputLayout, Project
from tradeclaims.report.claimreview import appearance
from tradeclaims.report.pages import ALL_CLAIMS, BackLink
from tradeclaims.run.datacopy import DataCopy
from tradeclaims.run.output import checked_out_dir

PACKAGE_DIR = Path(__file__).parents[1]  # the whole package: every role's code and templates
UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
RUNS_BACK = BackLink("index.html", "Runs of this claim with other parameters")


@dataclass(frozen=True, kw_only=True)
class Plan:
    """One execution: a claim with checked parameters, where its report goes and what its key covers."""

    claim: Claim
    parameters: dict[str, Any]
    layout: OutputLayout  # the folder its report files go to
    stem: str  # the files' name: the claim's id, or a name made of the parameters that differ
    back: BackLink = ALL_CLAIMS
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {default, value}, when not the claim's
    base: dict[str, str] = field(default_factory=dict)  # the key's parts that do not depend on data/
    files: dict[str, str] = field(default_factory=dict)  # the data files it reads (name -> sha256), for a whole-file key
    held: dict[str, str] = field(default_factory=dict)  # the data as the run checked it (file under data/ -> sha256)

    @property
    def folder(self) -> Path:
        return self.layout.folder

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

    @cached_property
    def file_key(self) -> dict[str, str]:
        """Its key over the whole data files it reads."""
        return keyed({**self.base, "data": json_hash(self.files)})


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """One hash over every source and template file of the package."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".json", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def base_parts(notebook: Path, parameters: dict[str, Any], claim: Claim, requirements: Path,
               article: str) -> dict[str, str]:
    """The parts of a claim's key that do not depend on data/; article: the hash of the article as pages name it."""
    return {
        "notebook": sha256_bytes(notebook.read_bytes()),
        "parameters": json_hash(parameters),
        "claim": json_hash(claim.raw),
        "article": article,
        "package": package_fingerprint(),
        "requirements": sha256_bytes(requirements.read_bytes()) if requirements.exists() else "none",
    }


def keyed(parts: dict[str, str]) -> dict[str, str]:
    """The parts and, under 'key', their combined hash."""
    parts = {name: value for name, value in parts.items() if name != "key"}
    return {**parts, "key": json_hash(parts)}


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
    layout: OutputLayout  # the output folder, checked and resolved
    registry: dict[str, Claim]
    fingerprint: dict[str, str]  # sha256 of data/'s files
    validated: dict[str, str]  # the record to keep once the output folder exists
    index: DataIndex
    copy: DataCopy  # the indexed copy of data/, opened or built when first needed
    article: str  # the hash of the article as its pages name it (the ClaimReview's appearance): a part of every key,
    # so that a page never names an article claims.yaml no longer records
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim id -> its checked defaults

    @property
    def out_dir(self) -> Path:
        return self.layout.folder

    def checked_defaults(self, claim: Claim) -> dict[str, Any]:
        """The claim's defaults as the type checks give them (its raw defaults if the data no longer allow them)."""
        if claim.id not in self.defaults:
            try:
                self.defaults[claim.id] = resolve_parameters(claim, {}, self.index)
            except UsageError:
                self.defaults[claim.id] = claim.defaults()
        return self.defaults[claim.id]

    def plan(self, claim: Claim, parameters: dict[str, Any], layout: OutputLayout, stem: str,
             back: BackLink = ALL_CLAIMS) -> Plan:
        """A claim with checked parameters: where it goes and the parts of its key."""
        notebook = self.project.notebook(claim.notebook)
        if not notebook.is_file():
            raise UsageError(f"claim {claim.id}: notebook {claim.notebook} not found")
        files = {name: self.fingerprint[file_name] for name, file_name in self.index.resource_files.items()
                 if name in claim.reads}
        source = parameters.get("source", SHIPPED)
        fetched = self.index.fetched_hashes(source) if source != SHIPPED else {}
        return Plan(claim=claim, parameters=parameters, layout=layout, stem=stem, back=back,
                    changed=changed_parameters(claim, parameters, self.checked_defaults(claim)),
                    base=base_parts(notebook, parameters, claim, self.project.requirements, self.article),
                    files={**files, **fetched}, held={**self.fingerprint, **fetched})

    def plan_claim(self, claim: Claim, parameters: dict[str, Any]) -> Plan:
        """The canonical report for the claim's own parameters; a report of its own under runs/<id>/ for others."""
        changed = changed_parameters(claim, parameters, self.checked_defaults(claim))
        if not changed:
            return self.plan(claim, parameters, self.layout, claim.id)
        return self.plan(claim, parameters, self.layout.runs(claim.id), run_name(claim, parameters, changed), RUNS_BACK)


def validated_record(layout: OutputLayout) -> dict[str, str] | None:
    try:
        return json.loads(layout.validated.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_context(project: Project, out_dir: Path, kind: str = "claims") -> Context:
    """Check the output folder (for a claims run or a sweep: `kind`), then read the registry, check data/ and scan
    what it covers: once per run."""
    layout = OutputLayout(checked_out_dir(project, out_dir, kind))
    registry = load_registry(project.claims_file)
    fingerprint, record = check_data(project.data_dir, validated_record(layout), project.cache_dir)
    copy = DataCopy(project.data_dir, fingerprint, layout.ledger_copies, project.ledger_copies)
    stored = copy.stored()  # when kept, what the ledger covers is read from it, not from observations.csv
    index = data_index(project.data_dir, stored.coverage_keys() if stored is not None else None)
    article = next(iter(registry.values())).article if registry else {}  # claims.yaml's one `article:`, on every claim
    return Context(project, layout, registry, fingerprint, record, index, copy, json_hash(appearance(article)))


def plan_claims(project: Project, claim_ids: list[str], overrides: dict[str, str], out_dir: Path
                ) -> tuple[Context, list[Plan]]:
    """Check the output folder, ids, parameters and data; plan each claim. Raises before anything runs."""
    context = load_context(project, out_dir)
    plans = []
    for claim in select(context.registry, claim_ids):
        applicable = {name: value for name, value in overrides.items() if name in claim.parameters}
        if overrides and claim_ids and len(applicable) < len(overrides):
            unknown_parameter(claim, overrides)
        plans.append(context.plan_claim(claim, resolve_parameters(claim, applicable, context.index)))
    if overrides and not claim_ids:
        known = {name for plan_ in plans for name in plan_.claim.parameters}
        unknown = [name for name in overrides if name not in known]
        if unknown:
            raise UsageError(f"unknown parameter {shown(unknown[0])}: no claim has it")
    return context, plans


def run_name(claim: Claim, parameters: dict[str, Any], changed: dict[str, Any] | None = None) -> str:
    """A file name for one execution: the values that differ from the defaults, and a hash of all."""
    changed = changed if changed is not None else {
        name: value for name, value in parameters.items() if value != claim.parameters[name].default}
    label = UNSAFE.sub("_", "_".join(f"{name}-{parameters[name]}" for name in changed))[:80] or "defaults"
    digest = json_hash(parameters)[:8]
    return f"{label}.{digest}"


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
