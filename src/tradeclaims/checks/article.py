"""The article the claims come from (claims.yaml `article:`): its title, date, and its outline.

The outline is the article in its own order, as the annotated page shows it: each checked claim by its id, and
between them, paraphrased in our words, the article's other statements that we do not check, each with the reason.
It is kept in claims.yaml (not read from the article's text at run time: the text is not part of the project);
a test holds it against the article's text, by where each claim's quoted key phrase stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradeclaims.errors import shown


@dataclass(frozen=True)
class Unchecked:
    """A statement of the article that no claim checks: what it says (our paraphrase) and why it is not checked."""

    said: str
    why: str


@dataclass(frozen=True)
class Article:
    title: str | None = None
    published: str | None = None  # as claims.yaml gives it: YYYY, YYYY-MM or YYYY-MM-DD
    publisher: str | None = None
    url: str | None = None
    outline: tuple[str | Unchecked, ...] = ()  # claim ids and unchecked statements, in the article's order

    def items(self, claim_ids: list[str]) -> tuple[str | Unchecked, ...]:
        """What the annotated page lists, in order: the outline, or each claim in the registry's order."""
        return self.outline or tuple(claim_ids)


def parse_article(section: dict[str, Any] | None) -> Article:
    """claims.yaml's `article:` (already checked by the schema and by outline_problems) as an Article."""
    section = section or {}
    outline = tuple(item["claim"] if "claim" in item else Unchecked(item["said"], item["why"])
                    for item in section.get("outline") or ())
    return Article(title=section.get("title"), published=optional_text(section.get("published")),
                   publisher=section.get("publisher"), url=section.get("url"), outline=outline)


def optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def outline_problems(section: dict[str, Any] | None, claim_ids: list[str]) -> list[tuple[int, str]]:
    """What is wrong with the outline, as (line, message): an item that is neither a claim nor a statement with its
    reason, an unknown claim, a claim placed twice or not at all. No outline is no problem (the page then follows
    the registry's order)."""
    items = (section or {}).get("outline") or []
    if not items:
        return []
    problems: list[tuple[int, str]] = []
    placed: dict[str, int] = {}
    for item in items:
        line, keys = getattr(item, "line", 0), set(item)
        if keys == {"said", "why"}:
            continue
        if keys != {"claim"}:
            problems.append((line, "article: outline: each item is either {claim: ID} or {said: ..., why: ...}"))
        elif item["claim"] not in claim_ids:
            problems.append((line, f"article: outline: unknown claim {shown(item['claim'])}"))
        elif item["claim"] in placed:
            problems.append((line, f"article: outline: claim {item['claim']} is placed twice (first on line "
                                   f"{placed[item['claim']]})"))
        else:
            placed[item["claim"]] = line
    missing = [claim_id for claim_id in claim_ids if claim_id not in placed]
    if missing:
        problems.append((getattr(section, "key_lines", {}).get("outline", 0),
                         f"article: outline: claim {missing[0]} is not placed (every claim has its place in the "
                         "article's order)"))
    return problems
