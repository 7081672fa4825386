"""The index page: every claim, its verdict, measured against the article's figure, a link to its report; and the
page of a claim's runs with other parameters."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tradeclaims.checks.article import Article
from tradeclaims.checks.verdicts import VERDICTS
from tradeclaims.report.article_page import date_text
from tradeclaims.report.changes import Changes, figure_text, shown_verdict
from tradeclaims.report.evidence import evidence_words
from tradeclaims.report.pages import ARTICLE_PAGE, render_page


def render(results: dict[str, Any], changes: Changes | None = None, article: Article | None = None,
           later: int = 0) -> str:
    """The index; `changes` since the previous build in this folder (None for the first build, or when every build
    kept is dated after this one: `later` of them); `article` the article the claims come from, named with a link to
    the annotated article beside the index."""
    claims = results["claims"]
    counts = Counter("failed" if claim["status"] != "ok" else claim["verdict"] for claim in claims)
    shown = [(label, counts[label]) for label in (*VERDICTS, "failed") if counts[label]]
    tiers = Counter(claim.get("evidence") or "none" for claim in claims if claim["status"] == "ok")
    claims = [{**claim, "evidence_words": evidence_words(claim)} for claim in claims]
    return render_page("index.html.j2", claims=claims, counts=shown, run=results["run"], tiers=tiers,
                       official=tiers["official"], changes=changes, later=later, article=article or Article(),
                       date=date_text((article or Article()).published), article_page=ARTICLE_PAGE,
                       figure_text=figure_text, shown_verdict=shown_verdict)


def render_runs(claim, results: dict[str, Any]) -> str:
    """The runs of one claim with parameters other than its own: what differs, the verdict, a link to each report."""
    return render_page("runs.html.j2", claim=claim, runs=results["claims"], run=results["run"])
