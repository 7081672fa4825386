"""A notebook finds its project wherever it runs: walking up to claims.yaml, or where it is told."""

from pathlib import Path

import pytest

from tradeclaims import notebook as nb
from tradeclaims.project import PROJECT_VARIABLE, ProjectNotFound, find_project

from .conftest import ROOT

NOWHERE = Path("/")  # no claims.yaml at or above it


def test_walks_up_from_the_notebooks_folder():
    assert find_project(environ={}, cwd=ROOT / "notebooks", package_dir=NOWHERE).root == ROOT
    assert find_project(environ={}, cwd=ROOT / "data" / "fetched", package_dir=NOWHERE).root == ROOT


def test_the_variable_and_the_parameter_name_a_project_elsewhere(project_copy):
    assert find_project(environ={PROJECT_VARIABLE: str(project_copy)}, cwd=ROOT).root == project_copy.resolve()
    assert find_project(project_copy, environ={PROJECT_VARIABLE: str(ROOT)}, cwd=ROOT).root == project_copy.resolve()


def test_the_notebook_open_in_jupyter_is_a_starting_point(tmp_path, project_copy):
    session = {"JPY_SESSION_NAME": str(project_copy / "notebooks" / "03_us_november_drop.ipynb")}
    assert find_project(environ=session, cwd=tmp_path, package_dir=NOWHERE).root == project_copy.resolve()


def test_papermill_from_another_folder_finds_the_installed_project(tmp_path):
    assert find_project(environ={}, cwd=tmp_path).root == ROOT  # the package is installed from this project


def test_no_project_is_one_clear_line(tmp_path):
    with pytest.raises(ProjectNotFound) as raised:
        find_project(environ={}, cwd=tmp_path, package_dir=NOWHERE)
    message = str(raised.value)
    assert "\n" not in message and "claims.yaml" in message and PROJECT_VARIABLE in message
    with pytest.raises(ProjectNotFound, match=f"{PROJECT_VARIABLE} names .* which holds no claims.yaml"):
        find_project(environ={PROJECT_VARIABLE: str(tmp_path)}, cwd=ROOT)


def test_load_ledger_reads_the_found_project(monkeypatch, project_copy):
    monkeypatch.chdir(project_copy / "notebooks")
    monkeypatch.delenv(PROJECT_VARIABLE, raising=False)
    assert nb.load_ledger().require("CN", "US", "exports", "2025-11").value == pytest.approx(33.79)
    assert nb.load_ledger(project_dir=ROOT).require("CN", "US", "exports", "2024-11").value == pytest.approx(47.3)
