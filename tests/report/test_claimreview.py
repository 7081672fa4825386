"""Every claim's report carries schema.org ClaimReview markup, read back with extruct as search tools read it."""

from __future__ import annotations

import json

import extruct
import pytest
import yaml

from tradeclaims.checks.verdicts import NOT_SUPPORTED, PARTLY, SUPPORTED

from ..conftest import ROOT

SCALE = {NOT_SUPPORTED: 1, PARTLY: 2, SUPPORTED: 3}


def reviews(page: str) -> list[dict]:
    found = extruct.extract(page, base_url="https://example.org/reports/", syntaxes=["json-ld"], uniform=True)
    return [item for item in found["json-ld"] if item.get("@type") == "ClaimReview"]


@pytest.mark.slow
def test_every_claim_page_has_one_claimreview_whose_rating_names_the_verdict(built_project):
    registry = yaml.safe_load((ROOT / "claims.yaml").read_text())
    claims = {claim["id"]: claim for claim in registry["claims"]}
    out = built_project / "reports"
    results = json.loads((out / "results.json").read_text())
    assert len(results["claims"]) == len(claims)
    built = results["run"]["built"][:10]
    for entry in results["claims"]:
        (review,) = reviews((out / entry["report"]).read_text())
        assert review["@context"] == "https://schema.org"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] == entry["verdict"]
        assert rating.get("ratingValue") == SCALE.get(entry["verdict"])
        assert (rating["worstRating"], rating["bestRating"]) == (1, 3)
        assert review["claimReviewed"] == claims[entry["id"]]["claim"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"]["headline"] == registry["article"]["title"]
        assert item["appearance"]["datePublished"] == registry["article"]["published"]
        assert review["author"] == {"@type": "Organization", "name": "tradeclaims"}
        assert review["url"] == entry["report"]
        assert review["datePublished"] == review["dateModified"] == built  # the first build in this folder


def test_a_reason_cannot_end_the_markup_early():
    from tradeclaims.checks.registry import load_registry
    from tradeclaims.report.claimreview import claim_review, script

    claim = load_registry(ROOT / "claims.yaml")["us-november-drop"]
    entry = {"status": "ok", "verdict": SUPPORTED, "report": "us-november-drop.html",
             "reason": "</script><script>alert(1)</script> & more"}
    markup = script(claim_review(claim, entry, [{"built": "2026-01-02T00:00:00Z", "verdict": SUPPORTED}]))
    (review,) = reviews(f"<html><body>{markup}</body></html>")
    assert review["reviewRating"]["ratingExplanation"] == entry["reason"]
    assert markup.count("</script>") == 1
