"""Values the table schema's number type lets through (NaN, INF, 1e400, 400 digits) and periods after their source's
retrieval are refused by `validate` and by `run`, naming file and line, before any kernel starts."""

from __future__ import annotations

import pytest


def edit_observations(project, old: str, new: str) -> int:
    path = project / "data" / "observations.csv"
    lines = path.read_text().splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines) if line.startswith(old))
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("".join(lines))
    return number + 1


def first_row(project) -> str:
    return (project / "data" / "observations.csv").read_text().splitlines()[1]


@pytest.mark.parametrize(("value", "message"), [
    ("NaN", "value 'NaN' is not a finite number"),
    ("INF", "value 'INF' is not a finite number"),
    ("-inf", "value '-inf' is not a finite number"),
    ("1e400", "value '1e400' is not a finite number"),
    ("1e16", "value '1e16' is beyond 1e+15 in size"),
    ("9" * 400, "a value of 400 characters"),
])
def test_a_value_that_is_no_figure_is_refused_with_its_line(project_copy, cli, value, message):
    row = first_row(project_copy)
    fields = row.split(",")
    line = edit_observations(project_copy, row, ",".join([*fields[:5], value, *fields[6:]]))
    assert cli("validate", "--update-hashes", cwd=project_copy).returncode == 2  # the hashes now match, the value not
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2 and validate.stdout.startswith(f"data/observations.csv:{line}: {message}")
    run = cli("run", "us-november-drop", cwd=project_copy)
    assert run.returncode == 2 and f"data/observations.csv:{line}: {message}" in run.stderr
    assert not (project_copy / "reports" / "us-november-drop.html").exists()


def test_a_period_after_its_source_was_retrieved_is_refused(project_copy, cli):
    row = first_row(project_copy)
    fields = row.split(",")
    line = edit_observations(project_copy, row, ",".join([*fields[:3], "2099-03", *fields[4:]]))
    cli("validate", "--update-hashes", cwd=project_copy)
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2
    assert any(problem.startswith(f"data/observations.csv:{line}: period 2099-03 begins after its source ")
               for problem in validate.stdout.splitlines()), validate.stdout


DESCRIPTORS = [
    (lambda text: text[:300], "data/datapackage.json: not a valid descriptor ('Unterminated string"),
    (lambda text: '{"resources": 5}', "data/datapackage.json: not a valid descriptor"),
    (lambda text: "[1, 2]", "data/datapackage.json: not a valid descriptor"),
    (lambda text: '{"resources": [{"name": "observations"}]}', "not a valid descriptor (a resource lacks 'path')"),
    (None, "data/datapackage.json: missing"),
]


@pytest.mark.parametrize(("broken", "message"), DESCRIPTORS)
def test_a_broken_descriptor_stops_run_with_one_line_before_any_kernel(project_copy, cli, broken, message):
    descriptor = project_copy / "data" / "datapackage.json"
    if broken is None:
        descriptor.unlink()
    else:
        descriptor.write_text(broken(descriptor.read_text()))
    for command in (("run", "us-november-drop"), ("sweep", "us-november-drop", "-p", "month", "2025-10")):
        result = cli(*command, cwd=project_copy)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2 and message in validate.stdout
    assert not (project_copy / "reports").exists()


def test_a_table_that_is_a_folder_stops_run_with_one_line(project_copy, cli):
    table = project_copy / "data" / "observations.csv"
    table.unlink()
    table.mkdir()
    result = cli("run", "us-november-drop", cwd=project_copy)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result
    assert "data/observations.csv:1: cannot be read (Is a directory)" in result.stderr
    assert not (project_copy / "reports").exists()


def level_row(project, flow: str) -> str:
    """The first row of data/observations.csv holding a positive level (measure value) of this flow."""
    rows = (project / "data" / "observations.csv").read_text().splitlines()[1:]
    return next(row for row in rows if row.split(",")[2] == flow and row.split(",")[4] == "value"
                and not row.split(",")[5].startswith("-"))


@pytest.mark.parametrize("flow", ["exports", "imports", "trade"])
def test_a_negative_level_is_refused_with_its_line(project_copy, cli, flow):
    row = level_row(project_copy, flow)
    fields = row.split(",")
    line = edit_observations(project_copy, row, ",".join([*fields[:5], f"-{fields[5]}", *fields[6:]]))
    cli("validate", "--update-hashes", cwd=project_copy)
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2
    assert f"data/observations.csv:{line}: {flow} value '-{fields[5]}' is negative" in validate.stdout
    run = cli("run", "us-november-drop", cwd=project_copy)
    assert run.returncode == 2 and f"data/observations.csv:{line}: {flow} value '-{fields[5]}'" in run.stderr
    assert not (project_copy / "reports").exists()


def test_a_balance_may_be_negative(project_copy, cli):
    """The shipped ledger holds negative balances (US, India, Mexico with China) and validates."""
    rows = (project_copy / "data" / "observations.csv").read_text().splitlines()[1:]
    assert any(row.split(",")[2] == "balance" and row.split(",")[5].startswith("-") for row in rows)
    assert cli("validate", cwd=project_copy).returncode == 0


FULLWIDTH, ARABIC_INDIC = str.maketrans("0123456789", "０１２３４５６７８９"), str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("digits", [FULLWIDTH, ARABIC_INDIC], ids=["fullwidth", "arabic-indic"])
@pytest.mark.parametrize("column", [3, 5], ids=["period", "value"])
def test_a_period_or_value_in_other_digits_is_refused_with_its_line(project_copy, cli, digits, column):
    row = first_row(project_copy)
    fields = row.split(",")
    written = fields[column].translate(digits)
    assert written != fields[column]
    line = edit_observations(project_copy, row, ",".join([*fields[:column], written, *fields[column + 1:]]))
    cli("validate", "--update-hashes", cwd=project_copy)
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2
    assert f"data/observations.csv:{line}:" in validate.stdout and repr(written) in validate.stdout, validate.stdout
