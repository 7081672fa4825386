"""Run claims: check everything first, reuse what the cache allows, execute the rest in parallel, write reports.

Order of work, so that a mistake costs nothing: parameters and data are checked before any kernel
starts; reports are written atomically; a failed claim's output goes beside its last good report.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tradeclaims import __version__
from tradeclaims.checks.registry import Claim, load_registry, select
from tradeclaims.errors import UsageError
from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.coverage import DataIndex, data_index
from tradeclaims.ledger.fetched import SHIPPED
from tradeclaims.ledger.files import sha256_bytes
from tradeclaims.ledger.validation import check_data
from tradeclaims.notebook.record import recorded_result
from tradeclaims.project import Project
from tradeclaims.report.pages import ALL_CLAIMS, BackLink
from tradeclaims.run.cache import cache_key
from tradeclaims.run.parameters import resolve_parameters
from tradeclaims.run.worker import Job, Outcome, run_job

LOCK_NAME = ".tradeclaims.lock"
CACHE_DIR = ".tradeclaims-cache"


@dataclass
class Plan:
    claim: Claim
    parameters: dict[str, Any]
    key: dict[str, str]
    cached: dict[str, Any] | None = None  # the previous results entry, when the cache holds this key
    stem: str = ""  # the output files' name: the claim's id, or one combination's name in a sweep
    back: BackLink = ALL_CLAIMS

    def __post_init__(self):
        self.stem = self.stem or self.claim.id


@dataclass
class RunSummary:
    results: dict[str, Any]
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def prepare(project: Project, claim_ids: list[str], overrides: dict[str, str], out_dir: Path
            ) -> tuple[list[Plan], dict[str, str]]:
    """Check ids, parameters and data; compute each claim's cache key. Raises before anything runs."""
    registry = load_registry(project.claims_file)
    claims = select(registry, claim_ids)
    fingerprint = check_data(project.data_dir, project.root / CACHE_DIR / "validated.json")
    index = data_index(project.data_dir)
    plans = []
    for claim in claims:
        applicable = {name: value for name, value in overrides.items() if name in claim.parameters}
        if overrides and claim_ids and len(applicable) < len(overrides):
            resolve_parameters(claim, overrides, index)  # raises, naming the unknown parameter
        notebook = project.notebook(claim.notebook)
        if not notebook.exists():
            raise UsageError(f"claim {claim.id}: notebook {claim.notebook} not found")
        plans.append(plan_for(project, claim, resolve_parameters(claim, applicable, index), fingerprint, index))
    if overrides and not claim_ids:
        known = {name for plan in plans for name in plan.claim.parameters}
        unknown = [name for name in overrides if name not in known]
        if unknown:
            raise UsageError(f"unknown parameter {unknown[0]!r}: no claim has it")
    for plan in plans:
        plan.cached = cached_entry(out_dir, plan)
    return plans, fingerprint


def plan_for(project: Project, claim: Claim, parameters: dict[str, Any], fingerprint: dict[str, str],
             index: DataIndex, stem: str = "") -> Plan:
    """A claim with checked parameters and its cache key (over the data files the claim reads)."""
    reads = {name: fingerprint[file_name] for name, file_name in index.resource_files.items() if name in claim.reads}
    if parameters.get("source", SHIPPED) != SHIPPED:
        reads.update(index.fetched_hashes(parameters["source"]))
    key = cache_key(project.notebook(claim.notebook), parameters, reads, project.requirements)
    return Plan(claim, parameters, key, stem=stem)


def cached_entry(out_dir: Path, plan: Plan) -> dict[str, Any] | None:
    """The claim's previous results entry if its executed notebook carries the same key and is complete."""
    notebook_path, report_path = out_dir / f"{plan.stem}.ipynb", out_dir / f"{plan.stem}.html"
    if not (notebook_path.exists() and report_path.exists()):
        return None
    try:
        metadata = json.loads(notebook_path.read_text())["metadata"].get("tradeclaims", {})
    except (json.JSONDecodeError, KeyError):
        return None
    if metadata.get("cache_key") != plan.key["key"] or metadata.get("entry", {}).get("status") != "ok":
        return None
    return metadata["entry"]


