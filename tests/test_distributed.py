"""The Dask executor, on a LocalCluster: the same reports as the local executor."""

import json

import pytest

from .conftest import tradeclaims

pytestmark = pytest.mark.slow


def test_dask_executor_runs_a_claim_on_a_local_cluster(project_copy):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        result = tradeclaims("run", "us-november-drop", "--executor", "dask", "--scheduler",
                             cluster.scheduler_address, cwd=project_copy)
    assert result.returncode == 0, result.stderr
    entry = json.loads((project_copy / "reports" / "results.json").read_text())["claims"][0]
    assert entry["status"] == "ok" and entry["measured"] == pytest.approx((33.8 / 47.3 - 1) * 100, abs=1e-3)


def test_unreachable_scheduler_is_a_usage_error(project_copy):
    result = tradeclaims("run", "us-november-drop", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                         cwd=project_copy, timeout=120)
    assert result.returncode == 2
    assert "cannot reach the Dask scheduler" in result.stderr
