"""Where reports go and what the cache may serve: the output folder is checked before any kernel starts, the
cache serves an entry only with the report files it wrote, runs with other parameters leave the claim's
report alone, files get the user's umask."""

import json
import os
import stat

import pytest

from tradeclaims.project import Project
from tradeclaims.run.output import MARKER, checked_out_dir, open_out_dir

from ..conftest import tradeclaims
from .records import cached_entry, write_record

CLAIM = "us-november-drop"


def tree(folder):
    """Every path under a folder, with each file's bytes: to show nothing was written."""
    return {path: path.read_bytes() if path.is_file() else None for path in sorted(folder.rglob("*"))}


def refused(result, *parts):
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result
    assert len(lines) == 1 and all(part in lines[0] for part in parts), result.stderr
    assert "Traceback" not in result.stderr


# --out, in this process: every refusal is one line, exit 2, before any kernel, nothing written

def test_out_is_not_a_file(project_copy, cli):
    (project_copy / "afile").write_text("x")
    before = tree(project_copy)
    refused(cli("run", CLAIM, "--out", "afile", cwd=project_copy), "--out afile: is a file, not a folder")
    assert tree(project_copy) == before


@pytest.mark.parametrize("out", ["data", "data/reports", "data/../data/x"])
def test_out_is_not_the_ledger(project_copy, cli, out):
    before = tree(project_copy)
    refused(cli("run", CLAIM, "--out", out, cwd=project_copy), f"--out {out}: is data/ or inside it")
    refused(cli("sweep", CLAIM, "-p", "month", "2025-10", "--out", out, cwd=project_copy), "is data/ or inside it")
    assert tree(project_copy) == before


def test_out_is_not_the_project_root(project_copy, cli):
    before = tree(project_copy)
    refused(cli("run", CLAIM, "--out", ".", cwd=project_copy), "--out .: is the project's own folder")
    refused(cli("run", CLAIM, "--out", "notebooks/..", cwd=project_copy), "is the project's own folder")
    assert tree(project_copy) == before


def test_a_folder_that_is_not_empty_needs_the_marker(project_copy, cli, tmp_path_factory):
    other = tmp_path_factory.mktemp("etc")
    (other / "passwd").write_text("root:x:0:0\n")
    (project_copy / "link").symlink_to(other)  # a symbolic link is judged by where it points
    before, outside = tree(project_copy), tree(other)
    for out in ("link", str(other), "notebooks"):
        refused(cli("run", CLAIM, "--out", out, cwd=project_copy), "is a folder that is not empty and holds no "
                                                                  f"{MARKER}")
    assert tree(project_copy) == before and tree(other) == outside


def test_a_symlink_to_etc_is_refused(project_copy, cli):
    (project_copy / "etc-link").symlink_to("/etc")
    etc = sorted(os.listdir("/etc"))
    refused(cli("run", CLAIM, "--out", "etc-link", cwd=project_copy), "--out etc-link: is a folder that is not empty")
    assert sorted(os.listdir("/etc")) == etc


def test_a_folder_that_cannot_be_created_is_refused(project_copy, cli):
    refused(cli("run", CLAIM, "--out", "/proc/tradeclaims-reports", cwd=project_copy),
            "--out /proc/tradeclaims-reports: cannot")


@pytest.mark.skipif(os.geteuid() == 0, reason="permission bits do not stop root")
def test_a_read_only_folder_is_refused(project_copy, cli):
    folder = project_copy / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        refused(cli("run", CLAIM, "--out", "read-only", cwd=project_copy), "--out read-only: is not writable")
        refused(cli("run", CLAIM, "--out", "read-only/new", cwd=project_copy), "cannot be created")
    finally:
        folder.chmod(0o755)


def test_a_folder_the_system_says_is_not_writable_is_refused(project_copy, cli, monkeypatch):
    """The same check as above, for any user: the system's answer (access(2)) is what decides."""
    from tradeclaims.run import output as outputs

    folder = project_copy / "read-only"
    folder.mkdir()
    monkeypatch.setattr(outputs.os, "access", lambda path, mode: os.path.realpath(path) != str(folder))
    refused(cli("run", CLAIM, "--out", "read-only", cwd=project_copy), "--out read-only: is not writable")
    refused(cli("run", CLAIM, "--out", "read-only/new", cwd=project_copy), "--out read-only/new: cannot be created: ",
            "is not writable")
    assert list(folder.iterdir()) == []


