"""An indexed copy of the ledger (SQLite), built once per data hash, so that a notebook reads only what it selects.

The CSV files in data/ stay the source of truth: the copy holds their rows as the one reader reads them (text, in
file order), the sha256 of the files it was built from (its `meta` table) and a hash of the code that read them
(`reader_code`); a saved copy has beside it (`<copy>.sqlite.sha256`) the sha256 of those files' key followed by
its own bytes. `tradeclaims run` builds it in its output folder (`.tradeclaims-cache/ledger/`) and names that folder
to the kernels it starts (TRADECLAIMS_LEDGER_STORE); a kernel uses the copy named by the hashes of the data's
current files, only when it was built from them by this code, and otherwise reads the CSV files, with the same
result. The copy is a cache:
before a run trusts a saved copy, `open_store` checks its file against that checksum, keyed on the current files'
sha256 (a page zeroed, a row edited, a copy of other files put in its place, a copy rewritten with the plain sha256
of its new bytes beside it: each fails, and is rebuilt). `tradeclaims validate`, which parses the files anyway, also
compares the copy it keeps row by row with them (`matches_ledger`), which catches a copy rewritten together with a
checksum made as ours are. A run does not: that comparison reads every row of data/ (about 15 ms for the shipped
ledger, most of a second for one of 200,000 figures), which a run after `validate` otherwise never does.

`FrameRows` and `StoreRows` answer the same questions (the rows of one quantity, the periods of a series, the
keys matching some columns, every row): the Ledger resolves figures from either. `StoreRows` and `EventRows`
(ledger/events.py) answer the same about events: the rows of one country.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from tradeclaims.errors import UsageError
from tradeclaims.ledger.datapackage import (
    EVENT_COLUMNS,
    KEY,
    OBSERVATION_COLUMNS,
    PARTNER_COLUMNS,
    QUANTITY,
    SOURCE_COLUMNS,
    resource_paths,
)
from tradeclaims.ledger.events import bounded
from tradeclaims.ledger.files import json_hash, sha256_file
from tradeclaims.ledger.tables import Table, read_table

STORE_VARIABLE = "TRADECLAIMS_LEDGER_STORE"
FORMAT = "3"  # bump when the layout below changes: an older copy is then rebuilt
SERIES_INDEX = ("reporter", "partner", "flow", "measure", "currency", "period")
TABLES = {"observations": OBSERVATION_COLUMNS, "sources": SOURCE_COLUMNS, "partners": PARTNER_COLUMNS,
          "events": EVENT_COLUMNS}
OPTIONAL = ("events",)  # a data package without them (made before events were recorded) has none
READER_MODULES = ("tables.py", "datapackage.py", "store.py")  # what turns data/'s bytes into the rows
CHECKSUM = ".sha256"  # beside a saved copy: the sha256 of its key and its file (see copy_checksum)
# what a save killed midway leaves: .<copy>.sqlite.<pid>.tmp, SQLite's journal beside it, or the checksum's temporary
TEMPORARY = re.compile(r"^\.[^/]+\.sqlite(\.sha256)?\.(?P<pid>\d+)\.tmp(-journal|-wal|-shm)?$")


class DataChanged(UsageError):
    """A file of data/ is not the one the run checked (edited meanwhile): the run stops rather than mix the two."""


@lru_cache(maxsize=1)
def reader_code() -> str:
    """A hash of the code that reads the CSV files into a copy: a copy read by other code is not used."""
    folder = Path(__file__).parent
    return json_hash({name: sha256_file(folder / name) for name in READER_MODULES})


def copy_key(fingerprint: dict[str, str]) -> str:
    """One hash of what a copy is built from: the sha256 of the ledger's files, the reader's code, the layout."""
    return json_hash({'data': fingerprint, 'reader': reader_code(), 'format': FORMAT})


def copy_name(fingerprint: dict[str, str]) -> str:
    """The file name of the copy built from files with these sha256 by this reader (one per data hash)."""
    return f"{copy_key(fingerprint)[:16]}.sqlite"


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
    connection.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("format", FORMAT), ("fingerprint", json.dumps(fingerprint, sort_keys=True)), ("reader", reader_code())])
    connection.commit()
    return connection


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + CHECKSUM)


def copy_checksum(path: Path, fingerprint: dict[str, str]) -> str:
    """What is written beside a saved copy: the sha256 of the key of the ledger's files it must have been built from
    (`copy_key`), then of the copy's bytes. A copy of other files fails it whatever its `meta` table says, and so does
    a copy rewritten with the plain sha256 of its new bytes beside it."""
    digest = hashlib.sha256(copy_key(fingerprint).encode())
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def intact(path: Path, fingerprint: dict[str, str]) -> bool:
    """Whether a saved copy's file is the one saved from files with these sha256: the checksum written beside it (a
    row edited or a page zeroed since then changes it; reading the file is far cheaper than reading its rows)."""
    try:
        return checksum_path(path).read_text(encoding="ascii").strip() == copy_checksum(path, fingerprint)
    except (OSError, ValueError):
        return False


def read_tables(data_dir: Path, files: dict[str, str], fingerprint: dict[str, str] | None = None) -> dict[str, Table]:
    """Each table (descriptor name -> file name given), read by the ledger's one reader; an optional table the
    descriptor does not list is empty. With `fingerprint`, raise DataChanged when the bytes read are not those the
    fingerprint names."""
    tables = {name: read_table(data_dir / files[name], f"data/{files[name]}", columns) for name, columns in TABLES.items()
              if name in files or name not in OPTIONAL}
    if "events" in tables:
        bounded(tables["events"])
    changed = [files[name] for name, table in tables.items() if fingerprint and fingerprint.get(files[name]) != table.sha256]
    if changed:
        raise DataChanged(f"data/{changed[0]} changed after this run checked it (its sha256 is another): run again")
    tables.update({name: Table(f"data/{name}.csv", TABLES[name], (), ()) for name in OPTIONAL if name not in tables})
    return tables


def ledger_tables(data_dir: Path, fingerprint: dict[str, str]) -> dict[str, Table]:
    """The tables of data/ as the ledger's one reader reads them, from files with these sha256 (else DataChanged)."""
    files = {name: path.name for name, path in resource_paths(Path(data_dir)).items()}
    return read_tables(Path(data_dir), files, fingerprint)


