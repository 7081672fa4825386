"""Sweeps: one claim over a grid of parameter values, summarised in one table (CSV and HTML).

Each combination is an ordinary execution with its own cache key, written under the sweep's folder
(runs/<name>.ipynb and .html); a repeated or overlapping sweep re-executes only the combinations whose
key changed. Every value of every combination is checked before any kernel starts, with the runs of
`tradeclaims run` (the same planning, run/planning.py); a grid of more than 500 combinations needs
`--max N`.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.checks.registry import Claim, checked_document, select
from tradeclaims.checks.schema import GRID
from tradeclaims.errors import UsageError, shown
from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.periods import months_between
from tradeclaims.project import Project
from tradeclaims.report.pages import SWEEP
from tradeclaims.run.options import RunOptions
from tradeclaims.run.outputs import locked
from tradeclaims.run.parameters import changed_parameters, resolve_parameters, unknown_parameter
from tradeclaims.run.planning import Context, Plan, load_context, plan, run_name
from tradeclaims.run.runner import RUNS, execute_plans, open_output, run_info

RANGE = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")
MAX_COMBINATIONS = 500  # a larger grid needs --max N


@dataclass(kw_only=True)
class SweepSummary:
    out_dir: Path
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
                raise UsageError(f"month range {shown(part)} runs backwards")
            try:
                values.extend(months_between(span[1], span[2]))
            except ValueError as error:
                raise UsageError(f"month range {shown(part)}: {error}") from None
        elif part:
            values.append(part)
    if not values:
        raise UsageError(f"no values in {shown(text)}")
    return list(dict.fromkeys(values))


def read_grid_file(path: Path) -> tuple[str | None, dict[str, list[str]]]:
    """A YAML grid: `parameters: {name: [values] or "A,B" or "2025-01..2025-11"}` and optionally `claim: ID`."""
    document = checked_document(path, GRID, "grid file not found")
    grid = {}
    for name, values in document["parameters"].items():
        texts = values if isinstance(values, list) else [values]
        grid[str(name)] = [value for text in texts for value in expand_values(str(text))]
    return document.get("claim"), grid


def build_grid(pairs: list[tuple[str, str]], grid_file: Path | None) -> tuple[str | None, dict[str, list[str]]]:
    """Parameter name -> values from a grid file and -p NAME V1,V2 options (options win over the file)."""
    claim_id, grid = read_grid_file(grid_file) if grid_file else (None, {})
    given: set[str] = set()
    for name, text in pairs:
        if name in given:
            raise UsageError(f"parameter {shown(name)} given twice; give each once, its values comma-separated: "
                             f"-p {name} V1,V2")
        given.add(name)
        grid[name] = expand_values(text)
    if not grid:
        raise UsageError("a sweep needs at least one parameter: -p NAME V1,V2,... or --grid FILE")
    return claim_id, grid


def count_combinations(grid: dict[str, list[str]]) -> int:
    return math.prod(len(values) for values in grid.values())


def combinations(grid: dict[str, list[str]]) -> list[dict[str, str]]:
    names = list(grid)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]


def check_combinations(claim: Claim, combos: list[dict[str, str]], context: Context) -> list[dict[str, Any]]:
    """Every combination's parameters, checked; if any is refused, one error with the count and the first reason."""
    checked, refused = [], []
    for combo in combos:
        try:
            checked.append(resolve_parameters(claim, combo, context.index))
        except UsageError as error:
            refused.append(str(error))
    if refused:
        count = f"{len(refused)} of {len(combos)} combinations refused; the first: " if len(combos) > 1 else ""
        raise UsageError(f"{count}{refused[0]}")
    return checked


def plan_sweep(project: Project, claim_id: str, grid: dict[str, list[str]], out_dir: Path,
               max_combinations: int = MAX_COMBINATIONS) -> tuple[Context, Claim, list[Plan]]:
    """Check the grid's size, the output folder, the claim and every combination; plan each (cached or not)."""
    context = load_context(project, out_dir, kind="sweep")
    claim = select(context.registry, [claim_id])[0]
    unknown_parameter(claim, grid)
    count = count_combinations(grid)
    if count > max_combinations:
        raise UsageError(f"the grid has {count:,} combinations, more than {max_combinations:,}; "
                         f"give --max {count} to run them all")
    runs_dir = context.out_dir / RUNS
    plans = []
    for parameters in check_combinations(claim, combinations(grid), context):
        changed = changed_parameters(claim, parameters, context.checked_defaults(claim))
        plans.append(plan(context, claim, parameters, runs_dir, run_name(claim, parameters, changed), SWEEP))
    return context, claim, plans


def sweep(project: Project, claim_id: str, grid: dict[str, list[str]], options: RunOptions,
          max_combinations: int = MAX_COMBINATIONS) -> SweepSummary:
    context, claim, plans = plan_sweep(project, claim_id, grid, options.out_dir, max_combinations)
    open_output(context, kind="sweep")
    with locked(context.out_dir):
        info = run_info(context, options)
        entries, pending = execute_plans(project, plans, info, options)
        entries = [{**entry, "report": f"{RUNS}/{entry['report']}"} for entry in entries]
        summary = SweepSummary(out_dir=context.out_dir, claim=claim, names=list(grid), entries=entries,
                               executed=[p.stem for p in pending], cached=[p.stem for p in plans if p not in pending])
        write_table(context.out_dir, summary, info)
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
