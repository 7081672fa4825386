"""Sweeps: grids parsed and checked before any kernel, one table per sweep, cached per combination."""

import csv
import json

import pytest

from tradeclaims.checks.growth import yoy
from tradeclaims.checks.registry import load_registry
from tradeclaims.errors import UsageError
from tradeclaims.run.sweep import build_grid, combinations, expand_values, run_name

from ..conftest import ROOT, tradeclaims


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
