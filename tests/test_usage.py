"""Usage errors, in this process (`tradeclaims.cli.main`): parameters and their types, the -p option, claims.yaml,
sweep grids. Each is one line on stderr with exit status 2, before any kernel starts, and nothing is written."""

import json

import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.cli import joined_parameters
from tradeclaims.errors import shown
from tradeclaims.ledger.periods import year_to_date_end
from tradeclaims.project import Project
from tradeclaims.run.plan import plan_claims as prepare
from tradeclaims.run.sweep import plan_sweep

from .conftest import ROOT


def refused(result, *parts):
    """Exit 2, one line on stderr naming every part, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result
    assert len(lines) == 1 and all(part in lines[0] for part in parts), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def planned(project, claim_id, **overrides):
    _, plans = prepare(Project(project), [claim_id], {k: str(v) for k, v in overrides.items()}, project / "reports")
    assert not (project / "reports").exists()  # planning writes nothing
    return plans[0]


# -p: NAME VALUE, NAME=VALUE, values that start with '-'

def test_parameters_are_joined_with_their_values_before_argparse():
    assert joined_parameters(["run", "x", "-p", "article_value", "-1e1", "-p", "month=2025-05", "--force"]) == [
        "run", "x", "--parameter=article_value=-1e1", "--parameter=month=2025-05", "--force"]
    assert joined_parameters(["run", "--parameter", "partner", "A=B"]) == ["run", "--parameter=partner=A=B"]
    assert joined_parameters(["run", "-p", "month"]) == ["run", "-p", "month"]


@pytest.mark.parametrize(("value", "expected"), [("-1e1", -10.0), ("-35", -35.0), ("1E2", 100.0), ("-.5", -0.5)])
def test_negative_and_exponent_numbers_reach_the_type_check(project_copy, value, expected):
    assert planned(project_copy, "us-november-drop", article_value=value).parameters["article_value"] == expected


@pytest.mark.parametrize("value", ["-inf", "inf", "nan", "-1e400"])
def test_infinite_numbers_are_refused_as_not_finite(project_copy, cli, value):
    result = cli("run", "us-november-drop", "-p", "article_value", value, cwd=project_copy)
    refused(result, f"parameter article_value={value!r}", "expected a finite number")
    assert not (project_copy / "reports").exists()


def test_name_equals_value_is_accepted(project_copy, cli):
    result = cli("run", "us-november-drop", "-p", "month=2025-13", cwd=project_copy)
    refused(result, "parameter month='2025-13'")  # parsed, and reached the type check
    assert planned(project_copy, "us-november-drop", month="2025-05").parameters["month"] == "2025-05"


def test_a_parameter_given_twice_is_an_error(project_copy, cli):
    result = cli("run", "us-november-drop", "-p", "month", "2025-05", "-p", "month=2025-06", cwd=project_copy)
    refused(result, "parameter 'month' given twice", "'2025-05' and '2025-06'")
    assert not (project_copy / "reports").exists()


def test_a_parameter_without_a_value_is_an_error(project_copy, cli):
    refused(cli("run", "us-november-drop", "-p", "month", cwd=project_copy), "expected NAME VALUE or NAME=VALUE")


def test_long_values_are_cut_in_messages(project_copy, cli):
    long_value = "A" * 10_000
    line = refused(cli("run", "us-november-drop", "-p", "partner", long_value, cwd=project_copy),
                   "parameter partner='" + "A" * 57 + "...'")
    assert len(line) < 300
    assert len(refused(cli("run", "x" * 5000, cwd=project_copy), "unknown claim 'xxx")) < 600
    assert len(refused(cli("run", "us-november-drop", "-p", "c" * 5000, "1", cwd=project_copy),
                       "unknown parameter 'ccc")) < 300
    assert len(refused(cli("run", "--frobnicate" + "z" * 5000, cwd=project_copy), "unrecognized arguments")) < 300
    assert shown("x" * 100) == repr("x" * 57 + "...") and shown("short") == "'short'"


# Types: every parameter is checked

def test_through_is_a_month_in_which_a_year_to_date_figure_of_exports_ends(project_copy, cli):
    refused(cli("run", "outlook-2026", "-p", "through", "hello", cwd=project_copy), "through='hello'",
            "a month written YYYY-MM")
    # January and February 2026 come as one figure: January alone, a month past the figures or the year's end would
    # all measure 2026-01/2026-02 (or nothing); each is refused naming the months a January-to-month figure ends in.
    for month in ("2026-01", "2026-10", "2026-12", "2027-03"):
        line = refused(cli("run", "outlook-2026", "-p", "through", month, cwd=project_copy), f"through='{month}'",
                       f"{month}: no year-to-date figure (January to {month}) in the ledger for WLD as reported by CN "
                       "(exports)")
        assert "2025-11, 2025-12, 2026-02, 2026-03" in line
    refused(cli("run", "outlook-2026", "-p", "through", "2025-06", cwd=project_copy),
            "a month of a year after base_year=2025")
    assert planned(project_copy, "outlook-2026", through="2025-11", base_year="2024").changed == {
        "through": {"default": "2026-03", "value": "2025-11"}, "base_year": {"default": "2025", "value": "2024"}}
    assert not (project_copy / "reports").exists()


def test_the_default_through_is_the_latest_month_the_checks_year_to_date_growth_reaches(ledger):
    claim = load_registry(ROOT / "claims.yaml")["outlook-2026"]
    ends = {year_to_date_end(p) for currency in ("USD", "CNY")  # the dollar and the yuan series
            for p in ledger.periods("CN", "WLD", "exports", measure="yoy_pct", currency=currency)}
    assert claim.defaults()["through"] == max(filter(None, ends)) == "2026-03"  # GACC's January-March, in yuan


def test_a_month_inside_a_span_the_ledger_gives_only_as_a_whole_is_refused(project_copy, cli):
    line = refused(cli("run", "us-november-drop", "-p", "month", "2025-02", cwd=project_copy), "month='2025-02'",
                   "2025-02: no figures for partner US as reported by CN in that month, only within 2025-01/2025-02")
    assert "US has figures for 2024-04 to 2024-05, 2024-09 to 2024-12, 2025-03 to 2025-12, 2026-03" in line
    assert not (project_copy / "reports").exists()


def test_the_periods_an_article_names_must_parse_but_need_no_figures(project_copy, cli):
    refused(cli("run", "india-deficit", "-p", "article_period", "this year", cwd=project_copy),
            "article_period='this year'", "period does not parse")
    assert planned(project_copy, "india-deficit", article_period="FY2026-27").parameters["article_period"] == "FY2026-27"
    refused(cli("run", "india-deficit", "-p", "period", "FY2026-27", cwd=project_copy),
            "FY2026-27: no figures for this period")


def test_no_claim_has_a_free_text_parameter():
    for claim in load_registry(ROOT / "claims.yaml").values():
        assert [spec.name for spec in claim.parameters.values() if spec.type == "string"] == [], claim.id


def test_a_month_without_figures_names_the_partner_and_its_months(project_copy, cli):
    line = refused(cli("run", "us-november-drop", "-p", "partner", "EU27", "-p", "month", "2026-04", cwd=project_copy),
                   "month='2026-04'", "2026-04: no figures for partner EU27")
    assert "EU27 has figures for 2024-10, 2024-12, 2025-04 to 2025-11, 2026-03" in line


# claims.yaml

def break_registry(project, old, new):
    path = project / "claims.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return text[:text.index(old)].count("\n") + 1  # the line changed


def test_a_yaml_syntax_error_names_line_and_column(project_copy, cli):
    line = break_registry(project_copy, "quote: exceeded", "quote: [exceeded")
    message = refused(cli("run", "exports-jan-nov", cwd=project_copy), f"claims.yaml:{line + 1}:13: not valid YAML",
                      f"starts at {line}:12")
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2 and message.removeprefix("tradeclaims: error: ") in validate.stdout


@pytest.mark.parametrize(("old", "new", "message"), [
    ("month: {type: month, default: \"2025-11\"}", "month: {type: mnth, default: \"2025-11\"}", "unknown type 'mnth'"),
    ("month: {type: month, default: \"2025-11\"}", "month: {type: month}", "needs a type and a default"),
    ("month: {type: month, default: \"2025-11\"}", "month: {type: month, default: \"2025-11\", figures: few}",
     "figures 'few' is not allowed"),
    ("month: {type: month, default: \"2025-11\"}", "month: {type: month, defualt: \"2025-11\"}",
     "needs a type and a default"),
    ("month: {type: month, default: \"2025-11\"}", "month: {type: month, default: \"2025-11\", series: {colour: red}}",
     "unknown key 'colour' (known: reporter, partner, flow)"),
    ("tolerance: {type: number, min: 0, max: 50, default: 2, help: percentage",
     "tolerance: {type: number, min: 0, max: 50, default: 2, choises: [1], help: percentage", "unknown key 'choises'"),
])
def test_a_bad_parameter_declaration_names_its_line(project_copy, cli, old, new, message):
    line = break_registry(project_copy, old, new)
    refused(cli("run", "us-november-drop", cwd=project_copy), f"claims.yaml:{line}:", message)
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2 and f"claims.yaml:{line}:" in validate.stdout and message in validate.stdout


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JavaScript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "//example.org/article", "example.org",
                                 "https://example.org/a b"])
def test_the_articles_url_must_be_an_http_address(project_copy, cli, url):
    """It is published in each report's ClaimReview markup, where a javascript: address would be a link to run."""
    line = break_registry(project_copy, "  url: null", f"  url: {json.dumps(url)}")
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2
    assert f"claims.yaml:{line}: article: url {shown(url)} is not an http:// or https:// address" in validate.stdout
    break_registry(project_copy, f"  url: {json.dumps(url)}", "  url: https://example.org/article?id=1")
    assert cli("validate", cwd=project_copy).returncode == 0