def test_new_empty_and_marked_folders_are_accepted(project_copy):
    project = Project(project_copy)
    empty = project_copy / "empty"
    empty.mkdir()
    assert checked_out_dir(project, empty) == empty
    new = project_copy / "a" / "b" / "reports"
    assert checked_out_dir(project, new) == new and not (project_copy / "a").exists()
    open_out_dir(new)
    assert all((folder / MARKER).is_file() for folder in (project_copy / "a", project_copy / "a" / "b", new))
    (new / "index.html").write_text("<p>an earlier report</p>")
    assert checked_out_dir(project, new) == new  # marked: a tradeclaims output folder
    (project_copy / "link").symlink_to(new)
    assert checked_out_dir(project, project_copy / "link") == new


# The cache record: the entry is served only with the files it was written with

def executed_notebook(entry: dict) -> bytes:
    """An executed notebook as the runner writes it: its entry in its metadata."""
    return json.dumps({"cells": [], "metadata": {"tradeclaims": {"entry": entry}}}).encode()


@pytest.fixture
def recorded(tmp_path):
    entry = {"id": CLAIM, "status": "ok", "verdict": "supported", "cache_key": "k1", "report": f"{CLAIM}.html"}
    written = {f"{CLAIM}.ipynb": executed_notebook(entry), f"{CLAIM}.html": b"<html>supported</html>"}
    for name, content in written.items():
        (tmp_path / name).write_bytes(content)
    write_record(tmp_path, CLAIM, entry, written)
    assert cached_entry(tmp_path, CLAIM, "k1") == entry
    return tmp_path


def edit_recorded_entry(folder, **changes) -> None:
    path = folder / ".tradeclaims-cache" / f"{CLAIM}.entry.json"
    record = json.loads(path.read_text())
    record["entry"].update(changes)
    path.write_text(json.dumps(record))


@pytest.mark.parametrize("damage", [
    lambda folder: (folder / f"{CLAIM}.html").write_bytes(b"garbage!"),
    lambda folder: (folder / f"{CLAIM}.ipynb").write_text('{"cells": [], "metadata": {"edited": true}}'),
    lambda folder: (folder / f"{CLAIM}.html").unlink(),
    lambda folder: (folder / f"{CLAIM}.ipynb").unlink(),
    lambda folder: (folder / ".tradeclaims-cache" / f"{CLAIM}.entry.json").write_text("{not json"),
    lambda folder: (folder / ".tradeclaims-cache" / f"{CLAIM}.entry.json").unlink(),
    lambda folder: edit_recorded_entry(folder, verdict="not supported"),  # the report still says supported
])
def test_an_edited_or_lost_report_file_is_not_served(recorded, damage):
    damage(recorded)
    assert cached_entry(recorded, CLAIM, "k1") is None


def test_another_key_is_not_served(recorded):
    assert cached_entry(recorded, CLAIM, "k2") is None


# With kernels: the whole path

def entries(results_file):
    return {entry["id"]: entry for entry in json.loads(results_file.read_text())["claims"]}


@pytest.mark.slow
def test_the_cache_verifies_what_it_serves(project_copy):
    reports = project_copy / "reports"
    assert tradeclaims("run", CLAIM, cwd=project_copy).returncode == 0
    assert (reports / MARKER).is_file()
    good_page = (reports / f"{CLAIM}.html").read_bytes()

    notebook_path = reports / f"{CLAIM}.ipynb"
    notebook = json.loads(notebook_path.read_text())
    notebook["metadata"]["tradeclaims"]["entry"]["verdict"] = "not supported"
    notebook_path.write_text(json.dumps(notebook))
    again = tradeclaims("run", CLAIM, cwd=project_copy)
    assert "1 executed, 0 from cache" in again.stdout
    assert entries(reports / "results.json")[CLAIM]["verdict"] == "supported"
    assert 'class="tc-badge tc-supported"' in (reports / f"{CLAIM}.html").read_text()

    (reports / f"{CLAIM}.html").write_bytes(b"garbage!")
    assert "1 executed, 0 from cache" in tradeclaims("run", CLAIM, cwd=project_copy).stdout
    assert len((reports / f"{CLAIM}.html").read_bytes()) > len(good_page) // 2

    (reports / f"{CLAIM}.failed.html").write_text("an old failure")
    (reports / f"{CLAIM}.failed.ipynb").write_text("{}")
    cached = tradeclaims("run", CLAIM, cwd=project_copy)
    assert "0 executed, 1 from cache" in cached.stdout
    assert not (reports / f"{CLAIM}.failed.html").exists() and not (reports / f"{CLAIM}.failed.ipynb").exists()

    umask = os.umask(0o022)
    os.umask(umask)
    for path in reports.iterdir():
        if path.is_file() and path.name != ".tradeclaims.lock":
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


