"""Sweeps: one claim over a grid of parameter values, summarised in one table (CSV and HTML).

Each combination is an ordinary execution with its own cache key, written under the sweep's folder
(runs/<name>.ipynb and .html); a repeated or overlapping sweep re-executes only the combinations whose
key changed. Every value of every combination is checked before any kernel starts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.checks.registry import Claim, load_registry, read_yaml, select
from tradeclaims.errors import UsageError
from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.coverage import DataIndex, data_index
from tradeclaims.ledger.periods import months_between
from tradeclaims.ledger.validation import check_data
from tradeclaims.project import Project
from tradeclaims.report.pages import SWEEP
from tradeclaims.run.parameters import resolve_parameters
from tradeclaims.run.runner import CACHE_DIR, Plan, Submit, cached_entry, execute_plans, locked, plan_for, run_metadata

RANGE = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")
UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@dataclass
class SweepSummary:
    claim: Claim
    names: list[str]  # the swept parameters, in grid order
    entries: list[dict[str, Any]]
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [entry for entry in self.entries if entry["status"] != "ok"]

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def expand_values(text: str) -> list[str]:
    """`A,B,C` -> [A, B, C]; a month range `2025-01..2025-03` -> every month from the first to the last."""
    values = []
    for part in (piece.strip() for piece in str(text).split(",")):
        span = RANGE.match(part)
        if span:
            if span[2] < span[1]:
                raise UsageError(f"month range {part!r} runs backwards")
            try:
                values.extend(months_between(span[1], span[2]))
            except ValueError as error:
                raise UsageError(f"month range {part!r}: {error}") from None
        elif part:
            values.append(part)
    if not values:
        raise UsageError(f"no values in {text!r}")
    return list(dict.fromkeys(values))


def read_grid_file(path: Path) -> tuple[str | None, dict[str, list[str]]]:
    """A YAML grid: `parameters: {name: [values] or "A,B" or "2025-01..2025-11"}` and optionally `claim: ID`."""
    document = read_yaml(path, "grid file not found")
    if not isinstance(document, dict) or not isinstance(document.get("parameters"), dict):
        raise UsageError(f"{path}: expected a mapping with 'parameters: {{name: [values]}}'")
    grid = {}
    for name, values in document["parameters"].items():
        texts = values if isinstance(values, list) else [values]
        grid[str(name)] = [value for text in texts for value in expand_values(str(text))]
    return document.get("claim"), grid


def build_grid(pairs: list[tuple[str, str]], grid_file: Path | None) -> tuple[str | None, dict[str, list[str]]]:
    """Parameter name -> values from a grid file and -p NAME V1,V2 options (options win)."""
    claim_id, grid = read_grid_file(grid_file) if grid_file else (None, {})
    for name, text in pairs:
        grid[name] = expand_values(text)
    if not grid:
        raise UsageError("a sweep needs at least one parameter: -p NAME V1,V2,... or --grid FILE")
    return claim_id, grid


def combinations(grid: dict[str, list[str]]) -> list[dict[str, str]]:
    names = list(grid)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]


def run_name(claim: Claim, parameters: dict[str, Any]) -> str:
    """A file name for one combination: the values that differ from the defaults, and a hash of all."""
    changed = [f"{name}-{value}" for name, value in parameters.items() if value != claim.parameters[name].default]
    label = UNSAFE.sub("_", "_".join(changed))[:80] or "defaults"
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:8]
    return f"{label}.{digest}"


def check_combinations(claim: Claim, combos: list[dict[str, str]], index: DataIndex) -> list[dict[str, Any]]:
    """Every combination's parameters, checked; the first bad value raises, naming it."""
    return [resolve_parameters(claim, combo, index) for combo in combos]


def plan_sweep(project: Project, claim_id: str, grid: dict[str, list[str]], out_dir: Path
               ) -> tuple[Claim, list[Plan], dict[str, str]]:
    claim = select(load_registry(project.claims_file), [claim_id])[0]
    if not project.notebook(claim.notebook).exists():
        raise UsageError(f"claim {claim.id}: notebook {claim.notebook} not found")
    fingerprint = check_data(project.data_dir, project.root / CACHE_DIR / "validated.json")
    index = data_index(project.data_dir)
    checked = check_combinations(claim, combinations(grid), index)
    plans = [plan_for(project, claim, parameters, fingerprint, index, stem=run_name(claim, parameters))
             for parameters in checked]
    for plan in plans:
        plan.back = SWEEP
    runs_dir = out_dir / "runs"
    for plan in plans:
        plan.cached = cached_entry(runs_dir, plan)
    return claim, plans, fingerprint


def sweep(project: Project, claim_id: str, grid: dict[str, list[str]], out_dir: Path, jobs: int,
          force: bool = False, timeout: float = 300.0, submitter: tuple[Submit, Callable[[], None]] | None = None,
          progress=lambda name, entry: None, on_plan=lambda plans: None, warm_kernels: bool = True) -> SweepSummary:
    claim, plans, fingerprint = plan_sweep(project, claim_id, grid, out_dir)
    runs_dir = out_dir / "runs"
    with locked(out_dir):
        runs_dir.mkdir(exist_ok=True)
        run_info = {**run_metadata(fingerprint), "timeout": timeout, "kernels": "warm" if warm_kernels else "fresh"}
        entries, pending = execute_plans(project, plans, runs_dir, run_info, jobs, force, submitter, progress,
                                         on_plan)
        entries = [{**entry, "report": f"runs/{entry['report']}"} for entry in entries]
        summary = SweepSummary(claim, list(grid), entries, [p.stem for p in pending],
                               [p.stem for p in plans if p not in pending])
        write_table(out_dir, summary, run_info)
    return summary


TABLE_COLUMNS = ["verdict", "measured", "unit", "article_value", "status", "report", "error"]


def table_rows(summary: SweepSummary) -> list[dict[str, Any]]:
    return [{**{name: entry["parameters"][name] for name in summary.names},
             **{column: entry.get(column) for column in TABLE_COLUMNS}} for entry in summary.entries]


def to_csv(summary: SweepSummary) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*summary.names, *TABLE_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for row in table_rows(summary):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue()


def write_table(out_dir: Path, summary: SweepSummary, run_info: dict[str, Any]) -> None:
    from tradeclaims.report.sweep_page import render

    atomic.write_text(out_dir / "sweep.csv", to_csv(summary))
    atomic.write_text(out_dir / "index.html", render(summary, table_rows(summary), run_info))
