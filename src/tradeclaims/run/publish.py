"""Publish a build: each executed claim's report as it completes, then results.json, index.html, the annotated
article and the build kept in history/; a claim's runs with other parameters in their own folder.

Every file is replaced whole or not at all; a failed claim's output goes beside its last good report
(`<stem>.failed.*`); results.json, index.html and article.html are all made before any is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tradeclaims.checks.registry import Claim
from tradeclaims.errors import UsageError
from tradeclaims.ledger import files as atomic
from tradeclaims.notebook.record import READS_MIME, recorded_result
from tradeclaims.project import OutputLayout, shown_path
from tradeclaims.report.changes import compare
from tradeclaims.report.entry import ResultsEntry
from tradeclaims.report.schema import schema_reference, schema_text
from tradeclaims.run import history
from tradeclaims.run.execute import Outcome
from tradeclaims.run.options import BuildFacts
from tradeclaims.run.output import open_out_dir
from tradeclaims.run.plan import Context, Plan
from tradeclaims.run.record import ReportCache, forget_failure, verified_entry

EMPTY_NOTEBOOK = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def open_output(context: Context, kind: str = "claims") -> None:
    """Create and mark the output folder, and keep the record of the data check in it."""
    layout = context.layout
    open_out_dir(layout.folder, kind=kind)
    try:
        atomic.write_text(layout.folder / layout.SCHEMA, schema_text())
        atomic.write_text(layout.validated, json.dumps(context.validated, sort_keys=True))
    except OSError as error:
        raise UsageError(f"--out {shown_path(layout.folder)}: cannot write there ({error.strerror or error})") from None


def entry_for(plan: Plan, outcome: Outcome, result: dict[str, Any] | None, key: dict[str, str]) -> dict[str, Any]:
    """One execution's line in results.json."""
    return ResultsEntry.of(plan.claim, result, error=outcome.error, stem=plan.stem, parameters=plan.parameters,
                           changed=plan.changed, key=key, seconds=outcome.seconds).as_json()


def write_claim(plan: Plan, outcome: Outcome, key: dict[str, str], facts: BuildFacts, cache: ReportCache
                ) -> tuple[dict[str, Any], str]:
    """Export and write one execution, and record it in the cache; a failure goes to <stem>.failed.*, leaving the
    good report. Its results entry, and why it was not cached (its notebook read other data than the run checked),
    if so."""
    from tradeclaims.report import claim_page

    notebook = json.loads(outcome.notebook_json) if outcome.notebook_json else dict(EMPTY_NOTEBOOK)
    keyed = cache.keyed_after(plan, key, recorded_result(notebook, READS_MIME) or {})
    entry = entry_for(plan, outcome, recorded_result(notebook), keyed.key)
    run = facts.as_json()
    notebook.setdefault("metadata", {})["tradeclaims"] = {
        "cache_key": keyed.key["key"], "key_parts": keyed.key, "entry": entry, "run": run}
    ok = entry["status"] == "ok"
    try:
        past = None if plan.changed else history.claim_points(plan.folder, plan.claim.id, facts.built)
        page = claim_page.render(notebook, plan.claim, entry, run, plan.back, past)
    except Exception as failure:  # a report that cannot be exported must not stop the other claims
        if ok:
            failed = Outcome(claim_id=plan.stem, notebook_json=outcome.notebook_json,
                             error=f"report export failed: {failure}", seconds=outcome.seconds)
            return write_claim(plan, failed, key, facts, cache)
        raise
    stem = plan.stem if ok else plan.layout.failed_stem(plan.stem)
    contents = (json.dumps(notebook, indent=1).encode(), page.encode())
    written = dict(zip(plan.layout.report_files(stem), contents, strict=True))
    for name, content in written.items():
        atomic.write_bytes(plan.folder / name, content)
    if ok:
        cache.store(plan, entry, written, keyed)
        forget_failure(plan.layout, plan.stem)
    return entry, keyed.uncached


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


class OutputError(UsageError):
    """The output folder could not take a file; `entries`: the results entries written before, by plan position."""

    def __init__(self, message: str, entries: dict[int, dict[str, Any]]):
        super().__init__(message)
        self.entries = entries


class ResultsNotWritten(Exception):
    """results.json, index.html, article.html or history/ could not be written; `written`: the files that were."""

    FILES = (OutputLayout.RESULTS, OutputLayout.INDEX, OutputLayout.ARTICLE)

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


