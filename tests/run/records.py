"""Writing and reading the report cache's records as a build does, for tests that set up an output folder by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tradeclaims.ledger.files import sha256_bytes
from tradeclaims.project import OutputLayout
from tradeclaims.run.record import CacheRecord, verified


def write_record(folder: Path, stem: str, entry: dict[str, Any], written: dict[str, bytes]) -> None:
    CacheRecord(cache_key=entry["cache_key"], entry=entry,
                files={name: sha256_bytes(content) for name, content in written.items()}
                ).write(OutputLayout(folder).record(stem))


def cached_entry(folder: Path, stem: str, key: str) -> dict[str, Any] | None:
    return verified(OutputLayout(folder), stem, key)


def copies_folder(folder: Path) -> Path:
    """Where the ledger's indexed copies are kept in an output folder or a project (the same place)."""
    return OutputLayout(folder).ledger_copies