@pytest.mark.slow
def test_other_parameters_go_to_a_folder_of_their_own(project_copy):
    reports = project_copy / "reports"
    assert tradeclaims("run", CLAIM, "exports-jan-nov", cwd=project_copy).returncode == 0
    canonical = {path: path.read_bytes() for path in reports.glob("*") if path.is_file() and path.suffix != ".lock"}

    result = tradeclaims("run", CLAIM, "-p", "month", "2025-05", "-p", "article_value", "-35", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert {path: path.read_bytes() for path in canonical} == canonical  # the claim's report and index row untouched
    folder = reports / "runs" / CLAIM
    (entry,) = json.loads((folder / "results.json").read_text())["claims"]
    assert entry["parameters"]["month"] == "2025-05" and entry["measured"] == pytest.approx(-34.5, abs=0.6)
    assert entry["changed"] == {"month": {"default": "2025-11", "value": "2025-05"},
                                "article_value": {"default": -30.0, "value": -35.0}}
    assert entry["report"].startswith("month-2025-05_article_value--35.0.")
    assert result.stdout.strip().splitlines()[-1].endswith(
        f"report reports/runs/{CLAIM}/{entry['report']} (parameters other than the claim's)")
    page = (folder / entry["report"]).read_text()
    assert 'id="changed"' in page and "<strong>month</strong> 2025-05 (the claim's: 2025-11)" in page
    assert entry["report"] in (folder / "index.html").read_text()

    same = tradeclaims("run", CLAIM, "-p", "month=2025-05", "-p", "article_value", "-3.5e1", cwd=project_copy)
    assert "0 executed, 1 from cache" in same.stdout
    level = tradeclaims("run", "exports-jan-nov", "-p", "period", "2025", "-p", "article_value", "3700", cwd=project_copy)
    assert level.returncode == 0, level.stderr
    (entry,) = json.loads((reports / "runs" / "exports-jan-nov" / "results.json").read_text())["claims"]
    assert entry["measured"] == pytest.approx(3770, abs=1) and entry["verdict"] == "supported"
    assert {path: path.read_bytes() for path in canonical} == canonical
    assert 'id="changed"' not in (reports / f"{CLAIM}.html").read_text()


@pytest.mark.slow
def test_nothing_is_written_outside_the_output_folder(project_copy, tmp_path_factory):
    out = tmp_path_factory.mktemp("published") / "reports"
    before = tree(project_copy)
    result = tradeclaims("run", CLAIM, "india-deficit", "-p", "source", "shipped", "--out", str(out), cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert tree(project_copy) == before
    assert (out / MARKER).is_file() and (out / "results.json").is_file()


def test_an_output_folder_knows_its_kind_and_refuses_the_other(project_copy, cli):
    reports, sweeps = project_copy / "reports", project_copy / "reports" / "sweeps" / "us-november-drop"
    open_out_dir(sweeps, kind="sweep")  # as a first sweep leaves them: reports/ and reports/sweeps/ have no kind yet
    assert checked_out_dir(Project(project_copy), reports, "claims") == reports.resolve()
    open_out_dir(reports, kind="claims")
    assert (reports / MARKER).read_text().endswith("kind: claims\n")
    assert (sweeps / MARKER).read_text().endswith("kind: sweep\n")

    # a sweep's --out takes the place of reports/ (its table goes to OUT/sweeps/ID): a claim's sweep folder is not one
    sweep = cli("sweep", "us-november-drop", "-p", "month", "2025-10", "--out", str(sweeps), cwd=project_copy)
    assert sweep.returncode == 2 and sweep.stderr.count("\n") == 1, sweep
    assert "says kind: sweep); give the folder that holds reports and sweeps/ (as reports/ does: a sweep goes to " \
           "sweeps/CLAIM_ID in it)" in sweep.stderr
    run = cli("run", "us-november-drop", "--out", str(sweeps), cwd=project_copy)
    assert run.returncode == 2
    assert "says kind: sweep); give another folder for the reports of `tradeclaims run`" in run.stderr
    assert sorted(path.name for path in reports.iterdir()) == [MARKER, "sweeps"]


def test_lines_of_claims_not_run_come_from_what_the_folder_vouches_for(tmp_path):
    """merge_previous: a recorded report whose files match (not the results.json line as edited); a failure while its
    failed page is there; nothing for a claim whose report no longer matches its record or whose failure is gone."""
    from tradeclaims.checks.registry import load_registry
    from tradeclaims.run.publish import merge_previous

    from ..conftest import ROOT

    registry = load_registry(ROOT / "claims.yaml")
    recorded = {}
    for claim_id in ("exports-jan-nov", "india-deficit"):
        recorded[claim_id] = {"id": claim_id, "status": "ok", "verdict": "supported", "report": f"{claim_id}.html",
                              "cache_key": f"key-{claim_id}"}
        written = {f"{claim_id}.ipynb": executed_notebook(recorded[claim_id]),
                   f"{claim_id}.html": f"<p>{claim_id}</p>".encode()}
        for name, content in written.items():
            (tmp_path / name).write_bytes(content)
        write_record(tmp_path, claim_id, recorded[claim_id], written)
    (tmp_path / "india-deficit.html").write_text("<p>edited</p>")
    failed = {"id": "weak-imports", "status": "failed", "report": "weak-imports.failed.html#papermill-error-cell"}
    (tmp_path / "weak-imports.failed.html").write_text("<p>failed</p>")
    gone = {"id": "asean-growth", "status": "failed", "report": "asean-growth.failed.html#papermill-error-cell"}
    edited = {**recorded["exports-jan-nov"], "verdict": "not supported", "measured": 1.0}
    (tmp_path / "results.json").write_text(json.dumps({"claims": [edited, recorded["india-deficit"], failed, gone]}))
    fresh = {"id": "us-november-drop", "status": "ok", "report": "us-november-drop.html"}

    merged = merge_previous(tmp_path, [fresh], registry)
    assert merged == [recorded["exports-jan-nov"], fresh, failed]


def test_the_next_run_removes_temporary_files_a_killed_write_left(tmp_path):
    from tradeclaims.run.output import locked

    out, sweep = tmp_path / "reports", tmp_path / "reports" / "sweeps" / CLAIM
    open_out_dir(out)
    open_out_dir(sweep, kind="sweep")
    stale = [out / f".{CLAIM}.ipynb.k2j4x.tmp", out / "runs" / CLAIM / ".month-2025-05.ab12cd34.html.q9.tmp",
             out / ".tradeclaims-cache" / f".{CLAIM}.entry.json.z1.tmp"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"{")  # what a write killed half-way leaves
    others = sweep / ".sweep.csv.r5.tmp"  # another folder's, under its own lock: not this run's to remove
    others.write_bytes(b"claim")
    (out / "notes.tmp").write_text("not a temporary file of ours")
    with locked(out):
        assert not any(path.exists() for path in stale)
    assert others.exists() and (out / "notes.tmp").exists()


def test_update_hashes_in_a_data_folder_that_cannot_be_written_is_one_line(project_copy, cli, monkeypatch):
    import errno

    from tradeclaims.ledger import validation

    def not_owned(path, text):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(validation, "write_text", not_owned)
    descriptor = (project_copy / "data" / "datapackage.json").read_bytes()
    result = cli("validate", "--update-hashes", cwd=project_copy)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result
    assert ("tradeclaims: error: data/datapackage.json: cannot update the hashes (Permission denied); the descriptor is "
            "unchanged") in result.stderr
    assert (project_copy / "data" / "datapackage.json").read_bytes() == descriptor
