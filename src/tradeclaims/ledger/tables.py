"""Reading the ledger's CSV files: one reader for every table, strict about how the text was saved.

Spreadsheets save "CSV" in several ways. Accepted: UTF-8 with or without a byte-order mark (Excel's
"CSV UTF-8"), CRLF or LF line endings, and empty rows at the end (blank lines, or rows of empty cells).
Refused, with the file and line: text in another encoding (Windows-1252, Latin-1, UTF-16), fields
separated by semicolons or tabs, an empty row inside the table, and rows whose number of fields differs
from the header's. Validation and every reader of data/ go through `read_table`, so whatever
`tradeclaims validate` accepts, the loaders read the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from tradeclaims.errors import DataError
from tradeclaims.ledger.files import sha256_bytes

SAVE_AS = "save it as CSV UTF-8 (comma-separated)"


class TableError(DataError):
    """A table that cannot be read as the ledger's CSV: one problem, `file:line: message`."""

    def __init__(self, label: str, line: int, message: str):
        self.label, self.line = label, line
        super().__init__([f"{label}:{line}: {message}"])


@dataclass(frozen=True)
class Table:
    """A CSV table read as text: its header, its rows (column -> text) and the line each row starts on."""

    label: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    lines: tuple[int, ...]
    trailing_empty: tuple[int, ...] = ()  # lines of the empty rows dropped at the end
    sha256: str = ""  # of the bytes the rows were parsed from: what a reader of the table actually read

    def numbered(self) -> Iterable[tuple[int, dict[str, str]]]:
        return zip(self.lines, self.rows, strict=True)

    def frame(self, columns: Iterable[str] | None = None):
        """The rows as a pandas DataFrame of strings (the named columns, in that order, or all)."""
        import pandas as pd

        wanted = list(columns) if columns is not None else list(self.columns)
        return pd.DataFrame([[row[name] for name in wanted] for row in self.rows], columns=wanted, dtype=str)


def decode(raw: bytes, label: str) -> str:
    """The file's text; UTF-8 with or without a byte-order mark, anything else refused naming the line."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableError(label, 1, f"saved as UTF-16 (it starts with a UTF-16 byte-order mark); {SAVE_AS}")
    body = raw.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in body:
        line = body[:body.index(b"\x00")].count(b"\n") + 1
        raise TableError(label, line, f"contains NUL bytes (saved as UTF-16 without a byte-order mark?); {SAVE_AS}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body[:error.start].count(b"\n") + 1
        byte = body[error.start:error.start + 1]
        raise TableError(label, line, f"not UTF-8: byte 0x{byte.hex().upper()} ({byte.decode('cp1252', 'replace')!r} "
                                      f"in Windows-1252 or Latin-1); {SAVE_AS}") from None


def empty(row: list[str]) -> bool:
    return not "".join(row).strip()


def other_separator(header: list[str]) -> str | None:
    """';' or a tab when the header row is one field that holds them: a file separated by something else."""
    if len(header) == 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs")):
            if separator in header[0]:
                return name
    return None


RECENT: dict[tuple[str, str, str], tuple[list[str] | None, Table | TableError]] = {}  # tables read lately, by content
KEPT = 4


def read_table(path: Path, label: str | None = None, required: Iterable[str] = ()) -> Table:
    """Read a CSV table; raise TableError (`label:line: message`) for what the ledger does not accept.

    `required` are the columns the caller needs; a header without one of them is refused. The same bytes read
    again (validation, then what the ledger covers, then its indexed copy) are parsed once.
    """
    path = Path(path)
    label = label or path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TableError(label, 1, f"cannot be read ({error.strerror or error})") from None
    key = (str(path.resolve()), label, sha256_bytes(raw))
    if key not in RECENT:
        while len(RECENT) >= KEPT:
            RECENT.pop(next(iter(RECENT)))
        header, parsed = parse(raw, label)
        RECENT[key] = header, replace(parsed, sha256=key[2]) if isinstance(parsed, Table) else parsed
    header, table = RECENT[key]
    missing = [name for name in required if name not in (header or ())]
    if header is not None and missing:
        raise TableError(label, 1, f"the header lacks column(s) {', '.join(missing)}")
    if isinstance(table, TableError):
        raise table
    return table


def parse(raw: bytes, label: str) -> tuple[list[str] | None, Table | TableError]:
    """The header (None when there is none to read) and the table, or what is wrong with it."""
    try:
        reader = csv.reader(io.StringIO(decode(raw, label), newline=""))
        header = next(reader, None)
    except TableError as error:
        return None, error
    except csv.Error as error:
        return None, TableError(label, 1, f"not a readable CSV row ({error})")
    if header is None or empty(header):
        return None, TableError(label, 1, "no header row (the file is empty or starts with an empty line)")
    separator = other_separator(header)
    if separator:
        return None, TableError(label, 1, f"fields separated by {separator}, not commas; {SAVE_AS}")
    try:
        return header, table_rows(reader, header, label)
    except TableError as error:
        return header, error


def table_rows(reader, header: list[str], label: str) -> Table:
    rows, lines, blank = [], [], []
    try:
        for row in reader:
            line = reader.line_num
            if not (row and row[0].strip()) and empty(row):  # a first cell with text: not an empty row
                blank.append(line)
                continue
            if blank:
                raise TableError(label, blank[0], "an empty row inside the table; delete it")
            if len(row) != len(header):
                raise TableError(label, line, f"{len(row)} fields where the header has {len(header)}")
            rows.append(dict(zip(header, row, strict=True)))
            lines.append(line)
    except csv.Error as error:
        raise TableError(label, reader.line_num, f"not a readable CSV row ({error})") from None
    return Table(label, tuple(header), tuple(rows), tuple(lines), tuple(blank))
