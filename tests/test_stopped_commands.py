"""`fetch` and `diff` stopped by SIGTERM (or Ctrl-C): one line that says what the command left, true for that command
(a run's line is tested in tests/run/test_interruptions.py), and the usual exit status 143."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tradeclaims.fetch import store
from tradeclaims.ledger.validation import fetched_problems

from .fetch.test_fetched_runs import PAGE_URL, synthetic_release

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

EXIT_TERMINATED = 143  # 128 + SIGTERM, as shells report it


def command(*arguments: str, cwd: Path) -> subprocess.Popen:
    """The command line in a process of its own, as a user starts it."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "tradeclaims.cli", *arguments], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def blocked_reading(process: subprocess.Popen) -> None:
    """Wait until the process sleeps in a read (its state S a few times over): a signal that arrives just before a
    read starts is handled only once the read returns, and the read would wait for bytes that never come."""
    stat = Path(f"/proc/{process.pid}/stat")
    asleep = 0
    for _ in range(1200):
        asleep = asleep + 1 if stat.read_text().rsplit(")", 1)[1].split()[0] == "S" else 0
        if asleep == 5:
            return
        time.sleep(0.05)
    raise AssertionError("the command never waited to read")


def files_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


class StallingPublisher:
    """A publisher's server that takes a request and does not answer it until told to (a slow or hung site)."""

    def __init__(self):
        self.asked, self.release = threading.Event(), threading.Event()
        stalling = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stalling.asked.set()
                stalling.release.wait(120)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/Statics/release-2025-11.html"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def test_sigterm_while_a_fetch_downloads_says_nothing_was_stored(project_copy):
    data = project_copy / "data"
    before = files_under(data)
    publisher = StallingPublisher()
    try:
        process = command("fetch", "gacc", "--url", publisher.url, cwd=project_copy)
        assert publisher.asked.wait(120), process.communicate(timeout=60)
        blocked_reading(process)
        process.send_signal(signal.SIGTERM)  # the page asked for, no byte of it received
        out, err = process.communicate(timeout=60)
    finally:
        publisher.close()
    assert process.returncode == EXIT_TERMINATED, (out, err)
    assert err.splitlines() == ["tradeclaims: terminated; nothing was stored in data/fetched"]
    assert "reports" not in err and out == ""
    assert files_under(data) == before and not (data / "fetched").exists()


def test_sigterm_while_a_fetch_writes_stores_every_file_and_says_which(project_copy, cli, monkeypatch):
    """The signal arrives after the raw page is written and before its tables and descriptor are: the fetch finishes
    writing (data/fetched is never left between two states) and its line names what it stored."""
    page = project_copy / "release.html"
    page.write_bytes(synthetic_release("34,000,000"))
    written = store.write_bytes
    sent = []

    def terminated_between_files(path, content):
        if Path(path).name == "observations.csv" and not sent:
            os.kill(os.getpid(), signal.SIGTERM)
            sent.append(path)
        written(path, content)

    monkeypatch.setattr(store, "write_bytes", terminated_between_files)
    outcome = cli("fetch", "gacc", "--file", str(page), "--url", PAGE_URL, cwd=project_copy)
    assert sent and outcome.returncode == EXIT_TERMINATED, outcome
    fetched = project_copy / "data" / "fetched"
    (raw,) = [path for path in (fetched / "gacc").glob("*/*") if path.is_file()]
    assert raw.read_bytes() == page.read_bytes()
    with (fetched / "gacc" / "observations.csv").open(newline="") as table:
        figures = len(list(csv.DictReader(table)))
    assert figures > 0
    assert outcome.stderr == (f"tradeclaims: terminated; stored before it stopped: "
                              f"{raw.relative_to(project_copy).as_posix()} ({figures:,} observations)\n")
    assert fetched_problems(project_copy / "data") == []  # tables and descriptor written, hashes matching
    assert not list(fetched.rglob("*.tmp"))


def test_sigterm_while_diff_reads_says_no_file_was_written(tmp_path):
    """`tradeclaims diff <(ssh host cat reports/results.json) reports/`: the older build comes through a pipe that
    stalls halfway; SIGTERM then stops the comparison."""
    older = tmp_path / "older.json"
    os.mkfifo(older)
    newer = tmp_path / "reports"
    newer.mkdir()
    (newer / "results.json").write_text(json.dumps({"run": {"built": "2026-01-01T00:00:00Z"}, "claims": []}))
    before = files_under(tmp_path)
    process = command("diff", str(older), str(newer), cwd=tmp_path)
    with older.open("wb") as pipe:  # open returns once diff has opened the pipe to read it
        pipe.write(b'{"run": {"built": "2026-01-01T00:00:00Z"}, "claims": [')
        pipe.flush()
        blocked_reading(process)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == EXIT_TERMINATED, (out, err)
    assert err.splitlines() == ["tradeclaims: terminated; no file was written"]
    assert out == ""
    assert files_under(tmp_path) == before
