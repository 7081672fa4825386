"""The descriptor's table schemas checked in one pass over the rows the reader already read: linear in the rows.

What data/datapackage.json asks of its tables: the header names its fields, string and number cells, the
constraints required, pattern, enum and unique, primary keys, foreign keys, and each file's sha256 and size.
Empty cells are missing values (as in Frictionless): only `required` refuses them, and keys skip them. A number
is a plain decimal (digits, an optional point and exponent); NaN and infinity pass here, as in
Frictionless, and validation refuses them as figures. A descriptor that asks for anything
else is checked by Frictionless instead (`supported` says whether this module covers it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from tradeclaims.errors import shown
from tradeclaims.ledger.files import sha256_bytes
from tradeclaims.ledger.tables import Table

TYPES = {"string", "number"}
CONSTRAINTS = {"required", "pattern", "enum", "unique"}
RESOURCE_KEYS = {"name", "path", "format", "hash", "bytes", "schema", "title", "description", "encoding",
                 "mediatype", "profile", "scheme", "sources", "licenses"}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues"}
WORDS = {"nan", "inf", "infinity"}  # numbers to the schema, as to Frictionless; validation refuses them as figures
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)  # float() also reads other digits


def supported(descriptor: dict[str, Any]) -> bool:
    """Whether every resource uses only what this module checks (CSV, UTF-8, the types and constraints above)."""
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema", {})
        if set(resource) - RESOURCE_KEYS or set(schema) - SCHEMA_KEYS or resource.get("format", "csv") != "csv":
            return False
        if resource.get("encoding", "utf-8").lower() not in ("utf-8", "utf8") or schema.get("missingValues", [""]) != [""]:
            return False
        for field in schema.get("fields", []):
            if field.get("type", "string") not in TYPES or set(field.get("constraints", {})) - CONSTRAINTS:
                return False
            if set(field) - {"name", "type", "constraints", "description", "title", "format"}:
                return False
            if field.get("format", "default") != "default":
                return False
    return True


def cell_problem(value: str, field: dict[str, Any], patterns: dict[str, re.Pattern]) -> str | None:
    """What is wrong with one cell, or None."""
    constraints = field.get("constraints", {})
    if value == "":
        return "is empty: a value is required" if constraints.get("required") else None
    if field.get("type", "string") == "number" and not (NUMBER.fullmatch(value) or value.lower().lstrip("+-") in WORDS):
        return f"{value!r} is not a number"
    if "enum" in constraints and value not in constraints["enum"]:
        return f"{value!r} is not one of {', '.join(repr(item) for item in constraints['enum'])}"
    if field["name"] in patterns and not patterns[field["name"]].fullmatch(value):
        return f"{value!r} does not match the pattern {constraints['pattern']}"
    return None


def row_problems(row: dict[str, str], fields: list[dict[str, Any]]) -> list[str]:
    """What is wrong with one row's cells, `field NAME: problem` each; the constraints that compare rows (unique, the
    keys) are the table's to check."""
    problems = []
    for field in fields:
        pattern = field.get("constraints", {}).get("pattern")
        patterns = {field["name"]: re.compile(pattern, re.ASCII)} if pattern else {}
        problem = cell_problem(row.get(field["name"], ""), field, patterns)
        problems += [f"field {field['name']}: {problem}"] if problem else []
    return problems


def header_problems(table: Table, names: list[str]) -> list[str]:
    if list(table.columns) == names:
        return []
    return [f"{table.label}:1: the header is {','.join(table.columns)}; the descriptor lists {','.join(names)}"]


def field_problems(table: Table, fields: list[dict[str, Any]]) -> list[str]:
    """Types and constraints, each distinct value of a field checked once, and unique values per field; the lines
    are looked for only when something is wrong."""
    problems = []
    for field in fields:
        name = field["name"]
        constraints = field.get("constraints", {})
        patterns = {name: re.compile(constraints["pattern"], re.ASCII)} if "pattern" in constraints else {}
        cells = itemgetter(name)
        distinct = set(map(cells, table.rows))
        wrong = {value: problem for value in distinct if (problem := cell_problem(value, field, patterns))}
        values = list(map(cells, table.rows)) if wrong or constraints.get("unique") else []
        if wrong:
            problems += [(line, f"{table.label}:{line}: field {name}: {wrong[value]}")
                         for line, value in zip(table.lines, values, strict=True) if value in wrong]
        if constraints.get("unique") and len(distinct - {""}) != len(values) - values.count(""):
            problems += unique_problems(table, name, values)
    return [message for _, message in sorted(problems, key=lambda pair: pair[0])]


def unique_problems(table: Table, name: str, values: list[str]) -> list[tuple[int, str]]:
    first: dict[str, int] = {}
    problems = []
    for line, value in zip(table.lines, values, strict=True):
        if value and first.setdefault(value, line) != line:
            problems.append((line, f"{table.label}:{line}: field {name}: {value!r} is not unique (constraint unique): "
                                   f"the same as on line {first[value]}"))
    return problems


