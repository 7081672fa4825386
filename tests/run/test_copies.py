"""The ledger's indexed copy kept by `tradeclaims validate` in the project's cache: a run into a new output folder
takes it (what the ledger covers is read from it, the same as from the CSV files) instead of checking, reading and
indexing observations.csv again; the run's own folder gets its copy; a copy of other files is never used."""

from __future__ import annotations

import sqlite3

from tradeclaims.ledger import validation
from tradeclaims.ledger.coverage import data_index
from tradeclaims.ledger.datapackage import data_fingerprint
from tradeclaims.ledger.store import copy_name, open_store
from tradeclaims.project import Project
from tradeclaims.run.datacopy import DataCopy
from tradeclaims.run.plan import load_context

from .records import copies_folder


def full_index(index):
    return (index.defined_partners, index.partners_with_data, index.periods_with_data, index.partner_periods,
            index.series_periods)


def test_what_the_ledger_covers_reads_the_same_from_the_copy(project_copy):
    data = project_copy / "data"
    fingerprint = data_fingerprint(data)
    copy = DataCopy(data, fingerprint, copies_folder(project_copy / "reports"))
    assert full_index(data_index(data, copy.rows().coverage_keys())) == full_index(data_index(data))


def test_a_run_takes_the_copy_validate_kept(project_copy, cli, monkeypatch, tmp_path):
    assert cli("validate", cwd=project_copy).returncode == 0
    data, fingerprint = project_copy / "data", data_fingerprint(project_copy / "data")
    shared = copies_folder(project_copy) / copy_name(fingerprint)
    assert open_store(shared, fingerprint) is not None

    read = []
    monkeypatch.setattr(validation, "find_problems", lambda data_dir: read.append(data_dir) or [])
    context = load_context(Project(project_copy), tmp_path / "published")
    assert not read  # validate's check stands
    assert full_index(context.index) == full_index(data_index(data))
    saved = context.copy.save()  # as a run does once its output folder exists
    assert saved == copies_folder(tmp_path / "published") / copy_name(fingerprint)
    ours, kept = sqlite3.connect(saved), sqlite3.connect(shared)
    assert ours.execute("SELECT * FROM observations").fetchall() == kept.execute("SELECT * FROM observations").fetchall()


def test_a_copy_of_other_files_is_not_used(project_copy, cli, tmp_path):
    assert cli("validate", cwd=project_copy).returncode == 0
    before = data_fingerprint(project_copy / "data")
    observations = project_copy / "data" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").rstrip("\n") + "x\n", encoding="utf-8")
    assert cli("validate", "--update-hashes", cwd=project_copy).returncode == 0
    after = data_fingerprint(project_copy / "data")
    assert not (copies_folder(project_copy) / copy_name(before)).exists()  # the older copy is gone
    copy = DataCopy(project_copy / "data", after, copies_folder(tmp_path / "out"), copies_folder(project_copy))
    notes = [row["notes"] for row in copy.rows().all()]
    assert notes[-1].endswith("x")
