"""Every value the parameter check accepts runs the claim's check to a verdict, and a figure removed from the ledger
gives a verdict ('insufficient data' naming it, or another route), never an error. For every claim of the registry."""

from __future__ import annotations

import csv
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradeclaims.checks.parameters import accepted_values, resolve_parameters
from tradeclaims.checks.registry import Claim, load_registry
from tradeclaims.checks.verdicts import INSUFFICIENT, VERDICTS
from tradeclaims.errors import UsageError
from tradeclaims.ledger.coverage import data_index
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.views import figure_key

from .claim_checks import run_check
from .conftest import ROOT

REGISTRY = load_registry(ROOT / "claims.yaml")
CLAIMS = list(REGISTRY)
KEY_COLUMNS = ("reporter", "partner", "flow", "period", "measure", "currency")


@cache
def index():
    return data_index(ROOT / "data")


def listed_values(claim: Claim, name: str, values: dict[str, Any], lists: bool = False) -> list[Any] | None:
    """The values the parameter check accepts for one parameter, given the others: the listable ones (from the same
    function the refusals list them with), and every whole number of an integer's range; with `lists`, a list of
    partners tried as each partner with figures alone and each group with figures beside one of its members (the
    parameter check then refuses those it does not accept)."""
    spec = claim.parameters[name]
    if spec.type == "integer":
        return list(range(int(spec.min), int(spec.max) + 1))
    if spec.type == "partners":
        return partner_lists() if lists else None
    return accepted_values(claim, spec, index(), values)


@cache
def partner_lists() -> list[str]:
    """Each partner with figures alone, and each group with figures beside each of its members defined (a partner
    counted twice over, once in its group)."""
    with_figures = sorted(index().partners_with_data & index().defined_partners)
    groups = Ledger.load(ROOT / "data").partners["members"].fillna("")
    overlapping = [f"{group},{member}" for group in with_figures if group in groups.index
                   for member in str(groups[group]).split(";") if member in index().defined_partners]
    return [*with_figures, *overlapping]


@cache
def combinations_of(claim_id: str) -> tuple[dict[str, Any], ...]:
    claim = REGISTRY[claim_id]
    found = [claim.defaults()]
    for name in claim.parameters:
        grown = []
        for values in found:
            options = listed_values(claim, name, values)
            grown += [values] if options is None else [{**values, name: option} for option in options]
        found = grown
    return tuple(values for values in found if accepted(claim, values))


def combinations(claim: Claim) -> list[dict[str, Any]]:
    """Every combination of the listable parameters' accepted values, each parameter's list given the values chosen
    before it (a period given the reporter and partner), that the parameter check accepts as a whole (a month asked
    to fall after a period listed later); the other parameters at their defaults."""
    return list(combinations_of(claim.id))


def accepted(claim: Claim, values: dict[str, Any]) -> bool:
    try:
        resolve_parameters(claim, {name: str(value) for name, value in values.items()}, index())
    except UsageError:
        return False
    return True


def one_at_a_time(claim: Claim) -> list[dict[str, Any]]:
    """Each accepted value of each listable parameter, the others at their defaults (a later parameter no longer
    accepted beside it, such as a window's last month before its new first, moved to its first accepted value)."""
    found = []
    for name in claim.parameters:
        for option in listed_values(claim, name, claim.defaults(), lists=True) or []:
            values = {**claim.defaults(), name: option}
            for later in list(claim.parameters)[list(claim.parameters).index(name) + 1:]:
                options = listed_values(claim, later, values)
                if options is not None and values[later] not in options:
                    values[later] = options[0] if options else None
            if None not in values.values() and accepted(claim, values):
                found.append(values)
    return found


def runs_to_a_verdict(ledger: Ledger, claim: Claim, values: dict[str, Any]) -> dict[str, Any]:
    resolved = resolve_parameters(claim, {name: str(value) for name, value in values.items()}, index())
    check = run_check(ledger, claim, resolved)
    result = check.result()  # the notebook records result(): alternatives included
    assert result["verdict"] in VERDICTS, (claim.id, values)
    if check.chart is not None and not check.chart.empty:  # the notebook draws it: the columns it plots are there
        spec = check.chart_spec
        drawn = {spec[key] for key in ("x", "y", "hue", "panel") if spec.get(key)}
        assert drawn <= set(check.chart.columns), (claim.id, values, drawn - set(check.chart.columns))
    if result["verdict"] == INSUFFICIENT and not result["parts"][1:]:
        assert result["missing"] or "lacks" in result["reason"], (claim.id, values)  # it names what is missing
    return result


