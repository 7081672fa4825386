"""A notebook finds its project wherever it runs: walking up to claims.yaml, or where it is told."""

import shutil
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


def test_a_test_copy_of_the_project_leaves_out_what_the_user_fetched(tmp_path):
    """Tests run on the project as shipped, whatever the user fetched into data/fetched."""
    from .conftest import PROJECT_PARTS, copy_project

    user = tmp_path / "user"
    for part in PROJECT_PARTS:
        source = ROOT / part
        (user / part).parent.mkdir(parents=True, exist_ok=True)
        (user / part).symlink_to(source, target_is_directory=source.is_dir())
    user_data = user / "data"
    user_data.unlink()
    shutil.copytree(ROOT / "data", user_data, ignore=shutil.ignore_patterns("fetched"))
    (user_data / "fetched" / "gacc").mkdir(parents=True)
    (user_data / "fetched" / "gacc" / "observations.csv").write_text("the user's own figures\n")
    (tmp_path / "copy").mkdir()
    copy = copy_project(tmp_path / "copy", root=user)
    assert not (copy / "data" / "fetched").exists()
    assert sorted(path.name for path in (copy / "data").iterdir()) == sorted(
        path.name for path in user_data.iterdir() if path.name != "fetched")
