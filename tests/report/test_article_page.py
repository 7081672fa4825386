"""The article, annotated (reports/article.html): every claim's key phrase stands verbatim in the article, the page
lists the claims in the order the article makes them, paraphrases the rest without quoting it, escapes what
claims.yaml says, and is linked from the index and from every claim's report."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from tradeclaims.checks import verdicts
from tradeclaims.checks.article import Unchecked, parse_article
from tradeclaims.checks.registry import RegistryError, load_registry
from tradeclaims.notebook.html import badge
from tradeclaims.report import article_page, index_page
from tradeclaims.report.claim_page import header
from tradeclaims.report.pages import ALL_CLAIMS, SWEEP

from ..claim_checks import run_check
from ..conftest import ROOT

# The article the claims come from, beside the project (not part of it: the build never reads it)
ARTICLE_TEXT = ROOT.parent / "shared" / "seed" / "article.txt"
REGISTRY = load_registry(ROOT / "claims.yaml")
RUN = {"built": "2026-04-20T00:00:00Z", "version": "0", "data_hash": "0" * 12}


def article_text() -> str:
    if not ARTICLE_TEXT.is_file():
        pytest.skip(f"the article's text is not at {ARTICLE_TEXT} (it lives beside the project, in ../shared/seed)")
    return ARTICLE_TEXT.read_text(encoding="utf-8")


def position(text: str, quote: str) -> int:
    """Where a key phrase stands in the article: its first occurrence ('significant increase' is said twice; the
    first is about Europe, the claim's subject)."""
    return text.index(quote)


def outline_claims() -> list[str]:
    """The claims in the order claims.yaml's outline gives them."""
    return [item for item in parse_article(next(iter(REGISTRY.values())).article).outline if isinstance(item, str)]


def soup_of(page: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(page, "html.parser")


def listed_claims(page: str) -> list[str]:
    return [item["id"].removeprefix("claim-") for item in soup_of(page).select("ol.tc-article > li.tc-checked")]


@pytest.fixture(scope="module")
def results(ledger) -> dict:
    """Each claim's results entry as its check computes it from the shipped ledger (no kernel)."""
    entries = []
    for claim in REGISTRY.values():
        entries.append({"id": claim.id, "title": claim.title, "status": "ok", "report": f"{claim.id}.html",
                        "parameters": claim.defaults(), **run_check(ledger, claim).result()})
    return {"claims": entries, "run": RUN}


def test_every_key_phrase_stands_verbatim_in_the_article():
    text = article_text()
    assert [claim.id for claim in REGISTRY.values() if claim.quote not in text] == []


def test_the_outline_places_the_claims_in_the_order_of_their_key_phrases():
    text = article_text()
    order = outline_claims()
    assert sorted(order) == sorted(REGISTRY)
    assert order == sorted(order, key=lambda claim_id: position(text, REGISTRY[claim_id].quote))


def test_the_page_lists_every_claim_in_the_articles_order_with_its_verdict_and_figures(results):
    text = article_text()
    page = article_page.render(REGISTRY, results)
    listed = listed_claims(page)
    assert sorted(listed) == sorted(REGISTRY)
    positions = [position(text, REGISTRY[claim_id].quote) for claim_id in listed]
    assert positions == sorted(positions)
    soup = soup_of(page)
    entries = {entry["id"]: entry for entry in results["claims"]}
    for claim_id in listed:
        item, entry = soup.select_one(f"#claim-{claim_id}"), entries[claim_id]
        assert item.h2.a["href"] == f"{claim_id}.html"
        assert f"\u201c{REGISTRY[claim_id].quote}\u201d" in item.select_one(".tc-key-phrase").get_text()
        assert REGISTRY[claim_id].claim in item.get_text()
        assert item.select_one(".tc-badge").get_text() == entry["verdict"]
        figures = " ".join(item.select_one(".tc-figures").get_text(" ").split())
        if entry["measured"] is not None:
            measured = verdicts.rounded(entry["measured"], entry.get("bound"))
            assert f"{measured:,.{verdicts.shown_digits(measured, entry['unit'])}f} {entry['unit']}" in figures
        if entry["article_value"] is not None:
            assert f"the article: {entry['article_value']:,.1f}" in figures
        else:
            assert "the article printed no figure" in figures


def test_the_page_gives_the_articles_title_and_date(results):
    soup = soup_of(article_page.render(REGISTRY, results))
    source = soup.select_one(".tc-article-source").get_text()
    assert "\u201cBehind the trade surplus of the Chinese Communist Party hides enormous risks\u201d" in source
    assert "December 2025" in source


def test_every_statement_not_checked_is_on_the_page_between_the_claims_with_its_reason(results):
    soup = soup_of(article_page.render(REGISTRY, results))
    outline = parse_article(next(iter(REGISTRY.values())).article).outline
    statements = [item for item in outline if isinstance(item, Unchecked)]
    shown = soup.select("ol.tc-article > li.tc-unchecked")
    assert len(shown) == len(statements) > 5  # the outline keeps the statements not checked between the claims
    for item, statement in zip(shown, statements, strict=True):
        words = " ".join(item.get_text(" ").split())
        assert " ".join(statement.said.split()) in words and f"not checked {statement.why}" in words
    kinds = ["claim" if "tc-checked" in item["class"] else "said" for item in soup.select("ol.tc-article > li")]
    assert kinds == ["said" if isinstance(item, Unchecked) else "claim" for item in outline]


def word_runs(text: str, length: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9$%.]+", text.lower().replace("\u2019", "'"))
    return {tuple(words[start:start + length]) for start in range(len(words) - length + 1)}


def test_the_statements_not_checked_are_paraphrased_not_quoted():
    """No run of six words of a paraphrase is the article's own (only the key phrases are quoted)."""
    quoted = word_runs(article_text(), 6)
    outline = parse_article(next(iter(REGISTRY.values())).article).outline
    copied = {item.said: sorted(word_runs(item.said, 6) & quoted) for item in outline if isinstance(item, Unchecked)}
    assert {said: runs for said, runs in copied.items() if runs} == {}


def test_the_date_reads_in_words():
    assert article_page.date_text("2025-12") == "December 2025"
    assert article_page.date_text("2025-12-09") == "9 December 2025"
    assert article_page.date_text("2025") == "2025"
    assert article_page.date_text("2025-13") == "2025-13"  # not a month: shown as written
    assert article_page.date_text(None) == ""


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"quoted\""


def test_every_text_from_claims_yaml_is_escaped(results):
    claim = REGISTRY["us-november-drop"]
    article = {"title": HOSTILE, "published": HOSTILE, "publisher": HOSTILE, "url": "javascript:alert(3)",
               "outline": [{"said": HOSTILE, "why": HOSTILE}, {"claim": claim.id}]}
    hostile = replace(claim, title=HOSTILE, claim=HOSTILE, quote=HOSTILE, article=article)
    entry = next(entry for entry in results["claims"] if entry["id"] == claim.id)
    page = article_page.render({claim.id: hostile}, {**results, "claims": [{**entry, "period": HOSTILE}]})
    assert "<script>" not in page and "<img" not in page and 'href="javascript' not in page
    soup = soup_of(page)
    assert soup.select_one("li.tc-checked h2").get_text() == HOSTILE  # every text reads back as written
    assert soup.select_one("li.tc-unchecked p").get_text() == HOSTILE
    assert soup.select_one(".tc-key-phrase").get_text() == f"The article: \u201c{HOSTILE}\u201d"
    # the page's title; the article's title, publisher and date; the statement and its reason; the claim's title,
    # quote and paraphrase; the period
    assert soup.get_text().count(HOSTILE) == 10


def test_a_verdict_the_stylesheet_does_not_know_gets_a_neutral_badge(results):
    assert badge("mostly true") == '<span class="tc-badge tc-mostly-true tc-other">mostly true</span>'
    assert "tc-other" not in badge("supported") and "tc-other" not in badge("failed")
    entry = {**results["claims"][0], "verdict": "mostly true"}
    page = article_page.render(REGISTRY, {**results, "claims": [entry, *results["claims"][1:]]})
    assert soup_of(page).select_one(f"#claim-{entry['id']} .tc-badge.tc-other").get_text() == "mostly true"


def test_a_claim_not_run_here_is_listed_without_a_link(results):
    page = article_page.render(REGISTRY, {**results, "claims": results["claims"][1:]})
    missing = soup_of(page).select_one(f"#claim-{results['claims'][0]['id']}")
    assert missing.a is None and "Not run in this folder yet" in missing.get_text()
    assert len(listed_claims(page)) == len(REGISTRY)


def test_a_failed_claim_links_to_its_error(results):
    failed = {**results["claims"][0], "status": "failed", "verdict": None,
              "report": f"{results['claims'][0]['id']}.failed.html#papermill-error-cell"}
    page = article_page.render(REGISTRY, {**results, "claims": [failed, *results["claims"][1:]]})
    item = soup_of(page).select_one(f"#claim-{failed['id']}")
    assert item.select_one(".tc-badge").get_text() == "failed"
    assert [anchor["href"] for anchor in item.find_all("a")] == [failed["report"]] * 2


def test_without_an_outline_the_page_follows_the_registry(results):
    bare = {claim_id: replace(claim, article={"title": "An article"}) for claim_id, claim in REGISTRY.items()}
    page = article_page.render(bare, results)
    assert listed_claims(page) == list(REGISTRY) and soup_of(page).select("li.tc-unchecked") == []


def test_the_index_names_the_article_and_links_to_it(results):
    index = soup_of(index_page.render(results, None, article_page.article_of(REGISTRY)))
    source = index.select_one(".tc-article-source")
    assert "Behind the trade surplus" in source.get_text() and "December 2025" in source.get_text()
    assert source.find("a", href="article.html") is not None


def test_every_claim_report_links_to_the_article_but_a_sweeps_does_not(results):
    claim = REGISTRY["india-deficit"]
    entry = next(entry for entry in results["claims"] if entry["id"] == claim.id)
    assert soup_of(header(claim, entry, ALL_CLAIMS)).find("a", href="article.html").get_text() == (
        "The article, annotated")
    assert soup_of(header(claim, entry, SWEEP)).find("a", href="article.html") is None


def registry_with(tmp_path: Path, edit) -> Path:
    document = yaml.safe_load((ROOT / "claims.yaml").read_text())
    edit(document["article"]["outline"])
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return path


def last_line_with(path: Path, text: str) -> int:
    return max(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(("edit", "message", "at"), [
    (lambda outline: outline.append({"claim": "no-such-claim"}), "unknown claim 'no-such-claim'", "no-such-claim"),
    (lambda outline: outline.append({"claim": "india-deficit"}), "claim india-deficit is placed twice",
     "claim: india-deficit"),
    (lambda outline: outline.remove({"claim": "weak-imports"}), "claim weak-imports is not placed", "outline:"),
    (lambda outline: outline.append({"claim": "india-deficit", "said": "x", "why": "y"}),
     "each item is either {claim: ID} or {said: ..., why: ...}", "claim: india-deficit"),
    (lambda outline: outline.append({"said": "a statement without its reason"}), "each item is either",
     "a statement without its reason"),
    (lambda outline: outline.append({"said": "x", "why": "y", "wy": "z"}), "unknown key 'wy'", "wy: z"),
])
def test_a_wrong_outline_is_refused_with_its_line(tmp_path, edit, message, at):
    path = registry_with(tmp_path, edit)
    with pytest.raises(RegistryError, match=re.escape(message)) as refused:
        load_registry(path)
    assert refused.value.line == last_line_with(path, at)


@pytest.mark.slow
def test_a_build_writes_the_article_beside_the_index(built_project):
    reports = built_project / "reports"
    page = (reports / "article.html").read_text()
    assert listed_claims(page) == outline_claims()
    links = [item.h2.a["href"] for item in soup_of(page).select("ol.tc-article > li.tc-checked")]
    assert all((reports / href).is_file() for href in links) and len(links) == len(REGISTRY)
    assert 'href="article.html"' in (reports / "index.html").read_text()
    assert all('href="article.html"' in (reports / href).read_text() for href in links)
