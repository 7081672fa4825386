"""The report cache: a claim is executed again only when something it depends on changed, or when the report files
it would be served from are not the ones it wrote.

A key covers the notebook, the checked parameters, the claim's entry in claims.yaml, the package's code, the pinned
requirements and what the claim read from data/: the digests of the selections its notebook made (answered by the
ledger's indexed copy, datacopy.py), or, when those cannot be bounded, the data files it reads. Beside the reports,
`.tradeclaims-cache/<stem>.entry.json` records, for each report written, its key, its results entry and the sha256
of its .ipynb and .html: an entry is served only when the key matches, both files are there with those hashes and
the entry is the one the .ipynb records in its metadata, so an edited, replaced or deleted report, or an edited
record, means the claim is executed again. `ReportCache.lookup` answers a Hit or a Miss with its reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.files import json_hash, sha256_bytes
from tradeclaims.project import OutputLayout
from tradeclaims.run.datacopy import DataCopy, changed_reads
from tradeclaims.run.plan import Plan, keyed

PART_NAMES = {"notebook": "its notebook changed", "parameters": "its parameters changed",
              "claim": "its entry in claims.yaml changed",
              "article": "the article claims.yaml records changed", "package": "the package's code changed",
              "requirements": "the pinned requirements changed"}


@dataclass(frozen=True, kw_only=True)
class CacheRecord:
    """What the cache keeps of one report: its key, its results entry, the sha256 of its files, and what it depended
    on (the data files as they were, and the digests of the selections its notebook made, when bounded)."""

    cache_key: str
    entry: dict[str, Any]
    files: dict[str, str]
    data_files: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] | None = None
    key_parts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> CacheRecord | None:
        """The record at `path`; None when it is missing or not a record."""
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            record = cls(cache_key=found["cache_key"], entry=found["entry"], files=found["files"],
                         data_files=found.get("data_files") or {}, digests=found.get("digests"),
                         key_parts=found.get("key_parts") or {})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        shapes = (str, dict, dict, dict, (dict, type(None)), dict)
        values = (record.cache_key, record.entry, record.files, record.data_files, record.digests, record.key_parts)
        return record if all(isinstance(value, shape) for value, shape in zip(values, shapes, strict=True)) else None

    def write(self, path: Path) -> None:
        atomic.write_text(path, json.dumps({"cache_key": self.cache_key, "entry": self.entry, "files": self.files,
                                            "data_files": self.data_files, "digests": self.digests,
                                            "key_parts": self.key_parts}, indent=1) + "\n")


@dataclass(frozen=True)
class Hit:
    """The cache serves the plan: its entry, and its record updated to today's data when data/ changed but not what it
    read (written when served, so that next time there is no need to look)."""

    entry: dict[str, Any]
    key: dict[str, str]
    refreshed: CacheRecord | None = None


@dataclass(frozen=True)
class Miss:
    """The plan must be executed, and why (in a few words, as the run shows it)."""

    reason: str
    key: dict[str, str]


@dataclass(frozen=True)
class Keyed:
    """What an executed plan's report is recorded with: its key (over what its notebook read, when bounded), what it
    depended on, and why it must not be served later (its notebook read other data than the run checked), if so."""

    key: dict[str, str]
    data_files: dict[str, str]
    digests: dict[str, str] | None
    uncached: str = ""


class ReportCache:
    """The reports of an output folder as a cache, keyed on the data as this build checked it."""

    def __init__(self, copy: DataCopy, fingerprint: dict[str, str]):
        self.copy, self.fingerprint = copy, fingerprint

    def lookup(self, plan: Plan) -> Hit | Miss:
        record = CacheRecord.read(plan.layout.record(plan.stem))
        key, why, refreshed = plan.file_key, "", None
        if plan.keyed_on_reads and record is not None and isinstance(record.digests, dict):
            key, why, refreshed = self.key_on_reads(plan, record)
        entry = verified(plan.layout, plan.stem, key["key"], record) if record is not None else None
        if entry is not None:
            return Hit(entry, key, refreshed)
        return Miss(why or why_executed(plan, key, record, self.fingerprint), key)

    def key_on_reads(self, plan: Plan, record: CacheRecord) -> tuple[dict[str, str], str, CacheRecord | None]:
        """A plan keyed on the selections its notebook made last time, evaluated on today's data (the recorded
        digests stand while data/ is unchanged); why the figures changed, if they did; the record refreshed to today's
        data when they did not."""
        recorded, digests, refreshed = record.digests, record.digests, None
        if record.data_files != self.fingerprint:
            digests = self.copy.digests([json.loads(text) for text in recorded])
            if digests == recorded:
                refreshed = CacheRecord(**{**record.__dict__, "data_files": self.fingerprint})
        why = f"figures it reads changed: {changed_reads(recorded, digests)}" if digests != recorded else ""
        return keyed({**plan.base, "reads": json_hash(digests)}), why, refreshed

    def serve(self, plan: Plan, hit: Hit) -> None:
        """A report served: an older failure's page is stale, and a refreshed record is kept."""
        forget_failure(plan.layout, plan.stem)
        if hit.refreshed is not None:
            hit.refreshed.write(plan.layout.record(plan.stem))

    def keyed_after(self, plan: Plan, key: dict[str, str], reads: dict[str, Any]) -> Keyed:
        """Key an executed plan on what its notebook read (`reads`, as the notebook recorded them), when bounded."""
        read = reads.get("data")
        changed = sorted(name for name, digest in read.items() if plan.held.get(name) != digest) if isinstance(
            read, dict) else []
        uncached = "" if not changed else (
            f"data/{changed[0]}{f' and {len(changed) - 1} more' if len(changed) > 1 else ''} changed while it ran: "
            "its report was written but not cached; run again for one on the data as they are now")
        digests = None
        if plan.keyed_on_reads and reads.get("bounded"):
            digests = self.copy.digests(reads["reads"])
            key = keyed({**plan.base, "reads": json_hash(digests)})
        return Keyed(key, self.fingerprint, digests, uncached)

    def store(self, plan: Plan, entry: dict[str, Any], written: dict[str, bytes], keyed_: Keyed) -> None:
        """Record a report just written (name -> bytes of each file); a result from other data than its key names is
        never served, so its record goes."""
        path = plan.layout.record(plan.stem)
        if keyed_.uncached:
            path.unlink(missing_ok=True)
            return
        CacheRecord(cache_key=entry["cache_key"], entry=entry,
                    files={name: sha256_bytes(content) for name, content in written.items()},
                    data_files=keyed_.data_files, digests=keyed_.digests, key_parts=keyed_.key).write(path)


