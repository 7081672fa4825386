"""The CI workflow that publishes the reports: valid for GitHub's schema and running the README's commands."""

import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"


def check_jsonschema(path: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
               str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_workflow_matches_the_schema():
    result = check_jsonschema(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_is_refused(tmp_path):
    text = WORKFLOW.read_text()
    assert text.count("    steps:\n      - uses: actions/checkout") == 1
    path = tmp_path / "broken.yml"
    path.write_text(text.replace("    steps:\n      - uses: actions/checkout", "    step:\n      - uses: actions/checkout"))
    result = check_jsonschema(path)
    assert result.returncode != 0 and "jobs.build" in result.stdout


def test_workflow_runs_the_readme_commands_and_publishes_reports():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    readme = (ROOT / "README.md").read_text()
    for command in ("bash scripts/test.sh", "bash scripts/build.sh"):
        assert command in commands and command in readme
    uploads = [step for step in steps if step.get("uses", "").startswith("actions/upload")]
    assert any(step["with"]["path"] == "reports/" for step in uploads)
    assert workflow["jobs"]["publish"]["steps"][0]["uses"].startswith("actions/deploy-pages")
