"""An indexed copy of the ledger (SQLite), built once per data hash, so that a notebook reads only what it selects.

The CSV files in data/ stay the source of truth: the copy holds their rows as the one reader reads them (text, in
file order), and the sha256 of the files it was built from. `tradeclaims run` builds it in its output folder
(`.tradeclaims-cache/ledger/`) and names that folder to the kernels it starts (TRADECLAIMS_LEDGER_STORE); a kernel
uses the copy named by the hashes of the data's current files, only when it was built from them, and otherwise
reads the CSV files, with the same result.

`FrameRows` and `StoreRows` answer the same questions (the rows of one quantity, the periods of a series, the
keys matching some columns, every row): the Ledger resolves figures from either. `StoreRows` and `EventRows`
(ledger/events.py) answer the same about events: the rows of one country.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path

from tradeclaims.ledger.events import EVENT_COLUMNS
from tradeclaims.ledger.fetched import OBSERVATION_COLUMNS, PARTNER_COLUMNS, SOURCE_COLUMNS
from tradeclaims.ledger.files import json_hash
from tradeclaims.ledger.tables import Table, read_table

STORE_VARIABLE = "TRADECLAIMS_LEDGER_STORE"
FORMAT = "2"  # bump when the layout below changes: an older copy is then rebuilt
QUANTITY = ("reporter", "partner", "flow", "period", "measure", "currency")  # a figure's key without its edition
KEY = (*QUANTITY, "edition")
SERIES_INDEX = ("reporter", "partner", "flow", "measure", "currency", "period")
TABLES = {"observations": OBSERVATION_COLUMNS, "sources": SOURCE_COLUMNS, "partners": PARTNER_COLUMNS,
          "events": EVENT_COLUMNS}
OPTIONAL = ("events",)  # a data package without them (made before events were recorded) has none


def copy_name(fingerprint: dict[str, str]) -> str:
    """The file name of the copy built from files with these sha256 (one per data hash)."""
    return f"{json_hash(fingerprint)[:16]}.sqlite"


def quoted(columns: Iterable[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def build_store(tables: dict[str, Table], fingerprint: dict[str, str], path: Path | str = ":memory:"
                ) -> sqlite3.Connection:
    """A database of the tables (every column, rows as read from the CSV files), indexed by the keys claims select
    on."""
    connection = sqlite3.connect(str(path), check_same_thread=False)
    for name in TABLES:
        columns = tables[name].columns
        connection.execute(f"CREATE TABLE {name} (ordinal INTEGER PRIMARY KEY, {quoted(columns)})")
        connection.executemany(f"INSERT INTO {name} ({quoted(columns)}) VALUES ({', '.join('?' * len(columns))})",
                               map(itemgetter(*columns), tables[name].rows))
    connection.execute(f"CREATE INDEX series ON observations ({quoted(SERIES_INDEX)})")
    connection.execute("CREATE INDEX by_partner ON observations (partner)")
    connection.execute("CREATE INDEX by_country ON events (country)")
    connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
    connection.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT),
                                                               ("fingerprint", json.dumps(fingerprint, sort_keys=True))])
    connection.commit()
    return connection


def read_tables(data_dir: Path, files: dict[str, str]) -> dict[str, Table]:
    """Each table (descriptor name -> file name given), read by the ledger's one reader; an optional table the
    descriptor does not list is empty."""
    return {name: read_table(data_dir / files[name], f"data/{files[name]}", columns) if name in files
            else Table(f"data/{name}.csv", columns, (), ()) for name, columns in TABLES.items()
            if name in files or name in OPTIONAL}


def copy_of_data(data_dir: Path, fingerprint: dict[str, str]) -> sqlite3.Connection:
    """The indexed copy of data/ (in memory), read by the ledger's one reader."""
    from tradeclaims.ledger.validation import resource_paths

    files = {name: path.name for name, path in resource_paths(Path(data_dir)).items()}
    return build_store(read_tables(Path(data_dir), files), fingerprint)


