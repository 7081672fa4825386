"""A build, a changed ledger and a second build into the same folder: the change shows on the index, in
`tradeclaims diff` with the input that caused it, in the claim's verdict over time and in the history kept."""

from __future__ import annotations

import errno
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradeclaims.checks.registry import load_registry
from tradeclaims.ledger.figures import Ledger
from tradeclaims.report.changes import compare
from tradeclaims.report.timeline import valid_point
from tradeclaims.run import history

from ..conftest import ROOT, copy_project, tradeclaims
from ..report.test_schema import validator

REGISTRY = load_registry(ROOT / "claims.yaml")


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
    for day in range(1, 6):  # data/ changed each day (another claim's figures), this claim's result did not
        results["run"]["built"] = f"2026-01-0{day}T00:00:00Z"
        results["run"]["data_hash"] = str(day) * 64
        history.keep_build(tmp_path, results)
    assert [path.name[:9] for path in history.builds(tmp_path)] == ["20260103T", "20260104T", "20260105T"]
    assert history.claim_points(tmp_path, "surplus-jan-nov", "2026-01-06T00:00:00Z") == [
        {"built": "2026-01-01T00:00:00Z", "verdict": "supported", "measured": measured, "unit": "US$ bn",
         "period": "2025-01/2025-11"}]
    assert not list(tmp_path.joinpath("history").glob(".*.tmp"))
    assert not compare(history.previous_build(tmp_path, "2026-01-06T00:00:00Z"), results).claims


def test_a_build_in_which_nothing_changed_is_not_kept(tmp_path, ledger):
    results = {"run": {"built": "2026-01-01T00:00:00Z", "version": "0", "data_hash": "0" * 64, "data_files": {},
                       "kernels": "warm"},
               "claims": [{"id": "surplus-jan-nov", "status": "ok", "verdict": "supported", "unit": "US$ bn",
                           "measured": shipped_surplus(ledger), "period": "2025-01/2025-11", "seconds": 4.1}]}
    first, _ = history.keep_build(tmp_path, results)
    kept = tree(tmp_path)
    rerun = {"run": {**results["run"], "built": "2026-01-02T00:00:00Z", "kernels": "fresh"},
             "claims": [{**results["claims"][0], "seconds": 3.2}]}  # forced, in new kernels: the same results
    assert history.keep_build(tmp_path, rerun) == (None, [])
    assert tree(tmp_path) == kept
    revised = {**rerun, "claims": [{**rerun["claims"][0], "measured": 950.0, "verdict": "not supported"}]}
    second, _ = history.keep_build(tmp_path, revised)
    assert history.builds(tmp_path) == [first, second] and second.name.startswith("20260102T")
    assert [point["measured"] for point in history.claim_points(tmp_path, "surplus-jan-nov", "2026-01-03T00:00:00Z")
            ] == [shipped_surplus(ledger), 950.0]


