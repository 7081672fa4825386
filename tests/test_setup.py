"""scripts/setup.sh: the Python the pins need, checked up front in one line; a failed set-up leaves nothing to trip on."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT, copy_project

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


@pytest.mark.parametrize("version", ["3.9.2", "3.10.12"])  # Debian 11's python3; Ubuntu 22.04's
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
    old = fake_python(tmp_path, "3.10.12")
    (project / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(old, project / ".venv" / "bin" / "python")
    result = run_setup(project, fake_python(tmp_path, "3.12.1"))
    assert f"removing .venv: its Python is missing or older than {minimum()}" in result.stderr
    assert not (project / ".venv").exists()  # then made anew, and removed again when its pip failed


DEBIAN_PYTHON = Path("/usr/bin/python3")
DEBIAN_12_PYTHON = "3.11.2"  # Debian 12's python3, the base of the CI container and of most servers


def debian_python() -> str | None:
    """The version of this machine's /usr/bin/python3, when it runs and can make a venv; else None."""
    try:
        found = subprocess.run([str(DEBIAN_PYTHON), "-c", "import ensurepip, sys, venv; "
                                "print('%d.%d.%d' % sys.version_info[:3])"], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return found.stdout.strip() if found.returncode == 0 else None


def test_every_pin_admits_the_minimum_python():
    """Each pinned package's Requires-Python (as installed) admits MINIMUM: a pin that needs a newer Python (as
    soupsieve 3 needs 3.11.5) is caught here, on any machine, before Debian 12's python3 fails to set up."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.version import Version

    lowest = Version(minimum())
    pins = [Requirement(line) for line in (ROOT / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    refusing, checked = [], 0
    for pin in pins:
        try:
            found = distribution(pin.name)
        except PackageNotFoundError:
            continue
        assert found.version in pin.specifier, f"{pin} is pinned but {found.version} is installed"
        checked += 1
        requires = Requirement(f"python{found.metadata.get('Requires-Python') or ''}").specifier
        if lowest not in requires or Version(DEBIAN_12_PYTHON) not in requires:
            refusing.append(f"{pin}: Requires-Python {requires}")
    assert checked >= len(pins) - 5, "the pins are not what is installed"
    assert refusing == []


@pytest.mark.slow
@pytest.mark.skipif(debian_python() != DEBIAN_12_PYTHON, reason="/usr/bin/python3 is not Debian 12's 3.11.2 with venv")
def test_debian_12s_own_python_sets_up_and_builds(tmp_path):
    """`PYTHON=/usr/bin/python3 bash scripts/setup.sh` in a copy of the project (so the project's .venv is left
    alone): the venv is made from Debian's 3.11.2, every pin installs, and a claim builds to its verdict with it."""
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    for part in ("scripts", "src"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copy(ROOT / "README.md", project / "README.md")
    environment = {name: value for name, value in os.environ.items() if name not in ("VIRTUAL_ENV", "PYTHONHOME")}
    setup = subprocess.run(["bash", "scripts/setup.sh"], cwd=project, capture_output=True, text=True, timeout=1800,
                           env={**environment, "PYTHON": str(DEBIAN_PYTHON)})
    assert setup.returncode == 0, setup.stderr[-3000:]
    venv = project / ".venv" / "bin"
    assert subprocess.run([str(venv / "python"), "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True).stdout.strip() == DEBIAN_12_PYTHON
    # soupsieve (the pin that needed 3.11.5 before) selects as it should on 3.11.2
    selected = subprocess.run([str(venv / "python"), "-c", "import bs4; print(bs4.BeautifulSoup("
                               "'<p class=a>x</p><p>y</p>', 'html.parser').select('p.a:not(.b)')[0].text)"],
                              capture_output=True, text=True)
    assert selected.stdout.strip() == "x", selected.stderr
    build = subprocess.run([str(venv / "tradeclaims"), "run", "us-november-drop", "--jobs", "1"], cwd=project,
                           capture_output=True, text=True, timeout=600, env=environment)
    assert build.returncode == 0, build.stderr[-3000:]
    entry = json.loads((project / "reports" / "results.json").read_text())["claims"][0]
    assert entry["id"] == "us-november-drop" and entry["verdict"] == "supported"
    assert entry["measured"] == pytest.approx(-29)  # AP's reported rate (wire), as on any other Python