def test_validate_checks_notebooks_and_defaults_against_the_data(project_copy, cli):
    claim_line = break_registry(project_copy, "- id: outlook-2026", "- id: outlook-2026")
    break_registry(project_copy, "notebook: notebooks/12_outlook_2026.ipynb", "notebook: notebooks/12_missing.ipynb")
    default_line = break_registry(project_copy, "month: {type: month, default: \"2025-10\"}",
                                  "month: {type: month, default: \"2019-10\"}")
    partner_line = break_registry(project_copy, "countries: {type: partners, default: \"MX,ID\"}",
                                  "countries: {type: partners, default: \"MX,XX\"}")
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 2
    problems = result.stdout.splitlines()
    assert problems == [
        f"claims.yaml:{default_line}: default not allowed: claim eu-october-vs-may: parameter month='2019-10' is not "
        "allowed: 2019-10: no figures for partner EU27 (nor any other) in that month; EU27 has figures for 2024-10, "
        "2024-12, 2025-04 to 2025-11, 2026-03",
        f"claims.yaml:{partner_line}: default not allowed: claim mexico-indonesia: parameter countries='MX,XX' is not "
        "allowed: comma-separated partner codes defined in data/partners.csv ('XX' is not one)",
        f"claims.yaml:{claim_line}: claim outlook-2026: notebook notebooks/12_missing.ipynb not found",
    ]
    assert "2 problem" not in result.stderr and "3 problem(s) in data/ and claims.yaml" in result.stderr


