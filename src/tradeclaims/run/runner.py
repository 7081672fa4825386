"""Run claims: check everything first, reuse what the cache allows, execute the rest in parallel, write reports.

Order of work, so that a mistake costs nothing: the output folder, parameters and data are checked before
any kernel starts; reports are written atomically; a failed claim's output goes beside its last good report.

A claim run with its own parameters writes the canonical report, `<out>/<id>.html`, and its row of
`<out>/results.json` and `index.html`. A claim run with any other value goes to `<out>/runs/<id>/`, named by
the values that differ, with that folder's own results.json and page: the canonical report is left alone.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tradeclaims import __version__
from tradeclaims.checks.registry import Claim, select
from tradeclaims.errors import UsageError, shown
from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.files import json_hash
from tradeclaims.notebook.record import READS_MIME, recorded_result
from tradeclaims.project import Project, shown_path
from tradeclaims.report.changes import compare
from tradeclaims.report.pages import ARTICLE_PAGE, BackLink
from tradeclaims.report.schema import SCHEMA_NAME, schema_reference, schema_text
from tradeclaims.run import history
from tradeclaims.run.cache import cached_entry, keyed, read_record, record_path, report_files, rewrite_record, write_record
from tradeclaims.run.dependencies import DataCopy
from tradeclaims.run.options import RunOptions, Submit, Submitter
from tradeclaims.run.outputs import CACHE_DIR, locked, open_out_dir
from tradeclaims.run.parameters import changed_parameters, resolve_parameters, unknown_parameter
from tradeclaims.run.planning import VALIDATED, Context, Plan, load_context, plan, run_name
from tradeclaims.run.prestart import kernels_ahead
from tradeclaims.run.worker import KERNEL_NAME, Job, Outcome, run_job

RUNS = "runs"  # the folder of executions with other parameters than the claim's
RUNS_BACK = BackLink("index.html", "Runs of this claim with other parameters")


@dataclass(kw_only=True)
class RunSummary:
    out_dir: Path
    plans: list[Plan]
    entries: list[dict[str, Any]]  # in plan order
    executed: list[Plan] = field(default_factory=list)
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


def prepare(project: Project, claim_ids: list[str], overrides: dict[str, str], out_dir: Path
            ) -> tuple[Context, list[Plan]]:
    """Check the output folder, ids, parameters and data; plan each claim. Raises before anything runs."""
    context = load_context(project, out_dir)
    plans = []
    for claim in select(context.registry, claim_ids):
        applicable = {name: value for name, value in overrides.items() if name in claim.parameters}
        if overrides and claim_ids and len(applicable) < len(overrides):
            unknown_parameter(claim, overrides)
        plans.append(plan_claim(context, claim, resolve_parameters(claim, applicable, context.index)))
    if overrides and not claim_ids:
        known = {name for plan_ in plans for name in plan_.claim.parameters}
        unknown = [name for name in overrides if name not in known]
        if unknown:
            raise UsageError(f"unknown parameter {shown(unknown[0])}: no claim has it")
    return context, plans


def plan_claim(context: Context, claim: Claim, parameters: dict[str, Any]) -> Plan:
    """The canonical report for the claim's own parameters; a report of its own under runs/<id>/ for others."""
    changed = changed_parameters(claim, parameters, context.checked_defaults(claim))
    if not changed:
        return plan(context, claim, parameters, context.out_dir, claim.id)
    return plan(context, claim, parameters, context.out_dir / RUNS / claim.id, run_name(claim, parameters, changed),
                RUNS_BACK)


def job_for(project: Project, plan_: Plan, run: dict[str, Any]) -> Job:
    return Job(claim_id=plan_.claim.id, notebook=str(project.notebook(plan_.claim.notebook)), cwd=str(project.root),
               parameters=plan_.parameters, timeout=run["timeout"], warm=run.get("kernels", "warm") == "warm")


