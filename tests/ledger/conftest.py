"""Fixtures of the ledger's tests: the indexed copy of the shipped data/."""

from pathlib import Path

import pytest

from tradeclaims.ledger.datapackage import data_fingerprint
from tradeclaims.ledger.store import copy_name, copy_of_data, save_store

from ..conftest import ROOT


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """The copy of the shipped data/, in a folder of copies as a run keeps them (the folder is what kernels are told)."""
    fingerprint = data_fingerprint(ROOT / "data")
    path = tmp_path_factory.mktemp("store") / copy_name(fingerprint)
    save_store(copy_of_data(ROOT / "data", fingerprint), path)
    return path
