"""Fetched data with provenance, under data/fetched/.

    fetched/datapackage.json               every raw file (path, bytes, sha256, url, retrieval time, publisher,
                                           connector) and every parsed table
    fetched/sources.csv                    one row per fetch that brought new bytes, as data/sources.csv
    fetched/<source>/<YYYY-MM-DD>/<file>   raw files as downloaded, in folders named by the UTC retrieval date
    fetched/<source>/observations.csv      parsed figures, as data/observations.csv

A fetch whose bytes are all already stored writes nothing. Otherwise new raw files are written first, then the
tables, then the descriptor, each by an atomic rename; nothing is written before every file was downloaded and parsed.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pandas as pd

from tradeclaims.fetch.common import FetchBatch, ParsedFile
from tradeclaims.ledger.fetched import (
    DESCRIPTOR,
    FETCHED,
    OBSERVATION_COLUMNS,
    OBSERVATIONS,
    SOURCE_COLUMNS,
    SOURCES,
    read_csv,
    read_descriptor,
)
from tradeclaims.ledger.files import sha256_bytes, write_bytes

ROW_KEY = ["reporter", "partner", "flow", "period", "measure", "unit", "currency"]


@dataclass(frozen=True)
class StoredFile:
    """What became of one raw file: its path (relative to data/), size, sha256, observation count, and whether new."""

    path: str
    bytes: int
    sha256: str
    observations: int
    unchanged: bool


def store_batch(data_dir: Path, batch: FetchBatch, now: datetime | None = None) -> list[StoredFile]:
    """Store a fetched and parsed batch under data_dir/fetched; return one StoredFile per raw file."""
    root = Path(data_dir) / FETCHED
    now = (now or datetime.now(UTC)).astimezone(UTC)
    descriptor = read_descriptor(root)
    resources = descriptor["resources"]
    known = {(r.get("connector"), r.get("hash")): r for r in resources if r.get("connector")}
    placed = [place(root, batch.source, parsed, now, known) for parsed in batch.files]
    if all(stored.unchanged for stored in placed):
        return placed
    source_id = new_source_id(batch, now)
    writes = raw_writes(root, batch, placed)
    observations = merged_observations(root, batch, source_id)
    sources = merged_sources(root, batch, source_id, now, placed)
    writes[f"{batch.source}/{OBSERVATIONS}"] = csv_bytes(observations, OBSERVATION_COLUMNS)
    writes[SOURCES] = csv_bytes(sources, SOURCE_COLUMNS)
    new_resources = updated_resources(resources, batch, placed, writes, now)
    for relative, content in writes.items():
        write_bytes(root / relative, content)
    descriptor["resources"] = new_resources
    write_bytes(root / DESCRIPTOR, (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode())
    return placed


def place(root: Path, source: str, parsed: ParsedFile, now: datetime, known: dict) -> StoredFile:
    """Where a raw file goes: its stored twin if the same bytes are already there, else a new path."""
    content = parsed.raw.content
    digest = sha256_bytes(content)
    existing = known.get((source, f"sha256:{digest}"))
    if existing and (root / existing["path"]).is_file():
        return StoredFile(f"{FETCHED}/{existing['path']}", len(content), digest, len(parsed.rows), True)
    folder = PurePosixPath(source, now.strftime("%Y-%m-%d"))
    relative = folder / parsed.raw.name
    target = root / relative
    if target.exists() and sha256_bytes(target.read_bytes()) != digest:  # fetched earlier the same day: keep both
        relative = folder / f"{relative.stem}-{digest[:8]}{relative.suffix}"
    return StoredFile(f"{FETCHED}/{relative}", len(content), digest, len(parsed.rows), False)


def relative_to_root(stored: StoredFile) -> str:
    return stored.path.removeprefix(f"{FETCHED}/")


def raw_writes(root: Path, batch: FetchBatch, placed: list[StoredFile]) -> dict[str, bytes]:
    return {relative_to_root(stored): parsed.raw.content
            for parsed, stored in zip(batch.files, placed, strict=True) if not stored.unchanged}


def new_source_id(batch: FetchBatch, now: datetime) -> str:
    digest = hashlib.sha256("".join(sha256_bytes(parsed.raw.content) for parsed in batch.files).encode()).hexdigest()
    return f"fetch-{batch.source}-{now:%Y-%m-%d}-{digest[:8]}"


def merged_observations(root: Path, batch: FetchBatch, source_id: str) -> pd.DataFrame:
    """The source's table with this batch's figures added. For a page, the figures of earlier copies of the same page
    are kept, marked superseded (never picked while the new copy's exist); for a series from an API, the new figures
    replace any older figure of the same key."""
    new = pd.DataFrame([{**dict.fromkeys(OBSERVATION_COLUMNS, ""), **row, "source_id": source_id}
                        for parsed in batch.files for row in parsed.rows], columns=list(OBSERVATION_COLUMNS), dtype=str)
    old = read_csv(root / batch.source / OBSERVATIONS, OBSERVATION_COLUMNS)
    if batch.one_page:  # an earlier copy of the same page stays on record, superseded by this one
        sources = read_csv(root / SOURCES, SOURCE_COLUMNS)
        same_page = old["source_id"].isin(set(sources.loc[sources["url"] == batch.files[0].raw.url, "id"]))
        kept = old.assign(status=old["status"].where(~same_page | (old["status"] != ""), "superseded"))
    else:
        keys = set(map(tuple, new[ROW_KEY].itertuples(index=False, name=None)))
        kept = old[[tuple(row) not in keys for row in old[ROW_KEY].itertuples(index=False, name=None)]]
    merged = pd.concat([kept, new], ignore_index=True)
    return merged.sort_values(["reporter", "partner", "flow", "measure", "period"], kind="stable")


def merged_sources(root: Path, batch: FetchBatch, source_id: str, now: datetime, placed: list[StoredFile]
                   ) -> pd.DataFrame:
    first = batch.files[0].raw
    row = {"id": source_id, "publisher": batch.publisher, "title": batch.title, "url": first.url,
           "published": batch.published, "published_basis": "", "retrieved": f"{now:%Y-%m-%d}", "kind": "official",
           "agency": batch.publisher, "origin": source_id,
           "notes": "raw: " + "; ".join(relative_to_root(stored) for stored in placed)}
    old = read_csv(root / SOURCES, SOURCE_COLUMNS)
    old = old[old["id"] != source_id]
    return pd.concat([old, pd.DataFrame([row], columns=list(SOURCE_COLUMNS))], ignore_index=True)


def updated_resources(resources: list[dict], batch: FetchBatch, placed: list[StoredFile], writes: dict[str, bytes],
                      now: datetime) -> list[dict]:
    """The descriptor's resources with new raw files added and the rewritten tables' sizes and hashes updated."""
    table_paths = {f"{batch.source}/{OBSERVATIONS}", SOURCES}
    written = {relative_to_root(stored) for stored in placed if not stored.unchanged}
    kept = [r for r in resources if r.get("path") not in table_paths | written]
    for parsed, stored in zip(batch.files, placed, strict=True):
        if not stored.unchanged:
            kept.append(raw_resource(batch, parsed, stored, now))
    kept.append(table_resource(f"{batch.source}-observations", f"{batch.source}/{OBSERVATIONS}",
                               writes[f"{batch.source}/{OBSERVATIONS}"]))
    kept.append(table_resource("sources", SOURCES, writes[SOURCES]))
    return sorted(kept, key=lambda r: (r["path"] == SOURCES, r["path"]))


def raw_resource(batch: FetchBatch, parsed: ParsedFile, stored: StoredFile, now: datetime) -> dict:
    path = relative_to_root(stored)
    return {
        "name": path.lower().replace("/", "-").replace("_", "-"),
        "path": path,
        "format": PurePosixPath(path).suffix.lstrip("."),
        "mediatype": parsed.raw.media_type,
        "bytes": stored.bytes,
        "hash": f"sha256:{stored.sha256}",
        "url": parsed.raw.url,
        "retrieved": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publisher": batch.publisher,
        "connector": batch.source,
    }


def table_resource(name: str, path: str, content: bytes) -> dict:
    return {"name": name, "path": path, "format": "csv", "mediatype": "text/csv", "bytes": len(content),
            "hash": f"sha256:{sha256_bytes(content)}"}


def csv_bytes(table: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    buffer = io.StringIO()
    table[list(columns)].to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
