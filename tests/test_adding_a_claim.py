"""docs/adding-a-claim.md, followed in a copy of the project: its check module, its claims.yaml entry and place in the
outline, and its notebook (the guide's cells, closed by tradeclaims.notebook.closing) are all a claim needs. The
copy's own package is the one imported, by the command line and by the kernels; git in the copy shows exactly the
three files changed; the new claim reaches a verdict computed from the shipped figures and appears in results.json,
the index and the annotated article."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell

from tradeclaims.checks.verdicts import SUPPORTED
from tradeclaims.ledger.figures import Ledger
from tradeclaims.notebook.closing import closing_cells

from .conftest import ROOT

GUIDE = ROOT / "docs" / "adding-a-claim.md"
BLOCK = re.compile(r"<!-- (?P<what>[^>]+?) -->\n```(?P<language>\w+)\n(?P<text>.*?)\n```", re.S)
NOTEBOOK_TO_COPY = "notebooks/03_us_november_drop.ipynb"  # the guide's example copies a claim like it
GIT = shutil.which("git")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(GIT is None, reason="git is not installed")]


def guide_blocks() -> list[tuple[str, str]]:
    """The guide's marked blocks, in order: (what the marker says to do with it, the block's text)."""
    return [(found["what"], found["text"]) for found in BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))]


def git(*args: str, cwd: Path) -> str:
    command = [GIT, "-c", "user.name=tradeclaims tests", "-c", "user.email=tests@tradeclaims.invalid", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True).stdout


def copy_of_the_project(destination: Path) -> Path:
    """The files git lists in the project (tracked, and new ones not ignored; nothing of .venv), committed to a new
    repository."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    files = sorted({name for name in listed if name and (ROOT / name).is_file()})
    for name in files:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    git("init", "-q", cwd=destination)
    (destination / "files.txt").write_text("\n".join(files) + "\n", encoding="utf-8")
    git("add", "--pathspec-from-file=files.txt", cwd=destination)
    (destination / "files.txt").unlink()
    git("commit", "-q", "-m", "the project as shipped", cwd=destination)
    return destination


def environment(project: Path) -> dict[str, str]:
    """The environment a command runs in: the copy's package first on the path (for the driver and its kernels)."""
    return {**os.environ, "PYTHONPATH": str(project / "src"), "PYTHONWARNINGS": "ignore"}


def command(project: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, timeout=timeout,
                          env=environment(project))


def follow_the_guide(project: Path) -> dict:
    """Do what the guide's marked blocks say, in the copy; the new claim's entry."""
    registry = project / "claims.yaml"
    cells, entry = [], None
    for what, text in guide_blocks():
        if what.startswith("file: "):
            path = project / what.removeprefix("file: ")
            assert not path.exists(), path
            path.write_text(text + "\n", encoding="utf-8")
        elif what == "append to: claims.yaml":
            [entry] = yaml.safe_load(text)
            registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n",
                                encoding="utf-8")
        elif what.startswith("insert before ") and what.endswith(" in: claims.yaml"):
            anchor = json.loads(what.removeprefix("insert before ").removesuffix(" in: claims.yaml")) + "\n"
            current = registry.read_text(encoding="utf-8")
            assert current.count(anchor) == 1, anchor
            registry.write_text(current.replace(anchor, text + "\n" + anchor), encoding="utf-8")
        elif what.startswith("notebook cell: "):
            kind, *tags = what.removeprefix("notebook cell: ").split()
            cell = new_markdown_cell(text) if kind == "markdown" else new_code_cell(text)
            if tags:
                cell.metadata["tags"] = tags
            cells.append(cell)
        else:
            raise AssertionError(f"a block the test cannot follow: {what}")
    assert entry is not None and cells, "the guide gives the claim's entry and its notebook's cells"
    notebook = nbformat.read(ROOT / NOTEBOOK_TO_COPY, as_version=4)  # copied: its kernel and metadata kept
    notebook.cells = cells
    path = project / entry["notebook"]
    assert not path.exists(), path
    nbformat.write(notebook, path)
    closed = command(project, "-m", "tradeclaims.notebook.closing", entry["notebook"])
    assert closed.returncode == 0, closed.stderr
    return entry


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """The copy with the guide's claim added, what `validate` said, and the folder `run NEW-ID --out` wrote."""
    project = copy_of_the_project(tmp_path_factory.mktemp("adding") / "project")
    entry = follow_the_guide(project)
    validated = command(project, "-m", "tradeclaims.cli", "validate")
    out = project.parent / "out"
    ran = command(project, "-m", "tradeclaims.cli", "run", entry["id"], "--out", str(out))
    return {"project": project, "entry": entry, "validated": validated, "ran": ran, "out": out}


