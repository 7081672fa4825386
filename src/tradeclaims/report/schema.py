"""The JSON Schema of results.json (and of each build kept in history/), shipped with the package.

Every output folder gets a copy beside its results.json, which names it in `$schema`, so a consumer can validate
the file it downloaded without the package.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_NAME = "results.schema.json"
SCHEMA_FILE = Path(__file__).parent / "schemas" / SCHEMA_NAME


def schema_text() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")


def schema_reference(depth: int = 0) -> str:
    """The `$schema` of a results file `depth` folders below the output folder (runs/<id>/ is 2, history/ is 1)."""
    return "../" * depth + SCHEMA_NAME


def schema() -> dict:
    import json

    return json.loads(schema_text())


# The tables README.md documents, each as (prefix shown, the schema's definition), in the order the file nests them.
DOCUMENTED = (("run.", "run"), ("claims[].", "claim"), ("claims[].headline_sources[].", "headline_source"),
              ("claims[].inputs[].", "input"), ("claims[].routes[].", "routes"),
              ("claims[].routes[].(taken, not_taken[]).", "route"), ("claims[].alternatives[].", "alternative"))


def fields_markdown() -> str:
    """Every field of results.json with its description, as README.md's table (a test keeps the two the same)."""
    definitions = schema()["$defs"]
    rows = ["| field | required | what it holds |", "|---|---|---|"]
    for prefix, name in DOCUMENTED:
        definition = definitions[name]
        for field, spec in definition["properties"].items():
            required = "yes" if field in definition.get("required", []) else "no"
            rows.append(f"| `{prefix}{field}` | {required} | {spec['description'].replace('|', '/')} |")
    return "\n".join(rows) + "\n"
