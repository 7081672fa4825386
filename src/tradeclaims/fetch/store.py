"""Fetched data with provenance, under data/fetched/.

    fetched/datapackage.json               every raw file (path, bytes, sha256, url, retrieval time, publisher,
                                           connector) and every parsed table
    fetched/sources.csv                    one row per fetch that brought new bytes, as data/sources.csv
    fetched/<source>/<YYYY-MM-DD>/<file>   raw files as downloaded, in folders named by the UTC retrieval date
    fetched/<source>/observations.csv      parsed figures, as data/observations.csv

A fetch whose bytes are all already stored writes nothing. Otherwise new raw files are written first, then the
tables, then the descriptor, each by an atomic rename; nothing is written before every file was downloaded and parsed.
One fetch stores at a time (the lock `fetched/.tradeclaims.lock`): each merges its figures into what is there.
"""

from __future__ import annotations

import io
import json
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from types import FrameType

import pandas as pd

from tradeclaims.errors import UsageError
from tradeclaims.fetch.common import FetchBatch, ParsedFile, ParseError, distinct_rows
from tradeclaims.ledger.datapackage import DESCRIPTOR, OBSERVATION_COLUMNS, SOURCE_COLUMNS
from tradeclaims.ledger.fetched import (
    FETCHED,
    OBSERVATIONS,
    SOURCES,
    fetched_label,
    neutralised,
    read_csv,
    read_descriptor,
)
from tradeclaims.ledger.files import holding, sha256_bytes, write_bytes
from tradeclaims.ledger.periods import parse_period
from tradeclaims.ledger.schema import row_problems
from tradeclaims.ledger.validation import level_problem, period_problem, source_fields, value_problem

ROW_KEY = ["reporter", "partner", "flow", "period", "measure", "unit", "currency"]
LOCK_NAME = ".tradeclaims.lock"


@dataclass(frozen=True)
class StoredFile:
    """What became of one raw file: its path (relative to data/), size, sha256, observation count, and whether new."""

    path: str
    bytes: int
    sha256: str
    observations: int
    unchanged: bool


def store_batch(data_dir: Path, batch: FetchBatch, now: datetime | None = None, into: list[StoredFile] | None = None
                ) -> list[StoredFile]:
    """Store a fetched and parsed batch under data_dir/fetched; return one StoredFile per raw file (also added to
    `into` the moment they are stored, for a caller stopped right after).

    The read, merge and rewrite hold data/fetched's lock, so two fetches at once each add their figures to what
    the other stored (the second waits); temporary files a killed fetch left behind are removed first.
    """
    root = Path(data_dir) / FETCHED
    now = (now or datetime.now(UTC)).astimezone(UTC)
    refuse_implausible(batch, now)
    refuse_unlike_sources(Path(data_dir), batch, now)
    distinct_rows([row for parsed in batch.files for row in parsed.rows],  # one source: one value per figure
                  " and ".join(dict.fromkeys(parsed.raw.label for parsed in batch.files)))
    try:
        root.mkdir(exist_ok=True)
    except OSError as error:
        raise UsageError(f"{fetched_label(root)}: cannot be created ({error.strerror or error})") from None
    with holding(root / LOCK_NAME, f"another tradeclaims fetch holds {fetched_label(root / LOCK_NAME)}; try again "
                                   "when it ends", f"{fetched_label(root)}: cannot write there"):
        remove_stale_temporaries(root)
        return store_locked(root, batch, now, [] if into is None else into)


def store_locked(root: Path, batch: FetchBatch, now: datetime, into: list[StoredFile]) -> list[StoredFile]:
    descriptor = read_descriptor(root)
    resources = descriptor["resources"]
    known = {(r.get("connector"), r.get("hash")): r for r in resources if r.get("connector")}
    placed = [place(root, batch.source, parsed, now, known) for parsed in batch.files]
    if all(stored.unchanged for stored in placed):
        into.extend(placed)
        return placed
    source_id = new_source_id(batch, now)
    writes = raw_writes(root, batch, placed)
    observations = merged_observations(root, batch, source_id)
    notes = "raw: " + "; ".join(relative_to_root(stored) for stored in placed)
    sources = merged_sources(root, source_row(batch, source_id, now, notes))
    writes[f"{batch.source}/{OBSERVATIONS}"] = csv_bytes(observations, OBSERVATION_COLUMNS)
    writes[SOURCES] = csv_bytes(sources, SOURCE_COLUMNS)
    descriptor["resources"] = updated_resources(resources, batch, placed, writes, now)
    writes[DESCRIPTOR] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()
    with stops_held():
        write_all_or_none(root, writes)
        into.extend(placed)
    return placed


