"""What the file system and the registry can do to a run's output folder, done for real: a file-size limit that the
ledger's copy cannot fit under, symbolic links in place of the folders a run writes, an article edited in
claims.yaml, a run killed outright, a clock behind the builds kept. Each ends in one line or in pages as a clean
`--force` run writes them."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys

import pytest

from ..conftest import tradeclaims
from .test_outputs import refused, tree

pytestmark = pytest.mark.slow

CLAIMS = ("us-november-drop", "exports-jan-nov")
LEDGER_COPY_LIMIT = 200_000  # bytes: above every report file of CLAIMS, below the ledger's copy


def verdicts(out) -> dict[str, str]:
    return {entry["id"]: entry["verdict"] for entry in json.loads((out / "results.json").read_text())["claims"]}


def reports(out) -> dict:
    return {path.name: path.read_bytes() for path in out.iterdir() if path.suffix in (".html", ".ipynb", ".json")}


def limited_files(limit: int):
    """What a child runs before the command: a file-size limit, which a write beyond then fails with EFBIG (SIGXFSZ,
    which would kill the process instead, ignored as a shell's `ulimit -f` leaves it for a service)."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_an_output_folder_that_cannot_take_the_ledgers_copy_is_one_line(project_copy):
    out = project_copy / "reports"
    assert tradeclaims("run", *CLAIMS, "--quiet", cwd=project_copy).returncode == 0
    copies = out / ".tradeclaims-cache" / "ledger"
    copy = max(copies.glob("*.sqlite"), key=lambda path: path.stat().st_size)
    written = reports(out)
    assert copy.stat().st_size > LEDGER_COPY_LIMIT > max(len(content) for content in written.values())
    good = verdicts(out)
    for path in copies.iterdir():  # a folder the copy has not been saved into yet
        path.unlink()

    command = [sys.executable, "-m", "tradeclaims.cli", "run", *CLAIMS, "--force", "--quiet"]
    limited = subprocess.run(command, cwd=project_copy, capture_output=True, text=True, timeout=600,
                             preexec_fn=limited_files(LEDGER_COPY_LIMIT))
    refused(limited, "--out reports: cannot write the ledger's copy into reports/.tradeclaims-cache/ledger (",
            "); no report was written, those there are as they were")
    assert reports(out) == written  # no good report overwritten
    assert list(copies.iterdir()) == []  # nor the copy left half-written

    clean = tradeclaims("run", *CLAIMS, "--force", "--quiet", cwd=project_copy)
    assert clean.returncode == 0, clean.stderr
    assert verdicts(out) == good


def claim_review(page: str) -> dict:
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return json.loads(page[start:page.index("</script>", start)])


def test_an_article_edited_in_claims_yaml_is_named_by_the_next_run(project_copy, tmp_path):
    claim = CLAIMS[0]
    out = project_copy / "reports"
    assert tradeclaims("run", claim, "--quiet", cwd=project_copy).returncode == 0
    before = claim_review((out / f"{claim}.html").read_text())["itemReviewed"]["appearance"]
    registry = project_copy / "claims.yaml"
    text = registry.read_text()
    head, outline = text.split("\n  outline:\n", 1)
    edited = head.replace("\n  url: null", "\n  url: https://example.org/trade-surplus-risks").replace(
        f"title: {before['headline']}", "title: The trade surplus and its risks") + "\n  outline:\n" + outline
    assert edited.count("example.org") == 1 and "The trade surplus and its risks" in edited
    registry.write_text(edited)

    rerun = tradeclaims("run", claim, cwd=project_copy)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{claim}: the article claims.yaml records changed" in rerun.stdout + rerun.stderr
    appearance = claim_review((out / f"{claim}.html").read_text())["itemReviewed"]["appearance"]
    assert appearance["headline"] == "The trade surplus and its risks"
    assert appearance["url"] == "https://example.org/trade-surplus-risks"
    assert "url" not in before and before["headline"] != appearance["headline"]

    clean = tradeclaims("run", claim, "--force", "--quiet", "--out", str(tmp_path / "clean"), cwd=project_copy)
    assert clean.returncode == 0, clean.stderr
    fresh = claim_review((tmp_path / "clean" / f"{claim}.html").read_text())
    assert claim_review((out / f"{claim}.html").read_text()) == fresh
    assert verdicts(out) == verdicts(tmp_path / "clean")


# Symbolic links in place of the folders a run writes, each pointing into data/: refused, data/ untouched

CLAIM = CLAIMS[0]
RUN = ("run", CLAIM, "-p", "month", "2025-10")  # a run with other parameters than the claim's: into runs/CLAIM/
SWEEP = ("sweep", CLAIM, "-p", "month", "2025-09,2025-10")
LINKED = [  # the folder replaced by a link, the command that writes there, and the results it writes
    (".tradeclaims-cache", ("run", CLAIM), "results.json"),
    (".tradeclaims-cache/ledger", ("run", CLAIM), "results.json"),
    ("runs", RUN, f"runs/{CLAIM}/results.json"),
    (f"runs/{CLAIM}", RUN, f"runs/{CLAIM}/results.json"),
    (f"runs/{CLAIM}/.tradeclaims-cache", RUN, f"runs/{CLAIM}/results.json"),
    (f"sweeps/{CLAIM}/runs", SWEEP, f"sweeps/{CLAIM}/results.json"),
    (f"sweeps/{CLAIM}/.tradeclaims-cache", SWEEP, f"sweeps/{CLAIM}/results.json"),
]


@pytest.fixture(scope="module")
def every_folder(tmp_path_factory):
    """A project whose reports/ holds every folder a run writes: the claim's report, a run with other parameters
    and a sweep."""
    from ..conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("every-folder"))
    for command in (("run", CLAIM), RUN, SWEEP):
        outcome = tradeclaims(*command, "--quiet", cwd=project)
        assert outcome.returncode == 0, outcome.stderr
    return project