def entry_for(plan_: Plan, outcome: Outcome, result: dict[str, Any] | None) -> dict[str, Any]:
    """One execution's line in results.json."""
    claim, ok = plan_.claim, outcome.error is None and result is not None
    error = outcome.error or (None if result else "the notebook recorded no result")
    entry = {
        "id": claim.id, "title": claim.title, "status": "ok" if ok else "failed",
        "verdict": result["verdict"] if ok else None, "reason": result.get("reason") if ok else None,
        "measured": result.get("measured") if ok else None, "unit": (result or {}).get("unit", claim.unit),
        "article_value": (result or {}).get("article_value", claim.article_value),
        "threshold": (result or {}).get("threshold"),
        "parameters": plan_.parameters, "report": f"{plan_.stem}.html",
        "period": (result or {}).get("period"), "headline_sources": (result or {}).get("headline_sources", []),
        "evidence": (result or {}).get("evidence"), "bound": (result or {}).get("bound"),
        "inputs": (result or {}).get("inputs", []), "routes": (result or {}).get("routes", []),
        "alternatives": (result or {}).get("alternatives", []), "robust": (result or {}).get("robust") if ok else None,
        "sources": (result or {}).get("sources", []), "missing": (result or {}).get("missing", []),
        "parts": [{**part, "words": part.get("words") or claim.quote} for part in (result or {}).get("parts", [])],
        "doubtful": (result or {}).get("doubtful", []), "events": (result or {}).get("events", []),
        "notebook": claim.notebook, "cache_key": plan_.key["key"], "seconds": round(outcome.seconds, 2),
        "key_parts": {part: digest for part, digest in plan_.key.items() if part != "key"},
    }
    if plan_.changed:
        entry["changed"] = plan_.changed
    if not ok:
        entry["error"] = error
        entry["report"] = f"{plan_.stem}.failed.html#papermill-error-cell"
    return entry


def remove_stale_failure(plan_: Plan) -> None:
    for stale in report_files(f"{plan_.stem}.failed"):
        (plan_.folder / stale).unlink(missing_ok=True)


def read_other_data(plan_: Plan, reads: dict[str, Any]) -> str:
    """Why the result must not be cached, when its notebook read files of data/ other than those the run checked and
    keys it on (edited or fetched again while it ran); else ""."""
    read = reads.get("data")
    changed = sorted(name for name, digest in read.items() if plan_.held.get(name) != digest) if isinstance(
        read, dict) else []
    if not changed:
        return ""
    return (f"data/{changed[0]}{f' and {len(changed) - 1} more' if len(changed) > 1 else ''} changed while it ran: "
            "its report was written but not cached; run again for one on the data as they are now")


def key_after_execution(plan_: Plan, notebook: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """Key the plan on what its notebook read, when that is bounded; what its cache record keeps of it."""
    reads = recorded_result(notebook, READS_MIME) or {}
    plan_.uncached = read_other_data(plan_, reads)
    depends: dict[str, Any] = {"data_files": run.get("data_files", {}), "digests": None}
    if plan_.keyed_on_reads and plan_.data is not None and reads.get("bounded"):
        depends["digests"] = plan_.data.digests(reads["reads"])
        plan_.key = keyed({**plan_.base, "reads": json_hash(depends["digests"])})
    return {**depends, "key_parts": plan_.key}


def write_claim(plan_: Plan, outcome: Outcome, run: dict[str, Any]) -> dict[str, Any]:
    """Export and write one execution; a failure goes to <stem>.failed.*, leaving the good report."""
    from tradeclaims.report import claim_page as export

    notebook = json.loads(outcome.notebook_json) if outcome.notebook_json else {
        "cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    depends = key_after_execution(plan_, notebook, run)
    entry = entry_for(plan_, outcome, recorded_result(notebook))
    notebook.setdefault("metadata", {})["tradeclaims"] = {
        "cache_key": plan_.key["key"], "key_parts": plan_.key, "entry": entry, "run": run}
    ok = entry["status"] == "ok"
    stem = plan_.stem if ok else f"{plan_.stem}.failed"
    try:
        past = None if plan_.changed else history.claim_points(plan_.folder, plan_.claim.id, run["built"])
        page = export.render(notebook, plan_.claim, entry, run, plan_.back, past)
    except Exception as failure:  # a report that cannot be exported must not stop the other claims
        if ok:
            return write_claim(plan_, Outcome(claim_id=plan_.stem, notebook_json=outcome.notebook_json,
                                              error=f"report export failed: {failure}", seconds=outcome.seconds), run)
        raise
    written = dict(zip(report_files(stem), (json.dumps(notebook, indent=1).encode(), page.encode()), strict=True))
    for name, content in written.items():
        atomic.write_bytes(plan_.folder / name, content)
    if ok and plan_.uncached:  # a result from other data than its key names is never served from the cache
        record_path(plan_.folder, plan_.stem).unlink(missing_ok=True)
    elif ok:
        write_record(plan_.folder, plan_.stem, entry, written, depends)
    if ok:
        remove_stale_failure(plan_)
    return entry


def run_metadata(fingerprint: dict[str, str]) -> dict[str, Any]:
    return {"built": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "version": __version__,
            "data_hash": json_hash(fingerprint), "data_files": fingerprint}


def run_info(context: Context, options: RunOptions) -> dict[str, Any]:
    return {**run_metadata(context.fingerprint), "timeout": options.timeout,
            "kernels": "warm" if options.warm_kernels else "fresh"}


def local_submitter(jobs: int) -> Submitter:
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))

    def close() -> None:
        from tradeclaims.run.kernels import POOL

        pool.shutdown(wait=False, cancel_futures=True)  # nothing more starts
        POOL.shutdown_all()  # after an interruption, the executions still running stop now (else none is running)
        pool.shutdown(wait=True)  # their temporary folders are removed as they stop
        POOL.shutdown_all()  # a kernel started meanwhile

    return (lambda job: pool.submit(run_job, job)), close


