"""The article's statements left "not checked" (claims.yaml's outline, `said` with its `why`) keep reasons that are
true: a statement about a flow of China's trade with a partner the ledger holds figures for, in the article's year,
is not waved off as "not a figure"; its reason names the claims that check those figures."""

from __future__ import annotations

import csv
import re

from tradeclaims.checks.article import Unchecked, parse_article
from tradeclaims.checks.registry import load_registry

from ..conftest import ROOT

REGISTRY = load_registry(ROOT / "claims.yaml")
ARTICLE = parse_article(next(iter(REGISTRY.values())).article)
YEAR = ARTICLE.published[:4]
# Words the article uses for a flow of trade, and for partners besides their names in data/partners.csv.
FLOWS = r"\b(exports?|sales|imports?|purchases|surplus|deficit|trade)\b"
DEMONYMS = {"US": ["American", "Washington", "US"], "EU27": ["Europe", "European", "EU"], "IN": ["Indian"]}


def partner_words() -> dict[str, list[str]]:
    """Each partner code and the words that name it in the article's language."""
    with (ROOT / "data" / "partners.csv").open(encoding="utf-8") as handle:
        names = {row["code"]: [row["name"]] for row in csv.DictReader(handle) if row["code"] not in ("CN", "WLD")}
    for code, words in DEMONYMS.items():
        names[code] = names.get(code, []) + words
    return names


def partners_with_figures() -> set[str]:
    """The partners the ledger holds a figure for, of trade between China and them, in the article's year."""
    with (ROOT / "data" / "observations.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["partner"] if row["reporter"] == "CN" else row["reporter"] for row in rows
            if "CN" in (row["reporter"], row["partner"]) and YEAR in row["period"]}


def subjects(said: str) -> set[str]:
    """The partners a statement speaks of, when it speaks of a flow of trade."""
    if not re.search(FLOWS, said, re.IGNORECASE):
        return set()
    return {code for code, words in partner_words().items()
            if any(re.search(rf"\b{re.escape(word)}\b", said) for word in words)}


def test_no_reason_contradicts_a_figure_the_ledger_holds():
    held = partners_with_figures()
    statements = [item for item in ARTICLE.outline if isinstance(item, Unchecked)]
    wrong = {}
    for statement in statements:
        about = subjects(statement.said) & held
        named = [claim_id for claim_id in REGISTRY if re.search(rf"\b{re.escape(claim_id)}\b", statement.why)]
        if about and (not named or "not a figure" in statement.why):
            wrong[statement.said[:60]] = (sorted(about), statement.why)
    assert wrong == {}


def test_the_test_sees_a_flow_with_a_partner_the_ledger_holds():
    """India's sales to China are held for the article's year: a statement of them is a statement about figures."""
    held = partners_with_figures()
    assert {"IN", "US", "EU27"} <= held
    assert subjects("India is unhappy that its sales to China are shrinking") == {"IN"}
    assert subjects("The way China responded will probably not last") == set()
