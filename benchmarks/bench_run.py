"""Time report builds on this machine: the naive loop against `tradeclaims run` (cold after `tradeclaims validate`, as
the documented workflow has it, and cold with no data check recorded; no-op, one data file touched,
one figure added that one claim reads, one that no claim reads), one rerun of a claim against papermill plus nbconvert
of its notebook, a cold build on a ledger with some 200,000 more figures, and a sweep of 24 combinations against 24
single runs, locally and on a Dask LocalCluster.

Usage: python benchmarks/bench_run.py [--skip-naive] [--scaled-only]   (from the project's folder; any python: one
without the package runs the script again with the project's .venv/bin/python, which scripts/setup.sh makes)
The naive loop runs, per claim (one notebook each), one `papermill` process and one `jupyter nbconvert --to html`
process, from the output folder (the notebooks find the project through TRADECLAIMS_PROJECT). Everything runs in
copies of the project in a temporary folder: the larger ledger is generated there, never in data/.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"


def in_the_projects_venv() -> None:
    """`python benchmarks/bench_run.py`, as docs/performance.md writes it, with whatever `python` is on PATH: when that one
    lacks the package (or its command), the script runs again with the project's venv."""
    try:
        import yaml  # noqa: F401

        import tradeclaims  # noqa: F401
    except ImportError:
        pass
    else:
        if (Path(sys.executable).parent / "tradeclaims").exists():
            return
    if not VENV_PYTHON.exists() or Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
        sys.exit("benchmarks/bench_run.py needs the project's venv: run `bash scripts/setup.sh` first")
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])


if __name__ == "__main__":
    in_the_projects_venv()

import yaml  # noqa: E402

BIN = Path(sys.executable).parent
SWEEP_CLAIM = "us-november-drop"
SWEEP_GRID = {"partner": ["US", "EU27", "ASEAN"], "month": [f"2025-{month:02d}" for month in range(4, 12)]}
RERUN = ["us-november-drop", "-p", "month", "2025-05"]  # a claim with another parameter, as a researcher reruns it
RERUN_NOTEBOOK = "notebooks/03_us_november_drop.ipynb"
REPEATS = 3  # single reruns are timed this many times each way; the median is kept
# One figure more for a quantity one claim reads (another page giving Mexico's 2025 imports from China), and one
# for a series no claim selects (China's exports to South Africa in January 1899).
READ_FIGURE = {"reporter": "MX", "partner": "CN", "flow": "imports", "period": "2025", "measure": "value",
               "value": "133.27", "unit": "USD bn", "currency": "USD", "source_id": "south-mnd-2025-07"}
UNREAD_FIGURE = {"reporter": "CN", "partner": "ZA", "flow": "exports", "period": "1899-01", "measure": "value",
                 "value": "1.0", "unit": "USD bn", "currency": "USD", "source_id": "south-mnd-2025-07"}
# The larger ledger, the shape of a full IMF IMTS refresh: China's monthly exports and imports (1900-2019) with every
# partner in partners.csv (those the claims read among them), in dollars and in yuan: partners x 2 x 2 x 1,440 figures
# (213,120 with the 37 partners of partners.csv).
LONG_SERIES_SOURCE = "benchmark-long-series"
LONG_SERIES_CURRENCIES = (("USD", "USD bn"), ("CNY", "CNY bn"))
BASE_RESULTS = "base-results.json"
PROJECT_CACHE = ".tradeclaims-cache"  # where `tradeclaims validate` keeps the checks passed and the indexed copy


def timed(command: list[str], cwd: Path) -> float:
    return timed_run(command, cwd)[0]


def timed_run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Seconds taken and what the command printed."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, done.stdout + done.stderr


def executed_count(output: str) -> int:
    return int(re.search(r"(\d+) executed, \d+ from cache", output).group(1))


