"""`tradeclaims fetch`: downloads (offline, through a fake transport), storage with provenance, the command line.

No test opens a connection beyond 127.0.0.1: downloads go through a fake requests adapter, and the no-network path
is taken against http://127.0.0.1:9, where nothing listens.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
import requests
from requests.adapters import BaseAdapter

from tradeclaims.cli import Parser
from tradeclaims.errors import UsageError
from tradeclaims.fetch import CONNECTORS, http
from tradeclaims.fetch.cli import add_parser, command_fetch
from tradeclaims.fetch.common import FetchBatch, FetchRequest, ParsedFile, ParseError, RawFile
from tradeclaims.fetch.http import NetworkError, download, make_session
from tradeclaims.fetch.store import store_batch
from tradeclaims.ledger.fetched import fetched_hashes, load_fetched
from tradeclaims.project import Project

from ..conftest import ROOT

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
LATER = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def census_response(variable: str, values: dict[str, str]) -> bytes:
    header = ["CTY_CODE", "CTY_NAME", variable, "time", "CTY_CODE"]
    return json.dumps([header] + [["5700", "CHINA", value, month, "5700"] for month, value in values.items()]).encode()


IMPORTS = census_response("GEN_VAL_MO", {"2025-01": "41234567890", "2025-02": "29876543210"})
EXPORTS = census_response("ALL_VAL_MO", {"2025-01": "12000000000", "2025-02": "9500000000"})


class FakeAdapter(BaseAdapter):
    """A requests transport that answers from a table of (path fragment -> status, body) and records every request."""

    def __init__(self, answers: dict[str, tuple[int, bytes]]):
        super().__init__()
        self.answers = answers
        self.requests: list[tuple[str, object]] = []

    def send(self, request, **kwargs):
        self.requests.append((request.url, kwargs.get("timeout")))
        status, body = next((answer for fragment, answer in self.answers.items() if fragment in request.url), (404, b""))
        response = requests.Response()
        response.status_code, response._content, response.url = status, body, request.url
        response.reason = {200: "OK", 404: "Not Found"}.get(status, "")
        response.headers["Content-Type"] = "application/json"
        response.request = request
        return response

    def close(self):
        pass


@pytest.fixture
def fake_transport(monkeypatch):
    """Route every download through a FakeAdapter; the test sets its answers."""
    adapter = FakeAdapter({"imports/hs": (200, IMPORTS), "exports/hs": (200, EXPORTS)})

    def session():
        fake = requests.Session()
        fake.mount("http://", adapter)
        fake.mount("https://", adapter)
        return fake

    monkeypatch.setattr(http, "make_session", session)
    return adapter


def batch(content: bytes, name: str = "imports.json", rows: list[dict] | None = None) -> FetchBatch:
    rows = rows if rows is not None else [{"reporter": "US", "partner": "CN", "flow": "imports", "period": "2025-01",
                                           "measure": "value", "value": "41.2", "unit": "USD bn", "currency": "USD",
                                           "notes": ""}]
    raw = RawFile(name, content, "https://api.census.gov/data/timeseries/intltrade/imports/hs?time=2025-01",
                  "application/json")
    return FetchBatch("census", "U.S. Census Bureau", "US imports from China", [ParsedFile(raw, rows)])


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under a folder with its size and modification time in nanoseconds."""
    return {path.relative_to(folder).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*"))}


def contents(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def descriptor(data_dir: Path) -> dict:
    return json.loads((data_dir / "fetched" / "datapackage.json").read_text())


# --- storage ---------------------------------------------------------------------------------------------------------

def test_store_writes_raw_file_tables_and_descriptor_with_provenance(tmp_path):
    stored = store_batch(tmp_path, batch(IMPORTS), now=NOW)

    raw_path = tmp_path / "fetched/census/2026-11-28/imports.json"
    assert [s.path for s in stored] == ["fetched/census/2026-11-28/imports.json"]
    assert raw_path.read_bytes() == IMPORTS
    resources = {r["path"]: r for r in descriptor(tmp_path)["resources"]}
    raw = resources["census/2026-11-28/imports.json"]
    assert raw["hash"] == "sha256:" + hashlib.sha256(IMPORTS).hexdigest()
    assert raw["bytes"] == len(IMPORTS)
    assert raw["retrieved"] == "2026-11-28T09:30:00Z"
    assert raw["url"].startswith("https://api.census.gov/")
    assert (raw["publisher"], raw["connector"]) == ("U.S. Census Bureau", "census")
    for table in ("census/observations.csv", "sources.csv"):
        content = (tmp_path / "fetched" / table).read_bytes()
        assert resources[table]["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()


def test_fetched_tables_have_the_ledger_columns_and_reference_their_source(tmp_path):
    store_batch(tmp_path, batch(IMPORTS), now=NOW)
    observations, sources = load_fetched(tmp_path, "census")

    ledger_columns = (ROOT / "data/observations.csv").read_text().splitlines()[0].split(",")
    source_columns = (ROOT / "data/sources.csv").read_text().splitlines()[0].split(",")
    assert list(observations.columns) == ledger_columns
    assert list(sources.columns) == source_columns
    assert sources.loc[0, "kind"] == "official"
    assert re.fullmatch(r"fetch-census-2026-11-28-[0-9a-f]{8}", sources.loc[0, "id"])
    assert set(observations["source_id"]) == {sources.loc[0, "id"]}
    assert observations.loc[0, "value"] == "41.2"
    assert all(pd.api.types.is_string_dtype(dtype) for dtype in observations.dtypes)


def test_identical_bytes_change_nothing_on_disk(tmp_path):
    store_batch(tmp_path, batch(IMPORTS), now=NOW)
    before = snapshot(tmp_path)

    stored = store_batch(tmp_path, batch(IMPORTS), now=LATER)

    assert snapshot(tmp_path) == before
    assert stored[0].unchanged
    assert stored[0].path == "fetched/census/2026-11-28/imports.json"
    assert not (tmp_path / "fetched/census/2026-11-29").exists()


def test_changed_bytes_are_stored_beside_the_old_ones_and_replace_their_figures(tmp_path):
    store_batch(tmp_path, batch(IMPORTS), now=NOW)
    revised_rows = [{**batch(IMPORTS).files[0].rows[0], "value": "41.5"}]
    revised = IMPORTS.replace(b"41234567890", b"41534567890")

    stored = store_batch(tmp_path, batch(revised, rows=revised_rows), now=LATER)

    assert stored[0].path == "fetched/census/2026-11-29/imports.json"
    hashes = {r["path"]: r["hash"] for r in descriptor(tmp_path)["resources"]}
    assert hashes["census/2026-11-28/imports.json"] == "sha256:" + hashlib.sha256(IMPORTS).hexdigest()
    assert hashes["census/2026-11-29/imports.json"] == "sha256:" + hashlib.sha256(revised).hexdigest()
    observations, sources = load_fetched(tmp_path, "census")
    assert observations["value"].tolist() == ["41.5"]
    assert len(pd.read_csv(tmp_path / "fetched/sources.csv")) == 2
    assert sources["id"].tolist() == observations["source_id"].tolist()


def test_changed_bytes_on_the_same_day_keep_both_files(tmp_path):
    store_batch(tmp_path, batch(IMPORTS), now=NOW)
    revised = IMPORTS.replace(b"41234567890", b"41534567890")

    stored = store_batch(tmp_path, batch(revised), now=NOW)

    assert re.fullmatch(r"fetched/census/2026-11-28/imports-[0-9a-f]{8}\.json", stored[0].path)
    assert (tmp_path / "fetched/census/2026-11-28/imports.json").read_bytes() == IMPORTS
    assert (tmp_path / stored[0].path).read_bytes() == revised


def test_load_fetched_all_sources(tmp_path):
    store_batch(tmp_path, batch(IMPORTS), now=NOW)
    other = batch(b"<html/>", "2025-11.html", rows=[{**batch(IMPORTS).files[0].rows[0], "reporter": "CN"}])
    other.source = "gacc"
    store_batch(tmp_path, other, now=NOW)

    observations, sources = load_fetched(tmp_path, "fetched")

    assert sorted(observations["reporter"]) == ["CN", "US"]
    assert len(sources) == 2
    hashes = fetched_hashes(tmp_path, "fetched")
    assert set(hashes) == {"fetched/census/observations.csv", "fetched/gacc/observations.csv", "fetched/sources.csv"}
    assert hashes["fetched/sources.csv"] == hashlib.sha256((tmp_path / "fetched/sources.csv").read_bytes()).hexdigest()


def test_load_fetched_without_data_names_the_command_to_run(tmp_path):
    with pytest.raises(UsageError) as error:
        load_fetched(tmp_path, "imf")
    assert str(error.value) == f"no fetched data for imf in {tmp_path / 'fetched'}: run `tradeclaims fetch imf`"
    with pytest.raises(UsageError, match="no fetched data for imf"):
        fetched_hashes(tmp_path, "imf")


# --- downloads -------------------------------------------------------------------------------------------------------

def test_session_retries_are_bounded():
    adapter = make_session().get_adapter("https://api.census.gov")
    retry = adapter.max_retries
    assert retry.total == 2
    assert retry.backoff_factor > 0
    assert {429, 500, 502, 503, 504} <= set(retry.status_forcelist)


def test_downloads_use_bounded_timeouts(fake_transport):
    download("https://api.census.gov/data/timeseries/intltrade/imports/hs")
    assert fake_transport.requests[0][1] == (5.0, 30.0)


def test_unreachable_host_raises_network_error_naming_it():
    with pytest.raises(NetworkError) as error:
        download("http://127.0.0.1:9/data/timeseries/intltrade/imports/hs")
    assert str(error.value) == "cannot reach 127.0.0.1: connection refused"


def test_connector_without_network_raises_network_error(monkeypatch):
    monkeypatch.setenv("TRADECLAIMS_CENSUS_URL", "http://127.0.0.1:9")
    with pytest.raises(NetworkError, match="^cannot reach 127.0.0.1: ") as error:
        CONNECTORS["census"].fetch(FetchRequest(start="2025-01", end="2025-02"))
    assert "\n" not in str(error.value)


def test_client_error_names_status_and_url(fake_transport):
    fake_transport.answers = {}
    with pytest.raises(NetworkError) as error:
        download("https://api.census.gov/data/timeseries/intltrade/imports/hs?time=2025-01")
    assert str(error.value) == "HTTP 404 Not Found from https://api.census.gov/data/timeseries/intltrade/imports/hs?time=2025-01"


class FlakyHandler(BaseHTTPRequestHandler):
    """Answers 503 to the first request and 200 to the next: a server that recovers."""

    calls = 0

    def do_GET(self):
        type(self).calls += 1
        status = 503 if type(self).calls == 1 else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"[]" if status == 200 else b"busy")

    def log_message(self, *args):
        pass


def test_server_errors_are_retried():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        response = download(f"http://127.0.0.1:{server.server_port}/data")
    finally:
        server.shutdown()
        server.server_close()
    assert (response.status_code, response.content, FlakyHandler.calls) == (200, b"[]", 2)


# --- command line ----------------------------------------------------------------------------------------------------

def fetch_args(*argv: str) -> argparse.Namespace:
    parser = Parser(prog="tradeclaims")
    add_parser(parser.add_subparsers(dest="command", required=True, parser_class=Parser))
    return parser.parse_args(["fetch", *argv])


def test_fetch_command_stores_and_then_finds_bytes_unchanged(tmp_path, fake_transport, capsys):
    (tmp_path / "data").mkdir()
    today = f"{datetime.now(UTC):%Y-%m-%d}"

    assert command_fetch(Project(tmp_path), fetch_args("census", "--start", "2025-01", "--end", "2025-02")) == 0
    first = capsys.readouterr().out.splitlines()
    before = snapshot(tmp_path / "data")
    assert command_fetch(Project(tmp_path), fetch_args("census", "--start", "2025-01", "--end", "2025-02")) == 0
    second = capsys.readouterr().out.splitlines()

    assert [line.split(" (")[0] for line in first] == [f"stored data/fetched/census/{today}/imports.json",
                                                       f"stored data/fetched/census/{today}/exports.json"]
    assert re.fullmatch(r"stored \S+ \(\d+ B, sha256 [0-9a-f]{12}…\), 2 observations", first[0])
    assert [line.split(" (")[0] for line in second] == [f"unchanged: data/fetched/census/{today}/imports.json",
                                                        f"unchanged: data/fetched/census/{today}/exports.json"]
    assert snapshot(tmp_path / "data") == before
    observations, _ = load_fetched(tmp_path / "data", "census")
    assert sorted(observations[["flow", "period", "value"]].itertuples(index=False, name=None)) == [
        ("exports", "2025-01", "12"), ("exports", "2025-02", "9.5"),
        ("imports", "2025-01", "41.23456789"), ("imports", "2025-02", "29.87654321")]
    assert "time=from+2025-01+to+2025-02" in fake_transport.requests[0][0]
    assert "CTY_CODE=5700" in fake_transport.requests[0][0]


def test_parse_failure_leaves_data_untouched(tmp_path, fake_transport):
    (tmp_path / "data").mkdir()
    command_fetch(Project(tmp_path), fetch_args("census", "--start", "2025-01"))
    before = contents(tmp_path / "data")
    fake_transport.answers["exports/hs"] = (200, b'[["CTY_CODE","time"],["5700","2025-03"]]')
    fake_transport.answers["imports/hs"] = (200, IMPORTS.replace(b"41234567890", b"41234567891"))

    with pytest.raises(ParseError, match="exports.json: Census response has neither GEN_VAL_MO"):
        command_fetch(Project(tmp_path), fetch_args("census", "--start", "2025-01"))

    assert contents(tmp_path / "data") == before


def test_fetch_from_a_saved_file(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    saved = tmp_path / "imports.json"
    saved.write_bytes(IMPORTS)

    command_fetch(Project(tmp_path), fetch_args("census", "--file", str(saved)))

    assert "2 observations" in capsys.readouterr().out
    assert load_fetched(tmp_path / "data", "census")[0]["period"].tolist() == ["2025-01", "2025-02"]


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path, fake_transport, capsys):
    (tmp_path / "data").mkdir()

    assert command_fetch(Project(tmp_path), fetch_args("census", "--start", "2025-01", "--dry-run")) == 0

    out = capsys.readouterr().out
    assert "would download https://api.census.gov/data/timeseries/intltrade/imports/hs?get=CTY_CODE" in out
    assert "would store under data/fetched/census/" in out
    assert fake_transport.requests == []
    assert list((tmp_path / "data").iterdir()) == []


def test_dry_run_of_imf_names_the_imts_query(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    command_fetch(Project(tmp_path), fetch_args("imf", "--start", "2025-01", "--end", "2025-06", "--dry-run"))
    assert ("would download https://api.imf.org/external/sdmx/2.1/data/IMF.STA,IMTS/CHN.XG_FOB_USD+MG_CIF_USD..M"
            "?startPeriod=2025-01&endPeriod=2025-06") in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (("census",), "census needs --start"),
    (("gacc",), "gacc needs --url"),
    (("india",), "india needs --url"),
    (("census", "--start", "2025-03", "--end", "2025-01"), "--end 2025-01 is before --start 2025-03"),
    (("gacc", "--file", "missing.html"), "--file missing.html is not a file"),
])
def test_usage_errors(tmp_path, argv, message):
    (tmp_path / "data").mkdir()
    with pytest.raises(UsageError, match=re.escape(message)):
        command_fetch(Project(tmp_path), fetch_args(*argv))


def test_bad_month_and_source_are_argument_errors(capsys):
    with pytest.raises(SystemExit) as exit_info:
        fetch_args("census", "--start", "2025-13")
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.strip() == "tradeclaims: error: argument --start: not a month (YYYY-MM): '2025-13'"
    with pytest.raises(SystemExit):
        fetch_args("comtrade")


def test_cli_without_network_exits_2_with_one_line_and_leaves_data_unchanged(project_copy, monkeypatch, cli):
    monkeypatch.setenv("TRADECLAIMS_CENSUS_URL", "http://127.0.0.1:9")
    before = contents(project_copy / "data")

    result = cli("fetch", "census", "--start", "2025-01", "--end", "2025-02", cwd=project_copy)

    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("tradeclaims: error: cannot reach 127.0.0.1")
    assert contents(project_copy / "data") == before
    assert os.environ["TRADECLAIMS_CENSUS_URL"] == "http://127.0.0.1:9"


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_test_setup_blocks_the_network():
    import socket

    from pytest_socket import SocketConnectBlockedError

    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routed
