"""The run's indexed copy of the ledger: it answers the kernels, and what the selections a notebook made return on
today's data (the report cache keys a claim on them).

The copy is built once per data hash (and reader code): by `tradeclaims validate` into the project's cache
(`.tradeclaims-cache/ledger/<hash>.sqlite`), else in memory when a run first needs it (to key a claim on what it
read, or to execute one). A run saves it into its output folder (same path under the folder) for its kernels, which
are told where it is by TRADECLAIMS_LEDGER_STORE. A kept copy is used only once checked (see ledger/store.py:
open_store); one that fails is rebuilt from the CSV files, whose bytes must be those the run checked. `validate` also
compares the copy it keeps with the files row by row. A run writes nothing outside its output folder.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tradeclaims.errors import UsageError
from tradeclaims.ledger.reads import as_read, describe, read_digest
from tradeclaims.ledger.store import (
    STORE_VARIABLE,
    StoreRows,
    copy_name,
    copy_of_data,
    ledger_tables,
    open_store,
    remove_stale_temporaries,
    save_store,
)

SHOWN_READS = 3  # changed selections named in the reason for executing a claim


class DataCopy:
    """The run's indexed copy of data/: opened from the output folder when it is there, else from the project's cache
    (where `tradeclaims validate` leaves it), else built in memory."""

    def __init__(self, data_dir: Path, fingerprint: dict[str, str], copies: Path, shared: Path | None = None):
        """`copies`: the output folder's folder of copies; `shared`: the project's, where `validate` keeps one."""
        self.data_dir, self.fingerprint = Path(data_dir), fingerprint
        self.path = Path(copies) / copy_name(fingerprint)
        self.shared = None if shared is None else Path(shared) / copy_name(fingerprint)
        self.connection: sqlite3.Connection | None = None
        self.saved = False
        self.tables: tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]] | None = None

    def stored(self) -> StoreRows | None:
        """The copy, if one built from these files is kept (in the output folder or the project's cache), intact."""
        if self.connection is None:
            self.connection = open_store(self.path, self.fingerprint)
            self.saved = self.connection is not None
            if self.connection is None and self.shared is not None:
                self.connection = open_store(self.shared, self.fingerprint)
        return None if self.connection is None else StoreRows(self.connection)

    def rows(self) -> StoreRows:
        stored = self.stored()
        if stored is not None:
            return stored
        self.connection = copy_of_data(self.data_dir, self.fingerprint)
        return StoreRows(self.connection)

    def save(self) -> Path:
        """The copy's file in the output folder (written once per data hash)."""
        rows = self.rows()
        if not self.saved:
            save_store(rows.connection, self.path)
            self.saved = True
        return self.path

    def digests(self, reads: list[list[Any]]) -> dict[str, str]:
        """Each read (as JSON text) -> the digest of what it returns on this data."""
        rows = self.rows()
        if self.tables is None:
            self.tables = ({row["id"]: row for row in rows.table("sources")},
                           {row["code"]: row for row in rows.table("partners")})
        sources, partners = self.tables
        return {read_text(read): read_digest(as_read(read), rows, sources, partners) for read in reads}


def keep_shared_copy(data_dir: Path, fingerprint: dict[str, str], copies: Path) -> bool:
    """Build the copy of data/ into the project's cache, for runs into any output folder (best effort), unless an
    intact one holding the files' rows is kept there (compared row by row: validate has just parsed the files); remove
    what saves killed midway left. True when a copy of these very files was kept there but failed its check (edited
    or damaged), and was replaced."""
    path = Path(copies) / copy_name(fingerprint)
    remove_stale_temporaries(path.parent)
    try:
        tables = ledger_tables(Path(data_dir), fingerprint)
        kept = open_store(path, fingerprint, ledger=tables)
        if kept is not None:
            kept.close()
            return False
        damaged = path.exists()  # its name is that of these files and this reader: only damage or an edit fails it
        save_store(copy_of_data(Path(data_dir), fingerprint, tables), path)
    except (OSError, sqlite3.Error, UsageError):
        return False  # each run builds its own (a damaged copy is not used: it fails the same check)
    return damaged


@contextmanager
def copies_named(folder: Path) -> Iterator[None]:
    """Kernels started meanwhile (they inherit this process's environment) look for the copy in `folder`."""
    previous = os.environ.get(STORE_VARIABLE)
    os.environ[STORE_VARIABLE] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(STORE_VARIABLE, None)
        else:
            os.environ[STORE_VARIABLE] = previous


def read_text(read: list[Any]) -> str:
    import json

    return json.dumps(list(read))


def changed_reads(before: dict[str, str], now: dict[str, str]) -> str:
    """The selections whose figures differ, named: 'CN exports with US, 2025-11 (value, USD) and 2 more'."""
    import json

    changed = [describe(json.loads(text)) for text, value in now.items() if before.get(text) != value]
    if not changed:
        return "the figures it reads"
    shown = "; ".join(changed[:SHOWN_READS])
    return shown + (f" and {len(changed) - SHOWN_READS} more" if len(changed) > SHOWN_READS else "")
