"""A build, a changed ledger and a second build into the same folder: the change shows on the index, in
`tradeclaims diff` with the input that caused it, in the claim's verdict over time and in the history kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tradeclaims.ledger.figures import Ledger
from tradeclaims.report.changes import compare
from tradeclaims.run import history

from ..conftest import copy_project, tradeclaims
from ..report.test_schema import validator


def revise_surplus(project: Path, value: str) -> None:
    """Every copy of January-November 2025's surplus revised to `value` (US$ trn), as a revision would be."""
    path = project / "data" / "observations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    revised = [re.sub(r"^(CN,WLD,balance,2025-01/2025-11,value,)[^,]*", rf"\g<1>{value}", line) for line in lines]
    assert revised != lines
    path.write_text("\n".join(revised), encoding="utf-8")
    assert tradeclaims("validate", "--update-hashes", cwd=project).returncode == 0


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, dict, dict]:
    project = copy_project(tmp_path_factory.mktemp("history"))
    first = tradeclaims("run", "surplus-jan-nov", "exports-jan-nov", "--quiet", cwd=project)
    assert first.returncode == 0, first.stderr
    old = json.loads((project / "reports" / "results.json").read_text())
    revise_surplus(project, "0.95")
    second = tradeclaims("run", "surplus-jan-nov", "exports-jan-nov", "--quiet", cwd=project)
    assert second.returncode == 0, second.stderr
    new = json.loads((project / "reports" / "results.json").read_text())
    return project, old, new


def entry(results: dict, claim_id: str) -> dict:
    return next(item for item in results["claims"] if item["id"] == claim_id)


@pytest.mark.slow
def test_the_revised_figure_moves_the_surplus_and_nothing_else(two_builds, ledger):
    _, old, new = two_builds
    assert entry(old, "surplus-jan-nov")["measured"] == pytest.approx(shipped_surplus(ledger))
    assert entry(new, "surplus-jan-nov")["measured"] == pytest.approx(950)
    assert entry(old, "surplus-jan-nov")["verdict"] != entry(new, "surplus-jan-nov")["verdict"]
    unchanged = ("verdict", "measured", "period", "headline_sources", "inputs")
    assert [entry(old, "exports-jan-nov").get(key) for key in unchanged] == \
        [entry(new, "exports-jan-nov").get(key) for key in unchanged]
    assert set(entry(old, "exports-jan-nov")["sources"]) == set(entry(new, "exports-jan-nov")["sources"])


@pytest.mark.slow
def test_the_index_shows_the_change_and_its_cause(two_builds):
    project, old, new = two_builds
    index = (project / "reports" / "index.html").read_text()
    section = index[index.index('id="changes"'):]
    row = section[section.index('id="change-surplus-jan-nov"'):]
    row = row[:row.index("</tr>")]
    assert f'{entry(old, "surplus-jan-nov")["verdict"]}</span> &rarr;' in row
    assert f'{entry(new, "surplus-jan-nov")["verdict"]}</span>' in row
    assert "1,080 US$ bn (2025-01/2025-11) &rarr; 950 US$ bn (2025-01/2025-11)" in row
    assert "data/observations.csv" in row and "figure revised" in row
    assert 'id="change-exports-jan-nov"' not in section  # its figures did not move


