"""A results.json entry is one typed record: every entry a build writes is what ResultsEntry makes of its notebook's
recorded result, and validates against the schema's definition of a claim."""

from __future__ import annotations

import json

import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.notebook.record import recorded_result
from tradeclaims.report.entry import ResultsEntry

from ..conftest import ROOT


@pytest.mark.slow
def test_every_entry_of_a_build_is_the_typed_record_of_its_notebook(built_project):
    registry = load_registry(ROOT / "claims.yaml")
    reports = built_project / "reports"
    entries = json.loads((reports / "results.json").read_text())["claims"]
    assert [entry["id"] for entry in entries] == list(registry)
    for entry in entries:
        notebook = json.loads((reports / f"{entry['id']}.ipynb").read_text())
        typed = ResultsEntry.of(registry[entry["id"]], recorded_result(notebook), error=None, stem=entry["id"],
                                parameters=entry["parameters"], changed={},
                                key={**entry["key_parts"], "key": entry["cache_key"]}, seconds=entry["seconds"])
        assert typed.as_json() == entry
        assert typed.problems() == []


def test_a_failure_without_a_result_names_why_and_points_at_the_failing_cell():
    claim = next(iter(load_registry(ROOT / "claims.yaml").values()))
    failed = ResultsEntry.of(claim, None, error=None, stem=claim.id, parameters=claim.defaults(), changed={},
                             key={"key": "k"}, seconds=1.234)
    assert (failed.status, failed.error, failed.seconds) == ("failed", "the notebook recorded no result", 1.23)
    assert failed.as_json()["report"] == f"{claim.id}.failed.html#papermill-error-cell"
    assert failed.problems() == []
    assert ResultsEntry.of(claim, {"verdict": "supported"}, error="ValueError: x (cell 3)", stem=claim.id,
                           parameters={}, changed={}, key={"key": "k"}, seconds=0).as_json()["error"] == (
        "ValueError: x (cell 3)")