def copy_of_data(data_dir: Path, fingerprint: dict[str, str], tables: dict[str, Table] | None = None
                 ) -> sqlite3.Connection:
    """The indexed copy of data/ (in memory), read by the ledger's one reader from files with these sha256 (`tables`:
    those files already read)."""
    return build_store(tables or ledger_tables(data_dir, fingerprint), fingerprint)


def matches_ledger(connection: sqlite3.Connection, tables: dict[str, Table]) -> bool:
    """Whether a copy answers as the ledger's files read now do: each table's columns and rows (text, in file order)
    those of the files, and its indexes consistent with its rows (SQLite's integrity check), so that a selection
    through an index finds what a scan would. Raises sqlite3.Error for a copy without those tables."""
    if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
        return False
    for name, table in tables.items():
        cursor = connection.execute(f"SELECT * FROM {name} ORDER BY ordinal")
        if [column[0] for column in cursor.description] != ["ordinal", *table.columns]:
            return False
        if [row[1:] for row in cursor] != [tuple(row[column] for column in table.columns) for row in table.rows]:
            return False
    return True


def save_store(copy: sqlite3.Connection, path: Path) -> None:
    """Write a copy (in memory, or opened from another folder) to `path` atomically; other copies in its folder
    (older data) are removed, and so are the temporaries of saves whose process is gone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    checksum = path.with_name(f".{path.name}{CHECKSUM}.{os.getpid()}.tmp")
    try:
        target = sqlite3.connect(str(temporary))
        try:
            copy.backup(target)
        finally:
            target.close()
        checksum.write_text(copy_checksum(temporary, recorded_fingerprint(temporary)), encoding="ascii")
        os.replace(checksum, checksum_path(path))  # a reader meanwhile finds them apart: it rebuilds its own
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        checksum.unlink(missing_ok=True)
        raise
    for other in path.parent.glob("*.sqlite"):
        if other != path:
            other.unlink(missing_ok=True)
            checksum_path(other).unlink(missing_ok=True)


def recorded_fingerprint(path: Path) -> dict[str, str]:
    """The sha256 of the files a copy records it was built from (its `meta` table)."""
    connection = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        return json.loads(connection.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()[0])
    finally:
        connection.close()


def running(pid: int) -> bool:
    """Whether a process with this id is running (another user's counts)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Remove what saves killed midway left in a folder of copies: temporaries whose process is no longer running
    (a save still under way in another process keeps its own). Best effort: a read-only folder keeps them."""
    try:
        for path in Path(folder).iterdir():
            found = TEMPORARY.match(path.name)
            if found and int(found["pid"]) != os.getpid() and not running(int(found["pid"])):
                path.unlink(missing_ok=True)
    except OSError:
        pass


def open_store(path: Path | str, fingerprint: dict[str, str] | None = None, verify: bool = True,
               ledger: dict[str, Table] | None = None) -> sqlite3.Connection | None:
    """A copy opened read-only, if it is there, of this format, read by this code and (when given) built from these
    files; with `verify`, only when it is intact for these files (see `intact`: a copy edited or damaged since it was
    saved, or saved from other files, is not opened, and is rebuilt by whoever needs it) and, given the `ledger`'s
    tables as read now, holds their rows (see `matches_ledger`: what catches a copy rewritten together with a checksum
    made as ours are)."""
    connection = None
    if verify and fingerprint is not None and not intact(Path(path), fingerprint):
        return None
    try:
        connection = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(connection.execute("SELECT name, value FROM meta"))
        recorded = json.loads(meta["fingerprint"])
        if (meta.get("format") == FORMAT and meta.get("reader") == reader_code()
                and (fingerprint is None or recorded == fingerprint)
                and not (verify and fingerprint is None and not intact(Path(path), recorded))
                and not (verify and ledger is not None and not matches_ledger(connection, ledger))):
            return connection
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        pass
    if connection is not None:
        connection.close()
    return None


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
