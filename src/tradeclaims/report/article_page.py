"""The article, annotated: its title and date, then in its own order each checked claim (the key phrase quoted, our
paraphrase, the verdict, the measured figure beside the article's, a link to the report) and, between them, the
article's other statements paraphrased, each marked "not checked" with the reason. The order and the paraphrases
come from claims.yaml (`article: outline:`); the verdicts and figures from the build's results."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

from tradeclaims.checks.article import Article, Unchecked, parse_article
from tradeclaims.checks.registry import Claim
from tradeclaims.report.pages import render_page


@dataclass(frozen=True)
class Checked:
    """A checked claim in the article's order, with its line of results.json (None when it has not run here)."""

    claim: Claim
    entry: dict[str, Any] | None


def article_of(registry: dict[str, Claim]) -> Article:
    """The article the registry's claims come from (every claim carries claims.yaml's `article:`)."""
    return parse_article(next(iter(registry.values())).article if registry else None)


def date_text(published: str | None) -> str:
    """claims.yaml's date in words: '2025-12' reads 'December 2025', '2025-12-09' '9 December 2025'."""
    if not published:
        return ""
    found = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published)
    if not found or not 1 <= int(found[2]) <= 12:
        return published
    month = f"{calendar.month_name[int(found[2])]} {found[1]}"
    return f"{int(found[3])} {month}" if found[3] else month


def annotated(registry: dict[str, Claim], results: dict[str, Any]) -> list[Checked | Unchecked]:
    """The page's items in the article's order: each claim with its results entry, and the unchecked statements."""
    entries = {entry["id"]: entry for entry in results["claims"]}
    return [Checked(registry[item], entries.get(item)) if isinstance(item, str) else item
            for item in article_of(registry).items(list(registry))]


def render(registry: dict[str, Claim], results: dict[str, Any]) -> str:
    article = article_of(registry)
    items = annotated(registry, results)
    return render_page("article.html.j2", article=article, date=date_text(article.published), items=items,
                       checked=sum(isinstance(item, Checked) for item in items),
                       unchecked=sum(isinstance(item, Unchecked) for item in items), run=results["run"])
