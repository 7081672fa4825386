"""schema.org ClaimReview markup for a claim's report: the markup fact-check search tools read.

The rating's scale: 1 not supported, 2 partly supported, 3 supported; "insufficient data" and "too early to tell"
are named as the rating (alternateName) without a value on that scale. The dates come from the claim's verdict over time:
datePublished the first build that gave it, dateModified the build since which its verdict has stood.
"""

from __future__ import annotations

import json
from typing import Any

from tradeclaims.checks.registry import Claim
from tradeclaims.checks.verdicts import NOT_SUPPORTED, PARTLY, SUPPORTED
from tradeclaims.report.timeline import first_published, verdict_since

AUTHOR = {"@type": "Organization", "name": "tradeclaims"}
SCALE = {NOT_SUPPORTED: 1, PARTLY: 2, SUPPORTED: 3}


def rating(entry: dict[str, Any]) -> dict[str, Any]:
    verdict = entry["verdict"]
    value = {"ratingValue": SCALE[verdict]} if verdict in SCALE else {}
    return {"@type": "Rating", **value, "bestRating": max(SCALE.values()), "worstRating": min(SCALE.values()),
            "alternateName": verdict, "ratingExplanation": entry.get("reason") or ""}


def appearance(article: dict[str, Any]) -> dict[str, Any]:
    """The article the claim appeared in, with what claims.yaml records of it."""
    work: dict[str, Any] = {"@type": "OpinionNewsArticle", "headline": article.get("title") or "the article"}
    if article.get("published"):
        work["datePublished"] = str(article["published"])
    if article.get("url"):
        work["url"] = article["url"]
    if article.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": article["publisher"]}
    return work


def day(built: str | None) -> str | None:
    return built[:10] if built else None


def claim_review(claim: Claim, entry: dict[str, Any], points: list[dict[str, Any]]) -> dict[str, Any]:
    """The ClaimReview of a claim's verdict; points is its verdict over time, this build included."""
    work = appearance(claim.article)
    item = {"@type": "Claim", "appearance": work, **({"datePublished": work["datePublished"]}
                                                      if "datePublished" in work else {})}
    return {"@context": "https://schema.org", "@type": "ClaimReview", "url": entry["report"],
            "name": claim.title, "claimReviewed": claim.claim, "itemReviewed": item, "reviewRating": rating(entry),
            "author": AUTHOR, "datePublished": day(first_published(points)), "dateModified": day(verdict_since(points))}


def script(review: dict[str, Any]) -> str:
    """The markup as a script element; '<', '>' and '&' escaped so no text can end the element early."""
    text = json.dumps(review, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'
