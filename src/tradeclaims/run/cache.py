"""Cache keys and records: a claim is executed again only when something it depends on changed, or when the
report files it would be served from are not the ones it wrote.

The key covers the notebook, the checked parameters, the claim's entry in claims.yaml, the package's code,
the pinned requirements and what the claim read from data/: the digests of the selections its notebook made
(see run/dependencies.py), or, when those cannot be bounded, the data files it reads. Beside the reports,
`.tradeclaims-cache/<name>.entry.json` records,
for each report written, its key, its results entry and the sha256 of its .ipynb and .html: an entry is
served from the cache only when the key matches, both files are there with those hashes and the entry is the one
the .ipynb records in its metadata, so an edited, replaced or deleted report, or an edited record, means the claim
is executed again.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.files import json_hash, sha256_bytes

PACKAGE_DIR = Path(__file__).parents[1]  # the whole package: every role's code and templates


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """One hash over every source and template file of the package."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".json", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def base_parts(notebook: Path, parameters: dict[str, Any], claim_entry: dict[str, Any], requirements: Path
               ) -> dict[str, str]:
    """The parts of a claim's key that do not depend on data/."""
    return {
        "notebook": sha256_bytes(notebook.read_bytes()),
        "parameters": json_hash(parameters),
        "claim": json_hash(claim_entry),
        "package": package_fingerprint(),
        "requirements": sha256_bytes(requirements.read_bytes()) if requirements.exists() else "none",
    }


def keyed(parts: dict[str, str]) -> dict[str, str]:
    """The parts and, under 'key', their combined hash."""
    parts = {name: value for name, value in parts.items() if name != "key"}
    return {**parts, "key": json_hash(parts)}


RECORDS = ".tradeclaims-cache"


def record_path(folder: Path, stem: str) -> Path:
    return folder / RECORDS / f"{stem}.entry.json"


def report_files(stem: str) -> tuple[str, str]:
    return f"{stem}.ipynb", f"{stem}.html"


def write_record(folder: Path, stem: str, entry: dict[str, Any], written: dict[str, bytes],
                 depends: dict[str, Any] | None = None) -> None:
    """Record a report just written: its key, its entry, the sha256 of each file (name -> bytes written) and what
    it depends on (`depends`: key parts, data files, reads and their digests)."""
    record = {"cache_key": entry["cache_key"], "entry": entry,
              "files": {name: sha256_bytes(content) for name, content in written.items()}, **(depends or {})}
    atomic.write_text(record_path(folder, stem), json.dumps(record, indent=1) + "\n")


def read_record(folder: Path, stem: str) -> dict[str, Any] | None:
    try:
        record = json.loads(record_path(folder, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def rewrite_record(folder: Path, stem: str, record: dict[str, Any]) -> None:
    atomic.write_text(record_path(folder, stem), json.dumps(record, indent=1) + "\n")


def cached_entry(folder: Path, stem: str, key: str, record: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The recorded entry of a report with this key, if its files are there, unchanged, and the executed notebook
    records this very entry; else None."""
    try:
        record = record if record is not None else json.loads(record_path(folder, stem).read_text(encoding="utf-8"))
        entry, hashes = record["entry"], record["files"]
        if record["cache_key"] != key or entry.get("status") != "ok" or set(hashes) != set(report_files(stem)):
            return None
        contents = {name: (folder / name).read_bytes() for name in hashes}
        if any(sha256_bytes(contents[name]) != digest for name, digest in hashes.items()):
            return None
        recorded = json.loads(contents[report_files(stem)[0]])["metadata"]["tradeclaims"]["entry"]
        if json_hash(recorded) != json_hash(entry):
            return None  # the record was edited: its entry is not the one its report was written with
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return entry