US_TITLE = "title: China's exports to the US fell by almost 30% in November 2025"


@pytest.mark.parametrize(("old", "new", "message"), [
    (US_TITLE, "title: 12345", "claim us-november-drop: title must be text, not '12345'"),
    ("quote: plummeted by nearly 30%", "quote: [a, b]", "claim us-november-drop: quote must be text"),
    ("article_value: -30", "article_value: .nan", "article_value must be a finite number or null, not 'nan'"),
    ("article_value: -30", "article_value: \"-30\"", "article_value must be a finite number or null, not '-30'"),
    ("- id: us-november-drop", "- id: ../../escaped-by-id", "id '../../escaped-by-id' is not a slug"),
    ("- id: us-november-drop", "- id: /tmp/escaped", "id '/tmp/escaped' is not a slug"),
    ("notebook: notebooks/03_us_november_drop.ipynb", "notebook: ../../../../../etc/passwd",
     "notebook '../../../../../etc/passwd' is not a path inside notebooks/"),
    ("notebook: notebooks/03_us_november_drop.ipynb", "notebook: notebooks/../claims.yaml.ipynb",
     "is not a path inside notebooks/"),
    ("notebook: notebooks/03_us_november_drop.ipynb", "notebook: /etc/passwd.ipynb", "is not a path inside notebooks/"),
    (US_TITLE, f"{US_TITLE}\n    titel: typo", "unknown key 'titel'"),
    ("month: {type: month, default: \"2025-11\"}", "month: {type: month, default: [\"2025-11\"]}",
     "parameter month: default must be text or a finite number or true or false"),
    ("month: {type: month, default: \"2025-11\"}", "2month: {type: month, default: \"2025-11\"}",
     "'2month' is not a name of letters, digits and underscores"),
])
def test_every_field_of_a_claim_has_its_type(project_copy, cli, old, new, message):
    line = break_registry(project_copy, old, new)
    for command in (("run", "us-november-drop"), ("list",), ("sweep", "us-november-drop", "-p", "month", "2025-10")):
        refused(cli(*command, cwd=project_copy), f"claims.yaml:{line + new.count(chr(10))}:", message)
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2 and message in validate.stdout
    assert not (project_copy / "reports").exists() and not (project_copy.parent / "escaped-by-id.html").exists()


