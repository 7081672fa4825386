"""The kept pages docs/fetching.md offers to `fetch --file`: each command runs as written, from a copy of the project
that holds the page where the command names it, and stores the page's figures; what the section says is refused is."""

from __future__ import annotations

import ast
import csv
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT, tradeclaims
from . import FIXTURES

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

SECTION = "## Trying a connector on a kept page"
CENSUS = FIXTURES / "census"


def documented_commands() -> list[list[str]]:
    """The `fetch ... --file` commands of the section, as argument lists after `.venv/bin/tradeclaims`."""
    text = (ROOT / "docs" / "fetching.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith(".venv/bin/tradeclaims fetch")]


def fetch_as_documented(project: Path, arguments: list[str]) -> tuple[str, list[dict[str, str]]]:
    """Run one documented command in `project`, with the page it names copied there; its stdout and stored rows."""
    page = Path(arguments[arguments.index("--file") + 1])
    (project / page).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / page, project / page)
    result = tradeclaims(*arguments, cwd=project)
    assert result.returncode == 0, f"{shlex.join(arguments)}: {result.stderr}"
    with (project / "data" / "fetched" / arguments[1] / "observations.csv").open(newline="", encoding="utf-8") as handle:
        return result.stdout, list(csv.DictReader(handle))


def test_the_section_offers_a_kept_page_of_every_connector():
    from tradeclaims.fetch import CONNECTORS

    commands = documented_commands()
    assert sorted(arguments[1] for arguments in commands) == sorted(CONNECTORS)
    for arguments in commands:
        assert arguments[0] == "fetch" and (ROOT / arguments[arguments.index("--file") + 1]).is_file()


@pytest.mark.parametrize("arguments", documented_commands(), ids=lambda arguments: arguments[1])
def test_every_kept_page_offered_is_read_and_stored(project_copy, arguments):
    stdout, rows = fetch_as_documented(project_copy, arguments)
    assert stdout.startswith(f"stored data/fetched/{arguments[1]}/") and rows
    assert tradeclaims("validate", cwd=project_copy).returncode == 0


def test_the_census_answer_stores_canada_and_the_world_in_dollars(project_copy):
    (arguments,) = [arguments for arguments in documented_commands() if arguments[1] == "census"]
    _, rows = fetch_as_documented(project_copy, arguments)
    assert {(row["reporter"], row["partner"], row["flow"], row["period"], row["value"], row["unit"]) for row in rows} \
        == {("US", "CA", "exports", "2018-06", "26.140730952", "USD bn"),
            ("US", "WLD", "exports", "2018-06", "145.10995553", "USD bn")}


@pytest.mark.parametrize("name", ["exports-hs-2018-06-first-rows", "exports-hs-2025-10-first-rows"])
def test_each_census_json_holds_the_printed_rows_of_its_page(name):
    """The .json is the page's printout (a Python list) as the API writes it: the same rows, every cell unchanged."""
    printed = ast.literal_eval((CENSUS / f"{name}.txt").read_text(encoding="utf-8"))
    assert json.loads((CENSUS / f"{name}.json").read_text(encoding="utf-8")) == printed


def test_what_the_section_says_census_refuses_is_refused_in_one_line(project_copy):
    printout = tradeclaims("fetch", "census", "--file", str(CENSUS / "exports-hs-2018-06-first-rows.txt"),
                           cwd=project_copy)
    groupings = tradeclaims("fetch", "census", "--file", str(CENSUS / "exports-hs-2025-10-first-rows.json"),
                            cwd=project_copy)
    assert printout.returncode == groupings.returncode == 2
    assert "not JSON" in printout.stderr and "exports-hs-2018-06-first-rows.txt" in printout.stderr
    assert "no rows for CTY_CODE 5700 (China) or another partner the ledger has" in groupings.stderr
    assert len(printout.stderr.strip().splitlines()) == len(groupings.stderr.strip().splitlines()) == 1
    assert not (project_copy / "data" / "fetched").exists()
