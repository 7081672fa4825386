"""The Dask executor, on a LocalCluster: the same reports as the local executor."""

import csv
import json

import pytest

from tradeclaims.claims.growth import yoy

from ..conftest import tradeclaims


@pytest.mark.slow
def test_dask_executor_runs_a_claim_and_a_sweep_on_a_local_cluster(project_copy, ledger):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        on_cluster = ("--executor", "dask", "--scheduler", cluster.scheduler_address)
        result = tradeclaims("run", "us-november-drop", *on_cluster, cwd=project_copy)
        sweep = tradeclaims("sweep", "us-november-drop", "-p", "month", "2025-09..2025-10", *on_cluster,
                            cwd=project_copy)
    assert result.returncode == 0, result.stderr
    entry = json.loads((project_copy / "reports" / "results.json").read_text())["claims"][0]
    assert entry["status"] == "ok" and entry["measured"] == pytest.approx(-29)  # AP's reported rate (wire)
    assert sweep.returncode == 0, sweep.stderr
    with (project_copy / "reports" / "sweeps" / "us-november-drop" / "sweep.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["month"] for row in rows] == ["2025-09", "2025-10"]
    for row in rows:
        expected, _, _ = yoy(ledger, "CN", "US", "exports", row["month"])
        assert float(row["measured"]) == pytest.approx(expected, abs=1e-3)


def test_unreachable_scheduler_is_a_usage_error(project_copy, cli):
    pytest.importorskip("distributed")
    result = cli("run", "us-november-drop", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9", cwd=project_copy)
    assert result.returncode == 2
    assert "cannot reach the Dask scheduler" in result.stderr