def test_a_key_given_twice_is_refused_not_last_wins(project_copy, cli):
    line = break_registry(project_copy, "article_value: -30", "article_value: -30\n    article_value: -20")
    refused(cli("run", "us-november-drop", cwd=project_copy), f"claims.yaml:{line + 1}:5: not valid YAML",
            f"key 'article_value' appears twice in one mapping (first on line {line})")


def test_yaml_aliases_are_refused_in_the_registry_and_in_grid_files(project_copy, cli):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    line = break_registry(project_copy, US_TITLE, "title: &t A title\n    claim2: *t")
    refused(cli("list", cwd=project_copy), f"claims.yaml:{line + 1}:13: not valid YAML", "aliases (*name) are not allowed")
    grid = project_copy / "grid.yaml"
    grid.write_text("claim: us-november-drop\n" + bomb + "parameters: {month: *b}\n")
    (project_copy / "claims.yaml").write_text((ROOT / "claims.yaml").read_text())
    refused(cli("sweep", "--grid", str(grid), cwd=project_copy), "grid.yaml:3:", "aliases (*name) are not allowed")
    grid.write_text("claim: us-november-drop\nparameters: {month: {a: 1}}\n")
    refused(cli("sweep", "--grid", str(grid), cwd=project_copy), "grid.yaml:2:", "month must be a value or a list")
    grid.write_text("claim: ../x\nparameters: {month: [2025-10]}\n")
    refused(cli("sweep", "--grid", str(grid), cwd=project_copy), "grid.yaml:1:", "claim '../x' is not a slug")
    assert not (project_copy / "reports").exists()


