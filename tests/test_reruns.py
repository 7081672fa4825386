"""Reruns with other parameters through the command line, as a user makes them: the page and results.json keep the
article's words and say apart what the rerun asks; the headline period is the period asked; a verdict without its
figure says in the runs' index why."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from .conftest import ROOT, tradeclaims

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # the article the claims come from, beside the project


def rerun(claim_id: str, name: str, value: str, out: Path) -> tuple[dict, str, str]:
    """The rerun's results.json entry, its report page and the runs' index page of its claim."""
    result = tradeclaims("run", claim_id, "-p", name, value, "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    runs = out / "runs" / claim_id
    entry = json.loads((runs / "results.json").read_text())["claims"][0]
    return entry, (runs / entry["report"]).read_text(), (runs / "index.html").read_text()


@pytest.mark.slow
def test_a_rerun_with_another_country_keeps_the_articles_words(tmp_path):
    entry, page, _ = rerun("mexico-indonesia", "countries", "MX,ID,BR", tmp_path)
    words = [part["words"] for part in entry["parts"]]
    assert not any("Brazil" in each for each in words)
    if ARTICLE.exists():
        article = ARTICLE.read_text()
        assert all(piece in article for each in words for piece in each.split(" ... "))
    text = html.unescape(page)
    quoted = [each.split("\u201d")[0] for each in text.split("\u201c")[1:]]
    assert quoted and not any("Brazil" in text for text in quoted)  # the page quotes the article, never the rerun
    asks = [part["asks"] for part in entry["parts"] if "asks" in part]
    assert len(asks) == 2 and all("Brazil" in each for each in asks)
    assert all(f"this rerun asks: {each}" in text for each in asks)


@pytest.mark.slow
@pytest.mark.parametrize(("claim_id", "name", "value"), [("eu-october-vs-may", "month", "2026-03"),
                                                         ("india-deficit", "period", "FY2025-26")])
def test_the_headline_period_is_the_period_asked_and_a_missing_figure_says_why(tmp_path, claim_id, name, value):
    entry, _, index = rerun(claim_id, name, value, tmp_path)
    assert entry["period"] == value
    assert entry["measured"] is None and entry["missing"]
    row = next(line for line in index.split("<tr") if f"{name} = {value}" in line)
    reason = "not in the ledger: " + entry["missing"][0]
    assert f'n/a<br><span class="tc-meta tc-no-figure">{reason}</span>' in html.unescape(row)