def tree(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


# A build of the shipped project, then history/ tampered with as a user or a broken disk might, and a build again.

@pytest.fixture(scope="module")
def one_build(tmp_path_factory) -> Path:
    """A project built once (surplus-jan-nov), to copy: its reports/ with one build kept and its timeline."""
    project = copy_project(tmp_path_factory.mktemp("history-tampered"))
    assert tradeclaims("run", "surplus-jan-nov", "--quiet", cwd=project).returncode == 0
    return project


@pytest.fixture
def built(one_build, tmp_path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(one_build, project, symlinks=True)
    return project


def rebuilt(project: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    outcome = tradeclaims("run", "surplus-jan-nov", "--force", *extra, cwd=project)
    assert "Traceback" not in outcome.stderr
    return outcome, json.loads((project / "reports" / "results.json").read_text())


def warnings(outcome: subprocess.CompletedProcess) -> list[str]:
    return [line for line in outcome.stderr.splitlines() if line.startswith("tradeclaims: warning:")]


DAMAGED_POINTS = ['{"claims": {"surplus-jan-nov": [1]}}', '{"claims": {"surplus-jan-nov": "x"}}',
                  '{"claims": {"surplus-jan-nov": [{"built": 5, "verdict": 7}]}}',
                  '{"claims": {"surplus-jan-nov": [{"built": "2026", "measured": "1"}]}}',
                  '{"claims": {"surplus-jan-nov": [{"built": "2026-01-01T00:00:00Z", "measured": true}]}}']
UNREADABLE_TIMELINES = ["[1]", '{"claims": []}', "not json", "\xff\xfe", "[" * 100_000]
MALFORMED_TIMELINES = DAMAGED_POINTS + UNREADABLE_TIMELINES
REBUILT = "history/timeline.json is missing or cannot be read; rebuilt from the builds kept"
ONE_DROPPED = "history/timeline.json holds 1 point that cannot be read; dropped, the rest kept and the builds kept added"


@pytest.mark.parametrize("timeline", MALFORMED_TIMELINES)
def test_a_malformed_timeline_is_rebuilt_from_the_builds(tmp_path, timeline):
    results = {"run": {"built": "2026-01-01T00:00:00Z", "version": "0", "data_hash": "0" * 64, "data_files": {}},
               "claims": [{"id": "surplus-jan-nov", "status": "ok", "verdict": "supported", "measured": 1080.0,
                           "unit": "US$ bn", "period": "2025-01/2025-11"}]}
    history.keep_build(tmp_path, results)
    (tmp_path / "history" / "timeline.json").write_text(timeline, encoding="latin-1")
    later = "2026-01-02T00:00:00Z"
    assert history.claim_points(tmp_path, "surplus-jan-nov", later) == [{"built": "2026-01-01T00:00:00Z",
                                                                        **{key: results["claims"][0][key] for key in
                                                                           ("verdict", "measured", "unit", "period")}}]
    assert history.keep_build(tmp_path, {**results, "run": {**results["run"], "built": later}}) == (
        None, [ONE_DROPPED if timeline in DAMAGED_POINTS else REBUILT])
    assert history.claim_points(tmp_path, "surplus-jan-nov", later)[0]["built"] == "2026-01-01T00:00:00Z"
    assert history.timeline_read(tmp_path).dropped == 0  # written back whole


def claim_result(day: int, measured: float) -> dict:
    """A build's results on `day` (counted from 2025-11-01) in which surplus-jan-nov's figure is `measured`."""
    built = (datetime(2025, 11, 1) + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"run": {"built": built, "version": "0", "data_hash": f"{day:064d}", "data_files": {}},
            "claims": [{"id": "surplus-jan-nov", "status": "ok", "verdict": "supported", "measured": measured,
                        "unit": "US$ bn", "period": "2025-01/2025-11"},
                       {"id": "exports-jan-nov", "status": "ok", "verdict": "supported", "measured": 3410.0 + day,
                        "unit": "US$ bn", "period": "2025-01/2025-11"}]}


def test_one_bad_point_beyond_the_builds_kept_loses_that_point_only(tmp_path):
    beyond = history.MAX_BUILDS + 5
    for day in range(beyond):  # every build moves both claims' figures: one point each, every build kept
        history.keep_build(tmp_path, claim_result(day, 1000.0 + day))
    assert len(history.builds(tmp_path)) == history.MAX_BUILDS
    path = tmp_path / "history" / "timeline.json"
    whole = json.loads(path.read_text())["claims"]
    assert [len(points) for points in whole.values()] == [beyond, beyond]
    damaged = json.loads(path.read_text())
    damaged["claims"]["surplus-jan-nov"][2]["measured"] = "1,002"  # an old point, its build long pruned
    damaged["claims"]["surplus-jan-nov"][30]["verdict"] = 7  # a point whose build is kept: given again by the build
    path.write_text(json.dumps(damaged))
    paths, warnings = history.keep_build(tmp_path, claim_result(beyond, 2000.0))
    assert paths is not None and warnings == [ONE_DROPPED.replace("1 point that", "2 points that")]
    after = json.loads(path.read_text())["claims"]
    assert after["surplus-jan-nov"] == [*whole["surplus-jan-nov"][:2], *whole["surplus-jan-nov"][3:],
                                        history.point(claim_result(beyond, 2000.0)["claims"][0],
                                                      claim_result(beyond, 0)["run"]["built"])]
    assert after["exports-jan-nov"][:beyond] == whole["exports-jan-nov"]  # the other claim lost nothing
    assert after["surplus-jan-nov"][0]["built"] == "2025-11-01T00:00:00Z"


POINT_VALUES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=25) | st.just(
    "2026-01-01T00:00:00Z")
TIMELINES = st.recursive(POINT_VALUES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["claims", "surplus-jan-nov", "built", "verdict", "measured", "unit", "period", "x"]), inner,
    max_size=5), max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timeline=TIMELINES)
