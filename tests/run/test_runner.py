"""Failing and hanging notebooks, hostile text in data, repeat runs: clear failures, nothing good lost."""

import json

import nbformat
import pandas
import pytest

from ..conftest import tradeclaims

CLAIM = "us-november-drop"
NOTEBOOK = "notebooks/03_us_november_drop.ipynb"


def add_cell(project, source):
    path = project / NOTEBOOK
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell(source))
    nbformat.write(notebook, path)


def entry(project, claim_id):
    results = json.loads((project / "reports" / "results.json").read_text())
    return next(item for item in results["claims"] if item["id"] == claim_id)


@pytest.mark.slow
def test_failing_notebook_keeps_the_good_report_and_the_other_claims_run(project_copy):
    assert tradeclaims("run", CLAIM, "india-deficit", cwd=project_copy).returncode == 0
    good = (project_copy / "reports" / f"{CLAIM}.html").read_bytes()
    add_cell(project_copy, "raise RuntimeError('broken on purpose')")
    result = tradeclaims("run", CLAIM, "india-deficit", "--force", cwd=project_copy)
    assert result.returncode == 1
    assert f"FAILED {CLAIM}: RuntimeError: broken on purpose" in result.stderr
    reports = project_copy / "reports"
    assert (reports / f"{CLAIM}.html").read_bytes() == good
    failed = (reports / f"{CLAIM}.failed.html").read_text()
    assert 'id="papermill-error-cell"' in failed and "broken on purpose" in failed
    failure = entry(project_copy, CLAIM)
    assert failure["status"] == "failed" and failure["report"].endswith("#papermill-error-cell")
    assert entry(project_copy, "india-deficit")["status"] == "ok"
    assert "tc-failed" in (reports / "index.html").read_text()


@pytest.mark.slow
def test_hanging_notebook_is_stopped_by_the_timeout(project_copy):
    add_cell(project_copy, "import time\ntime.sleep(120)")
    result = tradeclaims("run", CLAIM, "--timeout", "3", cwd=project_copy, timeout=90)
    assert result.returncode == 1
    assert entry(project_copy, CLAIM)["status"] == "failed"
    assert "Timeout" in entry(project_copy, CLAIM)["error"] or "timed out" in entry(project_copy, CLAIM)["error"]
    # the notebook as far as it ran: the cells before the hanging one executed, with their outputs
    cells = nbformat.read(project_copy / "reports" / f"{CLAIM}.failed.ipynb", as_version=4).cells
    code = [cell for cell in cells if cell.cell_type == "code"]
    hanging = next(number for number, cell in enumerate(code) if "time.sleep(120)" in cell.source)
    assert hanging > 0 and all(cell.execution_count for cell in code[:hanging])
    assert not any(cell.get("outputs") for cell in code[hanging + 1:])


@pytest.mark.slow
def test_markup_in_data_is_shown_as_text(project_copy):
    data = project_copy / "data"
    observations = pandas.read_csv(data / "observations.csv", dtype=str, keep_default_na=False)
    used = set(observations.loc[(observations.partner == "US") & (observations.period == "2025-11"), "source_id"])
    sources = pandas.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    hostile = sources.id.isin(used)
    sources.loc[hostile, "publisher"] = "<script>alert('x')</script>"
    # distinct titles: pages sharing a title and a date would be taken for copies of one story
    sources.loc[hostile, "title"] = "<img src=x onerror=alert(1)> " + sources.loc[hostile, "id"]
    sources.to_csv(data / "sources.csv", index=False)
    assert tradeclaims("validate", "--update-hashes", cwd=project_copy).returncode == 0
    assert tradeclaims("run", CLAIM, cwd=project_copy).returncode == 0
    page = (project_copy / "reports" / f"{CLAIM}.html").read_text()
    assert "<script>alert('x')</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page


@pytest.mark.slow
def test_two_runs_give_the_same_results(project_copy):
    assert tradeclaims("run", CLAIM, "asean-growth", cwd=project_copy).returncode == 0
    first = json.loads((project_copy / "reports" / "results.json").read_text())
    assert tradeclaims("run", CLAIM, "asean-growth", "--force", cwd=project_copy).returncode == 0
    second = json.loads((project_copy / "reports" / "results.json").read_text())
    for results in (first, second):
        results.pop("run")
        for item in results["claims"]:
            item.pop("seconds")
    assert first == second


def test_a_second_run_on_the_same_folder_waits_then_refuses(project_copy, cli, monkeypatch):
    from filelock import FileLock

    from tradeclaims.run.output import open_out_dir

    open_out_dir(project_copy / "reports")  # as the run holding the lock did
    monkeypatch.setenv("TRADECLAIMS_LOCK_WAIT", "1")
    with FileLock(str(project_copy / "reports" / ".tradeclaims.lock")):
        result = cli("run", CLAIM, cwd=project_copy)
    assert result.returncode == 2
    assert "another tradeclaims run holds" in result.stderr
    assert not (project_copy / "reports" / "results.json").exists()


