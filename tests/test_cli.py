"""The command line as a user meets it: exit statuses, one-line errors, nothing overwritten."""

import csv
import json

import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.ledger.quality import TIER_MEANING, TIERS

from .conftest import ROOT, tradeclaims
from .documents import code_lines


def test_list_names_every_claim(cli):
    result = cli("list", cwd=ROOT)
    assert result.returncode == 0
    assert {"exports-jan-nov", "surplus-jan-nov", "us-november-drop", "india-deficit"} <= {
        line.split()[0] for line in result.stdout.splitlines()}


def test_list_shows_what_every_parameter_accepts_and_each_listed_value_runs(cli):
    """`list --parameters --format json` gives every parameter's allowed values (or range, or form); each value it
    lists is one the parameter check accepts, and the text form shows every one of them."""
    from tradeclaims.checks.parameters import resolve_parameters
    from tradeclaims.errors import UsageError
    from tradeclaims.ledger.coverage import data_index

    listing = json.loads(cli("list", "--parameters", "--format", "json", cwd=ROOT).stdout)["claims"]
    text = cli("list", "--parameters", cwd=ROOT).stdout
    registry, data = load_registry(ROOT / "claims.yaml"), data_index(ROOT / "data")
    assert [claim["id"] for claim in listing] == list(registry)
    for claim in listing:
        specs = registry[claim["id"]].parameters
        assert [spec["name"] for spec in claim["parameters"]] == list(specs)
        for spec in claim["parameters"]:
            allowed = spec["allowed"]
            if spec["type"] in ("number", "integer"):
                assert (allowed["min"], allowed["max"]) == (specs[spec["name"]].min, specs[spec["name"]].max)
            for value in allowed.get("values", []):
                assert f" {value}," in text or f" {value}\n" in text or f" {value};" in text, (claim["id"], value)
                if spec["type"] != "partners":  # a list of partners: each code beside the others of the default
                    try:
                        resolve_parameters(registry[claim["id"]], {spec["name"]: value}, data)
                    except UsageError as refused:  # another parameter's default may not fit it (a period, a partner)
                        assert f"parameter {spec['name']}=" not in str(refused), str(refused)
    south = next(spec for spec in listing[[c["id"] for c in listing].index("global-south-size")]["parameters"]
                 if spec["name"] == "west")["allowed"]
    assert south["not"] == ["WLD", "CN"] and south["apart_from"] == "south" and "MIDEAST" in south["values"]