def job_for(project: Project, plan: Plan, run: dict[str, Any]) -> Job:
    return Job(plan.claim.id, str(project.notebook(plan.claim.notebook)), str(project.root),
               plan.parameters, run["timeout"], warm=run.get("kernels", "warm") == "warm")


def entry_for(plan: Plan, outcome: Outcome, result: dict[str, Any] | None) -> dict[str, Any]:
    """One claim's line in results.json."""
    claim, ok = plan.claim, outcome.error is None and result is not None
    error = outcome.error or (None if result else "the notebook recorded no result")
    entry = {
        "id": claim.id, "title": claim.title, "status": "ok" if ok else "failed",
        "verdict": result["verdict"] if ok else None, "reason": result.get("reason") if ok else None,
        "measured": result.get("measured") if ok else None, "unit": (result or {}).get("unit", claim.unit),
        "article_value": (result or {}).get("article_value", claim.article_value),
        "threshold": (result or {}).get("threshold"),
        "parameters": plan.parameters, "report": f"{plan.stem}.html",
        "period": (result or {}).get("period"), "headline_sources": (result or {}).get("headline_sources", []),
        "evidence": (result or {}).get("evidence"),
        "sources": (result or {}).get("sources", []), "missing": (result or {}).get("missing", []),
        "notebook": claim.notebook, "cache_key": plan.key["key"], "seconds": round(outcome.seconds, 2),
    }
    if not ok:
        entry["error"] = error
        entry["report"] = f"{plan.stem}.failed.html#papermill-error-cell"
    return entry


def write_claim(out_dir: Path, plan: Plan, outcome: Outcome, run: dict[str, Any]) -> dict[str, Any]:
    """Export and write one executed claim; a failure goes to <id>.failed.*, leaving the good report."""
    from tradeclaims.report import claim_page as export

    notebook = json.loads(outcome.notebook_json) if outcome.notebook_json else {
        "cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    entry = entry_for(plan, outcome, recorded_result(notebook))
    notebook.setdefault("metadata", {})["tradeclaims"] = {
        "cache_key": plan.key["key"], "key_parts": plan.key, "entry": entry, "run": run}
    stem = plan.stem if entry["status"] == "ok" else f"{plan.stem}.failed"
    try:
        page = export.render(notebook, plan.claim, entry, run, plan.back)
    except Exception as failure:  # a report that cannot be exported must not stop the other claims
        if entry["status"] == "ok":
            return write_claim(out_dir, plan, Outcome(plan.stem, outcome.notebook_json,
                                                      f"report export failed: {failure}", outcome.seconds), run)
        raise
    atomic.write_text(out_dir / f"{stem}.ipynb", json.dumps(notebook, indent=1))
    atomic.write_text(out_dir / f"{stem}.html", page)
    if entry["status"] == "ok":
        for stale in (out_dir / f"{plan.stem}.failed.ipynb", out_dir / f"{plan.stem}.failed.html"):
            stale.unlink(missing_ok=True)
    return entry


def run_metadata(fingerprint: dict[str, str]) -> dict[str, Any]:
    return {"built": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "version": __version__,
            "data_hash": sha256_bytes(json.dumps(fingerprint, sort_keys=True).encode()), "data_files": fingerprint}


Submit = Callable[[Job], Future]


def local_submitter(jobs: int) -> tuple[Submit, Callable[[], None]]:
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))

    def close() -> None:
        from tradeclaims.run.kernels import POOL

        pool.shutdown(wait=True, cancel_futures=True)
        POOL.shutdown_all()

    return (lambda job: pool.submit(run_job, job)), close