def load_exporter() -> None:
    """Load nbconvert's exporter and render a small notebook with it: its templates, Markdown and highlighting are
    compiled on first use, which would otherwise fall on the first report."""
    import nbformat

    from tradeclaims.report import claim_page

    warm = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Method\n\nA *figure*, a [link](https://example.org) and `code`."),
        nbformat.v4.new_code_cell("figures = nb.rows(ledger)\nfigures", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "1"},
            execution_count=1)]),
    ])
    claim_page.exporter().from_notebook_node(warm)


def execute(project: Project, plans: list[Plan], run: dict[str, Any], submit: Submit,
            progress: Callable[[str, dict[str, Any]], None]) -> dict[int, dict[str, Any]]:
    """Execute the plans; write each report as it completes. Entries by the plan's position."""
    futures: dict[Future, int] = {submit(job_for(project, plans[number], run)): number for number in range(len(plans))}
    threading.Thread(target=load_exporter, daemon=True).start()  # while the kernels work
    entries = {}
    for future in as_completed(futures):
        number = futures[future]
        try:
            outcome = future.result()
        except Exception as failure:  # the executor itself failed (e.g. a lost Dask worker)
            outcome = Outcome(claim_id=plans[number].stem, notebook_json="",
                              error=f"{type(failure).__name__}: {failure}", seconds=0.0)
        try:
            entries[number] = write_claim(plans[number], outcome, run)
        except OSError as error:  # a full disk, a folder made read-only meanwhile: the files written so far stay
            raise OutputError(f"--out {shown_path(plans[number].folder)}: cannot write the report of "
                              f"{plans[number].stem} ({error.strerror or error}); the reports written before it "
                              "are complete", entries) from None
        progress(plans[number].label, entries[number])
    return entries


class OutputError(UsageError):
    """The output folder could not take a file; `entries`: the results entries written before, by plan position."""

    def __init__(self, message: str, entries: dict[int, dict[str, Any]]):
        super().__init__(message)
        self.entries = entries


def open_output(context: Context, kind: str = "claims") -> None:
    """Create and mark the output folder, and keep the record of the data check in it."""
    open_out_dir(context.out_dir, kind=kind)
    try:
        atomic.write_text(context.out_dir / SCHEMA_NAME, schema_text())
        atomic.write_text(context.out_dir / CACHE_DIR / VALIDATED, json.dumps(context.validated, sort_keys=True))
    except OSError as error:
        raise UsageError(f"--out {shown_path(context.out_dir)}: cannot write there ({error.strerror or error})") from None


def start_kernels(project: Project, pending: list[Plan], options: RunOptions) -> None:
    """Install the kernel if needed; for local warm kernels, start them now, while papermill and nbconvert load."""
    from tradeclaims.run.prestart import ensure_kernel, prestart

    ensure_kernel()
    if options.submitter is None and options.warm_kernels:
        prestart(KERNEL_NAME, str(project.root), min(max(1, options.jobs), len(pending)))


def run_copy(plans: list[Plan]) -> DataCopy | None:
    """The run's indexed copy of data/, if any plan reads the shipped ledger."""
    return next((plan_.data for plan_ in plans if plan_.data is not None and plan_.keyed_on_reads), None)


def named_copy(plans: list[Plan]):
    """The run's indexed copy of data/ named to the kernels started meanwhile (none for fetched data)."""
    copy = run_copy(plans)
    return copy.named_to_kernels() if copy is not None else nullcontext()