def forget_failure(layout: OutputLayout, stem: str) -> None:
    for stale in layout.report_files(layout.failed_stem(stem)):
        (layout.folder / stale).unlink(missing_ok=True)


def why_executed(plan: Plan, key: dict[str, str], record: CacheRecord | None, fingerprint: dict[str, str]) -> str:
    """Why the cache cannot serve a plan, in a few words."""
    if record is None:
        return "no earlier report"
    reasons = [text for part, text in PART_NAMES.items() if record.key_parts.get(part) != plan.base[part]]
    if reasons:
        return "; ".join(reasons)
    if "data" in key and record.key_parts.get("data") != key["data"]:
        files = sorted(name for name, digest in record.data_files.items() if fingerprint.get(name) != digest)
        return f"data files changed: {', '.join(files)}" if files else "the data files it reads changed"
    if record.entry.get("status") != "ok":
        return "it failed last time"
    return "its report files were changed or removed"


def verified(layout: OutputLayout, stem: str, key: str | None, record: CacheRecord | None = None
             ) -> dict[str, Any] | None:
    """The recorded entry of a report with this key (any key: None), if its files are there, unchanged, and the
    executed notebook records this very entry; else None."""
    record = record if record is not None else CacheRecord.read(layout.record(stem))
    if record is None:
        return None
    entry, hashes = record.entry, record.files
    try:
        if (key is not None and record.cache_key != key) or entry.get("status") != "ok" or set(hashes) != set(
                layout.report_files(stem)):
            return None
        contents = {name: (layout.folder / name).read_bytes() for name in hashes}
        if any(sha256_bytes(contents[name]) != digest for name, digest in hashes.items()):
            return None
        recorded = json.loads(contents[layout.report_files(stem)[0]])["metadata"]["tradeclaims"]["entry"]
        if json_hash(recorded) != json_hash(entry):
            return None  # the record was edited: its entry is not the one its report was written with
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return entry


def verified_entry(layout: OutputLayout, stem: str, claim_id: str, previous: dict[str, Any] | None
                   ) -> dict[str, Any] | None:
    """An execution not run this time, as the folder's files vouch for it: its failure while its failed page is there
    (a failure is newer than the last good report it left in place), else the entry recorded with its report, whose
    files still have the recorded sha256. Never a results.json line as found: that file may have been edited."""
    failed_page = layout.report_files(layout.failed_stem(stem))[1]
    if previous and previous.get("status") == "failed" and previous.get("id") == claim_id and (
            layout.folder / failed_page).is_file():
        return previous
    record = CacheRecord.read(layout.record(stem))
    entry = verified(layout, stem, record.cache_key, record) if record else None
    return entry if entry and entry.get("id") == claim_id and entry.get("report") == f"{stem}.html" else None
