"""Time report builds on this machine: the naive loop against `tradeclaims run` (cold, no-op, one data file touched).

Usage: python benchmarks/bench_run.py   (from the project's folder, with the package installed)
The naive loop runs, per claim, one `papermill` process and one `jupyter nbconvert --to html` process.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def naive_loop(project: Path, out: Path) -> float:
    claims = yaml.safe_load((project / "claims.yaml").read_text())["claims"]
    out.mkdir()
    started = time.perf_counter()
    for claim in claims:
        executed = out / f"{claim['id']}.ipynb"
        parameters = [arg for name, spec in claim["parameters"].items()
                      for arg in ("-p", name, str(spec["default"]))]
        subprocess.run([str(BIN / "papermill"), str(project / claim["notebook"]), str(executed), "-k", "tradeclaims",
                        "--cwd", str(project), "-p", "claim_id", claim["id"], *parameters],
                       check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], check=True,
                       capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        for part in ("claims.yaml", "notebooks", "data", "requirements.txt"):
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, project / part)
            else:
                shutil.copy(source, project / part)
        tradeclaims = [str(BIN / "tradeclaims"), "run", "--quiet"]
        subprocess.run([str(BIN / "tradeclaims"), "validate"], cwd=project, check=True, capture_output=True)
        naive = naive_loop(project, Path(scratch) / "naive")
        cold = timed(tradeclaims + ["--force"], project)
        noop = timed(tradeclaims, project)
        partners = project / "data" / "partners.csv"
        partners.write_text(partners.read_text())  # same bytes: the cache keys on content, not on mtimes
        touched_same = timed(tradeclaims, project)
        with partners.open("a") as handle:
            handle.write("ZZ,Test partner,country,,,added by the benchmark\n")
        subprocess.run([str(BIN / "tradeclaims"), "validate", "--update-hashes"], cwd=project, check=True,
                       capture_output=True)
        changed = timed(tradeclaims, project)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"naive loop (papermill + nbconvert processes): {naive:6.1f} s")
    print(f"tradeclaims run --force (cold):               {cold:6.1f} s  ({cold / naive:.2f} x naive)")
    print(f"tradeclaims run (nothing changed):            {noop:6.2f} s  ({noop / cold:.3f} x cold)")
    print(f"tradeclaims run (data file rewritten, same):  {touched_same:6.2f} s  ({touched_same / cold:.3f} x cold)")
    print(f"tradeclaims run (one data file changed):      {changed:6.1f} s  ({changed / cold:.2f} x cold)")


if __name__ == "__main__":
    main()
