"""Figures fetched from publishers into data/fetched: reading them, and checking they are as they were stored.

The writing side (downloads, parsing, storage with provenance) is tradeclaims.fetch; this module is what the ledger,
validation and the run's planning need to read what it wrote.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tradeclaims.errors import UsageError
from tradeclaims.ledger.datapackage import DESCRIPTOR, OBSERVATION_COLUMNS, SOURCE_COLUMNS
from tradeclaims.ledger.files import sha256_bytes
from tradeclaims.ledger.tables import Table, read_table

if TYPE_CHECKING:
    import pandas as pd

SHIPPED = "shipped"  # the `source` that means the ledger in data/ alone
FETCHED = "fetched"  # the `source` that means the ledger plus everything in data/fetched
SOURCES = "sources.csv"
OBSERVATIONS = "observations.csv"
# tables fetched before the quality model (or the date basis) lack these columns: read as empty
ADDED_LATER = ("status", "edition", "agency", "origin", "published_basis")
# What a spreadsheet runs as a formula when a cell starts with it (OWASP's CSV-injection rule): text a publisher's page
# puts in a fetched table (a title, a row label) is written behind a single quote, which the spreadsheet shows as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)  # -7.94: a spreadsheet reads a number, runs nothing


def neutralised(cell: str) -> str:
    """A cell as written to a fetched table: behind a quote when a spreadsheet would run it (or when it starts with a
    quote itself, so that reading takes off exactly the quote written here); a plain number as it is."""
    if cell.startswith(QUOTE) or (cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell)):
        return QUOTE + cell
    return cell


def restored(cell: str) -> str:
    """A fetched table's cell as it was before `neutralised`: the text the publisher printed."""
    return cell[len(QUOTE):] if cell.startswith(QUOTE) else cell


def read_fetched_table(path: Path, label: str, required: tuple[str, ...] = ()) -> Table:
    """A fetched table as the ledger's reader reads it, each cell restored to the text that was fetched."""
    table = read_table(path, label, required)
    if not any(cell.startswith(QUOTE) for row in table.rows for cell in row.values()):
        return table
    return replace(table, rows=tuple({name: restored(cell) for name, cell in row.items()} for row in table.rows))


def read_descriptor(root: Path) -> dict:
    path = root / DESCRIPTOR
    if not path.is_file():
        return {"name": "tradeclaims-fetched", "title": "Figures fetched from official publishers, with their raw files",
                "resources": []}
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise UsageError(f"{path} is not valid JSON: {error}") from None
    descriptor.setdefault("resources", [])
    return descriptor


def read_csv(path: Path, columns: tuple[str, ...], read: dict[str, str] | None = None) -> pd.DataFrame:
    """A fetched table's columns as strings (empty when the file is missing), read as validation reads it; the sha256
    of the bytes read goes into `read`, under the path relative to data/ (fetched/<name>/observations.csv)."""
    import pandas as pd  # not at the top: the driver imports this module before it knows pandas is needed

    if not path.is_file():
        return pd.DataFrame(columns=list(columns), dtype=str)
    present = read_fetched_table(path, fetched_label(path), tuple(c for c in columns if c not in ADDED_LATER))
    if read is not None:
        read[fetched_label(path).removeprefix("data/")] = present.sha256
    table = present.frame([c for c in columns if c in present.columns])
    return table.assign(**{c: "" for c in columns if c not in table.columns})[list(columns)]


def fetched_label(path: Path) -> str:
    """How messages name a file under data/fetched: data/fetched/gacc/observations.csv."""
    parts = Path(path).parts
    start = len(parts) - 1 - parts[::-1].index(FETCHED) if FETCHED in parts else len(parts) - 1
    return "/".join(("data", *parts[start:]))


def fetched_sources(data_dir: Path, source: str) -> list[str]:
    """The connector names with a parsed table: one, or all for 'fetched'."""
    root = Path(data_dir) / FETCHED
    if source == FETCHED:
        names = sorted(path.parent.name for path in root.glob(f"*/{OBSERVATIONS}"))
    else:
        names = [source] if (root / source / OBSERVATIONS).is_file() else []
    if not names:
        hint = "tradeclaims fetch SOURCE" if source == FETCHED else f"tradeclaims fetch {source}"
        raise UsageError(f"no fetched data for {source} in {root}: run `{hint}`")
    return names


def load_fetched(data_dir: Path, source: str, read: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(observations, sources) of one fetched source, or of all for 'fetched', as string DataFrames (the sha256 of
    the bytes read into `read`, see read_csv)."""
    import pandas as pd

    root = Path(data_dir) / FETCHED
    frames = [read_csv(root / name / OBSERVATIONS, OBSERVATION_COLUMNS, read)
              for name in fetched_sources(data_dir, source)]
    observations = pd.concat(frames, ignore_index=True)
    sources = read_csv(root / SOURCES, SOURCE_COLUMNS, read)
    sources = sources[sources["id"].isin(set(observations["source_id"]))].reset_index(drop=True)
    return observations, sources


def fetched_hashes(data_dir: Path, source: str) -> dict[str, str]:
    """sha256 of the parsed tables a claim reading this source depends on, keyed by path relative to data_dir."""
    data_dir = Path(data_dir)
    paths = [data_dir / FETCHED / name / OBSERVATIONS for name in fetched_sources(data_dir, source)]
    paths.append(data_dir / FETCHED / SOURCES)
    return {path.relative_to(data_dir).as_posix(): sha256_bytes(path.read_bytes()) for path in paths if path.is_file()}


def all_fetched_hashes(data_dir: Path) -> dict[str, str]:
    """sha256 of every file of data/fetched a run or validation reads (the descriptor, sources.csv and each parsed
    table), keyed by path relative to data_dir: what a check of data/fetched is a check of."""
    root = Path(data_dir) / FETCHED
    paths = [root / DESCRIPTOR, root / SOURCES, *sorted(root.glob(f"*/{OBSERVATIONS}"))]
    return {path.relative_to(data_dir).as_posix(): sha256_bytes(path.read_bytes()) for path in paths if path.is_file()}


def check_fetched(data_dir: Path, source: str) -> dict[str, str]:
    """The parsed tables' sha256, checked against data/fetched/datapackage.json; a mismatch names the file."""
    data_dir = Path(data_dir)
    recorded = {resource["path"]: resource.get("hash", "") for resource in read_descriptor(data_dir / FETCHED)["resources"]}
    hashes = fetched_hashes(data_dir, source)
    for relative, digest in hashes.items():
        if recorded.get(relative.removeprefix(f"{FETCHED}/")) != f"sha256:{digest}":
            raise UsageError(f"data/{relative}: sha256 differs from data/{FETCHED}/{DESCRIPTOR} "
                             f"(changed since it was fetched; run `tradeclaims fetch` again)")
    return hashes