@pytest.mark.slow
def test_diff_names_the_change_and_exits_1_on_a_changed_verdict(two_builds):
    project, old, new = two_builds
    builds = history.builds(project / "reports")
    assert len(builds) == 2
    markdown = tradeclaims("diff", str(builds[0]), "reports", cwd=project)
    assert markdown.returncode == 0, markdown.stderr
    rows = [line for line in markdown.stdout.splitlines() if line.startswith("| surplus-jan-nov |")]
    assert len(rows) == 1 and len(markdown.stdout.splitlines()[0]) < 100
    cells = [cell.strip() for cell in rows[0].strip("|").split(" | ")]
    assert cells[1] == f'**{entry(old, "surplus-jan-nov")["verdict"]} -> {entry(new, "surplus-jan-nov")["verdict"]}**'
    assert cells[2] == "1,080 US$ bn (2025-01/2025-11) -> 950 US$ bn (2025-01/2025-11)"
    assert "data changed: data/datapackage.json, data/observations.csv" in cells[3]
    assert not [line for line in markdown.stdout.splitlines() if line.startswith("| exports-jan-nov |")]
    failing = tradeclaims("diff", "--fail-on-change", "--format", "json", str(builds[0]), "reports/results.json",
                          cwd=project)
    assert failing.returncode == 1
    changes = json.loads(failing.stdout)
    assert changes["verdicts_changed"] == 1 and changes["data_files_changed"] == ["datapackage.json", "observations.csv"]
    (change,) = changes["claims"]
    assert change["new"]["measured"] == 950 and {"data changed"} <= {cause["kind"] for cause in change["causes"]}
    revised = [cause for cause in change["causes"] if cause["kind"] == "figure revised"]
    before = {item["source_id"]: item["value"] for item in entry(old, "surplus-jan-nov")["inputs"]}
    after = {item["source_id"]: item["value"] for item in entry(new, "surplus-jan-nov")["inputs"]}
    assert revised and all(before[cause["source"]] != after[cause["source"]] == 950 for cause in revised), revised
    unit = entry(new, "surplus-jan-nov")["inputs"][0]["unit"]
    assert all(cause["detail"].endswith(f"950 {unit} (was 1,080 {unit})") for cause in revised)
    same = tradeclaims("diff", "--fail-on-change", "reports", "reports", cwd=project)
    assert same.returncode == 0 and "No claim changed." in same.stdout


@pytest.mark.slow
def test_history_keeps_both_builds_valid_and_the_claim_page_its_verdict_over_time(two_builds):
    project, old, new = two_builds
    out = project / "reports"
    kept = [json.loads(path.read_text()) for path in history.builds(out)]
    assert [build["run"]["built"] for build in kept] == [old["run"]["built"], new["run"]["built"]]
    for build in [*kept, new]:
        assert not list(validator().iter_errors(build))
    assert kept[1]["$schema"] == "../results.schema.json" and new["$schema"] == "results.schema.json"
    points = history.claim_points(out, "surplus-jan-nov")
    assert [point["measured"] for point in points] == [entry(old, "surplus-jan-nov")["measured"], 950]
    page = (out / "surplus-jan-nov.html").read_text()
    timeline = page[page.index('id="history"'):page.index("</section>", page.index('id="history"'))]
    assert timeline.index("950.0 US$ bn") < timeline.index("1,080.0 US$ bn")  # newest first


def shipped_surplus(ledger: Ledger) -> float:
    """January-November 2025's surplus in US$ bn, as most copies in the ledger print it."""
    rows = ledger.observations.query("reporter == 'CN' and partner == 'WLD' and flow == 'balance' and "
                                     "period == '2025-01/2025-11' and measure == 'value'")
    return 1000 * float(rows["value"].astype(float).mode()[0])


def test_history_is_bounded_and_a_build_without_change_adds_no_point(tmp_path, monkeypatch, ledger):
    measured = shipped_surplus(ledger)
    results = {"run": {"built": "", "version": "0", "data_hash": "0" * 64, "data_files": {}},
               "claims": [{"id": "surplus-jan-nov", "status": "ok", "verdict": "supported", "measured": measured,
                           "unit": "US$ bn", "period": "2025-01/2025-11"}]}
    monkeypatch.setattr(history, "MAX_BUILDS", 3)
    for day in range(1, 6):
        results["run"]["built"] = f"2026-01-0{day}T00:00:00Z"
        history.keep_build(tmp_path, results)
    assert [path.name[:9] for path in history.builds(tmp_path)] == ["20260103T", "20260104T", "20260105T"]
    assert history.claim_points(tmp_path, "surplus-jan-nov") == [
        {"built": "2026-01-01T00:00:00Z", "verdict": "supported", "measured": measured, "unit": "US$ bn",
         "period": "2025-01/2025-11"}]
    assert not list(tmp_path.joinpath("history").glob(".*.tmp"))
    assert not compare(history.previous_build(tmp_path), results).claims
