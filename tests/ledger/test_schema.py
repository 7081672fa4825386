"""The descriptor's schemas checked in one pass find what Frictionless finds, on the same lines."""

from __future__ import annotations

import csv
import json

import pytest

from tradeclaims.ledger import schema
from tradeclaims.ledger.datapackage import read_descriptor
from tradeclaims.ledger.validation import find_problems, frictionless_problems, schema_problems

from ..conftest import ROOT

BREAKAGES = {  # column, value written on line 5 of observations.csv
    "unknown partner (foreign key)": ("partner", "XX"),
    "unknown source (foreign key)": ("source_id", "no-such-source"),
    "unit outside the enum": ("unit", "USD gazillion"),
    "period outside the pattern": ("period", "2025/11"),
    "value not a number": ("value", "12,5"),
    "required value missing": ("reporter", ""),
    "duplicate row (primary key)": (None, None),
}


def break_line(data, column, value, line=5):
    path = data / "observations.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    if column is None:
        rows.insert(line, rows[line - 1])
    else:
        rows[line - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    descriptor = read_descriptor(data)
    for resource in descriptor["resources"]:  # the hash is right: only the breakage is left to find
        if resource["name"] == "observations":
            from tradeclaims.ledger.files import sha256_file

            resource["hash"], resource["bytes"] = f"sha256:{sha256_file(path)}", path.stat().st_size
    (data / "datapackage.json").write_text(json.dumps(descriptor, indent=2))


def lines_of(problems):
    return sorted({problem.split(":")[1] for problem in problems if problem.startswith("data/observations.csv:")})


def test_the_shipped_descriptor_is_checked_in_one_pass():
    assert schema.supported(read_descriptor(ROOT / "data"))
    assert find_problems(ROOT / "data") == []


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_each_breakage_is_found_on_the_line_frictionless_names(project_copy, breakage):
    data = project_copy / "data"
    break_line(data, *BREAKAGES[breakage])
    from tradeclaims.ledger.tables import read_table

    read = {path.name: read_table(path, f"data/{path.name}") for path in data.glob("*.csv")}
    ours, theirs = schema_problems(data, read), frictionless_problems(data, read)
    assert ours and lines_of(ours) == lines_of(theirs), (ours, theirs)


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity", "1e400"])
def test_numbers_that_are_not_finite_are_refused(project_copy, value):
    data = project_copy / "data"
    break_line(data, "value", value)
    problems = find_problems(data)
    assert [problem.split(": ", 1)[0] for problem in problems] == ["data/observations.csv:5"]
    assert "is not a finite number" in problems[0]


def test_an_edited_file_is_named_by_its_hash(project_copy):
    data = project_copy / "data"
    recorded = next(item["bytes"] for item in read_descriptor(data)["resources"] if item["name"] == "partners")
    with (data / "partners.csv").open("a", encoding="utf-8") as handle:
        handle.write("ZZ,Test partner,country,,,\n")
    size = (data / "partners.csv").stat().st_size
    assert size != recorded
    assert find_problems(data) == ["data/partners.csv: sha256 differs from the descriptor's (run `tradeclaims validate "
                                   "--update-hashes` after editing it)",
                                   f"data/partners.csv: {size} bytes where the descriptor says {recorded}"]
