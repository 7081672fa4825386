"""The indexed copy of the ledger gives every claim the same result as the CSV files, and reads only what it selects."""

from __future__ import annotations

import pytest

from tests.claim_checks import run_check
from tests.conftest import ROOT
from tradeclaims.checks.registry import load_registry
from tradeclaims.ledger.datapackage import data_fingerprint
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.reads import read_digest
from tradeclaims.ledger.store import STORE_VARIABLE, StoreRows, open_store

REGISTRY = load_registry(ROOT / "claims.yaml")




@pytest.mark.parametrize("claim_id", sorted(REGISTRY))
def test_every_claim_gets_the_same_result_from_the_copy(claim_id, stored, monkeypatch):
    monkeypatch.setenv(STORE_VARIABLE, str(stored.parent))
    from_copy = Ledger.load(ROOT / "data")
    assert isinstance(from_copy.rows, StoreRows)
    monkeypatch.delenv(STORE_VARIABLE)
    from_files = Ledger.load(ROOT / "data")
    claim = REGISTRY[claim_id]
    assert run_check(from_copy, claim).result() == run_check(from_files, claim).result()
    assert from_copy.read_log.reads == from_files.read_log.reads
    assert from_copy.read_log.bounded and from_copy.read_log.reads


def test_the_copy_resolves_every_figure_as_the_files_do(stored, monkeypatch):
    monkeypatch.setenv(STORE_VARIABLE, str(stored.parent))
    from_copy = Ledger.load(ROOT / "data")
    monkeypatch.delenv(STORE_VARIABLE)
    assert from_copy.figures == Ledger.load(ROOT / "data").figures
    assert not from_copy.read_log.bounded  # reading every figure cannot be keyed on what was read
    assert list(from_copy.observations.columns)[:3] == ["reporter", "partner", "flow"]


def test_a_copy_of_other_data_is_not_used(stored, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    for path in (ROOT / "data").iterdir():
        if path.is_file():  # the shipped tables; not what the user fetched into data/fetched
            (data / path.name).write_bytes(path.read_bytes())
    with (data / "partners.csv").open("a") as handle:
        handle.write("ZZ,Test partner,country,,,\n")
    monkeypatch.setenv(STORE_VARIABLE, str(stored.parent))
    assert open_store(stored, data_fingerprint(data)) is None
    ledger = Ledger.load(data)
    assert not isinstance(ledger.rows, StoreRows)
    assert ledger.partner_name("ZZ") == "Test partner"


def test_digests_of_reads_are_the_same_from_the_copy_and_from_the_files(stored):
    from tradeclaims.ledger.store import FrameRows, read_tables

    tables = read_tables(ROOT / "data", {"observations": "observations.csv", "sources": "sources.csv",
                                         "partners": "partners.csv"})
    by_id = {row["id"]: row for row in tables["sources"].rows}
    partners = {row["code"]: row for row in tables["partners"].rows}
    reads = [("quantity", "CN", "US", "exports", "2025-11", "yoy_pct", "USD"),
             ("quantity", "CN", "US", "exports", "1899-01", "value", "USD"),
             ("keys", (("flow", "exports"), ("partner", "US"), ("reporter", "CN"))), ("partner", "US")]
    copy = StoreRows(open_store(stored))
    for read in reads:
        assert read_digest(read, copy, by_id, partners) == read_digest(read, FrameRows(list(tables["observations"].rows)),
                                                                     by_id, partners)
    assert read_digest(reads[0], copy, by_id, partners) != read_digest(reads[1], copy, by_id, partners)
