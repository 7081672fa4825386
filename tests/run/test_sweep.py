"""Sweeps: grids parsed and checked before any kernel, one table per sweep, cached per combination."""

import csv
import json

import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.claims.growth import yoy
from tradeclaims.errors import UsageError
from tradeclaims.run.sweep import accumulated, build_grid, combinations, expand_values, run_name

from ..conftest import ROOT, tradeclaims
from .records import write_record


def test_values_and_month_ranges_expand():
    assert expand_values("US, EU27,US") == ["US", "EU27"]
    assert expand_values("2024-11..2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert expand_values("2025-03..2025-04,2025-11") == ["2025-03", "2025-04", "2025-11"]
    with pytest.raises(UsageError, match="runs backwards"):
        expand_values("2025-05..2025-01")
    with pytest.raises(UsageError, match="2025-13"):
        expand_values("2025-01..2025-13")
    with pytest.raises(UsageError, match="no values"):
        expand_values(" , ")


def test_grid_from_options_and_file(tmp_path):
    grid_file = tmp_path / "grid.yaml"
    grid_file.write_text("claim: us-november-drop\nparameters:\n  partner: [US, ASEAN]\n  month: 2025-09..2025-11\n")
    claim_id, grid = build_grid([("partner", "EU27")], grid_file)
    assert claim_id == "us-november-drop"
    assert grid == {"partner": ["EU27"], "month": ["2025-09", "2025-10", "2025-11"]}
    assert len(combinations({"a": ["1", "2"], "b": ["x", "y", "z"]})) == 6
    (tmp_path / "bad.yaml").write_text("parameters: [1, 2]\n")
    with pytest.raises(UsageError, match="bad.yaml"):
        build_grid([], tmp_path / "bad.yaml")
    with pytest.raises(UsageError, match="at least one parameter"):
        build_grid([], None)


def test_run_names_are_stable_and_distinct():
    claim = load_registry(ROOT / "claims.yaml")["us-november-drop"]
    defaults = claim.defaults()
    first = run_name(claim, {**defaults, "month": "2025-10"})
    assert first == run_name(claim, {**defaults, "month": "2025-10"})
    assert first.startswith("month-2025-10.")
    assert first != run_name(claim, {**defaults, "month": "2025-10", "partner": "ASEAN"})
    assert run_name(claim, defaults).startswith("defaults.")


@pytest.mark.parametrize(("args", "message"), [
    (["sweep", "us-november-drop", "-p", "month", "2025-10,2025-13"], "parameter month='2025-13'"),
    (["sweep", "us-november-drop", "-p", "partner", "US,XX"], "parameter partner='XX'"),
    (["sweep", "us-november-drop", "-p", "colour", "red,blue"], "unknown parameter 'colour'"),
    (["sweep", "no-such-claim", "-p", "month", "2025-10"], "unknown claim 'no-such-claim'"),
    (["sweep", "-p", "month", "2025-10"], "name the claim to sweep"),
    (["sweep", "us-november-drop"], "at least one parameter"),
])
def test_a_bad_grid_stops_before_any_kernel(project_copy, cli, args, message):
    result = cli(*args, cwd=project_copy)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not (project_copy / "reports").exists()


def recorded_run(folder, claim, parameters, verdict):
    """A combination's report files and cache record under folder/runs, as an executed sweep leaves them; its entry
    as the sweep's results.json lists it."""
    stem = run_name(claim, parameters)
    entry = {"id": claim.id, "status": "ok", "verdict": verdict, "parameters": parameters, "report": f"{stem}.html",
             "cache_key": f"key-{stem}"}
    notebook = {"cells": [], "metadata": {"tradeclaims": {"entry": entry}}}  # as the runner writes it
    written = {f"{stem}.ipynb": json.dumps(notebook).encode(), f"{stem}.html": f"<p>{verdict}</p>".encode()}
    (folder / "runs").mkdir(parents=True, exist_ok=True)
    for name, content in written.items():
        (folder / "runs" / name).write_bytes(content)
    write_record(folder / "runs", stem, entry, written)
    return {**entry, "report": f"runs/{stem}.html"}


def test_a_later_sweep_adds_to_the_table_and_replaces_a_repeated_combination(tmp_path):
    claim = load_registry(ROOT / "claims.yaml")["us-november-drop"]
    defaults = claim.defaults()
    first = [recorded_run(tmp_path, claim, {**defaults, "month": month}, "supported")
             for month in ("2025-09", "2025-10", "2025-11")]
    (tmp_path / "results.json").write_text(json.dumps({"claims": first}))
    (tmp_path / "runs" / first[2]["report"].removeprefix("runs/")).unlink()  # a report deleted since: its row goes
    again = recorded_run(tmp_path, claim, {**defaults, "month": "2025-10"}, "partly supported")  # the newest run
    new = recorded_run(tmp_path, claim, {**defaults, "month": "2025-05"}, "not supported")
    table = accumulated(tmp_path, claim, [again, new])
    assert [(entry["parameters"]["month"], entry["verdict"]) for entry in table] == [
        ("2025-09", "supported"), ("2025-10", "partly supported"), ("2025-05", "not supported")]
    assert table[0] == first[0]  # as its record vouches for it, with its report relative to the sweep's folder


def read_table(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_sweep_writes_one_row_per_combination_and_reuses_the_cache(project_copy, ledger):
    grid = ["-p", "partner", "US,ASEAN", "-p", "month", "2025-10..2025-11"]
    first = tradeclaims("sweep", "us-november-drop", *grid, "--jobs", "2", cwd=project_copy)
    assert first.returncode == 0, first.stderr
    assert "4 executed, 0 from cache, 0 failed of 4 combinations" in first.stdout
    out = project_copy / "reports" / "sweeps" / "us-november-drop"
    rows = read_table(out / "sweep.csv")
    assert [(row["partner"], row["month"]) for row in rows] == [
        ("US", "2025-10"), ("US", "2025-11"), ("ASEAN", "2025-10"), ("ASEAN", "2025-11")]
    for row in rows:
        expected, _, _ = yoy(ledger, "CN", row["partner"], "exports", row["month"])
        if expected is None:
            assert row["verdict"] == "insufficient data" and row["measured"] == ""
        else:
            assert float(row["measured"]) == pytest.approx(expected, abs=1e-3)
        assert (out / row["report"]).exists()
    us_november = next(row for row in rows if row["partner"] == "US" and row["month"] == "2025-11")
    assert float(us_november["measured"]) == pytest.approx(-29)  # AP's reported rate (wire)
    assert us_november["verdict"] == "supported"
    page = (out / "index.html").read_text()
    assert page.count('class="tc-badge') >= 8  # the grid and the long table
    assert 'href="runs/' in page and "<script" not in page

    wider = tradeclaims("sweep", "us-november-drop", "-p", "partner", "US,ASEAN",
                        "-p", "month", "2025-09..2025-11", cwd=project_copy)
    assert wider.returncode == 0, wider.stderr
    assert "2 executed, 4 from cache" in wider.stdout
    assert len(read_table(out / "sweep.csv")) == 6
    notebook = json.loads(next((out / "runs").glob("partner-ASEAN_month-2025-09.*.ipynb")).read_text())
    assert notebook["metadata"]["tradeclaims"]["entry"]["parameters"]["month"] == "2025-09"
    assert notebook["metadata"]["papermill"]["parameters"]["claim_id"] == "us-november-drop"

    # a smaller sweep later (partner left at the claim's US): its combinations are in the table already, run anew
    # (--force); the table keeps its 6 rows, those two now the newest runs, and names the runs by claim and parameters
    later = tradeclaims("sweep", "us-november-drop", "-p", "month", "2025-09,2025-10", "--force", cwd=project_copy)
    assert later.returncode == 0, later.stderr
    assert "2 executed, 0 from cache, 0 failed of 2 combinations" in later.stdout
    assert "table of 6 combinations" in later.stdout
    assert "  us-november-drop (month=2025-09): forced (--force)" in later.stderr
    rows = read_table(out / "sweep.csv")
    us_september = next(row for row in rows if row["partner"] == "US" and row["month"] == "2025-09")
    assert f"  us-november-drop (month=2025-09): {us_september['verdict']} (" in later.stderr
    assert [(row["partner"], row["month"]) for row in rows] == [
        ("US", "2025-10"), ("US", "2025-11"), ("ASEAN", "2025-10"), ("ASEAN", "2025-11"), ("US", "2025-09"),
        ("ASEAN", "2025-09")]
    results = json.loads((out / "results.json").read_text())["claims"]
    rerun = next(entry for entry in results if entry["parameters"]["month"] == "2025-10"
                 and entry["parameters"]["partner"] == "US")
    stem = rerun["report"].removeprefix("runs/").removesuffix(".html")
    record = json.loads((out / "runs" / ".tradeclaims-cache" / f"{stem}.entry.json").read_text())
    assert rerun == {**record["entry"], "report": rerun["report"]}  # the run just made, not the first sweep's
    cached = tradeclaims("sweep", "us-november-drop", "-p", "month", "2025-10", cwd=project_copy)
    assert "0 executed, 1 from cache" in cached.stdout and "table of 6 combinations" in cached.stdout
    assert f"us-november-drop (month=2025-10): {rerun['verdict']} (from cache)" in cached.stderr


@pytest.mark.slow
def test_sweeps_of_different_claims_never_share_a_table(project_copy, ledger):
    """--out DIR takes the place of reports/: each claim's sweep goes to DIR/sweeps/<id>, its own table and runs."""
    for claim_id, parameters in (("us-november-drop", ["-p", "month", "2025-10,2025-11"]),
                                 ("weak-imports", ["-p", "export_share", "20,30"])):
        result = tradeclaims("sweep", claim_id, *parameters, "--out", "shared", cwd=project_copy)
        assert result.returncode == 0, result.stderr
        assert f"shared/sweeps/{claim_id}/sweep.csv" in result.stdout
    months = read_table(project_copy / "shared" / "sweeps" / "us-november-drop" / "sweep.csv")
    bands = read_table(project_copy / "shared" / "sweeps" / "weak-imports" / "sweep.csv")
    assert [row["month"] for row in months] == ["2025-10", "2025-11"] and "export_share" not in months[0]
    assert [float(row["export_share"]) for row in bands] == [20, 30] and "month" not in bands[0]
    assert float(months[1]["measured"]) == pytest.approx(-29)  # AP's reported rate (wire)
    for claim_id, rows in (("us-november-drop", months), ("weak-imports", bands)):
        folder = project_copy / "shared" / "sweeps" / claim_id
        assert all((folder / row["report"]).is_file() for row in rows)
        page = (folder / "index.html").read_text()
        assert page.count('href="runs/') == len(rows)
    assert not (project_copy / "shared" / "sweep.csv").exists()
