"""Caches that cannot lie: a result is cached only on the bytes its notebook read (data edited or fetched again while
a run executes is never cached under the old key); the ledger's indexed copy and the cache records are checked
before they are trusted, and rebuilt when they fail; what a killed save leaves is removed."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tradeclaims.errors import UsageError
from tradeclaims.ledger import store, validation
from tradeclaims.ledger.datapackage import data_fingerprint
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.files import sha256_file
from tradeclaims.ledger.store import (
    checksum_path,
    copy_checksum,
    copy_name,
    copy_of_data,
    intact,
    ledger_tables,
    open_store,
    save_store,
)
from tradeclaims.run import execute
from tradeclaims.run.datacopy import DataCopy

from ..conftest import tradeclaims
from ..fetch.test_fetched_runs import PAGE_URL, synthetic_release
from .records import copies_folder

US_IMPORTS_NOVEMBER = "US,CN,imports,2025-11,value,20950.7,USD mn,"  # line 973: the Census figure us-mirror reads
US_MIRROR = -44.54  # us-mirror's headline on the shipped data: US imports from China, November 2025 y/y %


def results(folder: Path) -> dict[str, dict]:
    return {entry["id"]: entry for entry in json.loads((folder / "results.json").read_text())["claims"]}


def executed(stderr: str) -> set[str]:
    """The claims a run said it executes (its lines `  <id>: <why>`, not those giving a verdict)."""
    return set(re.findall(r"^  ([a-z0-9-]+): (?!supported|partly|not supported|insufficient|too early|FAILED)", stderr,
                          flags=re.MULTILINE))


def copies(project: Path) -> list[Path]:
    """Every kept copy of the ledger: the project's (validate's) and the output folder's (the run's)."""
    return [*copies_folder(project).glob("*.sqlite"), *copies_folder(project / "reports").glob("*.sqlite")]


# 1. Data changed underneath a run

@pytest.mark.slow
def test_data_edited_while_a_run_executes_is_never_cached_under_the_old_key(project_copy, cli, monkeypatch):
    data = project_copy / "data"
    shipped = {path: path.read_bytes() for path in (data / "observations.csv", data / "datapackage.json")}
    real_job = execute.run_job

    def edited_before_us_mirror(job):
        """Between two claims of a run (--jobs 1): the Census figure of November 2025 edited, its hash updated."""
        if job.claim_id == "us-mirror":
            text = (data / "observations.csv").read_text(encoding="utf-8")
            assert US_IMPORTS_NOVEMBER in text
            (data / "observations.csv").write_text(text.replace("20950.7", "30950.7"), encoding="utf-8")
            validation.update_hashes(data)
        return real_job(job)

    monkeypatch.setattr(execute, "run_job", edited_before_us_mirror)
    during = cli("run", "us-november-drop", "us-mirror", "--jobs", "1", "--force", cwd=project_copy)
    assert during.returncode == 0, during.stderr
    reports = project_copy / "reports"
    assert results(reports)["us-mirror"]["measured"] != pytest.approx(US_MIRROR, abs=0.01)  # it read the edit
    assert "us-mirror: data/observations.csv changed while it ran" in during.stderr
    assert not (reports / ".tradeclaims-cache" / "us-mirror.entry.json").exists()
    assert (reports / ".tradeclaims-cache" / "us-november-drop.entry.json").exists()  # it read the data checked

    for path, content in shipped.items():  # the edit undone: the data the run started from
        path.write_bytes(content)
    monkeypatch.setattr(execute, "run_job", real_job)
    after = cli("run", "us-november-drop", "us-mirror", "--jobs", "1", cwd=project_copy)
    assert after.returncode == 0, after.stderr
    assert executed(after.stderr) == {"us-mirror"}
    assert "1 executed, 1 from cache" in after.stdout
    assert results(reports)["us-mirror"]["measured"] == pytest.approx(US_MIRROR, abs=0.01)


@pytest.mark.slow
def test_data_edited_while_a_sweep_executes_names_the_claim_and_its_parameters(project_copy, cli, monkeypatch):
    data = project_copy / "data"
    real_job = execute.run_job

    def edited_before_october(job):
        """Between two combinations of a sweep (--jobs 1): a figure of data/observations.csv edited, its hash updated."""
        if job.parameters["month"] == "2025-10":
            text = (data / "observations.csv").read_text(encoding="utf-8")
            (data / "observations.csv").write_text(text.replace(US_IMPORTS_NOVEMBER, US_IMPORTS_NOVEMBER.replace(
                "20950.7", "30950.7")), encoding="utf-8")
            validation.update_hashes(data)
        return real_job(job)

    monkeypatch.setattr(execute, "run_job", edited_before_october)
    swept = cli("sweep", "us-november-drop", "-p", "month", "2025-05,2025-10", "--jobs", "1", cwd=project_copy)
    assert swept.returncode == 0, swept.stderr
    uncached = [line for line in swept.stderr.splitlines() if "changed while it ran" in line]
    assert uncached == ["us-november-drop (month=2025-10): data/observations.csv changed while it ran: its report was "
                        "written but not cached; run again for one on the data as they are now"]
    records = sorted(path.name for path in (project_copy / "reports" / "sweeps" / "us-november-drop" / "runs"
                                            ).rglob("*.entry.json"))
    assert len(records) == 1 and records[0].startswith("month-2025-05.")  # the combination run before the edit


@pytest.mark.slow
def test_figures_fetched_again_while_a_run_executes_are_never_cached(project_copy, cli, monkeypatch):
    page = project_copy / "release.html"
    page.write_bytes(synthetic_release("34,000,000"))  # US$ 1,000: 34.0 bn
    assert cli("fetch", "gacc", "--file", str(page), "--url", PAGE_URL, cwd=project_copy).returncode == 0
    fetched = project_copy / "data" / "fetched"
    as_fetched = {path: path.read_bytes() for path in fetched.rglob("*") if path.is_file()}
    other = project_copy / "release-2.html"
    other.write_bytes(synthetic_release("44,000,000"))
    real_job = execute.run_job

    def fetched_again(job):
        """`tradeclaims fetch gacc` with another page, just as the claim's kernel starts."""
        again = tradeclaims("fetch", "gacc", "--file", str(other), "--url", PAGE_URL, cwd=project_copy)
        assert again.returncode == 0, again.stderr
        return real_job(job)

    monkeypatch.setattr(execute, "run_job", fetched_again)
    during = cli("run", "us-november-drop", "-p", "source", "gacc", "--jobs", "1", cwd=project_copy)
    assert during.returncode == 0, during.stderr
    # the page's figures and its row in data/fetched/sources.csv
    # named as a reader names the execution (the claim and its parameter), not by its files' name (source-gacc.<hash>)
    assert ("us-november-drop (source=gacc): data/fetched/gacc/observations.csv and 1 more changed while it ran: its "
            "report was written but not cached") in during.stderr
    runs = project_copy / "reports" / "runs" / "us-november-drop"

    def route_through_levels() -> float:
        (entry,) = json.loads((runs / "results.json").read_text())["claims"]
        (route,) = entry["routes"]
        (levels,) = route["not_taken"]
        return levels["value"]

    assert route_through_levels() == pytest.approx((44.0 / 47.3 - 1) * 100, abs=1e-4)  # what it read: the second page

    for path in [path for path in fetched.rglob("*") if path.is_file() and path not in as_fetched]:
        path.unlink()
    for path, content in as_fetched.items():
        path.write_bytes(content)
    monkeypatch.setattr(execute, "run_job", real_job)
    after = cli("run", "us-november-drop", "-p", "source", "gacc", "--jobs", "1", cwd=project_copy)
    assert after.returncode == 0, after.stderr
    assert "1 executed, 0 from cache" in after.stdout
    assert route_through_levels() == pytest.approx((34.0 / 47.3 - 1) * 100, abs=1e-4)


