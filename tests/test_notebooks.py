"""The claim notebooks as a researcher meets them: one per claim, defaults from claims.yaml, research to read,
and the same result whether run by Jupyter from notebooks/, by papermill from any folder or by the command line."""

from __future__ import annotations

import ast
import csv
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from tradeclaims.checks.parameters import resolve_parameters
from tradeclaims.checks.registry import load_registry
from tradeclaims.ledger.coverage import data_index
from tradeclaims.ledger.figures import Ledger
from tradeclaims.notebook.record import recorded_result
from tradeclaims.run.kernels import START_ATTEMPTS, retry_kernel_start

from .claim_checks import run_check, typed
from .conftest import ROOT, tradeclaims
from .streams import stderr_in_notebook, stderr_on_page

REGISTRY = load_registry(ROOT / "claims.yaml")
CLAIMS = list(REGISTRY.values())
KERNEL = "tradeclaims"


def read(claim):
    return nbformat.read(ROOT / claim.notebook, as_version=4)


def parameters_cell(notebook) -> dict:
    cells = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(cells) == 1, "one cell tagged parameters"
    values = {}
    for statement in ast.parse(cells[0].source).body:
        assert isinstance(statement, ast.Assign), "the parameters cell only assigns values"
        values[statement.targets[0].id] = ast.literal_eval(statement.value)
    return values


def test_one_notebook_per_claim():
    paths = [claim.notebook for claim in CLAIMS]
    assert len(set(paths)) == len(paths)
    assert sorted(paths) == sorted(f"notebooks/{path.name}" for path in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_parameters_cell_equals_the_claims_defaults(claim):
    values = parameters_cell(read(claim))
    assert values.pop("claim_id") == claim.id
    assert list(values) == list(claim.parameters), "the same parameters, in the same order"
    for name, spec in claim.parameters.items():
        if spec.type in ("number", "integer"):
            assert values[name] == pytest.approx(float(spec.default)), name
        else:
            assert values[name] == str(spec.default), name


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_notebook_reads_as_research_and_is_committed_without_outputs(claim):
    notebook = read(claim)
    assert notebook.metadata.kernelspec.name == KERNEL
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    for heading in ("## Method", "## The figures in the ledger", "## The arithmetic", "## Verdict", "## Chart"):
        assert heading in markdown, heading
    assert f"`{claim.rerun_command()}`" in markdown  # the claim's real id and parameter names
    assert "$" not in markdown.replace("\\$", "")  # a bare $ would start mathematics in Jupyter
    sources = [cell.source for cell in code]
    for call in ("nb.load_ledger(source=source)", "nb.rows(", "nb.confirm(", "nb.show(check)", "nb.show_chart(check)",
                 "nb.record(check)"):
        assert any(call in source for source in sources), call


def test_rerun_examples_are_valid_parameters():
    index = data_index(ROOT / "data")
    for claim in CLAIMS:
        assert claim.rerun, claim.id
        resolve_parameters(claim, {name: str(value) for name, value in claim.rerun.items()}, index)


def execute_in(path: Path, cwd: Path) -> dict:
    """Execute a notebook as Jupyter does: a new kernel started in `cwd`; return its recorded result."""
    from nbclient import NotebookClient

    def execute() -> dict:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, kernel_name=KERNEL, timeout=180, resources={"metadata": {"path": str(cwd)}}).execute()
        return notebook

    return recorded_result(retry_kernel_start(execute))  # kernels started side by side can race for a port


@pytest.fixture(scope="module")
def run_from_notebooks_folder(built_project):
    """Every notebook of the built project, executed with the kernel in its notebooks/ folder."""
    from tradeclaims.run.kernels import ensure_kernel

    ensure_kernel()
    folder = built_project / "notebooks"
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {claim.id: pool.submit(execute_in, built_project / claim.notebook, folder) for claim in CLAIMS}
        return {claim_id: future.result() for claim_id, future in futures.items()}


