"""Data checks passed are kept in the project's cache, by the hash of the files and of the checking code: a run into
any output folder after `tradeclaims validate` (or after another run) does not check the same files again; any
change to a file, or a check that failed, means the next run checks them."""

from __future__ import annotations

import pytest

from tradeclaims.errors import DataError
from tradeclaims.ledger import validation
from tradeclaims.ledger.validation import check_data, check_record, passed_before
from tradeclaims.project import Project


@pytest.fixture
def checks(monkeypatch):
    """The number of times data/ was checked in full."""
    calls = []
    real = validation.find_problems

    def counted(data_dir):
        calls.append(data_dir)
        return real(data_dir)

    monkeypatch.setattr(validation, "find_problems", counted)
    return calls


def append_note(project, text="checked"):
    """A change of bytes in a table that keeps it valid (a note on the last figure)."""
    observations = project / "data" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").rstrip("\n") + text + "\n", encoding="utf-8")


def test_a_check_passed_is_not_repeated_until_a_file_changes(project_copy, checks, cli):
    cache = Project(project_copy).cache_dir
    fingerprint, record = check_data(project_copy / "data", None, cache)
    assert len(checks) == 1 and passed_before(cache, record)
    assert check_data(project_copy / "data", None, cache) == (fingerprint, record)
    assert len(checks) == 1  # kept: not checked again, whatever output folder asks
    append_note(project_copy)
    assert cli("validate", "--update-hashes", cwd=project_copy).returncode == 0  # validate keeps its check too
    calls = len(checks)
    changed = check_data(project_copy / "data", None, cache)
    assert changed[0] != fingerprint and len(checks) == calls  # validate's check of these very files stands
    assert passed_before(cache, check_record(project_copy / "data")[1])


def test_a_failed_check_is_not_kept(project_copy, checks):
    cache = Project(project_copy).cache_dir
    observations = project_copy / "data" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8") + "CN,US,exports,2025-13,value,1,USD bn,USD,x\n",
                            encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError):
            check_data(project_copy / "data", None, cache)
    assert len(checks) == 2 and not passed_before(cache, check_record(project_copy / "data")[1])


def test_files_edited_while_checked_are_checked_again(project_copy, checks, monkeypatch):
    cache = Project(project_copy).cache_dir
    real = validation.find_problems

    def edited_meanwhile(data_dir):
        problems = real(data_dir)
        append_note(project_copy, "edited")
        return problems

    monkeypatch.setattr(validation, "find_problems", edited_meanwhile)
    fingerprint, record = check_data(project_copy / "data", None, cache)
    assert not passed_before(cache, record)  # what was checked is no longer what is there
    assert not (cache / validation.PASSED).exists() or not any((cache / validation.PASSED).iterdir())