def save_store(copy: sqlite3.Connection, path: Path) -> None:
    """Write a copy (in memory, or opened from another folder) to `path` atomically; other copies in its folder
    (older data) are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    target = sqlite3.connect(str(temporary))
    try:
        copy.backup(target)
    finally:
        target.close()
    os.replace(temporary, path)
    for other in path.parent.glob("*.sqlite"):
        if other != path:
            other.unlink(missing_ok=True)


def open_store(path: Path | str, fingerprint: dict[str, str] | None = None) -> sqlite3.Connection | None:
    """A copy opened read-only, if it is there, of this format and (when given) built from these files."""
    try:
        connection = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(connection.execute("SELECT name, value FROM meta"))
    except sqlite3.Error:
        return None
    if meta.get("format") != FORMAT or (fingerprint is not None and json.loads(meta["fingerprint"]) != fingerprint):
        connection.close()
        return None
    return connection


def row_dicts(cursor: sqlite3.Cursor) -> list[dict[str, str]]:
    names = [description[0] for description in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


def without_ordinal(row: dict[str, str]) -> dict[str, str]:
    row.pop("ordinal", None)
    return row


class StoreRows:
    """The observations of an indexed copy, read a selection at a time."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def select(self, where: dict[str, str], columns: Iterable[str] | None = None, distinct: bool = False
               ) -> list[dict[str, str]]:
        condition = " AND ".join(f'"{column}" = ?' for column in where) or "1"
        order = "" if distinct else " ORDER BY ordinal"
        wanted = quoted(columns) if columns else "*"
        query = f"SELECT {'DISTINCT ' if distinct else ''}{wanted} FROM observations WHERE {condition}{order}"
        return row_dicts(self.connection.execute(query, tuple(where.values())))

    def quantity(self, quantity: tuple[str, ...]) -> list[dict[str, str]]:
        return [without_ordinal(row) for row in self.select(dict(zip(QUANTITY, quantity, strict=True)))]

    def keys(self, where: dict[str, str]) -> set[tuple[str, ...]]:
        return {tuple(row[column] for column in KEY) for row in self.select(where, KEY, distinct=True)}

    def all(self) -> list[dict[str, str]]:
        return [without_ordinal(row) for row in self.select({})]

    def coverage_keys(self) -> sqlite3.Cursor:
        """(reporter, partner, flow, period) of every figure."""
        return self.connection.execute('SELECT reporter, partner, flow, period FROM observations')

    def events(self, country: str) -> list[dict[str, str]]:
        """The events of one country, in file order."""
        query = "SELECT * FROM events WHERE country = ? ORDER BY ordinal"
        return [without_ordinal(row) for row in row_dicts(self.connection.execute(query, (country,)))]

    def table(self, name: str) -> list[dict[str, str]]:
        return [without_ordinal(row) for row in row_dicts(self.connection.execute(f"SELECT * FROM {name} ORDER BY ordinal"))]


class FrameRows:
    """The same questions answered from rows in memory (a DataFrame of the observations), indexed on first use."""

    def __init__(self, rows: list[dict[str, str]]):
        self.rows = rows
        self.by_quantity: dict[tuple[str, ...], list[dict[str, str]]] | None = None

    def quantity(self, quantity: tuple[str, ...]) -> list[dict[str, str]]:
        if self.by_quantity is None:
            self.by_quantity = {}
            for row in self.rows:
                self.by_quantity.setdefault(tuple(row[column] for column in QUANTITY), []).append(row)
        return self.by_quantity.get(tuple(quantity), [])

    def keys(self, where: dict[str, str]) -> set[tuple[str, ...]]:
        return {tuple(row[column] for column in KEY) for row in self.rows
                if all(row[column] == value for column, value in where.items())}

    def all(self) -> list[dict[str, str]]:
        return self.rows