# Every value of every parameter one at a time; and every combination (pairs included), in a slow test where the
# space is large (each period against each base period, each first month against each last).
MANY = 300


@pytest.mark.parametrize("claim_id", [pytest.param(claim_id, marks=pytest.mark.slow)
                                      if len(combinations(REGISTRY[claim_id])) > MANY else claim_id
                                      for claim_id in CLAIMS])
def test_every_accepted_combination_runs_to_a_verdict(claim_id, ledger):
    claim = REGISTRY[claim_id]
    found = combinations(claim)
    assert claim.defaults() in found
    for values in found:
        runs_to_a_verdict(ledger, claim, values)


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_every_accepted_value_runs_to_a_verdict(claim_id, ledger):
    claim = REGISTRY[claim_id]
    found = one_at_a_time(claim)
    assert found or not any(listed_values(claim, name, claim.defaults()) for name in claim.parameters)
    for values in found:
        runs_to_a_verdict(ledger, claim, values)


def test_the_combinations_are_what_the_parameter_check_accepts():
    claim = REGISTRY["us-november-drop"]
    found = combinations(claim)
    months = {values["month"] for values in found if (values["reporter"], values["partner"]) == ("CN", "US")}
    assert {"2025-11", "2026-03", "2024-04", "2024-10"} <= months and "2025-02" not in months  # only within Jan-Feb
    for values in found[:50]:
        resolve_parameters(claim, {name: str(value) for name, value in values.items()}, index())
    with pytest.raises(UsageError):
        resolve_parameters(claim, {"month": "2025-02"}, index())


def numbers(claim: Claim) -> st.SearchStrategy[dict[str, Any]]:
    """A value for each number parameter of the claim within its range (any finite number when it has none)."""
    drawn = {}
    for name, spec in claim.parameters.items():
        if spec.type == "number":
            low = -1e6 if spec.min is None else spec.min
            high = 1e6 if spec.max is None else spec.max
            drawn[name] = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    return st.fixed_dictionaries(drawn)


@st.composite
def claim_values(draw) -> tuple[Claim, dict[str, Any]]:
    """A claim, one of its accepted combinations and numbers drawn in their ranges; asean-growth's other partners
    drawn from every defined code, each once (a list of partners is not listable; one naming a code twice is
    refused)."""
    claim = REGISTRY[draw(st.sampled_from(CLAIMS))]
    values = {**draw(st.sampled_from(combinations(claim))), **draw(numbers(claim))}
    if "others" in claim.parameters:
        codes = sorted(index().defined_partners)
        values["others"] = ",".join(draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True)))
    return claim, values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_values())
def test_accepted_values_with_any_numbers_run_to_a_verdict(ledger, drawn):
    claim, values = drawn
    runs_to_a_verdict(ledger, claim, values)


def test_a_window_ending_before_it_starts_is_refused_listing_months_that_run(ledger):
    claim = REGISTRY["eu-early-rise"]
    with pytest.raises(UsageError) as refused:
        resolve_parameters(claim, {"first": "2025-06", "last": "2025-03"}, index())
    message = str(refused.value)
    assert "\n" not in message and "a month from first=2025-06 on" in message
    listed = accepted_values(claim, claim.parameters["last"], index(), {**claim.defaults(), "first": "2025-06"})
    assert listed and min(listed) == "2025-06"
    for month in (listed[0], listed[-1]):
        runs_to_a_verdict(ledger, claim, {**claim.defaults(), "first": "2025-06", "last": month})


def test_a_period_without_figures_is_refused_listing_the_periods_that_run(ledger):
    claim = REGISTRY["weak-imports"]
    with pytest.raises(UsageError) as refused:
        resolve_parameters(claim, {"period": "1999"}, index())
    message = str(refused.value)
    assert "\n" not in message and "periods with figures: 2021, " in message
    listed = [text for text in message.split("periods with figures: ")[1].split(" (")[0].split(", ") if text != "..."]
    accepted = accepted_values(claim, claim.parameters["period"], index(), claim.defaults())
    assert set(listed) <= set(accepted)
    for period in listed:
        runs_to_a_verdict(ledger, claim, {**claim.defaults(), "period": period})


# --- figures removed from the ledger ----------------------------------------------------------------------------------