def test_a_notebook_linked_from_outside_notebooks_is_refused(project_copy, cli, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "03.ipynb"
    outside.write_bytes((ROOT / "notebooks/03_us_november_drop.ipynb").read_bytes())
    (project_copy / "notebooks/03_us_november_drop.ipynb").unlink()
    (project_copy / "notebooks/03_us_november_drop.ipynb").symlink_to(outside)
    refused(cli("run", "us-november-drop", cwd=project_copy), "notebook notebooks/03_us_november_drop.ipynb is not "
                                                              "inside notebooks/")
    assert "is not inside notebooks/" in cli("validate", cwd=project_copy).stdout


# Sweeps

def test_a_sweep_names_the_month_a_partner_lacks(project_copy, cli):
    line = refused(cli("sweep", "us-november-drop", "-p", "partner", "US,EU27,ASEAN", "-p", "month", "2024-01..2026-06",
                       cwd=project_copy), "combinations refused", "month='2024-01'",
                   "2024-01: no figures for partner US as reported by CN in that month")
    assert "(2023-11 to 2026-03)" not in line
    assert not (project_copy / "reports").exists()


def test_a_grid_above_500_combinations_needs_max(project_copy, cli):
    values = ",".join(str(number / 2) for number in range(1001))
    grid = ["-p", "article_value", values, "-p", "month", "2025-03..2025-11"]
    refused(cli("sweep", "us-november-drop", *grid, cwd=project_copy), "the grid has 9,009 combinations",
            "more than 500", "--max 9009")
    refused(cli("sweep", "us-november-drop", *grid, "--max", "9000", cwd=project_copy), "more than 9,000")
    assert not (project_copy / "reports").exists()
    _, _, plans = plan_sweep(Project(project_copy), "us-november-drop", {"article_value": values.split(",")[:600]},
                             project_copy / "reports", max_combinations=600)
    assert len(plans) == 600 and not (project_copy / "reports").exists()


def test_a_sweep_parameter_given_twice_is_an_error(project_copy, cli):
    refused(cli("sweep", "us-november-drop", "-p", "month", "2025-10", "-p", "month", "2025-11", cwd=project_copy),
            "parameter 'month' given twice", "-p month V1,V2")


# Option values and environment variables

@pytest.mark.parametrize(("options", "message"), [
    (["--timeout", "nan"], "--timeout must be a number of seconds above 0 and at most 86400, not nan"),
    (["--timeout", "inf"], "not inf"),
    (["--timeout", "0"], "not 0.0"),
    (["--jobs", "1000"], "--jobs must be from 1 to 64, not 1000"),
    (["--jobs", "0"], "--jobs must be from 1 to 64, not 0"),
    (["--executor", "dask", "--scheduler", "not a url"], "cannot reach the Dask scheduler at 'not a url'"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler goes with --executor dask"),
])
def test_a_bad_option_value_is_one_line(project_copy, cli, options, message):
    for command in (["run", "us-november-drop"], ["sweep", "us-november-drop", "-p", "month", "2025-10"]):
        refused(cli(*command, *options, cwd=project_copy), message)
    assert not (project_copy / "reports").exists()


@pytest.mark.parametrize("wait", ["abc", "nan", "-1", "1e9"])
def test_a_bad_lock_wait_is_one_line(project_copy, cli, monkeypatch, wait):
    monkeypatch.setenv("TRADECLAIMS_LOCK_WAIT", wait)
    refused(cli("run", "us-november-drop", cwd=project_copy), f"TRADECLAIMS_LOCK_WAIT={wait!r} is not allowed")
    assert not (project_copy / "reports").exists()


def test_the_default_number_of_workers_fits_cores_and_memory(monkeypatch):
    from tradeclaims.run import options

    monkeypatch.setattr(options.os, "cpu_count", lambda: 32)
    monkeypatch.setattr(options, "available_memory", lambda: 5 * options.KERNEL_MEMORY + 1)
    assert options.default_jobs() == 5
    monkeypatch.setattr(options, "available_memory", lambda: 0)
    assert options.default_jobs() == 1
    monkeypatch.setattr(options, "available_memory", lambda: None)
    assert options.default_jobs() == 32


def test_a_lone_surrogate_in_the_registry_is_refused_before_any_kernel(project_copy, cli):
    """YAML's "\\ud800" escape gives text no page can be written with: refused as claims.yaml is read, not after the
    run as a traceback."""
    break_registry(project_copy, US_TITLE, 'title: "China\'s exports to the US fell \\ud800 in November 2025"')
    for command in (("run", "us-november-drop"), ("list",)):
        refused(cli(*command, cwd=project_copy), "claims.yaml: text that cannot be written as UTF-8",
                "fell \\ud800")
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2 and "claims.yaml: text that cannot be written as UTF-8" in validate.stdout
    assert not (project_copy / "reports").exists()
