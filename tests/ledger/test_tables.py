"""How spreadsheets save CSV: what the ledger's reader accepts, and what validate and run refuse, by file and line.

Each variant is written into a copy of the project, the descriptor's hashes are updated, and then
`tradeclaims validate` and `tradeclaims run` (in this process: both stop, or pass, before any kernel) are run.
"""

import codecs
import json

import pytest

from tradeclaims.ledger.coverage import data_index
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.tables import TableError, read_table

from ..conftest import ROOT, tradeclaims


def with_bom(data: bytes) -> bytes:
    return codecs.BOM_UTF8 + data


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def blank_lines_at_the_end(data: bytes) -> bytes:
    return data + b"\n\n\n"


def empty_rows_at_the_end(data: bytes) -> bytes:
    columns = data.split(b"\n", 1)[0].count(b",")
    return data + (b"," * columns + b"\r\n") * 2


def accented(data: bytes, encoding: str) -> bytes:
    text = data.decode("utf-8")
    lines = text.split("\n")
    lines[3] = lines[3].replace(",", ",Caf\u00e9 ", 1)  # a publisher with an accent on line 4
    return "\n".join(lines).encode(encoding, errors="replace")


def semicolons(data: bytes) -> bytes:
    return data.decode().replace(",", ";").encode()


def tabs(data: bytes) -> bytes:
    return data.decode().replace(",", "\t").encode()


def empty_row_inside(data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join([*lines[:5], b"", *lines[5:]])


def short_row(data: bytes) -> bytes:
    lines = data.split(b"\n")
    lines[6] = lines[6].rsplit(b",", 1)[0]
    return b"\n".join(lines)


ACCEPTED = {
    "utf-8 with a byte-order mark (Excel's CSV UTF-8)": with_bom,
    "CRLF line endings": crlf,
    "byte-order mark and CRLF": lambda data: with_bom(crlf(data)),
    "blank lines at the end": blank_lines_at_the_end,
    "rows of empty cells at the end": empty_rows_at_the_end,
}

REFUSED = {
    "Windows-1252": (lambda data: accented(data, "cp1252"), ":4: not UTF-8: byte 0xE9"),
    "Latin-1": (lambda data: accented(data, "latin-1"), ":4: not UTF-8: byte 0xE9"),
    "UTF-16 with a byte-order mark": (lambda data: data.decode().encode("utf-16"), ":1: saved as UTF-16"),
    "UTF-16 without a byte-order mark": (lambda data: data.decode().encode("utf-16-le"), ":1: contains NUL bytes"),
    "semicolon-separated": (semicolons, ":1: fields separated by semicolons"),
    "tab-separated": (tabs, ":1: fields separated by tabs"),
    "an empty row inside the table": (empty_row_inside, ":6: an empty row inside the table"),
    "a row with a field missing": (short_row, ":7: 11 fields where the header has 12"),
}


def rewrite(project, name, change):
    path = project / "data" / name
    path.write_bytes(change(path.read_bytes()))


@pytest.mark.parametrize("name", ["observations.csv", "sources.csv", "partners.csv"])
@pytest.mark.parametrize("variant", list(ACCEPTED))
def test_what_validate_accepts_the_loaders_read_the_same(project_copy, cli, ledger, variant, name):
    rewrite(project_copy, name, ACCEPTED[variant])
    assert cli("validate", "--update-hashes", cwd=project_copy).returncode == 0
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    data = project_copy / "data"
    index, shipped = data_index(data), data_index(ROOT / "data")
    assert (index.defined_partners, index.partners_with_data, index.periods_with_data) == (
        shipped.defined_partners, shipped.partners_with_data, shipped.periods_with_data)
    assert Ledger.load(data).figures == ledger.figures


@pytest.mark.parametrize("variant", list(REFUSED))
def test_validate_and_run_refuse_other_encodings_and_separators_by_file_and_line(project_copy, cli, variant):
    change, message = REFUSED[variant]
    name = "observations.csv" if "row" in variant else "sources.csv"
    rewrite(project_copy, name, change)
    validate = cli("validate", "--update-hashes", cwd=project_copy)
    assert validate.returncode == 2
    problems = [line for line in validate.stdout.splitlines() if line.startswith("data/")]
    assert problems == [problems[0]] and problems[0].startswith(f"data/{name}{message}"), validate.stdout
    run = cli("run", "us-november-drop", cwd=project_copy)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"tradeclaims: error: data/ is invalid: {problems[0]}"]
    assert not (project_copy / "reports").exists()


def test_a_fetched_table_is_read_the_same_way(tmp_path):
    table = tmp_path / "observations.csv"
    table.write_bytes(codecs.BOM_UTF8 + b"reporter,partner,period\r\nCN,US,2025-11\r\n\r\n")
    read = read_table(table, "data/fetched/gacc/observations.csv", ("reporter", "period"))
    assert read.columns == ("reporter", "partner", "period") and read.rows == ({"reporter": "CN", "partner": "US",
                                                                             "period": "2025-11"},)
    assert read.lines == (2,) and read.trailing_empty == (3,)
    with pytest.raises(TableError, match=r"^data/fetched/gacc/observations.csv:1: the header lacks column\(s\) flow"):
        read_table(table, "data/fetched/gacc/observations.csv", ("flow",))


def test_a_quoted_field_over_two_lines_keeps_the_line_numbers(tmp_path):
    table = tmp_path / "sources.csv"
    table.write_text('id,notes\na,"first\nsecond"\nb,x,y\n')
    with pytest.raises(TableError, match=r"sources.csv:4: 3 fields where the header has 2"):
        read_table(table)


@pytest.mark.slow
def test_a_ledger_saved_by_a_spreadsheet_runs_as_it_validates(project_copy):
    for name in ("observations.csv", "sources.csv", "partners.csv"):
        rewrite(project_copy, name, lambda data: empty_rows_at_the_end(with_bom(crlf(data))))
    assert tradeclaims("validate", "--update-hashes", cwd=project_copy).returncode == 0
    result = tradeclaims("run", "us-november-drop", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads((project_copy / "reports" / "results.json").read_text())["claims"]
    assert entry["status"] == "ok" and entry["measured"] == pytest.approx(-29)  # AP's reported rate (wire)