def as_names(names: str | list[str]) -> list[str]:
    return [names] if isinstance(names, str) else list(names)


def column_keys(rows: tuple[dict[str, str], ...], names: list[str]) -> Iterator[tuple[str, ...]]:
    """Each row's values of these columns, as a tuple (made without a Python call per row)."""
    return zip(map(itemgetter(names[0]), rows)) if len(names) == 1 else map(itemgetter(*names), rows)


def filled_keys(rows: tuple[dict[str, str], ...], names: list[str]) -> tuple[set[tuple[str, ...]], int]:
    """The distinct keys with a value in any of these columns (keys skip rows that leave them all empty), and how
    many rows have such a key."""
    blank = ("",) * len(names)
    distinct = set(column_keys(rows, names))
    if blank not in distinct:
        return distinct, len(rows)
    distinct.discard(blank)
    return distinct, len(rows) - list(column_keys(rows, names)).count(blank)


def primary_key_problems(table: Table, names: list[str]) -> list[str]:
    """Rows whose key is another row's, each named with the first row's line and what differs between them (two
    values for one figure of one source say which is which)."""
    distinct, filled = filled_keys(table.rows, names)
    if len(distinct) == filled:
        return []
    first: dict[tuple[str, ...], tuple[int, dict[str, str]]] = {}
    problems = []
    for line, row, key in zip(table.lines, table.rows, column_keys(table.rows, names), strict=True):
        earlier_line, earlier = first.setdefault(key, (line, row))
        if any(key) and earlier_line != line:
            problems.append(f"{table.label}:{line}: violates the primary key ({', '.join(names)}): the same as on "
                            f"line {earlier_line}{differences(earlier, row, names)}")
    return problems


SHOWN_DIFFERENCES = 2


def differences(earlier: dict[str, str], row: dict[str, str], key: list[str]) -> str:
    """', with value 20950.7 there and 500 here': the first columns outside the key whose cells differ."""
    differing = [name for name in row if name not in key and row[name] != earlier.get(name)][:SHOWN_DIFFERENCES]
    if not differing:
        return " (the same row twice)"
    there = ", ".join(f"{name} {shown(earlier.get(name), 40)}" for name in differing)
    here = ", ".join(f"{name} {shown(row[name], 40)}" for name in differing)
    return f", with {there} there and {here} here"


def foreign_key_problems(table: Table, foreign: dict[str, Any], tables: dict[str, Table]) -> list[str]:
    fields, reference = as_names(foreign["fields"]), foreign["reference"]
    target = tables.get(reference.get("resource") or "")
    if target is None:
        return [f"{table.label}: the foreign key on {', '.join(fields)} refers to a table that is not there"]
    known = set(column_keys(target.rows, as_names(reference["fields"])))
    if not filled_keys(table.rows, fields)[0] - known:
        return []
    problems = []
    for line, key in zip(table.lines, column_keys(table.rows, fields), strict=True):
        if any(key) and key not in known:
            problems.append(f"{table.label}:{line}: violates the foreign key: {', '.join(fields)} "
                            f"{', '.join(map(repr, key))} not found in {target.label} "
                            f"({', '.join(as_names(reference['fields']))})")
    return problems


def file_problems(path: Path, label: str, resource: dict[str, Any]) -> list[str]:
    raw = path.read_bytes()
    problems = []
    expected = resource.get("hash")
    if expected and expected.removeprefix("sha256:") != sha256_bytes(raw):
        problems.append(f"{label}: sha256 differs from the descriptor's (run `tradeclaims validate --update-hashes` "
                        "after editing it)")
    if resource.get("bytes") is not None and resource["bytes"] != len(raw):
        problems.append(f"{label}: {len(raw)} bytes where the descriptor says {resource['bytes']}")
    return problems


def table_schema_problems(data_dir: Path, descriptor: dict[str, Any], read: dict[str, Table]) -> list[str]:
    """Every problem the descriptor's schemas find in the tables read (resource name -> Table)."""
    problems = []
    for resource in descriptor["resources"]:
        table = read[resource["name"]]
        schema = resource.get("schema", {})
        fields = schema.get("fields", [])
        problems += file_problems(Path(data_dir) / resource["path"], table.label, resource)
        header = header_problems(table, [field["name"] for field in fields])
        if header:
            problems += header
            continue
        problems += field_problems(table, fields)
        if schema.get("primaryKey"):
            problems += primary_key_problems(table, as_names(schema["primaryKey"]))
        for foreign in schema.get("foreignKeys", []):
            target = foreign["reference"].get("resource") or resource["name"]
            problems += foreign_key_problems(table, {**foreign, "reference": {**foreign["reference"], "resource": target}},
                                             read)
    return problems
