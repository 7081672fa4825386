"""What a fetch reads is bounded in memory and time, whatever the page or the server does.

A page whose cells span 100 rows and 100 columns each (a span bomb) is refused in one line before its grid fills the
memory: the genuine GACC and EIDB pages with every cell made to span so, and pages of such cells only, generated here
(malformed on purpose). A real local server that sends its answer a byte a second is given up at the deadline
`TRADECLAIMS_FETCH_DEADLINE` sets. Each runs the command in a process of its own, as a user does, and measures it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tradeclaims.fetch.common import MAX_GRID_CELLS

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GACC_PAGE = FIXTURES / "gacc" / "section4_by_country_2026-03_cny.html"
GACC_URL = "http://english.customs.gov.cn/Statics/2e61c8a1-17b2-4074-b909-c039ccf8c8fb.html"
INDIA_PAGE = FIXTURES / "india" / "eidb-import-china-2017-19.html"
INDIA_URL = "https://tradestat.commerce.gov.in/eidb/"
SPANNING_CELL = '<td colspan="100" rowspan="100">1</td>'
# The most memory a refused page may take, measured on the whole process (Python, pandas and the parsed page): a
# genuine page's fetch peaks near 95 MB; the same pages with spanning cells took 1.3 GB and 50 s before the cap.
MEMORY_LIMIT_MB = 300
TIME_LIMIT_S = 30
# Peak resident memory of the command: it runs as the only child of a small Python process, which reports it.
MEASURED = ("import resource, subprocess, sys, time; started = time.monotonic(); "
            "result = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(result.returncode, round(time.monotonic() - started, 2), "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); "
            "print(result.stderr, end='')")


def measured_fetch(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, float, int, str]:
    """`tradeclaims fetch ...` in a process of its own: exit status, seconds, peak resident memory in MB, stderr."""
    command = [sys.executable, "-c", MEASURED, sys.executable, "-m", "tradeclaims.cli", "fetch", *args]
    environment = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=environment)
    first, _, stderr = done.stdout.partition("\n")
    status, seconds, megabytes = first.split()
    return int(status), float(seconds), int(megabytes), stderr


def empty_project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir(parents=True)
    return tmp_path


def malformed_spanning_every_cell(genuine: Path) -> bytes:
    """A genuine page whose every cell spans 100 rows and 100 columns (the first of two attributes counts)."""
    return genuine.read_bytes().replace(b"<td", b'<td colspan="100" rowspan="100"')


def malformed_span_bomb(head: str, size: int, header: str = "") -> bytes:
    """A page of `size` bytes: a heading, then a table of a `header` row and rows of ten cells spanning 100 rows and
    100 columns each."""
    row = "<tr>" + SPANNING_CELL * 10 + "</tr>"
    rows = (size - len(head)) // len(row) + 1
    return f"<html><body>{head}<table>{header}{row * rows}</table></body></html>".encode()


GACC_HEAD = ("<h1>China's Total Export &amp; Import Values by Country/Region, Mar 2026 (in CNY)</h1>"
             "<p>Unit: CNY 100 Million</p>")
INDIA_HEAD = "<h2>Import :: Country-wise</h2><p>Values in US$ Million</p>"
INDIA_HEADER = "<tr><th>S.No.</th><th>Country</th><th>2023-2024</th><th>2024-2025</th><th>%Growth</th></tr>"


@pytest.mark.parametrize(("source", "url", "content"), [
    ("gacc", GACC_URL, lambda: malformed_spanning_every_cell(GACC_PAGE)),
    ("gacc", GACC_URL, lambda: malformed_span_bomb(GACC_HEAD, 68_000)),
    ("gacc", GACC_URL, lambda: malformed_span_bomb(GACC_HEAD, 170_000)),
    ("india", INDIA_URL, lambda: malformed_spanning_every_cell(INDIA_PAGE)),
    ("india", INDIA_URL, lambda: malformed_span_bomb(INDIA_HEAD, 170_000, INDIA_HEADER)),
], ids=["gacc-genuine-spanning", "gacc-68kB", "gacc-170kB", "india-genuine-spanning", "india-170kB"])
def test_a_span_bomb_is_refused_in_one_line_quickly_and_within_bounded_memory(tmp_path, source, url, content):
    project = empty_project(tmp_path / "project")
    page = tmp_path / "spans.html"
    page.write_bytes(content())
    status, seconds, megabytes, stderr = measured_fetch(source, "--file", str(page), "--url", url, cwd=project)
    assert (status, stderr) == (2, f"tradeclaims: error: spans.html: its tables fill more than {MAX_GRID_CELLS:,} "
                                   "cells once their rowspan and colspan are repeated: not a table of figures\n")
    assert seconds < TIME_LIMIT_S
    assert megabytes < MEMORY_LIMIT_MB
    assert list((project / "data").iterdir()) == []


def test_the_genuine_pages_are_read_within_the_cap_on_cells(tmp_path):
    """The cap refuses no genuine page: both are read in full, with the memory a refused page may take."""
    project = empty_project(tmp_path)
    for source, page, url in (("gacc", GACC_PAGE, GACC_URL), ("india", INDIA_PAGE, INDIA_URL)):
        status, _, megabytes, stderr = measured_fetch(source, "--file", str(page), "--url", url, cwd=project)
        assert (status, stderr) == (0, "")
        assert megabytes < MEMORY_LIMIT_MB
    assert len(list((project / "data" / "fetched").glob("*/observations.csv"))) == 2


def test_a_span_bomb_under_the_title_of_a_table_not_read_is_refused_by_its_title(tmp_path):
    """The title is read before any grid is made: the refusal names the table, not the cells."""
    project = empty_project(tmp_path / "project")
    page = tmp_path / "spans.html"
    title = "(17) Export of Selected Commodities by Major Customs Regimes, 10.2023"
    page.write_bytes(malformed_span_bomb(f"<h1>{title}</h1><p>Unit: US$1,000</p>", 170_000))
    status, seconds, megabytes, stderr = measured_fetch("gacc", "--file", str(page), "--url", GACC_URL, cwd=project)
    assert status == 2
    assert stderr.startswith(f"tradeclaims: error: spans.html: table (17) '{title}' is not one this connector reads")
    assert stderr.count("\n") == 1
    assert seconds < TIME_LIMIT_S and megabytes < MEMORY_LIMIT_MB


# --- a server that never finishes its answer ----------------------------------------------------------------------

class Dripping(BaseHTTPRequestHandler):
    """Sends a byte a second, for as long as the client listens: the status line and headers (`headers` phase), or
    the headers whole and then the body of a page of 1,000 bytes (`body` phase). Each read gets its byte well within
    the read timeout, so only a limit on the whole download stops it."""

    protocol_version = "HTTP/1.1"
    phase = "body"
    stop = threading.Event()

    def do_GET(self):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
        if self.phase == "body":
            self.wfile.write(head)
            self.wfile.flush()
            dripped = b"<html>" + b" " * 994
        else:
            dripped = head
        for byte in dripped:
            if self.stop.wait(1):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up
                return

    def log_message(self, *args):
        pass


@pytest.fixture
def dripping_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    server.daemon_threads = True
    Dripping.stop.clear()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    Dripping.stop.set()
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("phase", ["headers", "body"])
def test_a_server_dripping_a_byte_a_second_is_given_up_at_the_deadline(tmp_path, dripping_server, monkeypatch,
                                                                       phase):
    monkeypatch.setattr(Dripping, "phase", phase)
    project = empty_project(tmp_path)
    url = f"http://127.0.0.1:{dripping_server.server_port}/Statics/release.html"
    status, seconds, _, stderr = measured_fetch("gacc", "--url", url, cwd=project,
                                                env={"TRADECLAIMS_FETCH_DEADLINE": "3"})
    assert (status, stderr) == (2, f"tradeclaims: error: cannot download {url}: no complete answer within 3 s (the "
                                   "limit TRADECLAIMS_FETCH_DEADLINE sets for all the downloads of a fetch)\n")
    assert 3 <= seconds < 3 + 10  # the deadline, and the start of Python and the package
    assert list((project / "data").iterdir()) == []


@pytest.mark.parametrize("value", ["0", "-5", "soon", "nan", "1e9"])
def test_a_deadline_that_is_no_number_of_seconds_is_refused_in_one_line(tmp_path, value):
    project = empty_project(tmp_path)
    status, _, _, stderr = measured_fetch("gacc", "--url", "http://127.0.0.1:9/page", cwd=project,
                                          env={"TRADECLAIMS_FETCH_DEADLINE": value})
    assert status == 2
    assert re.fullmatch(r"tradeclaims: error: TRADECLAIMS_FETCH_DEADLINE='.*' is not allowed: seconds above 0, at "
                        r"most 86400\n", stderr)


def test_the_deadline_leaves_a_prompt_answer_alone(tmp_path):
    """A server that answers at once is read whole under a short deadline."""
    class Prompt(BaseHTTPRequestHandler):
        def do_GET(self):
            body = GACC_PAGE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Prompt)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        status, _, _, stderr = measured_fetch("gacc", "--url", f"http://127.0.0.1:{server.server_port}/page.html",
                                              cwd=empty_project(tmp_path), env={"TRADECLAIMS_FETCH_DEADLINE": "5"})
    finally:
        server.shutdown()
        server.server_close()
    assert (status, stderr) == (0, "")
    assert time.monotonic() - started < TIME_LIMIT_S


class SlowThenDripping(Dripping):
    """The Census API as a slow server: the imports answer (a genuine answer's rows) after SLOW_S seconds, then the
    exports answer dripped a byte a second. Records when each request arrived (time.monotonic())."""

    arrivals: list[tuple[str, float]] = []

    def do_GET(self):
        self.arrivals.append((self.path.split("?")[0], time.monotonic()))
        if "/imports/hs" not in self.path:
            return super().do_GET()
        if self.stop.wait(SLOW_S):
            return
        body = (FIXTURES / "census" / "exports-hs-2018-06-first-rows.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True


SLOW_S = 3  # the first download: slow, within the limit
CENSUS_DEADLINE_S = 5  # the limit on the whole fetch: the two downloads took SLOW_S + CENSUS_DEADLINE_S before it


def test_a_census_fetch_whose_second_download_drips_ends_at_the_limit_for_the_whole_fetch(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowThenDripping)
    server.daemon_threads = True
    SlowThenDripping.stop.clear()
    SlowThenDripping.arrivals = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    project = empty_project(tmp_path)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        status, _, _, stderr = measured_fetch("census", "--start", "2025-01", cwd=project,
                                              env={"TRADECLAIMS_FETCH_DEADLINE": str(CENSUS_DEADLINE_S),
                                                   "TRADECLAIMS_CENSUS_URL": base})
        ended = time.monotonic()
    finally:
        SlowThenDripping.stop.set()
        server.shutdown()
        server.server_close()
    (imports, first), (exports, second) = SlowThenDripping.arrivals
    assert (imports, exports) == ("/imports/hs", "/exports/hs")
    assert second - first >= SLOW_S  # the first download took its time, and ended
    assert status == 2
    assert stderr == (f"tradeclaims: error: cannot download {base}/exports/hs: no complete answer within "
                      f"{CENSUS_DEADLINE_S} s (the limit TRADECLAIMS_FETCH_DEADLINE sets for all the downloads of a "
                      "fetch)\n")
    # From the first request to the command's end: the one limit (the clock starts a moment before the first request,
    # and the process takes a moment to exit), not the limit again after the slow first download.
    assert CENSUS_DEADLINE_S - 1 <= ended - first < CENSUS_DEADLINE_S + 1.5 < SLOW_S + CENSUS_DEADLINE_S
    assert list((project / "data").iterdir()) == []