def execute(project: Project, plans: list[Plan], out_dir: Path, run: dict[str, Any], submit: Submit,
            progress) -> dict[str, dict[str, Any]]:
    """Execute the plans; write each claim's report as it completes."""
    futures = {submit(job_for(project, plan, run)): plan for plan in plans}
    entries = {}
    for future in as_completed(futures):
        plan = futures[future]
        try:
            outcome = future.result()
        except Exception as failure:  # the executor itself failed (e.g. a lost Dask worker)
            outcome = Outcome(plan.stem, "", f"{type(failure).__name__}: {failure}", 0.0)
        entries[plan.stem] = write_claim(out_dir, plan, outcome, run)
        progress(plan.stem, entries[plan.stem])
    return entries


def write_results(out_dir: Path, entries: list[dict[str, Any]], run: dict[str, Any]) -> dict[str, Any]:
    from tradeclaims.report import index_page as index

    results = {"run": {key: value for key, value in run.items() if key != "timeout"}, "claims": entries}
    atomic.write_text(out_dir / "results.json", json.dumps(results, indent=2, sort_keys=False) + "\n")
    atomic.write_text(out_dir / "index.html", index.render(results))
    return results


def merge_previous(out_dir: Path, entries: list[dict[str, Any]], registry: dict[str, Claim]
                   ) -> list[dict[str, Any]]:
    """Keep the other claims' lines of an earlier results.json when only some claims ran."""
    previous_path = out_dir / "results.json"
    if not previous_path.exists():
        return entries
    try:
        previous = {entry["id"]: entry for entry in json.loads(previous_path.read_text())["claims"]}
    except (json.JSONDecodeError, KeyError, TypeError):
        return entries
    fresh = {entry["id"]: entry for entry in entries}
    merged = {**{k: v for k, v in previous.items() if k in registry}, **fresh}
    return [merged[claim_id] for claim_id in registry if claim_id in merged]


@contextmanager
def locked(out_dir: Path):
    """Hold the output folder's lock: one run writes to a folder at a time; the next waits, then gives up."""
    from filelock import FileLock, Timeout

    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=float(os.environ.get("TRADECLAIMS_LOCK_WAIT", "600")))
    except Timeout:
        raise UsageError(f"another tradeclaims run holds {out_dir / LOCK_NAME}; try again when it ends") from None
    try:
        yield
    finally:
        lock.release()


def execute_plans(project: Project, plans: list[Plan], out_dir: Path, run_info: dict[str, Any], jobs: int,
                  force: bool, submitter: tuple[Submit, Callable[[], None]] | None, progress, on_plan
                  ) -> tuple[list[dict[str, Any]], list[Plan]]:
    """Every plan's results entry, in plan order (from the cache where allowed), and the plans executed."""
    pending = [plan for plan in plans if force or plan.cached is None]
    on_plan(pending)
    entries: dict[str, dict[str, Any]] = {p.stem: p.cached for p in plans if p not in pending}
    if pending:
        from tradeclaims.run.kernels import ensure_kernel

        ensure_kernel()
        submit, close = submitter or local_submitter(jobs)
        try:
            entries.update(execute(project, pending, out_dir, run_info, submit, progress))
        finally:
            close()
    return [entries[plan.stem] for plan in plans], pending


def run(project: Project, claim_ids: list[str], overrides: dict[str, str], out_dir: Path, jobs: int,
        force: bool = False, timeout: float = 300.0, submitter: tuple[Submit, Callable[[], None]] | None = None,
        progress=lambda claim_id, entry: None, on_plan=lambda plans: None, warm_kernels: bool = True) -> RunSummary:
    plans, fingerprint = prepare(project, claim_ids, overrides, out_dir)
    with locked(out_dir):
        run_info = {**run_metadata(fingerprint), "timeout": timeout, "kernels": "warm" if warm_kernels else "fresh"}
        ordered, pending = execute_plans(project, plans, out_dir, run_info, jobs, force, submitter, progress, on_plan)
        registry = load_registry(project.claims_file)
        results = write_results(out_dir, merge_previous(out_dir, ordered, registry), run_info)
    return RunSummary(results, [p.stem for p in pending], [p.stem for p in plans if p not in pending],
                      [e["id"] for e in ordered if e["status"] != "ok"])