def without(tmp_path: Path, keys: list[tuple[str, ...]]) -> Path:
    """A copy of data/ without every row of the quantities given (reporter, partner, flow, period, measure, currency):
    every page's copy of the figure gone, as a publisher's revision or a refresh might leave it."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("fetched"))
    path = data / "observations.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        columns = list(rows[0])
    kept = [row for row in rows if tuple(row[column] for column in KEY_COLUMNS) not in set(keys)]
    assert len(kept) < len(rows), keys
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    return data


def headline_inputs(ledger: Ledger, claim_id: str) -> list[tuple[str, ...]]:
    """The quantities of every figure the claim's default verdict rests on."""
    check = run_check(ledger, REGISTRY[claim_id])
    return sorted({figure_key(figure)[:6] for figure in check.verdict_inputs()})


REMOVALS = [(claim_id, key) for claim_id in CLAIMS for key in headline_inputs(Ledger.load(ROOT / "data"), claim_id)]


@pytest.mark.parametrize(("claim_id", "key"), REMOVALS, ids=[f"{claim}-{'-'.join(key[2:5])}" for claim, key in REMOVALS])
def test_removing_a_headline_input_gives_a_verdict(claim_id, key, tmp_path):
    reduced = Ledger.load(without(tmp_path, [key]))
    check = run_check(reduced, REGISTRY[claim_id])
    result = check.result()
    assert result["verdict"] in VERDICTS
    assert figure_key_of_inputs(check).isdisjoint({key})
    if result["measured"] is None:  # nothing measured: the missing figure is named
        assert result["missing"] or "lacks" in result["reason"]


def figure_key_of_inputs(check) -> set[tuple[str, ...]]:
    return {figure_key(figure)[:6] for figure in check.verdict_inputs()}


def test_removing_the_november_exports_to_the_us_names_them(tmp_path):
    keys = [("CN", "US", "exports", "2025-11", measure, "USD") for measure in ("value", "yoy_pct")]
    check = run_check(Ledger.load(without(tmp_path, keys)), REGISTRY["us-november-drop"])
    assert check.verdict.label == INSUFFICIENT and check.measured is None
    assert check.missing == ["CN exports to US in 2025-11: neither both levels nor a reported y/y rate"]
    assert "CN exports to US in 2025-11" in check.verdict.reason


