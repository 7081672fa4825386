"""Shared fixtures: the project's root, the shipped ledger, and disposable copies of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from tradeclaims.ledger.figures import Ledger

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("claims.yaml", "notebooks", "data", "requirements.txt")


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return Ledger.load(ROOT / "data")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project (registry, notebooks, data) that a test may break."""
    return copy_project(tmp_path)


def copy_project(destination: Path, root: Path = ROOT) -> Path:
    """The project as shipped: without figures the user fetched into data/fetched (tests fetch their own)."""
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=users_fetched_data(source))
        else:
            shutil.copy(source, destination / part)
    return destination


def users_fetched_data(top: Path):
    """shutil.copytree's ignore function that leaves out data/fetched and anything below it."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        return ["fetched"] if Path(folder) == top and top.name == "data" and "fetched" in names else []
    return ignore


class Outcome(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the CLI in this process (`tradeclaims.cli.main`) from a folder; for what needs no kernel."""
    from tradeclaims.cli import main

    def run(*args: str, cwd: Path) -> Outcome:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


def tradeclaims(*args: str, cwd: Path, timeout: float = 600, warnings: bool = False) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess, as a user would; with `warnings`, Python's warnings are shown as a user's Python
    shows them (in the CLI and in its kernels, which inherit its environment), else ignored."""
    command = [sys.executable, "-m", "tradeclaims.cli", *args]
    env = {name: value for name, value in os.environ.items() if name != "PYTHONWARNINGS"}
    if not warnings:
        env["PYTHONWARNINGS"] = "ignore"
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project whose reports were built once with `tradeclaims run` (shared by the slow tests), with
    warnings shown as a user's Python shows them, so a warning a reader would see on a page is on the test's too."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    result = tradeclaims("run", "--jobs", "2", cwd=project, warnings=True)
    assert result.returncode == 0, result.stderr
    return project
