"""scripts/setup.sh: the Python the pins need, checked up front in one line; a failed set-up leaves nothing to trip on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT

SETUP = ROOT / "scripts" / "setup.sh"
# A stand-in for a Python interpreter: reports VERSION, makes a "venv" holding a copy of itself, and fails anything
# else (so pip install fails, as it does when a pin has no release for the interpreter).
FAKE_PYTHON = """#!/usr/bin/env bash
if [ "$1" = "-c" ]; then echo VERSION; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && exit 0; fi
echo "ERROR: No matching distribution found" >&2
exit 1
"""


def minimum() -> str:
    return re.search(r"^MINIMUM=([\d.]+)", SETUP.read_text(), re.M).group(1)


def setup_copy(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(SETUP, tmp_path / "scripts" / "setup.sh")
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def fake_python(folder: Path, version: str) -> Path:
    path = folder / f"python-{version}"
    path.write_text(FAKE_PYTHON.replace("VERSION", version))
    path.chmod(0o755)
    return path


def run_setup(project: Path, python: Path | str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(project / "scripts" / "setup.sh")], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHON": str(python)})


def test_the_minimum_python_is_pyprojects():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={minimum()}"


@pytest.mark.parametrize("version", ["3.11.2", "3.10.12"])  # Debian 12's python3; an older minor version
def test_an_older_python_is_refused_in_one_line_naming_the_version_needed(tmp_path, version):
    project = setup_copy(tmp_path)
    result = run_setup(project, fake_python(tmp_path, version))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"needs Python {minimum()} or newer" in lines[0] and version in lines[0], result.stderr
    assert not (project / ".venv").exists()


def python_3_10() -> str | None:
    """A Python 3.10 that runs on this machine (on PATH, or one pyenv keeps), if any."""
    candidates = [shutil.which("python3.10"), *map(str, Path.home().glob(".pyenv/versions/3.10*/bin/python3.10"))]
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "-c", "import sys; assert sys.version_info[:2] == (3, 10)"],
                          capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(python_3_10() is None, reason="no Python 3.10 on this machine")
def test_a_real_python_3_10_is_refused(tmp_path):
    result = run_setup(setup_copy(tmp_path), python_3_10())
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert f"needs Python {minimum()}" in result.stderr and " 3.10." in result.stderr


def test_a_failed_setup_removes_the_venv_it_made_so_a_rerun_starts_clean(tmp_path):
    project = setup_copy(tmp_path)
    python = fake_python(tmp_path, "3.12.1")
    first = run_setup(project, python)
    assert first.returncode != 0 and "No matching distribution" in first.stderr
    assert not (project / ".venv").exists(), "a broken .venv was kept"
    assert "run it again" in first.stderr.strip().splitlines()[-1]


def test_a_venv_made_by_an_older_python_is_replaced(tmp_path):
    project = setup_copy(tmp_path)
    old = fake_python(tmp_path, "3.11.2")
    (project / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(old, project / ".venv" / "bin" / "python")
    result = run_setup(project, fake_python(tmp_path, "3.12.1"))
    assert f"removing .venv: its Python is missing or older than {minimum()}" in result.stderr
    assert not (project / ".venv").exists()  # then made anew, and removed again when its pip failed