def save_copy(plans: list[Plan]) -> None:
    copy = run_copy(plans)
    if copy is not None:
        copy.save()


def execute_plans(project: Project, plans: list[Plan], run: dict[str, Any], options: RunOptions
                  ) -> tuple[list[dict[str, Any]], list[Plan]]:
    """Every plan's results entry, in plan order (from the cache where allowed), and the plans executed."""
    pending = [plan_ for plan_ in plans if options.force or plan_.cached is None]
    options.on_plan(pending)
    entries: dict[int, dict[str, Any]] = {}
    for number, plan_ in enumerate(plans):
        if plan_ not in pending:
            entries[number] = plan_.cached
            remove_stale_failure(plan_)  # the claim succeeded: an older failure's page is stale
            if plan_.refreshed is not None:  # data/ changed, but not what it read: next time, no need to look
                rewrite_record(plan_.folder, plan_.stem, plan_.refreshed)
    if pending:
        submit, close = options.submitter or local_submitter(options.jobs)
        try:
            with named_copy(pending):  # before any kernel starts: kernels inherit the name of the copy
                start_kernels(project, pending, options)
                save_copy(pending)  # while the kernels start
                executed = execute(project, pending, run, submit, options.progress)
        except OutputError as failure:  # what was written, by the plan's position
            failure.entries = {**entries, **{plans.index(pending[number]): entry
                                            for number, entry in failure.entries.items()}}
            raise
        finally:
            close()
        entries.update({plans.index(plan_): executed[number] for number, plan_ in enumerate(pending)})
    return [entries[number] for number in range(len(plans))], pending