@contextmanager
def stops_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while the files are written (a moment): a fetch stopped then stores every file
    and says so, rather than leave data/fetched between two states. A stop that came meanwhile is handed, as the
    block ends, to the handler that was there (the command line's raises; the default ends the process)."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread handles signals
        yield
        return
    arrived: list[tuple[int, FrameType | None]] = []
    handlers = {number: signal.signal(number, lambda number, frame: arrived.append((number, frame)))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for number, frame in arrived[:1]:
            if callable(handlers[number]):
                handlers[number](number, frame)
            elif handlers[number] == signal.SIG_DFL:
                signal.raise_signal(number)


def write_all_or_none(root: Path, writes: dict[str, bytes]) -> None:
    """Write each file (the descriptor last); if one cannot be written (a full disk, a read-only folder), put back
    what was there before, so data/fetched stays as the last complete fetch left it."""
    before = {relative: (root / relative).read_bytes() if (root / relative).is_file() else None for relative in writes}
    done: list[str] = []
    try:
        for relative, content in writes.items():
            write_bytes(root / relative, content)
            done.append(relative)
    except OSError as error:
        for written in reversed(done):
            if before[written] is None:
                (root / written).unlink(missing_ok=True)
            else:
                write_bytes(root / written, before[written])
        raise UsageError(f"{fetched_label(root / relative)}: cannot be written ({error.strerror or error}); "
                         "data/fetched is as it was") from None


def remove_stale_temporaries(root: Path) -> None:
    """Temporary files (`.NAME.*.tmp`) that a fetch killed while writing left behind; only ever called holding
    the lock, so no other fetch is writing them."""
    for stale in root.rglob(".*.tmp"):
        stale.unlink(missing_ok=True)


def refuse_implausible(batch: FetchBatch, now: datetime) -> None:
    """A figure too large to be one, or for a period that had not begun when it was retrieved, is a misread page."""
    retrieved = f"{now:%Y-%m}"
    for parsed in batch.files:
        for row in parsed.rows:
            # every reader's rows pass here: what validation would refuse is never stored
            if wrong := (value_problem(row["value"]) or period_problem(row["period"])
                         or level_problem(row["flow"], row["measure"], row["value"])):
                raise ParseError(f"{parsed.raw.label}: {wrong}")
            start = str(parse_period(row["period"]).start)
            if start > retrieved:
                raise ParseError(f"{parsed.raw.label}: a figure for {row['period']}, after the retrieval date "
                                 f"{now:%Y-%m-%d}; is the page's date right?")


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
    digest = sha256_bytes("".join(sha256_bytes(parsed.raw.content) for parsed in batch.files).encode())
    return f"fetch-{batch.source}-{now:%Y-%m-%d}-{digest[:8]}"


def merged_observations(root: Path, batch: FetchBatch, source_id: str) -> pd.DataFrame:
    """The source's table with this batch's figures added. For a page, the figures of earlier copies of the same page
    are kept, marked superseded (never picked while the new copy's exist); for a series from an API, the new figures
    replace any older figure of the same key."""
    new = pd.DataFrame([{**dict.fromkeys(OBSERVATION_COLUMNS, ""), **row, "source_id": source_id}
                        for parsed in batch.files for row in parsed.rows], columns=list(OBSERVATION_COLUMNS), dtype=str)
    old = read_csv(root / batch.source / OBSERVATIONS, OBSERVATION_COLUMNS)
    old = old[old["source_id"] != source_id]  # this very fetch's figures, left by an earlier attempt that was stopped
    if batch.one_page:  # an earlier copy of the same page stays on record, superseded by this one
        sources = read_csv(root / SOURCES, SOURCE_COLUMNS)
        same_page = old["source_id"].isin(set(sources.loc[sources["url"] == batch.files[0].raw.url, "id"]))
        kept = old.assign(status=old["status"].where(~same_page | (old["status"] != ""), "superseded"))
    else:
        keys = set(map(tuple, new[ROW_KEY].itertuples(index=False, name=None)))
        kept = old[[tuple(row) not in keys for row in old[ROW_KEY].itertuples(index=False, name=None)]]
    merged = pd.concat([kept, new], ignore_index=True)
    return merged.sort_values(["reporter", "partner", "flow", "measure", "period"], kind="stable")


def source_row(batch: FetchBatch, source_id: str, now: datetime, notes: str) -> dict[str, str]:
    """The batch's row of data/fetched/sources.csv."""
    return {"id": source_id, "publisher": batch.publisher, "title": batch.title, "url": batch.files[0].raw.url,
            "published": batch.published, "published_basis": "", "retrieved": f"{now:%Y-%m-%d}", "kind": "official",
            "agency": batch.publisher, "origin": source_id, "notes": notes}


def refuse_unlike_sources(data_dir: Path, batch: FetchBatch, now: datetime) -> None:
    """A fetched source passes the checks of data/sources.csv's rows (an address that is a web page's, a date as
    YYYY-MM-DD...): a `--url javascript:...` given with --file is refused, not stored and shown as a link. Fetched
    sources may share an address (a page fetched again), so `unique` is not one of them."""
    row = source_row(batch, new_source_id(batch, now), now, "")
    problems = row_problems(row, source_fields(data_dir))
    if problems:
        hint = "; give the page's http:// or https:// address with --url" if problems[0].startswith("field url:") else ""
        raise UsageError(f"{batch.files[0].raw.label}: the source is not one data/sources.csv would accept: "
                         f"{problems[0]}{hint}")


def merged_sources(root: Path, row: dict[str, str]) -> pd.DataFrame:
    old = read_csv(root / SOURCES, SOURCE_COLUMNS)
    old = old[old["id"] != row["id"]]
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
    """The table as CSV, each cell a spreadsheet would run as a formula behind a quote (see neutralised)."""
    buffer = io.StringIO()
    table[list(columns)].fillna("").astype(str).map(neutralised).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
