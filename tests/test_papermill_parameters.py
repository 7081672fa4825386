"""papermill and the command line agree on every claim's parameters: the same verdict, figure and period, or the same
one-line refusal, for values that papermill types as YAML does (`-p period 2025` arrives as the integer 2025)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from papermill.cli import _resolve_type as papermill_type  # how papermill's command line types a `-p` value

from tradeclaims.checks.parameters import accepted_values
from tradeclaims.checks.registry import Claim, load_registry
from tradeclaims.ledger.coverage import data_index
from tradeclaims.ledger.figures import Ledger
from tradeclaims.notebook.record import recorded_result

from .claim_checks import run_check
from .conftest import ROOT, tradeclaims

REGISTRY = load_registry(ROOT / "claims.yaml")
INDEX = data_index(ROOT / "data")
KERNEL = "tradeclaims"
NEVER = {"period": "1999", "month": "1999-01"}  # before any figure of the ledger


def number_like_value(claim: Claim) -> dict[str, str]:
    """One accepted value other than the default that papermill would pass as a number, for the first parameter that
    has one (a year, a number); none when every accepted value stays text."""
    defaults = claim.defaults()
    for name, spec in claim.parameters.items():
        for value in accepted_values(claim, spec, INDEX, defaults) or []:
            if value != str(spec.default) and not isinstance(papermill_type(value), str):
                return {name: value}
    return {}


def refused_value(claim: Claim) -> dict[str, str]:
    """A period or a month with no figures, for the first parameter that must have figures."""
    for name, spec in claim.parameters.items():
        if spec.type in NEVER and spec.figures != "none":
            return {name: NEVER[spec.type]}
    return {}


def cases() -> list[tuple[str, dict[str, str]]]:
    found = []
    for claim in REGISTRY.values():
        values = [{name: str(value) for name, value in claim.rerun.items()}, number_like_value(claim),
                  refused_value(claim)]
        found += [(claim.id, each) for each in values if each]
    return found


CASES = cases()


@pytest.fixture(scope="module")
def warm_papermill():
    """papermill's execute_notebook in one kept kernel, reset between notebooks as `tradeclaims run` resets it."""
    import papermill

    from tradeclaims.run.kernels import ENGINE_NAME, POOL, ensure_kernel, register_warm_engine

    ensure_kernel()
    register_warm_engine()
    folder = str(ROOT / "notebooks")

    def execute(claim: Claim, values: dict[str, Any]) -> dict:
        return papermill.execute_notebook(
            str(ROOT / claim.notebook), None, parameters=values, kernel_name=KERNEL, cwd=folder, progress_bar=False,
            engine_name=ENGINE_NAME, km=POOL.acquire(KERNEL, folder))

    yield execute
    POOL.shutdown_all()


def command_line(claim: Claim, values: dict[str, str], out: Path) -> dict | str:
    """The command line's result for these values (its results.json entry), or its one-line refusal."""
    arguments = [item for name, value in values.items() for item in ("-p", name, value)]
    result = tradeclaims("run", claim.id, *arguments, "--out", str(out), cwd=ROOT)
    if result.returncode == 2:
        return result.stderr.strip().removeprefix("tradeclaims: error: ")
    assert result.returncode == 0, result.stderr
    runs = json.loads((out / "runs" / claim.id / "results.json").read_text())["claims"]
    return next(entry for entry in runs if all(str(entry["parameters"][name]) == value or
                                               entry["parameters"][name] == pytest.approx(float(value))
                                               for name, value in values.items()))


def through_papermill(execute, claim: Claim, values: dict[str, str]) -> dict | str:
    """papermill's result for the values typed as papermill types them, or the notebook's refusal."""
    from papermill.exceptions import PapermillExecutionError

    typed = {name: papermill_type(value) for name, value in values.items()}
    try:
        return recorded_result(execute(claim, {"claim_id": claim.id, **typed}))
    except PapermillExecutionError as refusal:
        assert refusal.ename == "UsageError", refusal.evalue
        return refusal.evalue


def test_the_cases_include_numbers_papermill_makes():
    typed = {(claim_id, name): papermill_type(value) for claim_id, values in CASES for name, value in values.items()}
    for claim_id, name in (("exports-jan-nov", "period"), ("weak-imports", "period"),
                           ("global-south-size", "year")):
        assert isinstance(typed[claim_id, name], int), (claim_id, name)
    assert sum(isinstance(papermill_type(value), str) is False for _, values in CASES for value in values.values()) \
        >= 10


@pytest.mark.slow
def test_papermill_and_the_command_line_agree_on_every_claim(warm_papermill, tmp_path):
    disagreeing = []
    for claim_id, values in CASES:
        claim = REGISTRY[claim_id]
        cli = command_line(claim, values, tmp_path / "out")
        notebook = through_papermill(warm_papermill, claim, values)
        if isinstance(cli, str) or isinstance(notebook, str):
            same = cli == notebook
        else:
            same = (notebook["verdict"], notebook["period"]) == (cli["verdict"], cli["period"]) and (
                notebook["measured"] == cli["measured"] or notebook["measured"] == pytest.approx(cli["measured"]))
        if not same:
            disagreeing.append((claim_id, values, cli if isinstance(cli, str) else (cli["verdict"], cli["period"]),
                                notebook if isinstance(notebook, str) else (notebook["verdict"], notebook["period"])))
    assert not disagreeing


@pytest.mark.slow
def test_a_year_papermill_passes_as_a_number_gives_the_years_figure(warm_papermill):
    """`papermill ... -p period 2025`: the figure of the year 2025, as the check computes it from the shipped
    figures, not a refusal nor insufficient data."""
    claim = REGISTRY["exports-jan-nov"]
    recorded = through_papermill(warm_papermill, claim, {"period": "2025"})
    expected = run_check(Ledger.load(ROOT / "data"), claim, {"period": "2025"}).result()
    assert expected["verdict"] == "supported" and expected["measured"] > claim.defaults()["article_value"]
    assert (recorded["verdict"], recorded["period"]) == (expected["verdict"], "2025")
    assert recorded["measured"] == pytest.approx(expected["measured"])


@pytest.mark.slow
def test_a_partner_given_twice_is_refused_by_the_notebook_as_by_the_command_line(warm_papermill, tmp_path):
    """`papermill mexico-indonesia.ipynb -p countries MX,MX`: the notebook refuses it, before any figure is read, with
    the command line's one line."""
    claim = REGISTRY["mexico-indonesia"]
    refusal = through_papermill(warm_papermill, claim, {"countries": "MX,MX"})
    assert refusal == command_line(claim, {"countries": "MX,MX"}, tmp_path / "out")
    assert refusal == ("claim mexico-indonesia: parameter countries='MX,MX' is not allowed: each partner once "
                       "(MX is given twice)")
