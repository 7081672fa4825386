"""A claim is executed again when what it read from the ledger changes, or its entry in claims.yaml: not otherwise."""

from __future__ import annotations

import json
import re

import pytest

from tradeclaims.cli import main

from ..conftest import tradeclaims

CLAIMS = ("us-november-drop", "india-deficit", "weak-imports")


def add_row(project, row: str) -> None:
    with (project / "data" / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    assert main(["validate", "--update-hashes"]) == 0


def executed(result) -> dict[str, str]:
    """The claims the run executed, with the reason it printed for each."""
    assert result.returncode == 0, result.stderr
    return dict(re.findall(r"^  ([a-z0-9-]+): (?!supported|partly|not supported|insufficient)(.+)$", result.stderr,
                           flags=re.MULTILINE))


def record(project, claim_id: str) -> dict:
    return json.loads((project / "reports" / ".tradeclaims-cache" / f"{claim_id}.entry.json").read_text())


@pytest.mark.slow
def test_a_figure_re_executes_exactly_the_claims_that_read_it(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    assert set(executed(tradeclaims("run", *CLAIMS, cwd=project_copy))) == set(CLAIMS)
    assert all(record(project_copy, claim_id)["digests"] for claim_id in CLAIMS)
    before = json.loads((project_copy / "reports" / "results.json").read_text())["claims"]

    # another page giving China's exports to the US in November 2025: only the claim on that month reads it
    add_row(project_copy, "CN,US,exports,2025-11,value,33.8,USD bn,USD,us-baystreet-2025-12-08,,,")
    again = executed(tradeclaims("run", *CLAIMS, cwd=project_copy))
    assert list(again) == ["us-november-drop"]
    assert again["us-november-drop"] == "figures it reads changed: CN exports with US, 2025-11 (value, USD)"

    # a figure for a series no claim selects: nothing is executed, and the records move to today's data
    add_row(project_copy, "CN,ZA,exports,1899-01,value,1.0,USD bn,USD,us-baystreet-2025-12-08,,,")
    assert executed(tradeclaims("run", *CLAIMS, cwd=project_copy)) == {}
    fingerprint = json.loads((project_copy / "reports" / ".tradeclaims-cache" / "validated.json").read_text())
    assert record(project_copy, "india-deficit")["data_files"]["observations.csv"] == fingerprint["observations.csv"]
    after = json.loads((project_copy / "reports" / "results.json").read_text())["claims"]
    assert [entry["verdict"] for entry in after] == [entry["verdict"] for entry in before]


@pytest.mark.slow
def test_an_edited_title_reaches_the_report(project_copy):
    assert tradeclaims("run", "india-deficit", "weak-imports", cwd=project_copy).returncode == 0
    registry = project_copy / "claims.yaml"
    text = registry.read_text()
    title = re.search(r"^  - id: india-deficit\n    title: (.+)$", text, flags=re.MULTILINE)
    assert title is not None
    registry.write_text(text.replace(title.group(0), title.group(0).replace(title.group(1), "India's gap, edited")))
    again = executed(tradeclaims("run", "india-deficit", "weak-imports", cwd=project_copy))
    assert again == {"india-deficit": "its entry in claims.yaml changed"}
    assert "gap, edited" in (project_copy / "reports" / "india-deficit.html").read_text()