def test_the_installed_command_runs_as_a_user_would_run_it():
    result = tradeclaims("validate", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    *warnings, last = result.stdout.strip().splitlines()
    assert last == "data/ and claims.yaml are valid"
    assert all(line.startswith("warning: data/observations.csv:") for line in warnings)  # findings about the sources


def test_validate_accepts_the_shipped_data_and_registry(cli):
    result = cli("validate", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_validate_summary_prints_the_tier_table_the_docs_show(cli):
    from tradeclaims.ledger.summary import ledger_summary

    result = cli("validate", "--summary", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    table = ledger_summary(ROOT / "data")
    assert table in result.stdout
    assert table in (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8"), \
        "docs/ledger.md's tier table: .venv/bin/python scripts/generate_docs.py"
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as handle:
        official = sum(row["kind"] == "official" for row in csv.DictReader(handle))
    assert f"| `official` | {TIER_MEANING['official']} | {official} |" in table


@pytest.mark.parametrize(("args", "message"), [
    (["run", "no-such-claim"], "unknown claim 'no-such-claim'"),
    (["run", "us-november-drop", "-p", "month", "2025-13"], "parameter month='2025-13'"),
    (["run", "us-november-drop", "-p", "month", "2019-01"], "2019-01: no figures for partner US"),
    (["run", "us-november-drop", "-p", "partner", "XX"], "parameter partner='XX'"),
    (["run", "us-november-drop", "-p", "colour", "red"], "unknown parameter 'colour'"),
    (["run", "us-november-drop", "-p", "tolerance", "lots"], "expected a number"),
    (["run", "--jobs", "0"], "--jobs must be from 1 to 64, not 0"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_usage_exits_2_with_one_line_before_any_kernel(project_copy, cli, args, message):
    result = cli(*args, cwd=project_copy)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (project_copy / "reports").exists()


def test_injected_code_in_a_parameter_is_refused(project_copy, cli):
    result = cli("run", "us-november-drop", "-p", "partner", "US'); import os; os.system('x')#", cwd=project_copy)
    assert result.returncode == 2
    assert "parameter partner=" in result.stderr


def test_corrupt_data_is_reported_by_file_and_line(project_copy, cli):
    observations = project_copy / "data" / "observations.csv"
    lines = observations.read_text().splitlines()
    fields = lines[5].split(",")
    fields[5] = "lots"
    lines[5] = ",".join(fields)
    observations.write_text("\n".join(lines) + "\n")
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 2
    assert "data/observations.csv:6:" in result.stdout
    assert "hash" in result.stdout  # the descriptor's sha256 no longer matches
    run = cli("run", cwd=project_copy)
    assert run.returncode == 2 and "data/observations.csv:6:" in run.stderr
    assert not (project_copy / "reports").exists()


@pytest.mark.slow
def test_run_builds_every_report_and_the_cache_skips_a_second_run(built_project):
    reports = built_project / "reports"
    results = json.loads((reports / "results.json").read_text())
    by_id = {entry["id"]: entry for entry in results["claims"]}
    assert by_id["us-november-drop"]["measured"] == pytest.approx(-29)  # the rate from AP's wire copy
    assert by_id["us-november-drop"]["evidence"] == "wire"
    assert by_id["exports-jan-nov"]["verdict"] == "supported"
    assert by_id["india-deficit"]["measured"] == pytest.approx(99.2)
    for entry in results["claims"]:
        assert entry["status"] == "ok"
        assert set(entry) >= {"id", "status", "verdict", "measured", "unit", "article_value", "parameters",
                              "report", "sources"}
        assert (reports / entry["report"]).exists() and (reports / f"{entry['id']}.ipynb").exists()
        assert entry["sources"] and all(url.startswith("http") for url in entry["sources"])
        assert isinstance(entry["alternatives"], list)
        kinds = [figure["kind"] for figure in entry["inputs"]]  # the weakest kind among every input of the verdict
        kinds += [event["kind"] for event in entry["events"] if event["counted"]]  # and every event it rests on
        assert entry["evidence"] == (max(kinds, key=TIERS.index) if kinds else None)
        # robust only when tested against an alternative of the evidence's standing at least
        tested = [item for item in entry["alternatives"]
                  if entry["evidence"] is None or TIERS.index(item["kind"]) <= TIERS.index(entry["evidence"])]
        assert entry["robust"] == (all(item["verdict"] == entry["verdict"] for item in tested) if tested else None)
    page = (reports / "us-november-drop.html").read_text()
    assert page.index("tc-verdict") < page.index("Sources")
    assert "<script src=" not in page and "data:image/" in page
    claim_ids = list(load_registry(ROOT / "claims.yaml"))
    assert [entry["id"] for entry in results["claims"]] == claim_ids
    assert (reports / "index.html").read_text().count('class="tc-badge') >= len(claim_ids)

    second = tradeclaims("run", cwd=built_project)
    assert second.returncode == 0
    assert f"0 executed, {len(results['claims'])} from cache" in second.stdout
    again = json.loads((reports / "results.json").read_text())
    assert [c["verdict"] for c in again["claims"]] == [c["verdict"] for c in results["claims"]]


def edit_observation(project, column, value, line=5):
    import csv

    path = project / "data" / "observations.csv"
    rows = list(csv.reader(path.open()))
    header = rows[0]
    if column is None:  # duplicate the row
        rows.insert(line, rows[line - 1])
    elif value is None:  # drop the column
        index = header.index(column)
        rows = [row[:index] + row[index + 1:] for row in rows]
    else:
        rows[line - 1][header.index(column)] = value
    with path.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("partner", "XX", "foreign key"),
    ("unit", "USD gazillion", "unit"),
    ("source_id", "no-such-source", "foreign key"),
    ("period", "2025-13", "period"),
    ("currency", "EUR", "currency"),
    (None, None, "primary key"),
    ("unit", None, "unit"),
])
def test_each_kind_of_bad_data_is_named_with_its_line(project_copy, cli, column, value, expected):
    edit_observation(project_copy, column, value)
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 2
    assert "data/observations.csv" in result.stdout and expected in result.stdout.lower()


@pytest.mark.slow
def test_a_partial_run_takes_other_claims_lines_from_their_verified_records(built_project, project_copy):
    import shutil

    reports = project_copy / "reports"
    shutil.copytree(built_project / "reports", reports)
    built = {entry["id"]: entry for entry in json.loads((reports / "results.json").read_text())["claims"]}
    results = json.loads((reports / "results.json").read_text())
    for entry in results["claims"]:
        if entry["id"] == "exports-jan-nov":  # a hand-edited line
            entry.update(verdict="not supported", measured=1.0)
    (reports / "results.json").write_text(json.dumps(results))
    (reports / "india-deficit.html").write_text("<p>replaced</p>")  # a report whose record no longer vouches for it

    partial = tradeclaims("run", "us-november-drop", cwd=project_copy)
    assert partial.returncode == 0, partial.stderr
    after = {entry["id"]: entry for entry in json.loads((reports / "results.json").read_text())["claims"]}
    assert after["exports-jan-nov"] == built["exports-jan-nov"]
    assert after["exports-jan-nov"]["verdict"] == "supported"
    assert "india-deficit" not in after and sorted(after) == sorted(set(built) - {"india-deficit"})


def pasted(line: str, cwd, path: str = "/usr/local/bin:/usr/bin:/bin"):
    """A command line pasted into a new shell in a folder: no venv active, nothing of ours on PATH."""
    import os
    import subprocess

    environment = {name: value for name, value in os.environ.items() if name not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(["bash", "-c", line], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**environment, "PATH": path})


@pytest.mark.slow
def test_the_reports_rerun_line_works_pasted_in_the_project_folder(built_project, project_copy):
    """The line at the foot of a report, pasted as it reads in the project's folder (whose set-up made .venv): it runs
    the claim with the other parameters; run again, the cache serves it and its verdict is still printed; progress
    names the claim and its parameters, not a file name."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built_project / "reports" / "us-november-drop.html").read_text(), "html.parser")
    line = next(paragraph for paragraph in page.select("footer p")
                if paragraph.get_text().startswith("Run with other parameters")).code.get_text()
    assert line == ".venv/bin/tradeclaims run us-november-drop -p month 2025-05"
    assert line in code_lines(ROOT / "README.md")  # the README gives the same form of the command
    (project_copy / ".venv").symlink_to(ROOT / ".venv")  # as scripts/setup.sh leaves the project's folder
    assert pasted("tradeclaims --help", project_copy).returncode == 127  # not on PATH: the line must not need it

    first = pasted(line, project_copy)
    assert first.returncode == 0, first.stderr
    entry = json.loads((project_copy / "reports" / "runs" / "us-november-drop" / "results.json").read_text())["claims"][0]
    assert entry["parameters"]["month"] == "2025-05" and entry["measured"] == pytest.approx(-35)  # AP's reported rate
    assert "  us-november-drop (month=2025-05): no earlier report" in first.stderr
    assert f"  us-november-drop (month=2025-05): {entry['verdict']} (" in first.stderr
    assert "month-2025-05." not in first.stderr  # the file name is for the last line only
    assert first.stdout.startswith("1 executed, 0 from cache")

    again = pasted(line, project_copy)
    assert again.returncode == 0 and again.stdout.startswith("0 executed, 1 from cache"), again
    assert again.stderr.strip() == f"us-november-drop (month=2025-05): {entry['verdict']} (from cache)"