def test_whatever_timeline_json_holds_a_build_reads_it_or_rebuilds_it(timeline):
    results = {"run": {"built": "2026-01-01T00:00:00Z", "version": "0", "data_hash": "0" * 64, "data_files": {}},
               "claims": [{"id": "surplus-jan-nov", "status": "ok", "verdict": "supported", "measured": 1080.0,
                           "unit": "US$ bn", "period": "2025-01/2025-11"}]}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        history.keep_build(out, results)
        (out / "history" / "timeline.json").write_text(json.dumps({"claims": timeline} if isinstance(timeline, dict)
                                                                  and "claims" not in timeline else timeline))
        later = {**results, "run": {**results["run"], "built": "2026-01-02T00:00:00Z"},
                 "claims": [{**results["claims"][0], "measured": 950.0}]}
        past = history.claim_points(out, "surplus-jan-nov", later["run"]["built"])
        assert all(valid_point(item) for item in past)
        history.keep_build(out, later)
        timeline = history.timeline_read(out)
        assert timeline.dropped == 0 and timeline.points["surplus-jan-nov"][-1]["measured"] == 950.0


@pytest.mark.slow
@pytest.mark.parametrize("timeline", DAMAGED_POINTS[:1] + ["not json"])
def test_a_timeline_that_cannot_be_read_is_rebuilt_from_the_builds_kept(built, timeline):
    out = built / "reports"
    (first,) = history.builds(out)
    first_built = json.loads(first.read_text())["run"]["built"]
    (out / "history" / "timeline.json").write_text(timeline)
    outcome, results = rebuilt(built)
    assert outcome.returncode == 0, outcome.stderr
    assert entry(results, "surplus-jan-nov")["status"] == "ok"  # the claim did not fail on the history
    assert warnings(outcome) == [f"tradeclaims: warning: {ONE_DROPPED if timeline in DAMAGED_POINTS else REBUILT}"]
    points = json.loads((out / "history" / "timeline.json").read_text())["claims"]["surplus-jan-nov"]
    assert [point["built"] for point in points] == [first_built]  # the first build's point, not this build's alone
    page = (out / "surplus-jan-nov.html").read_text()
    assert first_built in page[page.index('id="history"'):]


def claim_review(page: str) -> dict:
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return json.loads(page[start:page.index("</script>", start)])


