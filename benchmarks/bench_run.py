"""Time report builds on this machine: the naive loop against `tradeclaims run` (cold, no-op, one data file touched),
and a sweep of 24 combinations against 24 single runs, locally and on a Dask LocalCluster.

Usage: python benchmarks/bench_run.py [--skip-naive]   (from the project's folder, with the package installed)
The naive loop runs, per claim (one notebook each), one `papermill` process and one `jupyter nbconvert --to html`
process, from the output folder (the notebooks find the project through TRADECLAIMS_PROJECT).
"""

from __future__ import annotations

import itertools
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
SWEEP_CLAIM = "us-november-drop"
SWEEP_GRID = {"partner": ["US", "EU27", "ASEAN"], "month": [f"2025-{month:02d}" for month in range(4, 12)]}


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def naive_loop(project: Path, out: Path) -> float:
    """papermill and nbconvert per claim, run from the output folder; TRADECLAIMS_PROJECT names the project."""
    claims = yaml.safe_load((project / "claims.yaml").read_text())["claims"]
    out.mkdir()
    environment = {**os.environ, "TRADECLAIMS_PROJECT": str(project)}
    started = time.perf_counter()
    for claim in claims:
        executed = out / f"{claim['id']}.ipynb"
        parameters = [arg for name, spec in claim["parameters"].items()  # -r: text that looks like a number stays text
                      for arg in ("-p" if spec["type"] in ("number", "integer") else "-r", name, str(spec["default"]))]
        subprocess.run([str(BIN / "papermill"), str(project / claim["notebook"]), str(executed), "-k", "tradeclaims",
                        *parameters], cwd=out, env=environment, check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], cwd=out, check=True,
                       capture_output=True)
    return time.perf_counter() - started


def copy_project(destination: Path) -> Path:
    destination.mkdir()
    for part in ("claims.yaml", "notebooks", "data", "requirements.txt"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy(source, destination / part)
    subprocess.run([str(BIN / "tradeclaims"), "validate"], cwd=destination, check=True, capture_output=True)
    return destination


def time_runs(project: Path) -> dict[str, float]:
    tradeclaims = [str(BIN / "tradeclaims"), "run", "--quiet"]
    times = {"cold": timed(tradeclaims + ["--force"], project), "noop": timed(tradeclaims, project)}
    partners = project / "data" / "partners.csv"
    partners.write_text(partners.read_text())  # same bytes: the cache keys on content, not on mtimes
    times["same_bytes"] = timed(tradeclaims, project)
    with partners.open("a") as handle:
        handle.write("ZZ,Test partner,country,,,added by the benchmark\n")
    subprocess.run([str(BIN / "tradeclaims"), "validate", "--update-hashes"], cwd=project, check=True,
                   capture_output=True)
    times["changed"] = timed(tradeclaims, project)
    return times


def single_runs(project: Path) -> float:
    """Every combination of the sweep grid as its own `tradeclaims run`, one after another."""
    started = time.perf_counter()
    for number, (partner, month) in enumerate(itertools.product(*SWEEP_GRID.values())):
        subprocess.run([str(BIN / "tradeclaims"), "run", SWEEP_CLAIM, "--quiet", "--force", "--out",
                        str(project / "single" / str(number)), "-p", "partner", partner, "-p", "month", month],
                       cwd=project, check=True, capture_output=True)
    return time.perf_counter() - started


def sweep_command(*extra: str) -> list[str]:
    grid = [arg for name, values in SWEEP_GRID.items() for arg in ("-p", name, ",".join(values))]
    return [str(BIN / "tradeclaims"), "sweep", SWEEP_CLAIM, *grid, "--quiet", *extra]


def time_sweeps(project: Path) -> dict[str, float]:
    from distributed import LocalCluster

    times = {"singles": single_runs(project), "sweep": timed(sweep_command("--force"), project),
             "sweep_cached": timed(sweep_command(), project)}
    with LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None) as cluster:
        times["sweep_dask"] = timed(sweep_command("--force", "--executor", "dask", "--scheduler",
                                                  cluster.scheduler_address, "--out", "dask-sweep"), project)
    return times


def main() -> None:
    skip_naive = "--skip-naive" in sys.argv
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        naive = None if skip_naive else naive_loop(project, Path(scratch) / "naive")
        runs = time_runs(project)
        sweeps = time_sweeps(copy_project(Path(scratch) / "sweep-project"))
    combos = len(list(itertools.product(*SWEEP_GRID.values())))
    cold = runs["cold"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if naive is not None:
        print(f"naive loop (papermill + nbconvert processes): {naive:6.1f} s")
        print(f"tradeclaims run --force (cold):               {cold:6.1f} s  ({cold / naive:.2f} x naive)")
    else:
        print(f"tradeclaims run --force (cold):               {cold:6.1f} s")
    print(f"tradeclaims run (nothing changed):            {runs['noop']:6.2f} s  ({runs['noop'] / cold:.3f} x cold)")
    print(f"tradeclaims run (data file rewritten, same):  {runs['same_bytes']:6.2f} s  "
          f"({runs['same_bytes'] / cold:.3f} x cold)")
    print(f"tradeclaims run (one data file changed):      {runs['changed']:6.1f} s  ({runs['changed'] / cold:.2f} x cold)")
    singles = sweeps["singles"]
    print(f"{combos} single runs of {SWEEP_CLAIM}, one by one:   {singles:6.1f} s")
    print(f"sweep of the same {combos} (local, --force):      {sweeps['sweep']:6.1f} s  "
          f"({sweeps['sweep'] / singles:.2f} x singles)")
    print(f"the same sweep again (all cached):            {sweeps['sweep_cached']:6.2f} s  "
          f"({sweeps['sweep_cached'] / sweeps['sweep']:.3f} x sweep)")
    print(f"sweep on a Dask LocalCluster (--force):       {sweeps['sweep_dask']:6.1f} s  "
          f"({sweeps['sweep_dask'] / singles:.2f} x singles)")


if __name__ == "__main__":
    main()