def read_results(folder: Path) -> list[dict[str, Any]]:
    """The entries of an earlier results.json in this folder (none if it is missing or unreadable)."""
    try:
        entries = json.loads((folder / "results.json").read_text(encoding="utf-8"))["claims"]
        return [entry for entry in entries if isinstance(entry, dict) and "id" in entry and "report" in entry]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def verified_entry(folder: Path, stem: str, claim_id: str, previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """An execution not run this time, as the folder's files vouch for it: its failure while its failed page is there
    (a failure is newer than the last good report it left in place), else the entry recorded with its report, whose
    files still have the recorded sha256. Never a results.json line as found: that file may have been edited."""
    if previous and previous.get("status") == "failed" and previous.get("id") == claim_id and (
            folder / f"{stem}.failed.html").is_file():
        return previous
    record = read_record(folder, stem)
    entry = cached_entry(folder, stem, record.get("cache_key"), record) if record else None
    return entry if entry and entry.get("id") == claim_id and entry.get("report") == f"{stem}.html" else None


def merge_previous(out_dir: Path, entries: list[dict[str, Any]], registry: dict[str, Claim]) -> list[dict[str, Any]]:
    """The claims that ran, and every other claim as its verified record has it, when only some claims ran."""
    previous = {entry["id"]: entry for entry in read_results(out_dir)}
    fresh = {entry["id"]: entry for entry in entries}
    merged = {claim_id: fresh.get(claim_id) or verified_entry(out_dir, claim_id, claim_id, previous.get(claim_id))
              for claim_id in registry}
    return [entry for entry in merged.values() if entry]


class ResultsNotWritten(Exception):
    """results.json, index.html, article.html or history/ could not be written; `written`: the files that were."""

    FILES = ("results.json", "index.html", ARTICLE_PAGE)

    def __init__(self, written: list[str], reason: str):
        super().__init__(reason)
        self.written = written

    def __str__(self) -> str:
        kept = [name for name in self.FILES if name not in self.written]
        if not self.written:
            return f"{words(kept)} are the previous ones ({self.args[0]})"
        if kept:
            verb, previous = ("was", "is the previous one") if len(self.written) == 1 else ("were", "")
            previous = previous or ("is the previous one" if len(kept) == 1 else "are the previous ones")
            return f"{words(self.written)} {verb} written, but {words(kept)} {previous} ({self.args[0]})"
        return f"{words(self.written)} were written, but {self.args[0]}"


def words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def write_results(out_dir: Path, entries: list[dict[str, Any]], run: dict[str, Any], registry: dict[str, Claim]
                  ) -> list[str]:
    """results.json, index.html and the annotated article (all made before any is written; the registry gives the
    article and its order) and the build kept in history/; the warnings about history/ to show."""
    from tradeclaims.report import article_page
    from tradeclaims.report import index_page as index

    results = {"$schema": schema_reference(), "run": {key: value for key, value in run.items() if key != "timeout"},
               "claims": entries}
    previous = history.previous_build(out_dir, run["built"])
    changes = None if previous is None else compare(previous, results)
    files = {"results.json": json.dumps(results, indent=2, sort_keys=False) + "\n",
             "index.html": index.render(results, changes, article_page.article_of(registry)),
             ARTICLE_PAGE: article_page.render(registry, results)}
    written: list[str] = []
    for name, text in files.items():
        try:
            atomic.write_text(out_dir / name, text)
        except OSError as error:
            raise ResultsNotWritten(written, str(error.strerror or error)) from None
        written.append(name)
    try:
        return history.keep_build(out_dir, results)[1]
    except history.HistoryError as error:
        raise ResultsNotWritten(written, str(error)) from None
    except OSError as error:  # history/ could not be listed
        raise ResultsNotWritten(written, f"{history.HISTORY}/ could not be read ({error.strerror or error})") from None


def publish_results(context: Context, entries: list[dict[str, Any]], run: dict[str, Any],
                    failure: OutputError | None = None) -> list[str]:
    """results.json, index.html and article.html with these entries and the other claims' verified ones; when the
    folder cannot take them, each stays as it was (each is replaced whole or not at all) and the error says which
    were written.
    The warnings about history/ to show."""
    try:
        return write_results(context.out_dir, merge_previous(context.out_dir, entries, context.registry), run,
                             context.registry)
    except ResultsNotWritten as error:
        if failure is None:
            raise UsageError(f"--out {shown_path(context.out_dir)}: {error}") from None
        failure.args = (f"{failure}; {error}",)
        return []


def write_runs(folder: Path, claim: Claim, entries: list[dict[str, Any]], run: dict[str, Any]) -> None:
    """A claim's folder of runs with other parameters: results.json (earlier runs kept) and a page listing them."""
    from tradeclaims.report import index_page as index

    def same_run(entry: dict[str, Any]) -> str:
        return json.dumps(entry.get("parameters"), sort_keys=True)

    fresh = {same_run(entry): entry for entry in entries}
    earlier = [verified_entry(folder, str(entry["report"]).split(".failed.html")[0].removesuffix(".html"), claim.id,
                              entry) for entry in read_results(folder) if same_run(entry) not in fresh]
    kept = [entry for entry in earlier if entry]
    results = {"$schema": schema_reference(depth=2), "run": {key: value for key, value in run.items() if key != "timeout"},
               "claims": [*kept, *fresh.values()]}
    atomic.write_text(folder / "results.json", json.dumps(results, indent=2, sort_keys=False) + "\n")
    atomic.write_text(folder / "index.html", index.render_runs(claim, results))


def run(project: Project, claim_ids: list[str], overrides: dict[str, str], options: RunOptions) -> RunSummary:
    with kernels_ahead(project.root, claim_ids, options):
        return run_planned(project, claim_ids, overrides, options)


def run_planned(project: Project, claim_ids: list[str], overrides: dict[str, str], options: RunOptions
                ) -> RunSummary:
    context, plans = prepare(project, claim_ids, overrides, options.out_dir)
    open_output(context)
    with locked(context.out_dir):
        info = run_info(context, options)
        try:
            entries, pending = execute_plans(project, plans, info, options)
        except OutputError as failure:  # list the reports that were written, if the folder still takes that
            written = [entry for number, entry in sorted(failure.entries.items()) if not plans[number].changed]
            publish_results(context, written, info, failure)
            raise
        canonical = [entry for plan_, entry in zip(plans, entries, strict=True) if not plan_.changed]
        warnings = publish_results(context, canonical, info) if canonical else []
        for claim_id in dict.fromkeys(plan_.claim.id for plan_ in plans if plan_.changed):
            runs = [(plan_, entry) for plan_, entry in zip(plans, entries, strict=True)
                    if plan_.changed and plan_.claim.id == claim_id]
            try:
                write_runs(runs[0][0].folder, runs[0][0].claim, [entry for _, entry in runs], info)
            except OSError as error:
                raise UsageError(f"--out {shown_path(runs[0][0].folder)}: results.json and index.html are the "
                                 f"previous ones ({error.strerror or error})") from None
    return RunSummary(out_dir=context.out_dir, plans=plans, entries=entries, executed=pending, warnings=warnings)