@pytest.mark.slow
def test_a_bad_point_in_a_long_history_loses_that_point_and_not_the_claims_first_publication(built):
    out = built / "reports"
    real = json.loads((out / "results.json").read_text())
    shutil.rmtree(out / "history")
    beyond = history.MAX_BUILDS + 5
    for day in range(beyond):  # builds before this one, each with another surplus: more than are kept
        older = (datetime(2025, 11, 1) + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")
        claims = [{**real["claims"][0], "measured": 1000.0 + day}]
        history.keep_build(out, {**real, "run": {**real["run"], "built": older}, "claims": claims})
    timeline = out / "history" / "timeline.json"
    whole = json.loads(timeline.read_text())["claims"]["surplus-jan-nov"]
    damaged = json.loads(timeline.read_text())
    damaged["claims"]["surplus-jan-nov"][2]["built"] = "last week"  # the build that gave it is long pruned
    timeline.write_text(json.dumps(damaged))
    outcome, results = rebuilt(built)
    assert outcome.returncode == 0, outcome.stderr
    assert warnings(outcome) == [f"tradeclaims: warning: {ONE_DROPPED}"]
    points = json.loads(timeline.read_text())["claims"]["surplus-jan-nov"]
    assert points[:-1] == whole[:2] + whole[3:] and len(points) == beyond
    assert points[-1]["built"] == results["run"]["built"]
    assert points[-1]["measured"] == entry(results, "surplus-jan-nov")["measured"]
    review = claim_review((out / "surplus-jan-nov.html").read_text())
    assert review["datePublished"] == "2025-11-01"


@pytest.mark.slow
def test_a_build_that_cannot_be_read_is_skipped_with_one_warning(built):
    out = built / "reports"
    (first,) = history.builds(out)
    good = json.loads(first.read_text())
    broken = json.loads(first.read_text())
    after = datetime.strptime(good["run"]["built"], "%Y-%m-%dT%H:%M:%SZ") + timedelta(seconds=1)
    broken["run"]["built"] = after.strftime("%Y-%m-%dT%H:%M:%SZ")  # a second build, after the first (which took longer)
    broken["claims"][0]["inputs"] = ["x"]
    broken["claims"][0]["measured"] = "1,080"
    name = re.sub(r"[-:]", "", broken["run"]["built"]) + "-0badf11e.json"
    (out / "history" / name).write_text(json.dumps(broken))
    future = {**good, "run": {**good["run"], "built": "2099-01-01T00:00:00Z"}}
    future["claims"] = [{**good["claims"][0], "measured": 1.0, "verdict": "not supported"}]
    (out / "history" / "20990101T000000Z-0000000f.json").write_text(json.dumps(future))
    outcome, results = rebuilt(built)
    assert outcome.returncode == 0, outcome.stderr
    assert warnings(outcome) == [  # newest first, as they were passed over
        "tradeclaims: warning: history/20990101T000000Z-0000000f.json is dated after this build; skipped",
        f"tradeclaims: warning: history/{name} cannot be read (claims/0/measured: '1,080' is not of type 'number', "
        "'null'); skipped"]
    index = (out / "index.html").read_text()
    assert f"Built {results['run']['built']}" in index  # index.html was written with results.json
    assert f"Against the build of {good['run']['built']}." in index  # the good build, not the future nor the broken
    assert 'id="change-surplus-jan-nov"' not in index


@pytest.mark.slow
def test_a_history_folder_linked_out_of_the_output_folder_is_refused(built, tmp_path):
    out = built / "reports"
    elsewhere = built / "data" / "history"
    (out / "history").rename(elsewhere)
    (out / "history").symlink_to(elsewhere)
    before = tree(built / "data")
    outcome = tradeclaims("run", "surplus-jan-nov", "--force", cwd=built)
    assert outcome.returncode == 2 and outcome.stderr.count("\n") == 1, outcome.stderr
    assert "history/ in it is a symbolic link to " in outcome.stderr and "outside the output folder" in outcome.stderr
    assert tree(built / "data") == before
    assert "executing" not in outcome.stderr  # refused before any kernel


@pytest.mark.slow
def test_a_rerun_that_changes_nothing_leaves_history_as_it_was(built):
    out = built / "reports"
    before = tree(out / "history")
    cached = tradeclaims("run", "surplus-jan-nov", cwd=built)
    assert cached.returncode == 0 and "1 from cache" in cached.stdout
    forced, _ = rebuilt(built)
    assert forced.returncode == 0 and "1 executed" in forced.stdout
    assert tree(out / "history") == before


def test_when_history_cannot_be_written_the_message_says_what_was(tmp_path, monkeypatch, ledger):
    from tradeclaims.run import publish
    from tradeclaims.run.options import BuildFacts

    out = tmp_path / "reports"
    out.mkdir()
    results = [{"id": "surplus-jan-nov", "status": "ok", "verdict": "supported", "measured": shipped_surplus(ledger),
                "unit": "US$ bn", "period": "2025-01/2025-11", "report": "surplus-jan-nov.html"}]
    run = BuildFacts(built="2026-01-01T00:00:00Z", version="0", data_files={}, timeout=300.0, kernels="warm")
    real = history.atomic.write_text

    def full_below(folder):
        def write(path, text):
            if folder in Path(path).parents:
                raise OSError(errno.ENOSPC, "No space left on device")
            real(path, text)
        return write

    monkeypatch.setattr(history.atomic, "write_text", full_below(out / "history"))
    with pytest.raises(publish.ResultsNotWritten) as refused:
        publish.write_results(out, results, run, REGISTRY)
    assert str(refused.value) == ("results.json, index.html and article.html were written, but the build was not "
                                  "kept in history/ (No space left on device)")
    assert json.loads((out / "results.json").read_text())["run"]["built"] == run.built
    assert run.built in (out / "index.html").read_text()
    monkeypatch.setattr(history.atomic, "write_text", full_below(tmp_path))
    with pytest.raises(publish.ResultsNotWritten) as refused:
        publish.write_results(out, results, replace(run, built="2026-01-02T00:00:00Z"), REGISTRY)
    assert str(refused.value) == ("results.json, index.html and article.html are the previous ones (No space left on "
                                  "device)")
    assert json.loads((out / "results.json").read_text())["run"]["built"] == run.built


# JSON's \u escapes let a kept build or the timeline hold a lone surrogate ('\ud800'); every page and file written
# with it would fail after results.json. It is refused where history/ is read: the build is skipped, the timeline rebuilt.
SURROGATE_RESULTS = {"run": {"built": "2026-01-01T00:00:00Z", "version": "0", "data_hash": "0" * 64, "data_files": {}},
                     "claims": [{"id": "surplus-jan-nov", "status": "ok", "verdict": "supported", "measured": 1080.0,
                                 "unit": "US$ bn", "period": "2025-01/2025-11"}]}


def test_a_kept_build_or_timeline_with_a_lone_surrogate_is_passed_over(tmp_path):
    history.keep_build(tmp_path, SURROGATE_RESULTS)
    (first,) = history.builds(tmp_path)
    first.write_text(first.read_text().replace('"US$ bn"', '"\\ud800"'))
    timeline = tmp_path / "history" / "timeline.json"
    timeline.write_text(timeline.read_text().replace('"US$ bn"', '"\\udc00"'))
    later = {**SURROGATE_RESULTS, "run": {**SURROGATE_RESULTS["run"], "built": "2026-01-02T00:00:00Z"}}
    path, warned = history.keep_build(tmp_path, later)
    assert warned == ["history/timeline.json is missing or cannot be read; rebuilt from the builds kept",
                      f"history/{first.name} cannot be read (text that cannot be written as UTF-8 ('\\ud800')); "
                      "skipped"]
    assert path is not None  # no readable build before it: this one is kept
    points = history.timeline_read(tmp_path).points
    assert points == {"surplus-jan-nov": [{"built": "2026-01-02T00:00:00Z", "verdict": "supported",
                                           "measured": 1080.0, "unit": "US$ bn", "period": "2025-01/2025-11"}]}


@pytest.mark.slow
def test_a_build_with_a_lone_surrogate_is_skipped_and_the_run_ends_well(built):
    out = built / "reports"
    (first,) = history.builds(out)
    text = first.read_text()
    first.write_text(re.sub(r'"unit": "[^"]*"', lambda _: '"unit": "\\ud800"', text, count=1))
    outcome, results = rebuilt(built)
    assert outcome.returncode == 0, outcome.stderr
    assert warnings(outcome) == [f"tradeclaims: warning: history/{first.name} cannot be read (text that cannot be "
                                 "written as UTF-8 ('\\ud800')); skipped"]
    assert results["claims"][0]["verdict"] == "supported"
    assert f"Built {results['run']['built']}" in (out / "index.html").read_text()