def test_a_ledger_names_the_bytes_it_read(project_copy, monkeypatch):
    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    from_files = Ledger.load(data)
    assert from_files.data_read == {name: fingerprint[name] for name in ("observations.csv", "sources.csv",
                                                                          "partners.csv", "events.csv")}
    folder = copies_folder(project_copy / "reports")
    save_store(copy_of_data(data, fingerprint), folder / copy_name(fingerprint))
    monkeypatch.setenv(store.STORE_VARIABLE, str(folder))
    assert Ledger.load(data).data_read == fingerprint  # the copy: the files it was built from


def test_a_copy_is_built_only_from_the_bytes_the_run_checked(project_copy):
    data = project_copy / "data"
    checked = data_fingerprint(data)
    with (data / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write("CN,ZA,exports,1899-01,value,1.0,USD bn,USD,us-baystreet-2025-12-08,,,\n")
    copy = DataCopy(data, checked, copies_folder(project_copy / "reports"), copies_folder(project_copy))
    with pytest.raises(UsageError, match="data/observations.csv changed after this run checked it"):
        copy.rows()


# 2. The ledger's copy and the cache records, checked before they are trusted

def tamper_rows(path: Path) -> None:
    """China's exports to the US in November 2025 at -5% in every row of the copy; its meta (fingerprint) as it was."""
    connection = sqlite3.connect(path)
    changed = connection.execute("UPDATE observations SET value = '-5.0' WHERE reporter = 'CN' AND partner = 'US' "
                                 "AND period = '2025-11' AND measure = 'yoy_pct'").rowcount
    connection.commit()
    connection.close()
    assert changed >= 2


def zero_pages(path: Path, pages: range) -> None:
    """Pages of the file overwritten with zeros, as a bad disk or a killed copy leaves them."""
    page_size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek(page * page_size)
            handle.write(bytes(page_size))


def test_a_copy_edited_or_damaged_is_not_opened(project_copy, tmp_path):
    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    path = tmp_path / copy_name(fingerprint)
    save_store(copy_of_data(data, fingerprint), path)
    assert open_store(path, fingerprint) is not None
    tamper_rows(path)
    assert open_store(path, fingerprint) is None
    save_store(copy_of_data(data, fingerprint), path)
    zero_pages(path, range(3, 6))
    assert open_store(path, fingerprint) is None


@pytest.mark.slow
def test_a_copy_whose_rows_were_edited_is_rebuilt(project_copy, cli):
    assert cli("validate", cwd=project_copy).returncode == 0
    assert tradeclaims("run", "us-november-drop", cwd=project_copy).returncode == 0
    kept = copies(project_copy)
    assert len(kept) == 2
    for path in kept:
        tamper_rows(path)
    forced = tradeclaims("run", "us-november-drop", "--force", cwd=project_copy)
    assert forced.returncode == 0, forced.stderr
    entry = results(project_copy / "reports")["us-november-drop"]
    assert (entry["verdict"], entry["measured"]) == ("supported", -29.0)

    validated = cli("validate", cwd=project_copy)
    assert validated.returncode == 0
    assert "indexed copy in .tradeclaims-cache/ledger/ was damaged or edited: rebuilt" in validated.stdout
    assert all(open_store(path, data_fingerprint(project_copy / "data")) for path in copies(project_copy))
    assert "rebuilt" not in cli("validate", cwd=project_copy).stdout  # intact now: kept as it is


def with_plain_checksum(path: Path) -> None:
    """The copy's checksum file rewritten as `sha256sum` would write it: the sha256 of the copy as it is now."""
    checksum_path(path).write_text(sha256_file(path), encoding="ascii")


def with_checksum_made_as_ours(path: Path, fingerprint: dict[str, str]) -> None:
    """The copy's checksum file rewritten as a save writes it, for these files: keyed on their sha256."""
    checksum_path(path).write_text(copy_checksum(path, fingerprint), encoding="ascii")
    assert intact(path, fingerprint)


def test_a_copy_rewritten_with_a_plain_checksum_is_not_opened(project_copy, tmp_path):
    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    path = tmp_path / copy_name(fingerprint)
    save_store(copy_of_data(data, fingerprint), path)
    assert open_store(path, fingerprint) is not None
    tamper_rows(path)
    with_plain_checksum(path)
    assert open_store(path, fingerprint) is None
    assert open_store(path) is None  # keyed on the files it records it was built from


def test_a_copy_rewritten_with_a_checksum_made_as_ours_fails_the_row_by_row_comparison(project_copy, tmp_path):
    """What only a comparison with the files catches: the run's check (checksum, recorded files) passes such a copy;
    `validate`'s, which compares every row with the files it has just parsed, does not."""
    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    path = tmp_path / copy_name(fingerprint)
    save_store(copy_of_data(data, fingerprint), path)
    assert open_store(path, fingerprint, ledger=ledger_tables(data, fingerprint)) is not None
    tamper_rows(path)
    with_checksum_made_as_ours(path, fingerprint)
    assert open_store(path, fingerprint) is not None
    assert open_store(path, fingerprint, ledger=ledger_tables(data, fingerprint)) is None


def test_a_copy_of_other_ledger_bytes_recording_the_current_ones_is_rebuilt(project_copy):
    """A copy saved from an edited observations.csv, put where the copy of the files as shipped goes, its recorded
    hashes made those of the shipped files: the run's copy does not open it (its checksum is keyed on the files it was
    saved from, or is a plain sha256), and builds its own from the files."""
    data = project_copy / "data"
    shipped = {path: path.read_bytes() for path in (data / "observations.csv", data / "datapackage.json")}
    fingerprint = data_fingerprint(data)
    text = (data / "observations.csv").read_text(encoding="utf-8")
    (data / "observations.csv").write_text(text.replace(US_IMPORTS_NOVEMBER, US_IMPORTS_NOVEMBER.replace(
        "20950.7", "30950.7")), encoding="utf-8")
    validation.update_hashes(data)
    edited = data_fingerprint(data)
    assert edited != fingerprint
    edited_copy = copy_of_data(data, edited)
    folder = copies_folder(project_copy / "reports")
    path = folder / copy_name(fingerprint)
    for file, content in shipped.items():  # the files as shipped again
        file.write_bytes(content)
    assert data_fingerprint(data) == fingerprint
    for checksum in ("as saved", "plain"):
        save_store(edited_copy, path)
        connection = sqlite3.connect(path)
        connection.execute("UPDATE meta SET value = ? WHERE name = 'fingerprint'",
                           (json.dumps(fingerprint, sort_keys=True),))
        connection.commit()
        connection.close()
        if checksum == "plain":
            with_plain_checksum(path)
        copy = DataCopy(data, fingerprint, folder)
        assert copy.stored() is None, checksum
        census = copy.rows().select({"reporter": "US", "partner": "CN", "flow": "imports", "period": "2025-11",
                                     "measure": "value"}, ["value"])
        assert {row["value"] for row in census} == {"20950.7"}  # read from the files, not from the copy
        copy.save()
        assert open_store(path, fingerprint, ledger=ledger_tables(data, fingerprint)) is not None  # saved over it


@pytest.mark.slow
def test_copies_whose_rows_and_checksums_were_rewritten_are_rebuilt(project_copy, cli):
    assert cli("validate", cwd=project_copy).returncode == 0
    assert tradeclaims("run", "us-november-drop", cwd=project_copy).returncode == 0
    kept = copies(project_copy)
    assert len(kept) == 2
    for path in kept:
        tamper_rows(path)
        with_plain_checksum(path)
    forced = tradeclaims("run", "us-november-drop", "--force", cwd=project_copy)
    assert forced.returncode == 0, forced.stderr
    entry = results(project_copy / "reports")["us-november-drop"]
    assert (entry["verdict"], entry["measured"]) == ("supported", -29.0)  # not the -5.0 the copies were given

    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    (shared,) = copies_folder(project_copy).glob("*.sqlite")
    tamper_rows(shared)  # validate's copy, with a checksum made as ours are: validate compares it row by row
    with_checksum_made_as_ours(shared, fingerprint)
    validated = cli("validate", cwd=project_copy)
    assert validated.returncode == 0
    assert "indexed copy in .tradeclaims-cache/ledger/ was damaged or edited: rebuilt" in validated.stdout
    assert open_store(shared, fingerprint, ledger=ledger_tables(data, fingerprint)) is not None


@pytest.mark.slow
def test_a_copy_with_zeroed_pages_is_rebuilt(project_copy, cli):
    claims = ("exports-jan-nov", "us-november-drop", "india-deficit", "asean-growth")
    assert cli("validate", cwd=project_copy).returncode == 0
    assert tradeclaims("run", *claims, cwd=project_copy).returncode == 0
    before = results(project_copy / "reports")
    for path in copies(project_copy):
        zero_pages(path, range(2, 8))
    forced = tradeclaims("run", *claims, "--force", cwd=project_copy)
    assert forced.returncode == 0, forced.stderr
    after = results(project_copy / "reports")
    assert {claim: (after[claim]["status"], after[claim]["verdict"], after[claim]["measured"]) for claim in claims} == {
        claim: ("ok", before[claim]["verdict"], before[claim]["measured"]) for claim in claims}


@pytest.mark.slow
def test_an_edited_cache_record_is_not_served(project_copy):
    reports = project_copy / "reports"
    assert tradeclaims("run", "us-november-drop", cwd=project_copy).returncode == 0
    record_file = reports / ".tradeclaims-cache" / "us-november-drop.entry.json"
    record = json.loads(record_file.read_text())
    record["entry"]["verdict"] = "not supported"
    record_file.write_text(json.dumps(record))
    again = tradeclaims("run", "us-november-drop", cwd=project_copy)
    assert again.returncode == 0 and "1 executed, 0 from cache" in again.stdout
    assert results(reports)["us-november-drop"]["verdict"] == "supported"
    index = (reports / "index.html").read_text()
    assert "tc-badge tc-supported" in index and "tc-badge tc-not-supported" not in index
    assert json.loads(record_file.read_text())["entry"]["verdict"] == "supported"


# 3. The copy is keyed on the code that reads the CSV files

def test_a_copy_read_by_other_code_is_not_used(project_copy, monkeypatch):
    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    copy = DataCopy(data, fingerprint, copies_folder(project_copy / "reports"), copies_folder(project_copy))
    saved = copy.save()
    assert open_store(saved, fingerprint) is not None
    assert {"tables.py", "datapackage.py", "store.py"} <= set(store.READER_MODULES)

    monkeypatch.setattr(store, "reader_code", lambda: "the reader as edited")  # ledger/tables.py changed
    assert open_store(saved, fingerprint) is None
    assert copy_name(fingerprint) != saved.name
    rebuilt = DataCopy(data, fingerprint, copies_folder(project_copy / "reports"), copies_folder(project_copy))
    assert rebuilt.stored() is None
    assert rebuilt.save().name == copy_name(fingerprint)
    assert not saved.exists()  # the copy the old code read is gone


# 13. What a save killed midway leaves

KILLED_SAVE = """
import os, signal, sys
from pathlib import Path
from tradeclaims.ledger.store import save_store

class Killed:
    def backup(self, target):  # the save's first pages written, then the process is killed
        target.execute("CREATE TABLE observations (value TEXT)")
        target.commit()
        os.kill(os.getpid(), signal.SIGKILL)

save_store(Killed(), Path(sys.argv[1]))
"""


def test_a_validate_killed_while_saving_leaves_nothing_for_the_next(project_copy, cli):
    fingerprint = data_fingerprint(project_copy / "data")
    folder = copies_folder(project_copy)
    killed = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(folder / copy_name(fingerprint))], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    left = sorted(path.name for path in folder.iterdir())
    assert left[0] == f".{copy_name(fingerprint)}.{killed_pid(left[0])}.tmp"  # and, maybe, SQLite's journal beside it
    assert all(name.startswith(left[0]) for name in left)
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        saving = folder / f".{copy_name(fingerprint)}.{running.pid}.tmp"  # a save under way in another process
        saving.write_bytes(b"SQLite format 3\x00")
        try:
            assert cli("validate", cwd=project_copy).returncode == 0
            assert names(folder) == [saving.name, *saved(fingerprint)]
        finally:
            running.kill()
    assert cli("validate", cwd=project_copy).returncode == 0
    assert names(folder) == saved(fingerprint)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def saved(fingerprint: dict[str, str]) -> list[str]:
    """A saved copy's files: the copy and its checksum."""
    return [copy_name(fingerprint), f"{copy_name(fingerprint)}.sha256"]


def killed_pid(name: str) -> int:
    """The process id in a temporary's name, .<copy>.sqlite.<pid>.tmp."""
    return int(name.split(".")[-2])


def test_a_run_removes_what_a_killed_save_left_in_its_folder(project_copy):
    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    folder = copies_folder(project_copy / "reports")
    folder.mkdir(parents=True)
    left = folder / f".{copy_name(fingerprint)}.{dead_pid()}.tmp-journal"
    left.write_bytes(b"\x00" * 512)
    DataCopy(data, fingerprint, copies_folder(project_copy / "reports")).save()
    assert names(folder) == saved(fingerprint)


def dead_pid() -> int:
    """The id of a process that has ended."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(ended.stdout)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    return pid
