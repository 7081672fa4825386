"""The benchmark command docs/performance.md shows runs as written, with whatever `python` a reader's PATH holds."""

import json
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


def bench_run():
    """benchmarks/bench_run.py, imported as a module (its venv check runs only as a script)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "bench_run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_benchmark_says_identical_only_of_results_that_are(built_project, tmp_path):
    """What it prints of the larger ledger's results: the verdicts and headlines, then any other field that differs;
    the fields about the build itself (time, cache key, the reads it covers) are left out."""
    bench = bench_run()
    results = built_project / "reports" / "results.json"
    base = bench.comparable(results)
    assert bench.results_words(bench.differences(base, base)) == \
        "results: verdicts and headline figures identical; every other field identical"
    document = json.loads(results.read_text())
    document["claims"][0]["cache_key"] = "0" * 64
    document["claims"][0]["key_parts"] = {}
    document["claims"][1]["sources"] = [*document["claims"][1]["sources"], "https://example.org/more"]
    changed = tmp_path / "results.json"
    changed.write_text(json.dumps(document))
    second = document["claims"][1]["id"]
    assert bench.results_words(bench.differences(bench.comparable(changed), base)) == \
        f"results: verdicts and headline figures identical; other fields differ: {second} (sources)"
    document["claims"][1]["verdict"] = "insufficient data" if base[1]["verdict"] != "insufficient data" else "supported"
    changed.write_text(json.dumps(document))
    assert "verdicts and headline figures differ" in bench.results_words(bench.differences(bench.comparable(changed),
                                                                                           base))
