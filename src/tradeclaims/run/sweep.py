"""Sweeps: one claim over a grid of parameter values, summarised in one table (CSV and HTML).

Each claim's sweeps go to its own folder, <out>/sweeps/<id> (out: reports/, or --out DIR in its place). Each
combination is an ordinary execution with its own cache key, written under that folder (runs/<name>.ipynb and
.html); a repeated or overlapping sweep re-executes only the combinations whose key changed, and adds its
combinations to the folder's table (results.json, sweep.csv, index.html): one row per combination, the newest run
of a repeated one. Every value of every combination is checked before any kernel starts, with the runs of
`tradeclaims run` (the same phases, run/build.py); a grid of more than 500 combinations needs
`--max N`.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.checks.parameters import changed_parameters, resolve_parameters, unknown_parameter
from tradeclaims.checks.registry import Claim, checked_document, select
from tradeclaims.checks.schema import GRID
from tradeclaims.errors import UsageError, shown
from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.periods import months_between
from tradeclaims.project import OutputLayout, Project
from tradeclaims.report.pages import SWEEP
from tradeclaims.report.schema import schema_reference
from tradeclaims.run.build import execute_and_record, started_engine
from tradeclaims.run.options import BuildFacts, RunOptions
from tradeclaims.run.output import checked_out_dir, locked
from tradeclaims.run.plan import Context, Plan, load_context, run_name, value_text
from tradeclaims.run.publish import open_output, read_results
from tradeclaims.run.record import verified_entry

RUNS = OutputLayout.RUNS

RANGE = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")
MAX_COMBINATIONS = 500  # a larger grid needs --max N


SWEEPS = OutputLayout.SWEEPS  # in the output folder (reports/ or --out DIR): one folder per claim swept


@dataclass(kw_only=True)
class SweepSummary:
    out_dir: Path  # the claim's sweep folder, <out>/sweeps/<id>
    claim: Claim
    names: list[str]  # the parameters the table shows: every one swept in this folder, in the order first swept
    plans: list[Plan]  # this sweep's combinations
    entries: list[dict[str, Any]]  # this sweep's results, in plan order (reports relative to out_dir)
    executed: list[Plan] = field(default_factory=list)
    table: list[dict[str, Any]] = field(default_factory=list)  # every combination in the folder, newest run of each
    uncached: dict[str, str] = field(default_factory=dict)  # label -> why its report was not cached

    @property
    def cached(self) -> list[Plan]:
        return [plan_ for plan_ in self.plans if plan_ not in self.executed]

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


def sweep_folder(project: Project, out: Path, claim_id: str) -> Path:
    """Where a claim's sweeps go: <out>/sweeps/<id>, so that sweeps of different claims never share a table.

    `out` takes the place of reports/ (as `run --out` does): it is checked as the folder of a run's reports would be,
    then the claim's own folder in it.
    """
    top = checked_out_dir(project, out, "claims",
                          wanted="the folder that holds reports and sweeps/ (as reports/ does: a sweep goes to "
                                 f"{SWEEPS}/CLAIM_ID in it)")
    return OutputLayout(top).sweeps(claim_id).folder


def plan_sweep(project: Project, claim_id: str, grid: dict[str, list[str]], out: Path,
               max_combinations: int = MAX_COMBINATIONS) -> tuple[Context, Claim, list[Plan]]:
    """Check the grid's size, the output folder, the claim and every combination; plan each (cached or not)."""
    context = load_context(project, sweep_folder(project, out, claim_id), kind="sweep")
    claim = select(context.registry, [claim_id])[0]
    unknown_parameter(claim, grid)
    count = count_combinations(grid)
    if count > max_combinations:
        raise UsageError(f"the grid has {count:,} combinations, more than {max_combinations:,}; "
                         f"give --max {count} to run them all")
    runs_dir = OutputLayout(context.out_dir / RUNS)
    plans = []
    for parameters in check_combinations(claim, combinations(grid), context):
        changed = changed_parameters(claim, parameters, context.checked_defaults(claim))
        plans.append(context.plan(claim, parameters, runs_dir, run_name(claim, parameters, changed), SWEEP))
    return context, claim, plans


