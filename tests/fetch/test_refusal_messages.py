"""A file `tradeclaims fetch` cannot use is refused in one line that says what to give it instead: the kind of answer a
connector reads, or the series to ask for. Each test runs the command on a genuine file of the wrong kind, or a
genuine answer edited the one way a user's query could differ."""

from __future__ import annotations

import csv
import io

import pytest

from tradeclaims.fetch.imf import parse_imts

from ..conftest import tradeclaims
from . import FIXTURES

CENSUS_READS = ("fetch census reads the Census API's JSON answer: an array of rows, the first naming the columns "
                "(CTY_CODE, CTY_NAME, GEN_VAL_MO or ALL_VAL_MO, time)")


def refusal(project, *args: str) -> str:
    """The one line a refused fetch prints (exit 2), with nothing stored."""
    fetched = tradeclaims("fetch", *args, cwd=project)
    assert fetched.returncode == 2 and fetched.stdout == "", fetched
    assert len(fetched.stderr.splitlines()) == 1, fetched.stderr
    assert not (project / "data" / "fetched").exists()
    return fetched.stderr.removeprefix("tradeclaims: error: ").rstrip("\n")


@pytest.mark.parametrize(("path", "kind"), [
    # a GACC release page given to the wrong connector
    (FIXTURES / "gacc" / "section4_by_country_2026-03_cny.html", "a web page (HTML or XML)"),
    # a GACC bulletin as text
    (FIXTURES / "gacc" / "bulletin5_customs_regime_2023-10.txt",
     "text beginning '(5)Imports and Exports by Customs Reg...'"),
    # an IMF answer given to the Census connector
    (FIXTURES / "imf" / "dot-us-exports-annual.json", "a JSON object"),
])
def test_a_census_file_that_is_no_api_answer_says_what_it_is_and_what_is_read(project_copy, path, kind):
    assert refusal(project_copy, "census", "--file", str(path)) == (
        f"{path}: {kind}, not an answer of the Census API; {CENSUS_READS}")


def test_a_page_printing_an_answers_rows_says_what_is_read(project_copy):
    """A published page that prints a Census answer's first rows as Python lists: not the answer itself."""
    path = FIXTURES / "census" / "exports-hs-2018-06-first-rows.txt"
    assert refusal(project_copy, "census", "--file", str(path)) == (
        f"{path}: not JSON (Expecting value: line 1 column 3 (char 2)); {CENSUS_READS}")


def test_an_imf_answer_for_imports_valued_fob_names_the_series_read_and_the_one_to_ask_for(project_copy):
    """The IMF's IMTS message (tests/fixtures/imf), asked for goods imports FOB instead of exports."""
    message = (FIXTURES / "imf" / "imts-usa-exports-annual.xml").read_text(encoding="utf-8")
    path = project_copy / "imts-imports-fob.xml"
    path.write_text(message.replace("XG_FOB_USD", "MG_FOB_USD"), encoding="utf-8")
    assert refusal(project_copy, "imf", "--file", str(path)) == (
        f"{path}: the message holds MG_FOB_USD (goods imports, FOB), which fetch imf does not read: ask for "
        "MG_CIF_USD (goods imports, CIF), the imports fetch imf reads")


def test_an_imf_answer_for_another_indicator_names_it_and_the_series_read(project_copy):
    message = (FIXTURES / "imf" / "imts-usa-exports-annual.xml").read_text(encoding="utf-8")
    path = project_copy / "imts-other.xml"
    path.write_text(message.replace("XG_FOB_USD", "TXG_CIF_USD"), encoding="utf-8")
    assert refusal(project_copy, "imf", "--file", str(path)) == (
        f"{path}: the message holds TXG_CIF_USD, which fetch imf does not read: ask for XG_FOB_USD (goods exports, FOB) "
        "or MG_CIF_USD (goods imports, CIF)")


def test_an_imf_answer_holding_a_series_read_and_one_not_stores_the_first_and_names_the_second(project_copy):
    """The IMTS message (tests/fixtures/imf) with each series also given as goods imports FOB, as a query for exports
    and imports FOB returns: the exports are stored, and one line says the imports were not read and what to ask for."""
    genuine = FIXTURES / "imf" / "imts-usa-exports-annual.xml"
    message = genuine.read_text(encoding="utf-8")
    series = message[message.index("<Series "):message.index("</message:DataSet>")]
    path = project_copy / "imts-exports-and-imports-fob.xml"
    path.write_text(message.replace("</message:DataSet>", series.replace("XG_FOB_USD", "MG_FOB_USD")
                                    + "</message:DataSet>"), encoding="utf-8")
    assert message.count("<Obs ") == 4 and path.read_text(encoding="utf-8").count('INDICATOR="MG_FOB_USD"') == 2

    fetched = tradeclaims("fetch", "imf", "--file", str(path), cwd=project_copy)

    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.startswith("stored data/fetched/imf/") and len(fetched.stdout.splitlines()) == 1
    assert fetched.stdout.rstrip().endswith(", 4 observations")
    assert fetched.stderr == (
        f"tradeclaims: note: {path}: the message also holds MG_FOB_USD (goods imports, FOB), which fetch imf does not "
        "read: ask for MG_CIF_USD (goods imports, CIF), the imports fetch imf reads\n")
    stored = (project_copy / "data" / "fetched" / "imf" / "observations.csv").read_text(encoding="utf-8")
    read = csv.DictReader(io.StringIO(stored))
    expected = {(row["partner"], row["flow"], row["period"], row["value"]) for row in parse_imts(genuine.read_bytes())}
    assert {(row["partner"], row["flow"], row["period"], row["value"]) for row in read} == expected
    assert {flow for _, flow, _, _ in expected} == {"exports"}
