"""What the file system and the registry can do to a run's output folder, done for real: a file-size limit that the
ledger's copy cannot fit under, symbolic links in place of the folders a run writes, an article edited in
claims.yaml, a run killed outright, a clock behind the builds kept. Each ends in one line or in pages as a clean
`--force` run writes them."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys

import pytest

from ..conftest import tradeclaims
from .test_outputs import refused

pytestmark = pytest.mark.slow

CLAIMS = ("us-november-drop", "exports-jan-nov")
LEDGER_COPY_LIMIT = 200_000  # bytes: above every report file of CLAIMS, below the ledger's copy


def verdicts(out) -> dict[str, str]:
    return {entry["id"]: entry["verdict"] for entry in json.loads((out / "results.json").read_text())["claims"]}


def reports(out) -> dict:
    return {path.name: path.read_bytes() for path in out.iterdir() if path.suffix in (".html", ".ipynb", ".json")}


def limited_files(limit: int):
    """What a child runs before the command: a file-size limit, which a write beyond then fails with EFBIG (SIGXFSZ,
    which would kill the process instead, ignored as a shell's `ulimit -f` leaves it for a service)."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_an_output_folder_that_cannot_take_the_ledgers_copy_is_one_line(project_copy):
    out = project_copy / "reports"
    assert tradeclaims("run", *CLAIMS, "--quiet", cwd=project_copy).returncode == 0
    copies = out / ".tradeclaims-cache" / "ledger"
    copy = max(copies.glob("*.sqlite"), key=lambda path: path.stat().st_size)
    written = reports(out)
    assert copy.stat().st_size > LEDGER_COPY_LIMIT > max(len(content) for content in written.values())
    good = verdicts(out)
    for path in copies.iterdir():  # a folder the copy has not been saved into yet
        path.unlink()

    command = [sys.executable, "-m", "tradeclaims.cli", "run", *CLAIMS, "--force", "--quiet"]
    limited = subprocess.run(command, cwd=project_copy, capture_output=True, text=True, timeout=600,
                             preexec_fn=limited_files(LEDGER_COPY_LIMIT))
    refused(limited, "--out reports: cannot write the ledger's copy into reports/.tradeclaims-cache/ledger (",
            "); no report was written, those there are as they were")
    assert reports(out) == written  # no good report overwritten
    assert list(copies.iterdir()) == []  # nor the copy left half-written

    clean = tradeclaims("run", *CLAIMS, "--force", "--quiet", cwd=project_copy)
    assert clean.returncode == 0, clean.stderr
    assert verdicts(out) == good