def append_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Rows written under the table's own header (columns a row does not name are left empty)."""
    header = next(csv.reader(path.open(encoding="utf-8")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())


def update_hashes(project: Path) -> None:
    subprocess.run([str(BIN / "tradeclaims"), "validate", "--update-hashes"], cwd=project, check=True,
                   capture_output=True)


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


def cold_unchecked(project: Path) -> float:
    """A cold build into a new folder with nothing kept by `tradeclaims validate` (no record of a data check, no
    indexed copy: a project whose cache was deleted, or a run after the checking code changed): data/ is checked,
    read and indexed in full before any claim runs."""
    shutil.rmtree(project / PROJECT_CACHE, ignore_errors=True)
    return timed([str(BIN / "tradeclaims"), "run", "--quiet", "--force", "--out", "unchecked-reports"], project)


def time_runs(project: Path) -> dict[str, float]:
    tradeclaims = [str(BIN / "tradeclaims"), "run", "--quiet"]
    times = {"cold": timed(tradeclaims + ["--force"], project), "cold_unchecked": cold_unchecked(project)}
    shutil.copy(project / "reports" / "results.json", project.parent / BASE_RESULTS)  # today's ledger, for comparison
    times["noop"] = timed(tradeclaims, project)
    partners = project / "data" / "partners.csv"
    partners.write_text(partners.read_text())  # same bytes: the cache keys on content, not on mtimes
    times["same_bytes"] = timed(tradeclaims, project)
    with partners.open("a") as handle:
        handle.write("ZZ,Test partner,country,,,added by the benchmark\n")
    update_hashes(project)
    times["changed"], output = timed_run(tradeclaims, project)
    times["changed_executed"] = executed_count(output)
    for name, figure in (("read", READ_FIGURE), ("unread", UNREAD_FIGURE)):
        append_rows(project / "data" / "observations.csv", [{**figure, "notes": "added by the benchmark"}])
        update_hashes(project)
        times[f"figure_{name}"], output = timed_run(tradeclaims, project)
        times[f"figure_{name}_executed"] = executed_count(output)
    return times


def single_rerun(project: Path, scratch: Path) -> dict[str, float]:
    """One claim rerun with another month: `tradeclaims run` against papermill plus nbconvert of its notebook, taken
    in turns (so that a change of load on a shared machine falls on both)."""
    environment = {**os.environ, "TRADECLAIMS_PROJECT": str(project)}
    ours, theirs = [], []
    for number in range(REPEATS):
        ours.append(timed([str(BIN / "tradeclaims"), "run", *RERUN, "--force", "--quiet"], project))
        executed = scratch / f"rerun-{number}.ipynb"
        started = time.perf_counter()
        subprocess.run([str(BIN / "papermill"), str(project / RERUN_NOTEBOOK), str(executed), "-k", "tradeclaims",
                        "-r", RERUN[2], RERUN[3]], cwd=scratch, env=environment, check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], cwd=scratch, check=True,
                       capture_output=True)
        theirs.append(time.perf_counter() - started)
    return {"rerun": statistics.median(ours), "papermill_nbconvert": statistics.median(theirs)}


def add_long_series(project: Path) -> int:
    """About 200,000 valid figures (5,760 per partner of partners.csv; generated in this copy only): China's monthly
    series with every partner, 1900-2019, with the page they are credited to. The claims read some of these series
    (India's, the US's, ...), not these periods."""
    data = project / "data"
    partners = [row["code"] for row in csv.DictReader((data / "partners.csv").open(encoding="utf-8"))]
    append_rows(data / "sources.csv", [{"id": LONG_SERIES_SOURCE, "publisher": "Benchmark", "title": "Long series",
                                        "url": "https://example.org/tradeclaims-benchmark", "retrieved": "2026-11-29",
                                        "kind": "secondary", "origin": LONG_SERIES_SOURCE}])
    rows = [{"reporter": "CN", "partner": partner, "flow": flow, "period": f"{year}-{month:02d}", "measure": "value",
             "value": f"{(number * 7919) % 100000 / 100:.2f}", "unit": unit, "currency": currency,
             "source_id": LONG_SERIES_SOURCE}
            for number, (partner, flow, (currency, unit), year, month) in enumerate(itertools.product(
                partners, ("exports", "imports"), LONG_SERIES_CURRENCIES, range(1900, 2020), range(1, 13)))]
    append_rows(data / "observations.csv", rows)
    update_hashes(project)
    return len(rows)


def page_sizes(reports: Path) -> dict[str, int]:
    """Each claim page's size in bytes."""
    return {path.stem: path.stat().st_size for path in reports.glob("*.html") if path.stem != "index"}


# What a results entry holds about the build rather than the claim: the time taken, the cache key and what it covers
# (the ledger's reads, which a larger ledger changes even when nothing the claim shows does).
BUILD_FIELDS = ("seconds", "cache_key", "key_parts")
HEADLINE_FIELDS = ("verdict", "measured", "bound", "period")  # what the index shows of a claim


def comparable(results_file: Path) -> list[dict]:
    """A build's results without what differs from one build to the next (BUILD_FIELDS)."""
    claims = json.loads(results_file.read_text())["claims"]
    return [{key: value for key, value in entry.items() if key not in BUILD_FIELDS} for entry in claims]


def differences(scaled: list[dict], base: list[dict]) -> dict[str, list[str]]:
    """For each claim whose results differ between the two builds, the fields that differ."""
    found = {}
    for entry, other in zip(scaled, base, strict=True):
        fields = sorted(key for key in entry.keys() | other.keys() if entry.get(key) != other.get(key))
        if fields:
            found[entry["id"]] = fields
    return found


def scaled_ledger(scratch: Path, base_results: Path | None = None) -> dict:
    """validate and cold builds before and after the generated figures, in one copy: times, page sizes, and which claims'
    results differ from the base ledger's, in which fields."""
    project = copy_project(scratch / "scaled-project")
    tradeclaims = [str(BIN / "tradeclaims"), "run", "--force", "--quiet"]
    times: dict = {"validate": timed([str(BIN / "tradeclaims"), "validate"], project)}
    times["cold_base"] = timed([*tradeclaims, "--out", "base-reports"], project)
    times["pages_base"] = page_sizes(project / "base-reports")
    times["rows"] = add_long_series(project)
    times["validate_scaled"] = timed([str(BIN / "tradeclaims"), "validate"], project)
    times["cold_scaled"] = timed(tradeclaims, project)
    times["pages_scaled"] = page_sizes(project / "reports")
    times["cold_scaled_unchecked"] = cold_unchecked(project)
    base = comparable(base_results or project / "base-reports" / "results.json")
    scaled = comparable(project / "reports" / "results.json")
    times["differing"] = differences(scaled, base)
    return times


