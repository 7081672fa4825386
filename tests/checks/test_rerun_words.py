"""A rerun with other parameters keeps the article's words verbatim (it says apart what it asks), and its headline
period is the period it asks, whether or not the ledger has a figure for it."""

import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.claims.partners import OTHER_WORDS

from ..claim_checks import run_check
from ..conftest import ROOT

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # the article the claims come from, beside the project
REGISTRY = load_registry(ROOT / "claims.yaml")
# reruns that once put words in the article's mouth or reported another period than the one asked
ASKED = [("mexico-indonesia", {"countries": "MX,ID,BR"}), ("eu-october-vs-may", {"month": "2026-03"}),
         ("india-deficit", {"period": "FY2025-26"})]
RERUNS = [(claim.id, {name: str(value) for name, value in overrides.items()})
          for claim in REGISTRY.values() for overrides in ({}, claim.rerun)] + ASKED


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"the article's text is not at {ARTICLE}")
    return ARTICLE.read_text()


@pytest.mark.parametrize(("claim_id", "overrides"), RERUNS, ids=lambda value: str(value))
def test_every_parts_words_are_the_articles_own(ledger, article, claim_id, overrides):
    claim = REGISTRY[claim_id]
    for part in run_check(ledger, claim, overrides).judged_parts():
        for piece in (part.words or claim.quote).split(" ... "):
            assert piece in article, (part.words, piece)


def test_a_country_the_article_does_not_name_is_asked_about_apart_from_its_words(ledger):
    claim = REGISTRY["mexico-indonesia"]
    article_parts = run_check(ledger, claim).result()["parts"]
    rerun_parts = run_check(ledger, claim, {"countries": "MX,ID,BR"}).result()["parts"]
    assert [part["words"] for part in rerun_parts] == [part["words"] for part in article_parts] + [OTHER_WORDS]
    assert not any("asks" in part for part in article_parts)
    assert not any("Brazil" in part["words"] for part in rerun_parts)
    assert "Mexico, Indonesia, Brazil" in rerun_parts[0]["asks"] and "Brazil" in rerun_parts[-1]["asks"]
    assert [part.get("asks", "") for part in rerun_parts[1:3]] == ["", ""]  # Mexico and Indonesia: the article's own


@pytest.mark.parametrize(("claim_id", "overrides"), ASKED[1:], ids=lambda value: str(value))
def test_the_headline_period_is_the_period_asked(ledger, claim_id, overrides):
    result = run_check(ledger, REGISTRY[claim_id], overrides).result()
    assert result["period"] == next(iter(overrides.values()))
    assert result["measured"] is None and result["missing"]  # the ledger has no figure for that period yet
