"""The fetch store under stress, on genuine GACC pages (tests/fixtures/gacc): fetches at once, a fetch killed while
writing, a full disk, and pages whose figures or dates cannot be right."""

from __future__ import annotations

import csv
import errno
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tradeclaims.errors import UsageError
from tradeclaims.fetch import http, store
from tradeclaims.fetch.common import FetchRequest, ParseError
from tradeclaims.fetch.gacc import GaccConnector, parse_release
from tradeclaims.fetch.store import store_batch
from tradeclaims.ledger.validation import fetched_problems

from .test_gacc import FIXTURES, JAN_FEB_2025, JAN_FEB_2025_URL, MARCH_2026, MARCH_2026_URL, page

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
TRIES = 4


def fetch_process(project: Path, name: str, url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tradeclaims.cli", "fetch", "gacc", "--file", str(FIXTURES / name),
                             "--url", url], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def gacc_batch(name: str, url: str):
    return GaccConnector().fetch(FetchRequest(file=FIXTURES / name, url=url))


def test_two_fetches_at_once_lose_nothing(project_copy):
    """Each try: two processes store two pages at the same moment; both pages' figures, sources and raw files are
    on record afterwards, and the descriptor's hashes match the tables."""
    fetched = project_copy / "data" / "fetched"
    for _ in range(TRIES):
        processes = [fetch_process(project_copy, MARCH_2026, MARCH_2026_URL),
                     fetch_process(project_copy, JAN_FEB_2025, JAN_FEB_2025_URL)]
        for process in processes:
            out, err = process.communicate(timeout=300)
            assert process.returncode == 0 and out.startswith("stored "), err
        assert len(rows(fetched / "gacc" / "observations.csv")) == 270 + 180
        assert {row["url"] for row in rows(fetched / "sources.csv")} == {MARCH_2026_URL, JAN_FEB_2025_URL}
        raw = sorted(path.name for path in (fetched / "gacc").glob("*/*"))
        assert raw == ["2025-01-02-section4-cny.html", "2026-03-section4-cny.html"]
        assert fetched_problems(project_copy / "data") == []
        assert not list(fetched.rglob("*.tmp"))
        subprocess.run(["rm", "-rf", str(fetched)], check=True)


def test_a_fetch_killed_while_writing_leaves_no_duplicates_and_no_temporary_files(tmp_path, monkeypatch):
    batch = gacc_batch(MARCH_2026, MARCH_2026_URL)
    written = store.write_bytes

    def killed_at_the_descriptor(path, content):
        if Path(path).name == "datapackage.json":
            (Path(path).parent / ".datapackage.json.x1y2.tmp").write_bytes(content[:10])  # what a kill leaves
            raise SystemExit(-9)
        written(path, content)

    monkeypatch.setattr(store, "write_bytes", killed_at_the_descriptor)
    with pytest.raises(SystemExit):
        store_batch(tmp_path, batch, now=NOW)
    monkeypatch.setattr(store, "write_bytes", written)
    assert len(rows(tmp_path / "fetched" / "gacc" / "observations.csv")) == 270  # tables written, descriptor not

    for _ in range(2):  # again, and once more
        store_batch(tmp_path, batch, now=NOW)
    table = rows(tmp_path / "fetched" / "gacc" / "observations.csv")
    assert len(table) == 270 and not any(row["status"] for row in table)
    assert len(rows(tmp_path / "fetched" / "sources.csv")) == 1
    assert not list((tmp_path / "fetched").rglob("*.tmp"))
    assert fetched_problems(tmp_path) == []


@pytest.mark.parametrize("failing", ["gacc/observations.csv", "sources.csv", "datapackage.json"])
def test_a_full_disk_leaves_data_fetched_as_the_last_complete_fetch_left_it(tmp_path, monkeypatch, failing):
    store_batch(tmp_path, gacc_batch(JAN_FEB_2025, JAN_FEB_2025_URL), now=NOW)
    before = {path: path.read_bytes() for path in (tmp_path / "fetched").rglob("*") if path.is_file()}
    written = store.write_bytes

    def full_disk(path, content):
        if Path(path).as_posix().endswith(failing):
            raise OSError(errno.ENOSPC, "No space left on device")
        written(path, content)

    monkeypatch.setattr(store, "write_bytes", full_disk)
    with pytest.raises(UsageError, match=f"data/fetched/{failing}: cannot be written \\(No space left on device\\); "
                                         "data/fetched is as it was"):
        store_batch(tmp_path, gacc_batch(MARCH_2026, MARCH_2026_URL), now=NOW)
    assert {path: path.read_bytes() for path in (tmp_path / "fetched").rglob("*") if path.is_file()} == before


def test_a_read_only_data_fetched_is_one_line(project_copy, cli, monkeypatch):
    def read_only(path, content):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store, "write_bytes", read_only)
    result = cli("fetch", "gacc", "--file", str(FIXTURES / MARCH_2026), "--url", MARCH_2026_URL, cwd=project_copy)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result
    assert "cannot be written (Read-only file system); data/fetched is as it was" in result.stderr
    assert not (project_copy / "data" / "fetched" / "gacc").exists()


def test_a_page_titled_with_a_month_after_its_retrieval_is_refused(project_copy, cli, tmp_path):
    future = tmp_path / "future.html"
    future.write_bytes(page(MARCH_2026).replace(b"Mar 2026", b"Mar 2099"))
    result = cli("fetch", "gacc", "--file", str(future), "--url", MARCH_2026_URL, cwd=project_copy)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result
    assert "a figure for 2099-03, after the retrieval date" in result.stderr
    assert not (project_copy / "data" / "fetched").exists()
    with pytest.raises(ParseError, match="a figure for 2026-03, after the retrieval date 2026-02-27"):
        store_batch(tmp_path, gacc_batch(MARCH_2026, MARCH_2026_URL), now=datetime(2026, 2, 27, tzinfo=UTC))


def test_a_cell_of_400_digits_is_refused_naming_it():
    huge = page(MARCH_2026).replace(b"<b>2,045.0&nbsp;</b>", b"<b>" + b"9" * 400 + b"</b>", 1)
    with pytest.raises(ParseError, match="a number of 400 digits .*no publisher prints a figure that long"):
        parse_release(huge, "huge.html")


def test_a_page_above_the_size_cap_is_refused_before_it_is_read(project_copy, cli, monkeypatch, tmp_path):
    monkeypatch.setattr(http, "MAX_BYTES", 10_000)
    result = cli("fetch", "gacc", "--file", str(FIXTURES / MARCH_2026), "--url", MARCH_2026_URL, cwd=project_copy)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result
    assert f"--file {FIXTURES / MARCH_2026} is larger than 10,000 bytes, the most a fetch reads" in result.stderr
    assert not (project_copy / "data" / "fetched").exists()


def test_a_download_above_the_size_cap_is_refused(monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Endless(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()  # no Content-Length: the cap is met while reading
            for _ in range(100):
                self.wfile.write(b"x" * 10_000)

        def log_message(self, *args):
            pass

    monkeypatch.setattr(http, "MAX_BYTES", 50_000)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(http.NetworkError, match="is larger than"):
            http.download(f"http://127.0.0.1:{server.server_port}/page")
    finally:
        server.shutdown()
        server.server_close()