def print_scaled(scaled: dict) -> None:
    base, pages = scaled["pages_base"], scaled["pages_scaled"]
    largest = max(base, key=base.get)
    grown = max(pages, key=lambda claim: pages[claim] / base[claim])
    print(f"validate: {scaled['validate']:.2f} s; with {scaled['rows']:,} more figures: {scaled['validate_scaled']:.2f} s")
    print(f"tradeclaims run --force, same copy: {scaled['cold_base']:6.1f} s; with {scaled['rows']:,} more figures: "
          f"{scaled['cold_scaled']:6.1f} s  ({scaled['cold_scaled'] / scaled['cold_base']:.2f} x)")
    print(results_words(scaled["differing"]))
    print(f"largest claim page: {largest} {base[largest] / 1000:.1f} kB; with the more figures "
          f"{pages[largest] / 1000:.1f} kB ({pages[largest] / base[largest]:.2f} x); the page grown most: {grown} "
          f"({pages[grown] / base[grown]:.2f} x); largest page now {max(pages.values()) / 1000:.1f} kB")


def results_words(differing: dict[str, list[str]]) -> str:
    """Whether the larger ledger changed what the claims show (HEADLINE_FIELDS), and which other fields it changed."""
    headline = {claim: [f for f in fields if f in HEADLINE_FIELDS] for claim, fields in differing.items()}
    headline = {claim: fields for claim, fields in headline.items() if fields}
    other = {claim: [f for f in fields if f not in HEADLINE_FIELDS] for claim, fields in differing.items()}
    listed = "; ".join(f"{claim} ({', '.join(fields)})" for claim, fields in other.items() if fields)
    return (f"results: verdicts and headline figures {'identical' if not headline else 'differ: ' + str(headline)}; "
            f"{'every other field identical' if not listed else 'other fields differ: ' + listed}")


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


def arguments():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-naive", action="store_true", help="leave out the naive loop (papermill + nbconvert)")
    parser.add_argument("--scaled-only", action="store_true",
                        help="only the builds before and after some 200,000 more figures, and the page sizes")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    skip_naive = options.skip_naive
    if options.scaled_only:
        with tempfile.TemporaryDirectory() as scratch:
            print_scaled(scaled_ledger(Path(scratch)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        naive = None if skip_naive else naive_loop(project, Path(scratch) / "naive")
        runs = time_runs(project)
        base_results = Path(scratch) / BASE_RESULTS
        rerun = single_rerun(copy_project(Path(scratch) / "rerun-project"), Path(scratch))
        scaled = scaled_ledger(Path(scratch), base_results)
        sweeps = time_sweeps(copy_project(Path(scratch) / "sweep-project"))
    combos = len(list(itertools.product(*SWEEP_GRID.values())))
    cold = runs["cold"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if naive is not None:
        print(f"naive loop (papermill + nbconvert processes): {naive:6.1f} s")
        print(f"tradeclaims run --force (cold):               {cold:6.1f} s  ({cold / naive:.2f} x naive)")
    else:
        print(f"tradeclaims run --force (cold):               {cold:6.1f} s")
    unchecked = runs["cold_unchecked"]
    print(f"  the same, nothing kept by validate:        {unchecked:6.1f} s"
          + (f"  ({unchecked / naive:.2f} x naive)" if naive is not None else ""))
    print(f"tradeclaims run (nothing changed):            {runs['noop']:6.2f} s  ({runs['noop'] / cold:.3f} x cold)")
    print(f"tradeclaims run (data file rewritten, same):  {runs['same_bytes']:6.2f} s  "
          f"({runs['same_bytes'] / cold:.3f} x cold)")
    print(f"tradeclaims run (partners.csv changed):       {runs['changed']:6.2f} s  ({runs['changed'] / cold:.3f} x cold), "
          f"{runs['changed_executed']} claim(s) executed")
    for name, what in (("read", "a figure one claim reads added"), ("unread", "a figure no claim reads added")):
        seconds = runs[f"figure_{name}"]
        print(f"tradeclaims run ({what}): {seconds:6.2f} s  ({seconds / cold:.3f} x cold), "
              f"{runs[f'figure_{name}_executed']} claim(s) executed")
    print(f"one rerun, tradeclaims run {' '.join(RERUN)} --force: {rerun['rerun']:6.2f} s  "
          f"({rerun['rerun'] / rerun['papermill_nbconvert']:.2f} x papermill + nbconvert, "
          f"{rerun['papermill_nbconvert']:.2f} s; medians of {REPEATS})")
    print_scaled(scaled)
    print(f"  the same, nothing kept by validate: {scaled['cold_scaled_unchecked']:6.1f} s  "
          f"({scaled['cold_scaled_unchecked'] / unchecked:.2f} x cold with nothing kept)")
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
