"""results.json against the JSON Schema shipped in the repository, and docs/results.md's table of fields against the
schema."""

from __future__ import annotations

import json
from functools import lru_cache

import jsonschema
import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.report.schema import SCHEMA_FILE, SCHEMA_NAME, fields_markdown, schema

from ..conftest import ROOT


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    shipped = schema()
    jsonschema.Draft202012Validator.check_schema(shipped)
    return jsonschema.Draft202012Validator(shipped, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_docs_document_every_field_once_from_the_schema():
    page = (ROOT / "docs" / "results.md").read_text()
    assert fields_markdown() in page, "regenerate docs/results.md's table: .venv/bin/python scripts/generate_docs.py"
    for line in fields_markdown().splitlines()[2:]:
        assert page.count(line.split(" | ")[0] + " |") == 1


def test_the_schema_refuses_what_is_not_a_claims_result():
    claim = {"id": "us-november-drop", "status": "ok", "verdict": "supported", "measured": -28.5624, "unit": "%",
             "article_value": -30.0, "parameters": {}, "report": "us-november-drop.html", "period": "2025-11",
             "sources": [], "headline_sources": [], "bound": None,
             "evidence": None, "inputs": [], "routes": [], "alternatives": [], "robust": None,
             "parts": [{"words": "plummeted by nearly 30%", "verdict": "supported", "measured": -28.5624,
                        "period": "2025-11", "unit": "%", "bound": None, "main": True}]}
    run = {"built": "2026-01-01T00:00:00Z", "version": "0.1.0", "data_hash": "0" * 64, "data_files": {}}
    assert not list(validator().iter_errors({"run": run, "claims": [claim]}))
    for broken in ({**claim, "verdict": "true"}, {**claim, "bound": "middle"}, {**claim, "measured": "-28.6"},
                   {key: value for key, value in claim.items() if key != "headline_sources"}, {**claim, "extra": 1},
                   {key: value for key, value in claim.items() if key != "bound"},
                   {key: value for key, value in claim.items() if key != "inputs"},
                   {**claim, "inputs": [{"role": "level", "value": 1.0}]},
                   {key: value for key, value in claim.items() if key != "parts"},
                   {**claim, "parts": [{**claim["parts"][0], "verdict": "maybe"}]},
                   {**claim, "verdict": "too early"}):
        assert list(validator().iter_errors({"run": run, "claims": [broken]}))


@pytest.mark.slow
def test_every_output_of_a_build_validates_against_the_shipped_schema(built_project):
    out = built_project / "reports"
    results = json.loads((out / "results.json").read_text())
    assert results["$schema"] == SCHEMA_NAME
    assert (out / SCHEMA_NAME).read_bytes() == SCHEMA_FILE.read_bytes()
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator().iter_errors(results)]
    assert not errors, errors[:5]
    assert [entry["id"] for entry in results["claims"]] == list(load_registry(ROOT / "claims.yaml"))
    for kept in (out / "history").glob("2*.json"):
        assert not list(validator().iter_errors(json.loads(kept.read_text())))