def sweep(project: Project, claim_id: str, grid: dict[str, list[str]], options: RunOptions,
          max_combinations: int = MAX_COMBINATIONS) -> SweepSummary:
    """Run the grid (options.out_dir: the folder in place of reports/) and add its combinations to the claim's
    table: the phases of a build, with the sweep's table in place of the index."""
    with ExitStack() as stack:
        engine = started_engine(stack, project, options, options.jobs)
        context, claim, plans = plan_sweep(project, claim_id, grid, options.out_dir, max_combinations)
        open_output(context, kind="sweep")
        stack.enter_context(locked(context.out_dir))
        facts = BuildFacts.now(context.fingerprint, options)
        entries, executions, uncached = execute_and_record(project, context, plans, facts, options, engine)
        entries = [{**entry, "report": f"{RUNS}/{entry['report']}"} for entry in entries]
        table = accumulated(context.out_dir, claim, entries)
        summary = SweepSummary(out_dir=context.out_dir, claim=claim, names=table_names(context.out_dir, claim, grid, table),
                               plans=plans, entries=entries, executed=[execution.plan for execution in executions],
                               table=table, uncached=uncached)
        write_table(context.out_dir, summary, facts)
    return summary


def combination(entry: dict[str, Any]) -> str:
    """What makes two runs the same combination: every parameter it ran with."""
    return json.dumps(entry.get("parameters"), sort_keys=True)


def earlier_entry(folder: Path, claim: Claim, entry: dict[str, Any]) -> dict[str, Any] | None:
    """A combination of an earlier sweep, as the files of its run vouch for it (see runner.verified_entry); None when its
    report is gone or no longer the one recorded."""
    report = str(entry.get("report", ""))
    if not report.startswith(f"{RUNS}/"):
        return None
    inside = {**entry, "report": report.removeprefix(f"{RUNS}/")}
    stem = inside["report"].split(".failed.html")[0].removesuffix(".html")
    found = verified_entry(OutputLayout(folder / RUNS), stem, claim.id, inside)
    return {**found, "report": f"{RUNS}/{found['report']}"} if found else None


def accumulated(folder: Path, claim: Claim, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sweep folder's table: the combinations of earlier sweeps still backed by their reports, in their order, each
    replaced by this sweep's run when it ran again, then this sweep's new ones. Kept in the folder's results.json."""
    fresh = {combination(entry): entry for entry in entries}
    table: dict[str, dict[str, Any]] = {}
    for entry in read_results(folder):
        key = combination(entry)
        found = fresh.get(key) or earlier_entry(folder, claim, entry)
        if found and key not in table:
            table[key] = found
    for key, entry in fresh.items():
        table.setdefault(key, entry)
    return list(table.values())


def table_names(folder: Path, claim: Claim, grid: dict[str, list[str]], table: list[dict[str, Any]]) -> list[str]:
    """The parameters the table shows: those of the table so far (its CSV's columns), those swept now, and any other
    whose value differs between its rows."""
    try:
        with (folder / "sweep.csv").open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
    except OSError:
        header = []
    varying = [name for name in claim.parameters
               if len({json.dumps(entry["parameters"].get(name)) for entry in table}) > 1]
    earlier = header[:header.index(TABLE_COLUMNS[0])] if TABLE_COLUMNS[0] in header else []
    shown = [*earlier, *grid, *varying]
    return [name for name in dict.fromkeys(shown) if name in claim.parameters]


TABLE_COLUMNS = ["verdict", "measured", "unit", "article_value", "status", "report", "error"]


def table_rows(summary: SweepSummary) -> list[dict[str, Any]]:
    return [{**{name: value_text(entry["parameters"].get(name)) for name in summary.names},
             **{column: entry.get(column) for column in TABLE_COLUMNS}} for entry in summary.table]


def to_csv(summary: SweepSummary) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*summary.names, *TABLE_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for row in table_rows(summary):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue()


def write_table(out_dir: Path, summary: SweepSummary, facts: BuildFacts) -> None:
    """sweep.csv and index.html, and results.json, from which the next sweep of the claim extends the table."""
    from tradeclaims.report.sweep_page import render

    layout = OutputLayout(out_dir)
    results = {"$schema": schema_reference(), "run": facts.published(), "claims": summary.table}
    atomic.write_text(layout.results, json.dumps(results, indent=2) + "\n")
    atomic.write_text(out_dir / layout.TABLE, to_csv(summary))
    atomic.write_text(layout.index, render(summary, table_rows(summary), facts.as_json()))