def test_a_kernel_that_dies_while_starting_gets_one_more_try(monkeypatch):
    from tradeclaims.run import execute

    attempts = []

    def flaky(job):
        attempts.append(job.claim_id)
        if len(attempts) == 1:
            return "", "RuntimeError: Kernel died before replying to kernel_info"
        return '{"cells": []}', None

    monkeypatch.setattr(execute, "execute_once", flaky)
    outcome = execute.run_job(execute.Job(claim_id="c", notebook="n.ipynb", cwd=".", parameters={}, timeout=10.0))
    assert outcome.error is None and len(attempts) == 2


def test_a_failing_cell_is_not_retried(monkeypatch):
    from tradeclaims.run import execute

    attempts = []
    monkeypatch.setattr(execute, "execute_once",
                        lambda job: attempts.append(1) or ('{"cells": []}', "ValueError: bad (cell 3)"))
    outcome = execute.run_job(execute.Job(claim_id="c", notebook="n.ipynb", cwd=".", parameters={}, timeout=10.0))
    assert outcome.error == "ValueError: bad (cell 3)" and len(attempts) == 1


def executed_outputs(path):
    notebook = json.loads(path.read_text())
    return [(cell.get("execution_count"), cell.get("outputs")) for cell in notebook["cells"] if cell["cell_type"] == "code"]


@pytest.mark.slow
def test_a_kept_kernel_gives_the_outputs_of_a_new_one(project_copy):
    """One worker, four notebooks in its kept kernel, against a new kernel for each: the same outputs."""
    claims = ["us-november-drop", "india-deficit", "asean-growth", "weak-imports"]
    warm = tradeclaims("run", *claims, "--jobs", "1", "--out", "warm", cwd=project_copy)
    fresh = tradeclaims("run", *claims, "--fresh-kernels", "--out", "fresh", cwd=project_copy)
    assert warm.returncode == 0 and fresh.returncode == 0, warm.stderr + fresh.stderr
    assert json.loads((project_copy / "warm" / "results.json").read_text())["run"]["kernels"] == "warm"
    for claim_id in claims:
        warm_outputs = executed_outputs(project_copy / "warm" / f"{claim_id}.ipynb")
        assert warm_outputs == executed_outputs(project_copy / "fresh" / f"{claim_id}.ipynb"), claim_id
        assert [count for count, _ in warm_outputs][0] == 1


@pytest.mark.slow
def test_nothing_a_notebook_defines_reaches_the_next_one_in_a_kept_kernel(project_copy):
    add_cell(project_copy, "left_behind = 'by the previous notebook'")
    other = project_copy / "notebooks" / "04_india_deficit.ipynb"
    notebook = nbformat.read(other, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell("assert 'left_behind' not in globals(), left_behind"))
    nbformat.write(notebook, other)
    result = tradeclaims("run", CLAIM, "india-deficit", "--jobs", "1", cwd=project_copy)
    assert result.returncode == 0, result.stderr


POLLUTION = """import os, warnings, matplotlib, numpy, pandas as pd
pd.set_option("display.precision", 0)
matplotlib.rcParams["lines.linewidth"] = 11.0
warnings.simplefilter("error")
numpy.set_printoptions(precision=1)
os.environ["TRADECLAIMS_POLLUTED"] = "by exports-jan-nov"
os.chdir("/")"""
LOOK_AROUND = """import os, sys, warnings
print(os.path.isfile("claims.yaml"), "TRADECLAIMS_POLLUTED" in os.environ, warnings.filters[0][0])"""


@pytest.mark.slow
def test_a_polluting_notebook_changes_nothing_for_the_next_one_in_its_kernel(project_copy):
    """exports-jan-nov's notebook ends by changing pandas options, rcParams, warnings, numpy, the environment and the
    working folder; us-november-drop after it in the same kernel gives what it gives in a new kernel."""
    first = project_copy / "notebooks" / "01_exports_jan_nov.ipynb"
    notebook = nbformat.read(first, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(POLLUTION))
    nbformat.write(notebook, first)
    add_cell(project_copy, LOOK_AROUND)
    kept = tradeclaims("run", "exports-jan-nov", CLAIM, "--jobs", "1", "--out", "kept", cwd=project_copy)
    fresh = tradeclaims("run", CLAIM, "--fresh-kernels", "--out", "fresh", cwd=project_copy)
    assert kept.returncode == 0 and fresh.returncode == 0, kept.stderr + fresh.stderr
    kept_outputs = executed_outputs(project_copy / "kept" / f"{CLAIM}.ipynb")
    assert kept_outputs == executed_outputs(project_copy / "fresh" / f"{CLAIM}.ipynb")
    printed = ["".join(output.get("text", "")) for _, outputs in kept_outputs for output in outputs]
    assert any(text.startswith("True False ") and "error" not in text for text in printed), printed
    page = (project_copy / "kept" / f"{CLAIM}.html").read_text()
    assert "47.30" in page and "-28.56" in page  # not "47" and "-29", as under display.precision 0