def test_git_shows_exactly_the_three_files_changed(added):
    status = git("status", "--porcelain", "--untracked-files=all", cwd=added["project"]).splitlines()
    assert sorted(status) == sorted([" M claims.yaml", f"?? {added['entry']['notebook']}",
                                     "?? src/tradeclaims/claims/levels.py"])


def test_validate_finds_nothing_wrong(added):
    validated = added["validated"]
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "claims.yaml are valid" in validated.stdout


def test_the_driver_and_the_kernel_import_the_copys_package(added):
    project = added["project"]
    assert importlib.util.find_spec("tradeclaims.claims.levels") is None  # only the copy has the new module
    where = command(project, "-c", "import tradeclaims.claims.levels as module; print(module.__file__)")
    assert Path(where.stdout.strip()) == project / "src" / "tradeclaims" / "claims" / "levels.py", where.stderr
    ran = added["ran"]
    assert ran.returncode == 0, ran.stdout + ran.stderr
    executed = nbformat.read(added["out"] / f"{added['entry']['id']}.ipynb", as_version=4)
    errors = [output for cell in executed.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
              if output.get("output_type") == "error"]
    assert errors == []  # its kernel imported tradeclaims.claims.levels: the copy's package


def test_the_new_notebook_closes_with_the_shared_cells_and_holds_the_defaults(added):
    notebook = nbformat.read(added["project"] / added["entry"]["notebook"], as_version=4)
    shared = closing_cells()
    assert [(cell.cell_type, cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells[-len(shared):]] == \
        [(cell.cell_type, cell.source, cell.metadata.get("tags", [])) for cell in shared]
    parameters = next(cell.source for cell in notebook.cells if "parameters" in cell.metadata.get("tags", []))
    values = {statement.targets[0].id: ast.literal_eval(statement.value) for statement in ast.parse(parameters).body}
    defaults = {name: spec["default"] for name, spec in added["entry"]["parameters"].items()}
    assert values == {"claim_id": added["entry"]["id"], **defaults} and "threshold" in defaults


def test_the_new_claim_reaches_a_verdict_from_the_shipped_figures(added):
    entry, out = added["entry"], added["out"]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    found = {claim["id"]: claim for claim in results["claims"]}
    result = found[entry["id"]]
    defaults = {name: spec["default"] for name, spec in entry["parameters"].items()}
    shipped = Ledger.load(added["project"] / "data").get(defaults["reporter"], defaults["partner"], defaults["flow"],
                                                          defaults["period"])
    assert result["status"] == "ok"
    assert result["verdict"] == SUPPORTED and shipped.value >= defaults["threshold"]
    assert result["measured"] == pytest.approx(shipped.value)
    assert result["period"] == defaults["period"] and result["article_value"] is None
    assert result["threshold"]["value"] == pytest.approx(defaults["threshold"])
    assert [source["url"] for source in result["headline_sources"]] == [shipped.source.url]


def test_the_new_claim_is_on_the_index_and_the_annotated_article(added):
    claim_id, out = added["entry"]["id"], added["out"]
    for page in ("index.html", "article.html"):
        assert f'id="claim-{claim_id}"' in (out / page).read_text(encoding="utf-8"), page
    assert (out / f"{claim_id}.html").is_file()
