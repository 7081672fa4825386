"""A claim's check and rule, as claims.yaml names them: found through the registry, and every way of naming them wrongly
said in one line with its line in the file (by the registry, and by `tradeclaims validate`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeclaims.checks import rules
from tradeclaims.checks.registry import RegistryError, check_function, check_problems, load_registry
from tradeclaims.checks.result import Check
from tradeclaims.errors import UsageError

from ..conftest import ROOT

REGISTRY = load_registry(ROOT / "claims.yaml")
US_CHECK = "    check: tradeclaims.claims.growth:partner_yoy_claim\n"
US_MONTH = '      month: {type: month, default: "2025-11"}\n'


def broken(folder: Path, old: str, new: str) -> tuple[Path, int]:
    """claims.yaml with its one occurrence of `old` replaced by `new`, and the line the change starts on."""
    text = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = folder / "claims.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("claim", list(REGISTRY.values()), ids=lambda claim: claim.id)
def test_every_claim_names_a_check_that_applies_its_rule_and_takes_its_parameters(claim, ledger):
    assert check_problems(claim) == []
    function = claim.check_function()
    assert claim.rule in rules.rules_applied(function) and claim.rule in rules.RULES
    assert claim.check.startswith("tradeclaims.claims.")
    assert function is check_function(claim.check)


def test_a_claims_check_is_called_with_its_parameters(ledger):
    claim = REGISTRY["us-november-drop"]
    values = {name: value for name, value in claim.defaults().items() if name != "source"}
    check = claim.check_function()(ledger, claim.id, **values)
    assert isinstance(check, Check) and check.claim_id == claim.id and check.measured is not None


def test_every_rule_is_applied_by_some_check_and_declaring_an_unknown_one_fails():
    applied = {rule for claim in REGISTRY.values() for rule in rules.rules_applied(claim.check_function())}
    assert applied == set(rules.RULES)
    with pytest.raises(ValueError, match="unknown rule 'roughly'"):
        rules.applies("roughly")
    assert rules.rules_applied(lambda: None) == ()


# (old text, new text, offset of the line at fault from the changed line, the one line said)
LOADING = [
    (US_CHECK, "    check: growth.partner_yoy_claim\n", 0,
     "claim us-november-drop: check 'growth.partner_yoy_claim' is not MODULE:FUNCTION"),
    (US_CHECK, "    check: tradeclaims.claims.growth\n", 0,
     "claim us-november-drop: check 'tradeclaims.claims.growth' is not MODULE:FUNCTION"),
    (US_CHECK, "    check: tradeclaims.checks.verdicts:nearly\n", 0,
     "claim us-november-drop: check 'tradeclaims.checks.verdicts:nearly' names module tradeclaims.checks.verdicts, "
     "outside tradeclaims.claims"),
    (US_CHECK, "", 0, "claim us-november-drop: lacks check"),
    ("    rule: nearly\n    rerun: {month: \"2025-05\"}\n", "    rule: roughly\n    rerun: {month: \"2025-05\"}\n", 0,
     "claim us-november-drop: unknown rule 'roughly' (known: exceeds, about, nearly,"),
]


@pytest.mark.parametrize(("old", "new", "offset", "said"), LOADING,
                         ids=["not-module-function", "no-function", "outside-claims", "missing", "unknown-rule"])
def test_a_malformed_check_or_an_unknown_rule_is_refused_on_its_line(tmp_path, old, new, offset, said):
    path, line = broken(tmp_path, old, new)
    if not new:  # a key taken away: the claim's own line
        line = (ROOT / "claims.yaml").read_text().splitlines().index("  - id: us-november-drop") + 1
    with pytest.raises(RegistryError) as raised:
        load_registry(path)
    message = str(raised.value)
    assert f"claims.yaml:{line + offset}: {said}" in message
    assert "\n" not in message


CHECKING = [
    (US_CHECK, "    check: tradeclaims.claims.nosuch:partner_yoy_claim\n", 0,
     "check tradeclaims.claims.nosuch:partner_yoy_claim: module tradeclaims.claims.nosuch not found"),
    (US_CHECK, "    check: tradeclaims.claims.growth:no_such_claim\n", 0,
     "check tradeclaims.claims.growth:no_such_claim: module tradeclaims.claims.growth has no function no_such_claim"),
    (US_CHECK, "    check: tradeclaims.claims.totals:IMPLIED\n", 0,
     "check tradeclaims.claims.totals:IMPLIED: IMPLIED in tradeclaims.claims.totals is not a function"),
    ("    rule: nearly\n    rerun: {month: \"2025-05\"}\n", "    rule: about\n    rerun: {month: \"2025-05\"}\n", 0,
     "rule about is not a rule tradeclaims.claims.growth:partner_yoy_claim applies (it applies nearly)"),
    (US_MONTH, US_MONTH + "      colour: {type: string, default: red}\n", 1,
     "parameter colour is not an argument of tradeclaims.claims.growth:partner_yoy_claim (its arguments: partner, "
     "month, article_value, tolerance, flow, reporter)"),
    ("      tolerance: {type: number, min: 0, max: 50, default: 2, help: percentage points short of the figure that "
     "'nearly' allows}\n", "", None,
     "tradeclaims.claims.growth:partner_yoy_claim needs an argument tolerance that no parameter gives"),
]
IDS = ["no-module", "no-function", "not-callable", "rule-not-applied", "not-an-argument", "argument-not-given"]


@pytest.mark.parametrize(("old", "new", "offset", "said"), CHECKING, ids=IDS)
def test_a_check_that_cannot_be_called_as_the_claim_says_is_one_line_on_its_line(tmp_path, old, new, offset, said):
    path, line = broken(tmp_path, old, new)
    registry = load_registry(path)
    claim = registry["us-november-drop"]
    if offset is None:  # an argument no parameter gives: the line of the claim's parameters
        offset = claim.key_line("parameters") - line
    assert check_problems(claim) == [f"claims.yaml:{line + offset}: claim us-november-drop: {said}"]
    assert [problem for other in registry.values() if other is not claim for problem in check_problems(other)] == []


def test_a_check_that_cannot_be_imported_is_a_usage_error():
    with pytest.raises(UsageError, match="module tradeclaims.claims.nosuch not found"):
        check_function("tradeclaims.claims.nosuch:f")
    with pytest.raises(UsageError, match="is not MODULE:FUNCTION"):
        check_function("tradeclaims.claims.growth")


@pytest.mark.parametrize(("old", "new", "offset", "said"), [*LOADING[:1], *LOADING[-1:], *CHECKING],
                         ids=["not-module-function", "unknown-rule", *IDS])
def test_validate_says_each_wrong_check_in_one_line_with_its_line(project_copy, cli, old, new, offset, said):
    path, line = broken(project_copy, old, new)
    if offset is None:
        offset = load_registry(path)["us-november-drop"].key_line("parameters") - line
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 2
    said_lines = [text for text in result.stdout.splitlines() if text.startswith("claims.yaml:")]
    assert len(said_lines) == 1 and said_lines[0].startswith(f"claims.yaml:{line + offset}: "), result.stdout
    assert said in said_lines[0]
