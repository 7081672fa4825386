"""A claim whose figure counts things (countries, statements, events) shows it as a whole number wherever a reader
sees it: the reports, the index, the annotated article and the README's claims table ("2 countries", not "2.0")."""

from __future__ import annotations

import json
import re

import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.notebook.html import measured_number, number

from ..conftest import copy_project, tradeclaims
from ..test_docs import generator

COUNT_CLAIMS = ("mexico-indonesia", "us-measures", "eu-measures")
# a count shown with a decimal, as the pages showed it before ("4.0 statements")
COUNT_WITH_DECIMAL = re.compile(r"\b\d[\d,]*\.\d+ (?:countries|statements|events)\b")


def test_a_whole_count_has_no_decimal_and_other_figures_keep_theirs():
    assert number(2.0, "countries") == "2 countries"
    assert number(1234, "events") == "1,234 events"
    assert number(2.5, "events") == "2.5 events"  # not a whole count: its decimal is not rounded away
    assert number(2.0, "US$ bn") == "2.0 US$ bn"
    assert measured_number({"measured": 4.0, "unit": "statements", "bound": "lower"}) == "at least 4 statements"


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    """A copy of the project with the claims whose figure is a count run with `tradeclaims run`."""
    project = copy_project(tmp_path_factory.mktemp("counts"))
    result = tradeclaims("run", *COUNT_CLAIMS, cwd=project)
    assert result.returncode == 0, result.stderr
    entries = json.loads((project / "reports" / "results.json").read_text())["claims"]
    return project, {entry["id"]: entry for entry in entries if entry["id"] in COUNT_CLAIMS}


def test_every_page_shows_a_count_as_a_whole_number(counted):
    project, entries = counted
    pages = {name: (project / "reports" / name).read_text()
             for name in ["index.html", "article.html", *(f"{claim_id}.html" for claim_id in COUNT_CLAIMS)]}
    for claim_id, entry in entries.items():
        whole = f"{entry['measured']:.0f} {entry['unit']}"
        assert entry["measured"] == int(entry["measured"]) > 0 and entry["unit"] in ("countries", "statements")
        for name in ("index.html", "article.html", f"{claim_id}.html"):
            assert whole in pages[name], (claim_id, name)
    for name, page in pages.items():
        assert not COUNT_WITH_DECIMAL.findall(page), name


def test_the_readmes_claims_table_shows_a_count_as_a_whole_number(counted):
    project, entries = counted
    registry = {claim_id: claim for claim_id, claim in load_registry(project / "claims.yaml").items()
                if claim_id in COUNT_CLAIMS}
    table = generator().claims_table(registry, {"claims": list(entries.values())})
    for claim_id, entry in entries.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| [{claim_id}]"))
        assert f"| {entry['measured']:.0f} {entry['unit']} ({entry['period']}) |" in row
    assert not COUNT_WITH_DECIMAL.findall(table)
