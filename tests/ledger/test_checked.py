"""`tradeclaims validate` keeps each check that passed in the project's cache, by the hash of the files and of the
checking code: a run into any output folder does not check the same files again (runs read that record and write
nothing outside their output folder); any change to a file means the next run checks them in full."""

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


def test_a_check_validate_passed_is_not_repeated_until_a_file_changes(project_copy, checks, cli):
    cache, data = Project(project_copy).cache_dir, project_copy / "data"
    check_data(data, None, cache)
    assert len(checks) == 1 and not cache.exists()  # a run's check writes nothing in the project
    assert cli("validate", cwd=project_copy).returncode == 0
    assert len(checks) == 2 and passed_before(cache, check_record(data)[1])
    fingerprint, _ = check_data(data, None, cache)
    assert len(checks) == 2  # validate's check of these very files stands, for any output folder
    append_note(project_copy)
    assert cli("validate", "--update-hashes", cwd=project_copy).returncode == 0
    assert check_data(data, None, cache)[0] != fingerprint and len(checks) == 3
    append_note(project_copy, "again")  # edited after validate: checked in full
    with pytest.raises(DataError, match="sha256 differs"):
        check_data(data, None, cache)
    assert len(checks) == 4


def test_a_failed_check_is_not_kept(project_copy, checks, cli):
    cache = Project(project_copy).cache_dir
    observations = project_copy / "data" / "observations.csv"
    header = observations.read_text(encoding="utf-8").splitlines()[0].split(",")
    bad = {"reporter": "CN", "partner": "US", "flow": "exports", "period": "2025-13", "measure": "value", "value": "1",
           "unit": "USD bn", "currency": "USD", "source_id": "us-bs-ap-2025-12-08"}
    observations.write_text(observations.read_text(encoding="utf-8") + ",".join(bad.get(name, "") for name in header)
                            + "\n", encoding="utf-8")
    assert cli("validate", "--update-hashes", cwd=project_copy).returncode == 2
    assert not passed_before(cache, check_record(project_copy / "data")[1])
    with pytest.raises(DataError, match="2025-13"):
        check_data(project_copy / "data", None, cache)


def test_files_edited_while_validate_checks_them_are_not_recorded(project_copy, monkeypatch, cli):
    cache = Project(project_copy).cache_dir
    real = validation.find_problems

    def edited_meanwhile(data_dir):
        problems = real(data_dir)
        append_note(project_copy, "edited")
        return problems

    monkeypatch.setattr(validation, "find_problems", edited_meanwhile)
    before = check_record(project_copy / "data")[1]
    cli("validate", cwd=project_copy)
    assert not passed_before(cache, before) and not passed_before(cache, check_record(project_copy / "data")[1])