def same_result(recorded: dict, entry: dict) -> None:
    assert recorded["verdict"] == entry["verdict"]
    assert recorded["period"] == entry["period"]
    assert recorded["article_value"] == entry["article_value"] and recorded["threshold"] == entry["threshold"]
    if entry["measured"] is None:
        assert recorded["measured"] is None
    else:
        assert recorded["measured"] == pytest.approx(entry["measured"], abs=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_jupyter_from_notebooks_gives_the_command_lines_result(claim, run_from_notebooks_folder, built_project):
    results = json.loads((built_project / "reports" / "results.json").read_text())
    entry = next(item for item in results["claims"] if item["id"] == claim.id)
    same_result(run_from_notebooks_folder[claim.id], entry)


def papermill(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """papermill's command line; run again when its kernel died starting (a port taken meanwhile)."""
    command = [str(Path(sys.executable).parent / "papermill"), *args, "-k", KERNEL, "--no-progress-bar"]
    for _ in range(START_ATTEMPTS):
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                                env={**os.environ, **(env or {})})
        if result.returncode == 0 or "died before replying" not in result.stderr:
            break
    return result


@pytest.mark.slow
def test_papermill_from_another_folder_gives_the_command_lines_result(tmp_path, project_copy):
    claim = REGISTRY["us-november-drop"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = papermill(str(ROOT / claim.notebook), "out.ipynb", "-p", "month", "2025-05", cwd=elsewhere,
                       env={"TRADECLAIMS_PROJECT": ""})
    assert result.returncode == 0, result.stderr
    recorded = recorded_result(json.loads((elsewhere / "out.ipynb").read_text()))
    cli = tradeclaims("run", claim.id, "-p", "month", "2025-05", cwd=project_copy)
    assert cli.returncode == 0, cli.stderr
    runs = project_copy / "reports" / "runs" / claim.id  # other parameters than the claim's: a run of its own
    entry = json.loads((runs / "results.json").read_text())["claims"][0]
    same_result(recorded, entry)
    # both routes rest on AP's wire copies; the reported rate has more agreeing origins than the two levels
    reported = Ledger.load(ROOT / "data").require("CN", "US", "exports", "2025-05", measure="yoy_pct")
    assert reported.source.kind == "wire" and reported.value == pytest.approx(-35)
    assert entry["period"] == "2025-05" and entry["measured"] == pytest.approx(reported.value)


@pytest.mark.slow
def test_the_project_variable_points_a_notebook_to_another_project(tmp_path, project_copy):
    path = project_copy / "data" / "observations.csv"
    rows = list(csv.reader(path.open()))
    for row in rows:
        if row[:5] == ["CN", "US", "exports", "2025-11", "yoy_pct"]:
            row[5] = "-31.0"  # every page's reported rate, the route the check takes
    with path.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    claim = REGISTRY["us-november-drop"]
    result = papermill(str(ROOT / claim.notebook), str(tmp_path / "out.ipynb"), cwd=tmp_path,
                       env={"TRADECLAIMS_PROJECT": str(project_copy)})
    assert result.returncode == 0, result.stderr
    recorded = recorded_result(json.loads((tmp_path / "out.ipynb").read_text()))
    assert recorded["measured"] == pytest.approx(-31.0)


@pytest.mark.slow
def test_every_notebook_runs_its_rerun_example_with_the_checks_figures():
    """Other parameters: each notebook's own arithmetic (nb.confirm) agrees with its check, and so does the result."""
    import papermill as pm

    from tradeclaims.run.kernels import ensure_kernel

    ensure_kernel()
    ledger = Ledger.load(ROOT / "data")

    def execute(claim):
        executed = retry_kernel_start(lambda: pm.execute_notebook(
            str(ROOT / claim.notebook), None, parameters=typed(claim, claim.rerun), kernel_name=KERNEL,
            cwd=str(ROOT / "notebooks"), progress_bar=False))
        return recorded_result(executed)

    with ThreadPoolExecutor(max_workers=4) as pool:
        recorded = dict(zip(REGISTRY, pool.map(execute, CLAIMS), strict=True))
    for claim in CLAIMS:
        expected = run_check(ledger, claim, claim.rerun).result()
        assert recorded[claim.id]["verdict"] == expected["verdict"], claim.id
        assert recorded[claim.id]["period"] == expected["period"], claim.id
        assert recorded[claim.id]["measured"] == pytest.approx(expected["measured"]), claim.id


@pytest.mark.slow
@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_no_cell_of_a_built_report_writes_to_stderr(claim, built_project):
    """A warning or a log line a cell writes is a failed build: the executed notebooks hold none."""
    assert stderr_in_notebook(built_project / "reports" / f"{claim.id}.ipynb") == []


@pytest.mark.slow
def test_a_warning_a_cell_writes_is_seen_in_the_report_and_on_its_page(project_copy):
    """The checks above can fail: a notebook whose charts lose their CJK font warns of missing glyphs, and the
    warning is found in the executed notebook and on the exported page."""
    claim = REGISTRY["weak-imports"]
    path = project_copy / claim.notebook
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(1, nbformat.v4.new_code_cell(
        'from tradeclaims.notebook import charts\ncharts.FONTS = ["DejaVu Sans"]'))
    nbformat.write(notebook, path)
    result = tradeclaims("run", claim.id, cwd=project_copy, warnings=True)
    assert result.returncode == 0, result.stderr
    for found in (stderr_in_notebook(project_copy / "reports" / f"{claim.id}.ipynb"),
                  stderr_on_page(project_copy / "reports" / f"{claim.id}.html")):
        assert any("missing from font(s) DejaVu Sans" in text for text in found), found