@pytest.mark.parametrize(("name", "command", "results"), LINKED)
def test_a_folder_the_run_writes_linked_into_data_is_refused(every_folder, tmp_path, name, command, results):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(every_folder, project, symlinks=True)
    out, data = project / "reports", project / "data"
    good = results_verdicts(out / results)
    folder = out / name
    aside = folder.rename(tmp_path / "aside")
    folder.symlink_to(data, target_is_directory=True)
    before = tree(data)
    outcome = tradeclaims(*command, "--force", cwd=project)
    inside = name.removeprefix(f"sweeps/{CLAIM}/")  # named in the claim's sweep folder, an output folder of its own
    refused(outcome, f"{inside}/ in it is a symbolic link to {data}, outside the output folder")
    assert "executing" not in outcome.stderr  # before any kernel
    assert tree(data) == before

    folder.unlink()
    aside.rename(folder)
    clean = tradeclaims(*command, "--force", "--quiet", cwd=project)
    assert clean.returncode == 0, clean.stderr
    assert results_verdicts(out / results) == good


def results_verdicts(path) -> dict[str, str]:
    return {json.dumps([entry["id"], entry["parameters"]], sort_keys=True): entry["verdict"]
            for entry in json.loads(path.read_text())["claims"]}


# A run or a sweep killed outright (SIGKILL: no clean-up runs) leaves temporaries; the next run removes them

KILLED = [("run", "--jobs", "2"), ("sweep", CLAIM, "-p", "month", "2025-03..2025-11", "--jobs", "2")]


def ours(folder, pid: int | None = None) -> list[str]:
    from tradeclaims.run.scratch import OURS

    found = [(path.name, OURS.match(path.name)) for path in folder.iterdir()]
    return sorted(name for name, match in found if match and (pid is None or int(match["pid"]) == pid))


