"""The CI workflow that publishes the reports: valid for GitHub's schema and running the README's commands."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT, copy_project

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


def test_workflow_refreshes_on_a_schedule_and_summarises_what_changed():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    refresh = next(number for number, command in enumerate(commands) if "bash scripts/refresh.sh" in command)
    assert "schedule" in steps[refresh]["if"] and "workflow_dispatch" in steps[refresh]["if"]
    build = commands.index("bash scripts/build.sh")
    summary = next(number for number, command in enumerate(commands) if "tradeclaims diff" in command)
    assert refresh < build < summary and '>> "$GITHUB_STEP_SUMMARY"' in commands[summary]
    restored = next(step for step in steps if step.get("uses", "").startswith("actions/cache/restore"))
    saved = next(step for step in steps if step.get("uses", "").startswith("actions/cache/save"))
    assert restored["with"]["path"] == saved["with"]["path"] and "reports/history" in saved["with"]["path"]
    assert workflow["jobs"]["publish"]["if"] == "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"


def test_refresh_without_a_network_says_each_connector_was_skipped(tmp_path):
    project = copy_project(tmp_path)
    (project / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "refresh.sh", project / "scripts")
    (project / ".venv").symlink_to(Path(sys.executable).parents[1])
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused at once
    env = {**os.environ, "TRADECLAIMS_IMF_URL": closed, "TRADECLAIMS_CENSUS_URL": closed}
    before = sorted(path.relative_to(project) for path in (project / "data").rglob("*"))
    result = subprocess.run(["bash", "scripts/refresh.sh"], cwd=project, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == ["refresh from imf skipped", "refresh from census skipped"]
    assert all("127.0.0.1" in line for line in lines[:2]) and lines[-1] == "fetched="
    assert sorted(path.relative_to(project) for path in (project / "data").rglob("*")) == before
