"""A run stopped by SIGTERM, and a run whose output folder fills up: one line, nothing half-written, nothing left
behind in the temporary folder, the reports written before kept and listed."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tradeclaims.run import publish

pytestmark = pytest.mark.slow


def test_sigterm_stops_a_run_like_ctrl_c(project_copy, tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TMPDIR": str(scratch)}
    process = subprocess.Popen([sys.executable, "-m", "tradeclaims.cli", "run", "--jobs", "1", "--quiet"],
                               cwd=project_copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not list(scratch.glob("tradeclaims-*")) and time.monotonic() < deadline:  # a notebook is executing
        time.sleep(0.1)
    assert list(scratch.glob("tradeclaims-*")), "no execution started"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 143, (out, err)
    assert err.splitlines() == ["tradeclaims: terminated; reports written so far are complete"]
    assert not list(scratch.glob("tradeclaims-*"))  # the executing notebook's folder was removed
    reports = project_copy / "reports"
    assert not list(reports.rglob("*.tmp"))
    for path in reports.glob("*.html"):  # every report there is whole
        assert path.read_text().rstrip().endswith("</html>")


def test_a_full_disk_keeps_and_lists_the_reports_written_before(project_copy, cli, monkeypatch):
    written = publish.atomic.write_bytes

    def full_from_india(path, content):
        if os.path.basename(path).startswith("india-deficit"):
            raise OSError(errno.ENOSPC, "No space left on device")
        written(path, content)

    monkeypatch.setattr(publish.atomic, "write_bytes", full_from_india)
    claims = ["exports-jan-nov", "us-november-drop", "india-deficit"]
    result = cli("run", *claims, "--jobs", "1", "--quiet", cwd=project_copy)
    assert result.returncode == 2, result
    assert result.stderr.splitlines() == [
        "tradeclaims: error: --out reports: cannot write the report of india-deficit (No space left on device); the "
        "reports written before it are complete"]
    reports = project_copy / "reports"
    listed = json.loads((reports / "results.json").read_text())["claims"]
    assert [(entry["id"], entry["status"]) for entry in listed] == [("exports-jan-nov", "ok"), ("us-november-drop", "ok")]
    assert "us-november-drop.html" in (reports / "index.html").read_text()
    assert not list(reports.glob("india-deficit*")) and not list(reports.rglob("*.tmp"))
