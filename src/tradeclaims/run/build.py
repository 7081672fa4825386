"""Build reports, in four phases: plan (check and plan every claim asked for) -> execute (through an engine) ->
record (the report cache: what it serves, what it keeps) -> publish (reports, results, index, article, history).

Order of work, so that a mistake costs nothing: the output folder, parameters and data are checked before any kernel
starts; reports are written atomically; a failed claim's output goes beside its last good report. A claim run with
its own parameters writes the canonical report `<out>/<id>.html` and its row of `<out>/results.json`; with any other
value, its report goes to `<out>/runs/<id>/`, leaving the canonical report alone.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.errors import UsageError
from tradeclaims.project import OutputLayout, Project, shown_path
from tradeclaims.run.datacopy import copies_named
from tradeclaims.run.execute import Engine, Job, completed, engine_for
from tradeclaims.run.options import BuildFacts, RunOptions
from tradeclaims.run.output import locked
from tradeclaims.run.plan import Context, Plan, plan_claims
from tradeclaims.run.publish import OutputError, load_exporter, open_output, publish, publish_results, write_claim
from tradeclaims.run.record import Hit, ReportCache
from tradeclaims.run.scratch import remove_stale


@dataclass(frozen=True)
class Execution:
    """A plan the cache does not serve (or --force): its position among the plans, its key, and why it runs."""

    position: int
    plan: Plan
    key: dict[str, str]
    why: str

    @property
    def label(self) -> str:
        return self.plan.label


@dataclass(kw_only=True)
class BuildSummary:
    out_dir: Path
    plans: list[Plan]
    entries: list[dict[str, Any]]  # in plan order
    executed: list[Plan] = field(default_factory=list)
    uncached: dict[str, str] = field(default_factory=dict)  # label -> why its report was not cached
    warnings: list[str] = field(default_factory=list)  # what was passed over (a build in history/ that cannot be read)

    @property
    def cached(self) -> list[Plan]:
        return [plan for plan in self.plans if plan not in self.executed]

    @property
    def failed(self) -> list[tuple[Plan, dict[str, Any]]]:
        return [(plan, entry) for plan, entry in zip(self.plans, self.entries, strict=True) if entry["status"] != "ok"]

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def report(self, plan: Plan, entry: dict[str, Any]) -> Path:
        """Where an execution's report (or its error page) is."""
        return plan.folder / entry["report"]

    @property
    def canonical(self) -> bool:
        """Whether any claim ran with its own parameters (and so the index was written)."""
        return any(not plan.changed for plan in self.plans)


def build(project: Project, claim_ids: list[str], overrides: dict[str, str], options: RunOptions) -> BuildSummary:
    with ExitStack() as stack:
        engine = started_engine(stack, project, options, len(claim_ids) or options.jobs)
        context, plans = plan_claims(project, claim_ids, overrides, options.out_dir)
        open_output(context)
        stack.enter_context(locked(context.out_dir))
        facts = BuildFacts.now(context.fingerprint, options)
        try:
            entries, executions, uncached = execute_and_record(project, context, plans, facts, options, engine)
        except OutputError as failure:  # list the reports that were written, if the folder still takes that
            written = [entry for number, entry in sorted(failure.entries.items()) if not plans[number].changed]
            publish_results(context, written, facts, failure)
            raise
        warnings = publish(context, plans, entries, facts)
    return BuildSummary(out_dir=context.out_dir, plans=plans, entries=entries, uncached=uncached, warnings=warnings,
                        executed=[execution.plan for execution in executions])


def started_engine(stack: ExitStack, project: Project, options: RunOptions, count: int) -> Engine:
    """The engine, closed when the build ends (what killed runs left in the temporary folder is removed first);
    kernels started from here on read the ledger's copy in the output folder. With --force every claim named is
    executed: their kernels start now, while the build plans."""
    remove_stale()  # what killed runs left in the temporary folder
    engine = engine_for(options)
    stack.callback(engine.close)
    stack.enter_context(copies_named(OutputLayout(Path(options.out_dir).resolve()).ledger_copies))
    if options.force:
        engine.start(str(project.root), count)
    return engine


def execute_and_record(project: Project, context: Context, plans: list[Plan], facts: BuildFacts, options: RunOptions,
                       engine: Engine) -> tuple[list[dict[str, Any]], list[Execution], dict[str, str]]:
    """Every plan's results entry in plan order (served by the cache where it may), the executions, and why any
    executed report was not cached."""
    cache = ReportCache(context.copy, context.fingerprint)
    entries: dict[int, dict[str, Any]] = {}
    executions = []
    for position, plan in enumerate(plans):
        found = cache.lookup(plan)
        if isinstance(found, Hit) and not options.force:
            entries[position] = found.entry
            cache.serve(plan, found)
        else:
            executions.append(Execution(position, plan, found.key, "" if isinstance(found, Hit) else found.reason))
    options.on_plan(executions)
    uncached = {}
    if executions:
        engine.start(str(project.root), len(executions))
        if any(execution.plan.keyed_on_reads for execution in executions):
            save_copy(context)  # while the kernels start
        threading.Thread(target=load_exporter, daemon=True).start()  # while the kernels work
        jobs = [job_for(project, execution.plan, facts) for execution in executions]
        for number, outcome in completed(engine, jobs):
            execution = executions[number]
            try:
                entry, why = write_claim(execution.plan, outcome, execution.key, facts, cache)
            except OSError as error:  # a full disk, a folder made read-only meanwhile: the files written so far stay
                raise OutputError(f"--out {shown_path(execution.plan.folder)}: cannot write the report of "
                                  f"{execution.plan.stem} ({error.strerror or error}); the reports written before it "
                                  "are complete", entries) from None
            entries[execution.position] = entry
            uncached.update({execution.label: why} if why else {})
            options.progress(execution.label, entry)
    return [entries[position] for position in range(len(plans))], executions, uncached


def save_copy(context: Context) -> None:
    """Save the ledger's copy into the output folder for the kernels; a folder that cannot take it (a full disk, a
    file-size limit) is one line, and no report has been written yet."""
    try:
        context.copy.save()
    except (OSError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UsageError(f"--out {shown_path(context.out_dir)}: cannot write the ledger's copy into "
                         f"{shown_path(context.layout.ledger_copies)} ({reason}); no report was written, those there "
                         "are as they were") from None


def job_for(project: Project, plan: Plan, facts: BuildFacts) -> Job:
    return Job(claim_id=plan.claim.id, notebook=str(project.notebook(plan.claim.notebook)), cwd=str(project.root),
               parameters=plan.parameters, timeout=facts.timeout, warm=facts.warm)