def killed_midway(project, command, scratch) -> int:
    """Start the command with `scratch` as the system's temporary folder, SIGKILL it while a notebook executes; its
    process id."""
    import os
    import time

    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TMPDIR": str(scratch)}
    process = subprocess.Popen([sys.executable, "-m", "tradeclaims.cli", *command, "--force", "--quiet"],
                               cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not list(scratch.glob(f"tradeclaims-{process.pid}-notebook-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the command ended before a notebook executed"
    process.kill()
    process.wait(timeout=60)
    return process.pid


@pytest.mark.parametrize("command", KILLED, ids=["run", "sweep"])
def test_the_next_run_removes_what_a_killed_run_left(project_copy, command):
    import os
    import shutil
    import tempfile
    from pathlib import Path

    scratch = Path(tempfile.mkdtemp(prefix="tc-"))  # short enough for the kernels' Unix sockets, as /tmp is
    sleeper = subprocess.Popen(["sleep", "600"])  # a run under way elsewhere: its folder is its own
    live = scratch / f"tradeclaims-{sleeper.pid}-notebook-abc123"
    live.mkdir()
    try:
        pid = killed_midway(project_copy, command, scratch)
        left = ours(scratch, pid)
        assert [name for name in left if "-notebook-" in name], left  # an execution's folder
        assert [name for name in left if "-kernel-" in name and name.endswith("-ipc-1")], left  # a kernel's socket

        env = {**os.environ, "PYTHONWARNINGS": "ignore", "TMPDIR": str(scratch)}
        later = subprocess.run([sys.executable, "-m", "tradeclaims.cli", *command, "--quiet"], cwd=project_copy,
                               env=env, capture_output=True, text=True, timeout=900)
        assert later.returncode == 0, later.stderr
        assert ours(scratch) == [live.name]  # nothing of the killed run's, nor of this one's; the live one's kept
        out = project_copy / "reports"
        assert not [path for path in out.rglob("*") if ".tmp" in path.name]
        written = out / ("results.json" if command[0] == "run" else f"sweeps/{CLAIM}/results.json")
        after_kill = results_verdicts(written)

        clean = tradeclaims(*command, "--force", "--quiet", cwd=project_copy)
        assert clean.returncode == 0, clean.stderr
        assert results_verdicts(written) == after_kill
    finally:
        sleeper.kill()
        sleeper.wait()
        shutil.rmtree(scratch)


# A clock behind the newest build kept (SOURCE_DATE_EPOCH, as a build's date is set for reproducible builds)

def dated(project, seconds: int, *command: str) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "PYTHONWARNINGS": "ignore", "SOURCE_DATE_EPOCH": str(seconds)}
    return subprocess.run([sys.executable, "-m", "tradeclaims.cli", *command], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def test_a_clock_behind_the_builds_kept_never_dates_a_verdict_before_its_publication(project_copy):
    import time

    from .test_history import revise_surplus

    claim, out = "surplus-jan-nov", project_copy / "reports"
    today = int(time.time()) // 86400 * 86400
    first = dated(project_copy, today - 86400, "run", claim, "--quiet")
    assert first.returncode == 0, first.stderr
    before = verdicts(out)[claim]
    revise_surplus(project_copy, "0.95")  # the next build's verdict differs

    behind = dated(project_copy, today - 2 * 86400, "run", claim, "--quiet")
    assert behind.returncode == 0, behind.stderr
    (kept,) = [path.name for path in (out / "history").glob("*.json") if path.name[:8] == time.strftime(
        "%Y%m%d", time.gmtime(today - 86400))]
    assert f"tradeclaims: warning: history/{kept} is dated after this build; skipped" in behind.stderr
    after = verdicts(out)[claim]
    assert after != before
    review = claim_review((out / f"{claim}.html").read_text())
    assert review["reviewRating"]["alternateName"] == after
    assert review["datePublished"] <= review["dateModified"]
    index = (out / "index.html").read_text()
    assert "first build kept" not in index and "the 1 build kept in this\nfolder's history is dated after this one" in index
    points = json.loads((out / "history" / "timeline.json").read_text())["claims"][claim]
    assert [point["verdict"] for point in points] == [after, before]  # both kept, in the order they are dated
    assert [point["built"] for point in points] == sorted(point["built"] for point in points)

    clean = tradeclaims("run", claim, "--force", "--quiet", cwd=project_copy)
    assert clean.returncode == 0, clean.stderr
    assert verdicts(out)[claim] == after
    review = claim_review((out / f"{claim}.html").read_text())
    assert review["datePublished"] <= review["dateModified"]


def test_a_malformed_source_date_epoch_is_one_line(project_copy):
    for text in ("yesterday", "-5", "1.5e9"):
        refused(dated_text(project_copy, text), f"SOURCE_DATE_EPOCH={text!r} is not allowed: whole seconds since")
    assert not (project_copy / "reports").exists()


def dated_text(project, text: str) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "PYTHONWARNINGS": "ignore", "SOURCE_DATE_EPOCH": text}
    return subprocess.run([sys.executable, "-m", "tradeclaims.cli", "run", CLAIM], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