@pytest.mark.parametrize(("old", "new", "message"), [
    ("not_before: first", "not_before: threshold", "not_before names 'threshold', not a month parameter"),
    ("      threshold: {type: number,", "      threshold: {type: number, not_before: first,",
     "parameter threshold: not_before names a month parameter, and only a month has one"),
], ids=["naming-a-number", "on-a-number"])
def test_not_before_names_a_month_and_only_a_month_has_one(tmp_path, old, new, message):
    text = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: eu-early-rise\n")  # the claim with a window (other claims may name a threshold too)
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end
    assert text[start:end].count(old) == 1
    (tmp_path / "claims.yaml").write_text(text[:start] + text[start:end].replace(old, new) + text[end:], encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_registry(tmp_path / "claims.yaml")


# Python's int() and \d read other scripts' digits ('２０２５', '٢٠٢٥') as 2025: a month written so must not pass as a
# month while naming none the ledger's text holds (the time frame would come out empty).
OTHER_DIGITS = {"fullwidth": "\uff12\uff10\uff12\uff15-\uff10\uff11",
                "arabic-indic": "\u0662\u0660\u0662\u0665-\u0660\u0661"}


@pytest.mark.parametrize("script", OTHER_DIGITS)
def test_a_month_in_other_digits_is_refused_where_ascii_digits_run(ledger, project_copy, cli, script):
    claim = REGISTRY["mexico-indonesia"]
    assert runs_to_a_verdict(ledger, claim, {**claim.defaults(), "since": "2025-01"})["verdict"] == "supported"
    run = cli("run", claim.id, "-p", "since", OTHER_DIGITS[script], cwd=project_copy)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2 and len(lines) == 1
    assert f"parameter since={OTHER_DIGITS[script]!r} is not allowed: digits other than ASCII 0-9" in lines[0]
    day = cli("run", claim.id, "-p", "earliest_day", "\u0663", cwd=project_copy)  # an integer in Arabic-Indic digits
    assert day.returncode == 2 and "parameter earliest_day='\u0663' is not allowed" in day.stderr
    assert not (project_copy / "reports").exists()


# --- groups of partners set side by side ------------------------------------------------------------------------------

SOUTH_CLAIMS = ["global-south-offset", "global-south-size"]


@pytest.mark.parametrize("claim_id", SOUTH_CLAIMS)
def test_a_partner_in_both_groups_or_the_world_or_the_reporter_in_one_is_refused(claim_id, ledger):
    claim = REGISTRY[claim_id]
    codes = sorted(index().partners_with_data & index().defined_partners - {"WLD", "CN"})
    for south, west in [(code, code) for code in codes] + [("ASEAN,IN", "US,IN"), ("US", "US,EU27")]:
        with pytest.raises(UsageError, match=r"is in both\)$") as refused:
            resolve_parameters(claim, {"south": south, "west": west}, index())
        assert "\n" not in str(refused.value)
    with pytest.raises(UsageError, match=r"\(FR is given twice\)$"):
        resolve_parameters(claim, {"south": "FR,JP,FR"}, index())
    for name in ("south", "west"):
        for code in ("WLD", "CN"):
            with pytest.raises(UsageError, match=rf"parameter {name}=.*\({code} is not a part of a group\)$"):
                resolve_parameters(claim, {name: f"JP,{code}"}, index())
    apart = [(south, west) for south in codes for west in ("US", "JP,AU") if south not in west.split(",")]
    for south, west in apart:  # every other single partner beside a western group runs to a verdict
        runs_to_a_verdict(ledger, claim, {**claim.defaults(), "south": south, "west": west})


LIST_PARAMETERS = [(claim.id, name) for claim in REGISTRY.values() for name, spec in claim.parameters.items()
                   if spec.type == "partners"]


def test_every_list_of_partners_refuses_a_partner_given_twice_before_any_kernel(cli, project_copy):
    """`-p countries MX,MX` would count Mexico twice: refused in one line naming the repeat, for every list parameter
    of the registry; a code with spaces around it is the same code."""
    assert ("mexico-indonesia", "countries") in LIST_PARAMETERS and len(LIST_PARAMETERS) >= 5
    for claim_id, name in LIST_PARAMETERS:
        outcome = cli("run", claim_id, "-p", name, "MX,MX", cwd=project_copy)
        assert outcome.returncode == 2 and outcome.stderr.count("\n") == 1, outcome.stderr
        assert outcome.stderr == (f"tradeclaims: error: claim {claim_id}: parameter {name}='MX,MX' is not allowed: "
                                  "each partner once (MX is given twice)\n")
    spaced = cli("run", "mexico-indonesia", "-p", "countries", "ID, MX ,ID", cwd=project_copy)
    assert spaced.returncode == 2 and spaced.stderr.rstrip().endswith("(ID is given twice)")
    assert not (project_copy / "reports").exists()


def test_the_repros_are_refused_in_one_line_before_any_kernel(cli, project_copy):
    reports = project_copy / "reports"
    for claim_id, south, reason in [("global-south-size", "US", "partners not in south=US (US is in both)"),
                                    ("global-south-offset", "US", "partners not in south=US (US is in both)"),
                                    ("global-south-size", "WLD", "(WLD is not a part of a group)"),
                                    ("global-south-offset", "ASEAN,CN", "(CN is not a part of a group)")]:
        outcome = cli("run", claim_id, "-p", "south", south, cwd=project_copy)
        assert outcome.returncode == 2 and outcome.stderr.count("\n") == 1 and reason in outcome.stderr, outcome.stderr
        assert outcome.stderr.startswith(f"tradeclaims: error: claim {claim_id}: parameter ")
        assert not reports.exists() or not any(reports.rglob("*.html"))  # nothing ran, nothing written


@pytest.mark.parametrize(("old", "new", "message"), [
    ("apart_from: south}", "apart_from: year}", "apart_from names 'year', not a partners parameter"),
    ('year: {type: period, default: "2025"}', 'year: {type: period, default: "2025", without: [WLD]}',
     "parameter year: without is only for a list of partners"),
], ids=["naming-a-period", "on-a-period"])
def test_apart_from_and_without_are_for_lists_of_partners(tmp_path, old, new, message):
    text = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: global-south-size\n")
    end = text.find("\n  - id: ", start + 1)
    assert text[start:end].count(old) == 1
    (tmp_path / "claims.yaml").write_text(text[:start] + text[start:end].replace(old, new) + text[end:], encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_registry(tmp_path / "claims.yaml")