def read_results(folder: Path) -> list[dict[str, Any]]:
    """The entries of an earlier results.json in this folder (none if it is missing or unreadable)."""
    try:
        entries = json.loads(OutputLayout(folder).results.read_text(encoding="utf-8"))["claims"]
        return [entry for entry in entries if isinstance(entry, dict) and "id" in entry and "report" in entry]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def merge_previous(out_dir: Path, entries: list[dict[str, Any]], registry: dict[str, Claim]) -> list[dict[str, Any]]:
    """The claims that ran, and every other claim as its verified record has it, when only some claims ran."""
    layout = OutputLayout(out_dir)
    previous = {entry["id"]: entry for entry in read_results(out_dir)}
    fresh = {entry["id"]: entry for entry in entries}
    merged = {claim_id: fresh.get(claim_id) or verified_entry(layout, claim_id, claim_id, previous.get(claim_id))
              for claim_id in registry}
    return [entry for entry in merged.values() if entry]


def write_results(out_dir: Path, entries: list[dict[str, Any]], facts: BuildFacts, registry: dict[str, Claim]
                  ) -> list[str]:
    """results.json, index.html and the annotated article (all made before any is written; the registry gives the
    article and its order) and the build kept in history/; the warnings about history/ to show."""
    from tradeclaims.report import article_page
    from tradeclaims.report import index_page as index

    results = {"$schema": schema_reference(), "run": facts.published(), "claims": entries}
    previous = history.previous_build(out_dir, facts.built)
    changes = None if previous is None else compare(previous, results)
    files = {OutputLayout.RESULTS: json.dumps(results, indent=2, sort_keys=False) + "\n",
             OutputLayout.INDEX: index.render(results, changes, article_page.article_of(registry),
                                              later=history.later_builds(out_dir, facts.built)),
             OutputLayout.ARTICLE: article_page.render(registry, results)}
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


def publish_results(context: Context, entries: list[dict[str, Any]], facts: BuildFacts,
                    failure: OutputError | None = None) -> list[str]:
    """results.json, index.html and article.html with these entries and the other claims' verified ones; when the
    folder cannot take them, each stays as it was (each is replaced whole or not at all) and the error says which
    were written. The warnings about history/ to show."""
    try:
        return write_results(context.out_dir, merge_previous(context.out_dir, entries, context.registry), facts,
                             context.registry)
    except ResultsNotWritten as error:
        if failure is None:
            raise UsageError(f"--out {shown_path(context.out_dir)}: {error}") from None
        failure.args = (f"{failure}; {error}",)
        return []


def write_runs(layout: OutputLayout, claim: Claim, entries: list[dict[str, Any]], facts: BuildFacts) -> None:
    """A claim's folder of runs with other parameters: results.json (earlier runs kept) and a page listing them."""
    from tradeclaims.report import index_page as index

    def same_run(entry: dict[str, Any]) -> str:
        return json.dumps(entry.get("parameters"), sort_keys=True)

    fresh = {same_run(entry): entry for entry in entries}
    earlier = [verified_entry(layout, str(entry["report"]).split(".failed.html")[0].removesuffix(".html"), claim.id,
                              entry) for entry in read_results(layout.folder) if same_run(entry) not in fresh]
    kept = [entry for entry in earlier if entry]
    results = {"$schema": schema_reference(depth=2), "run": facts.published(), "claims": [*kept, *fresh.values()]}
    try:
        atomic.write_text(layout.results, json.dumps(results, indent=2, sort_keys=False) + "\n")
        atomic.write_text(layout.index, index.render_runs(claim, results))
    except OSError as error:
        raise UsageError(f"--out {shown_path(layout.folder)}: results.json and index.html are the previous ones "
                         f"({error.strerror or error})") from None


def publish(context: Context, plans: list[Plan], entries: list[dict[str, Any]], facts: BuildFacts) -> list[str]:
    """The build's results, index and article (for the claims run with their own parameters) and each claim's folder
    of runs with other parameters; the warnings about history/ to show."""
    canonical = [entry for plan, entry in zip(plans, entries, strict=True) if not plan.changed]
    warnings = publish_results(context, canonical, facts) if canonical else []
    for claim_id in dict.fromkeys(plan.claim.id for plan in plans if plan.changed):
        runs = [(plan, entry) for plan, entry in zip(plans, entries, strict=True)
                if plan.changed and plan.claim.id == claim_id]
        write_runs(runs[0][0].layout, runs[0][0].claim, [entry for _, entry in runs], facts)
    return warnings
