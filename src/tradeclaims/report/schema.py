"""The JSON Schema of results.json (and of each build kept in history/), shipped with the package.

Every output folder gets a copy beside its results.json, which names it in `$schema`, so a consumer can validate
the file it downloaded without the package.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradeclaims.ledger.files import nesting_depth, unwritable_text
from tradeclaims.project import OutputLayout

SCHEMA_NAME = OutputLayout.SCHEMA  # beside results.json in every output folder
SCHEMA_FILE = Path(__file__).parent / "schemas" / SCHEMA_NAME


def schema_text() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")


def schema_reference(depth: int = 0) -> str:
    """The `$schema` of a results file `depth` folders below the output folder (runs/<id>/ is 2, history/ is 1)."""
    return "../" * depth + SCHEMA_NAME


def schema() -> dict:
    return json.loads(schema_text())


# The tables docs/results.md documents, each as (prefix shown, the schema's definition), in the order the file nests them.
DOCUMENTED = (("run.", "run"), ("claims[].", "claim"), ("claims[].headline_sources[].", "headline_source"),
              ("claims[].inputs[].", "input"), ("claims[].routes[].", "routes"),
              ("claims[].routes[].(taken, not_taken[]).", "route"), ("claims[].alternatives[].", "alternative"))


def fields_markdown() -> str:
    """Every field of results.json with its description, as docs/results.md's table (scripts/generate_docs.py writes it
    there; a test keeps the two the same)."""
    definitions = schema()["$defs"]
    rows = ["| field | required | what it holds |", "|---|---|---|"]
    for prefix, name in DOCUMENTED:
        definition = definitions[name]
        for field, spec in definition["properties"].items():
            required = "yes" if field in definition.get("required", []) else "no"
            text = spec["description"] + values_words(allowed_values(spec, definitions))
            rows.append(f"| `{prefix}{field}` | {required} | {text.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


def allowed_values(spec: dict[str, Any], definitions: dict[str, Any]) -> list[Any]:
    """The values an enumerated field may take, through `$ref` and `anyOf` (null included when allowed); [] for a field
    that is not enumerated. The docs list them from here, so a value added to the schema is documented with it."""
    if "$ref" in spec:
        return allowed_values(definitions[spec["$ref"].rsplit("/", 1)[-1]], definitions)
    if "anyOf" in spec:
        found = [allowed_values(option, definitions) for option in spec["anyOf"]]
        return [value for values in found for value in values] if all(found) else []
    if spec.get("type") == "null":
        return [None]
    return list(spec.get("enum", []))


def values_words(values: list[Any]) -> str:
    """'; one of `a`, `b` or `c`' (null last, unquoted), or nothing for a field that is not enumerated."""
    if not values:
        return ""
    named = [f"`{value}`" for value in values if value is not None] + (["null"] if None in values else [])
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    return f"; one of {listed}"


# Reading a results file written by someone else (`tradeclaims diff`, the builds kept in history/): bounded, and checked
# against the schema before anything compares it, so that no field of an unexpected type reaches the comparison.
MAX_RESULTS_BYTES = 16_000_000  # a build of 13 claims writes 12 kB; /dev/zero must not fill the memory
MAX_DEPTH = 32  # results.json nests 6 deep; a deeper document is not one (and deep values break comparisons)
READER_REQUIRED = {"": ["claims"], "claim": ["id", "status"]}  # what the comparison cannot do without


class NotResults(ValueError):
    """The file is not a results document; the message says why in a few words."""


def reader_schema() -> dict[str, Any]:
    """The shipped schema with its types kept but its required fields and closed objects relaxed: a results file
    written by an older or a newer tradeclaims (a field added or made required since) still compares."""
    def relaxed(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: relaxed(value) for key, value in node.items()
                    if key != "required" and not (key == "additionalProperties" and value is False)}
        return [relaxed(item) for item in node] if isinstance(node, list) else node

    loose = relaxed(schema())
    loose["required"] = READER_REQUIRED[""]
    loose["$defs"]["claim"]["required"] = READER_REQUIRED["claim"]
    return loose


@lru_cache(maxsize=1)
def reader():
    from jsonschema import Draft202012Validator

    # formats checked too: `built` must be an RFC 3339 date-time (rfc3339-validator, pinned, does the checking)
    return Draft202012Validator(reader_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problem(document: Any) -> str | None:
    """The first way the document departs from the reader's schema, in a line; None when it does not."""
    from jsonschema.exceptions import best_match

    error = best_match(reader().iter_errors(document))
    if error is None:
        return None
    where = "/".join(str(step) for step in error.absolute_path) or "the document"
    said = " ".join(error.message.split())
    return f"{where}: {said[:100] + '...' if len(said) > 100 else said}"


def read_results_file(path: Path) -> dict[str, Any]:
    """A results document from a file: at most MAX_RESULTS_BYTES read, JSON no deeper than MAX_DEPTH, with the types
    the schema gives. OSError as the system raises it; NotResults for content that is not a results document."""
    with open(path, "rb") as stream:
        data = stream.read(MAX_RESULTS_BYTES + 1)
    if len(data) > MAX_RESULTS_BYTES:
        raise NotResults(f"larger than {MAX_RESULTS_BYTES:,} bytes")
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:  # not JSON, not text, or nested too deep for the parser
        raise NotResults(f"not JSON ({type(error).__name__})") from None
    if nesting_depth(document) > MAX_DEPTH:
        raise NotResults(f"nested deeper than {MAX_DEPTH} levels")
    unwritable = unwritable_text(document)
    if unwritable is not None:
        raise NotResults(f"text that cannot be written as UTF-8 ({unwritable})")
    problem = schema_problem(document) or number_problem(document) or duplicate_problem(document)
    if problem is not None:
        raise NotResults(problem)
    return document


def numbers(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, int | float]]:
    """Every number in the document (booleans aside), with its path."""
    if isinstance(node, dict | list):
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            yield from numbers(value, (*path, key))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path, node


def finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer beyond any float
        return False


def number_problem(document: dict[str, Any]) -> str | None:
    """The first number that is not finite (NaN, Infinity, or 1e999, which Python's JSON reads as infinity), named by
    its claim and field. JSON Schema's "number" cannot say "finite"; a comparison of NaN, or a page printing it, would."""
    for path, value in numbers(document):
        if not finite(value):
            shown = repr(value) if isinstance(value, float) else "an integer too large for a float"
            return f"{where(document, path)} is {shown}, not a finite number"
    return None


def where(document: dict[str, Any], path: tuple) -> str:
    """A field's place in words: `claim 'id': measured` within a claim, else its path."""
    if len(path) > 2 and path[0] == "claims":
        return f"claim {shown_id(document['claims'][path[1]].get('id'))}: {'/'.join(str(step) for step in path[2:])}"
    return "/".join(str(step) for step in path)


def shown_id(claim_id: Any) -> str:
    """A claim id for a one-line message: quoted, control and bidirectional characters escaped, at most 60 characters."""
    text = str(claim_id)
    return repr(text[:60] + "..." if len(text) > 60 else text)


def duplicate_problem(document: dict[str, Any]) -> str | None:
    """A claim id given to two claims: which of them a comparison took would be a guess."""
    counts = Counter(claim["id"] for claim in document["claims"])
    repeated = [claim_id for claim_id, count in counts.items() if count > 1]
    if not repeated:
        return None
    return f"claim id {shown_id(repeated[0])} appears {counts[repeated[0]]} times"
