"""The benchmark command docs/performance.md shows runs as written, with whatever `python` a reader's PATH holds."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin")


@pytest.mark.skipif(SYSTEM_PYTHON is None, reason="no system python3")
def test_the_documented_benchmark_command_runs_with_a_python_without_the_package(tmp_path):
    command = re.search(r"`(python benchmarks/bench_run\.py)`", (ROOT / "docs" / "performance.md").read_text()).group(1)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(SYSTEM_PYTHON)  # the system's python: no tradeclaims installed in it
    environment = {name: value for name, value in os.environ.items() if name not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environment["PATH"] = f"{bin_dir}:/usr/bin:/bin"
    lacking = subprocess.run(["python", "-c", "import tradeclaims"], capture_output=True, env=environment)
    assert lacking.returncode != 0, "the python on this PATH has the package: the test would prove nothing"
    result = subprocess.run(["bash", "-c", f"{command} --help"], cwd=ROOT, capture_output=True, text=True,
                            env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: bench_run.py") and "--scaled-only" in result.stdout
    assert Path(ROOT / ".venv" / "bin" / "python").exists()  # what it ran with
