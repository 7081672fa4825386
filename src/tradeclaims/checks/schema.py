"""The typed shape of claims.yaml and of sweep grid files, checked with JSON Schema before anything reads them.

Every field has its type (text, a finite number, a mapping); claim ids are slugs (they name report files) and
notebooks are paths inside notebooks/. A problem is one message, `FILE:LINE: what, where`, on the line of the
key or mapping at fault (the loader in registry.py keeps each mapping's line and each key's line).
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from tradeclaims.checks.rules import RULES

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"  # a parameter reaches the notebook as a Python variable
PART = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"  # a path component that is neither hidden nor '..'
NOTEBOOK = rf"^notebooks/({PART}/)*{PART}\.ipynb$"
URL = r"^https?://\S+$"  # a web page's address (as data/sources.csv's): never javascript: or data:, which pages link
# A parameter's type, what its value must be:
TYPES = {
    "month": "a month YYYY-MM (with figures in the ledger, see `figures`)",
    "period": "a period as the ledger writes them: 2025-11, 2025-01/2025-11, 2025, FY2024-25 (with figures, see `figures`)",
    "partner": "a partner code of data/partners.csv with figures (optionally one of `choices`)",
    "partners": "comma-separated partner codes of data/partners.csv",
    "choice": "one of `choices`",
    "number": "a finite number from `min` to `max`",
    "integer": "a whole number from `min` to `max`",
    "source": "shipped, fetched or a connector's name whose fetched tables are intact",
    "string": "a short text of letters, digits, spaces and _.,:/+-",
}
# What `figures` asks of a month or a period: figures for exactly it (the default), a year-to-date figure ending in it
# (January to it; a month only), or none (a label that must parse, such as the period an article names).
# Figures are those of the claim's series: `series: {reporter: CN, partner: WLD, flow: exports}` (flow optional),
# completed by the claim's own `reporter` and `partner` parameters; any figure of the ledger when either is unknown.
FIGURES = {"month": ("required", "year_to_date", "none"), "period": ("required", "none")}
SERIES_KEYS = ("reporter", "partner", "flow")
SCALAR = {"type": ["string", "number", "boolean"]}


def text(longest: int) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": longest}


PARAMETER = {
    "type": "object",
    "required": ["type", "default"],
    "additionalProperties": False,
    "properties": {
        "type": {"enum": list(TYPES)},
        "default": {**SCALAR, "maxLength": 200},
        "choices": {"type": "array", "items": {**SCALAR, "maxLength": 200}, "maxItems": 200},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "help": {"type": "string", "maxLength": 500},
        "figures": {"enum": list(FIGURES["month"])},
        "series": {"type": "object", "additionalProperties": False,
                   "properties": {key: {"type": "string", "pattern": r"^[A-Za-z0-9_]{1,20}$"} for key in SERIES_KEYS}},
        "after": {"type": "string", "pattern": NAME, "maxLength": 60},
        "not_before": {"type": "string", "pattern": NAME, "maxLength": 60},
        "apart_from": {"type": "string", "pattern": NAME, "maxLength": 60},
        "without": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Za-z0-9_]{1,20}$"}, "maxItems": 20},
    },
}
CLAIM = {
    "type": "object",
    "required": ["id", "title", "claim", "quote", "notebook", "check", "article_value", "unit", "rule", "parameters"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": SLUG, "maxLength": 64},
        "title": text(300),
        "claim": text(2000),
        "quote": text(200),
        "notebook": {"type": "string", "pattern": NOTEBOOK, "maxLength": 200},
        "check": {"type": "string", "maxLength": 200},  # MODULE:FUNCTION in tradeclaims.claims (see registry.py)
        "article_value": {"type": ["number", "null"]},
        "unit": text(40),
        "rule": {"enum": list(RULES)},
        "parameters": {"type": "object", "propertyNames": {"pattern": NAME, "maxLength": 60},
                       "additionalProperties": PARAMETER, "maxProperties": 60},
        "rerun": {"type": ["object", "null"], "additionalProperties": {**SCALAR, "maxLength": 200}},
        "reads": {"type": "array", "items": {"enum": ["observations", "sources", "partners", "events"]}},
        "notes": {"type": "string", "maxLength": 2000},
    },
}
# An item of the article's outline: a checked claim by id, or a statement we do not check (our paraphrase, and why);
# which of the two each item is, is checked in checks/article.py (with its line).
OUTLINE_ITEM = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"claim": {"type": "string", "pattern": SLUG, "maxLength": 64}, "said": text(1000),
                   "why": text(300)},
}
ARTICLE = {  # the article the claims come from, as far as it is known (its ClaimReview markup names it)
    "type": "object",
    "required": ["title"],
    "additionalProperties": False,
    "properties": {"title": text(300), "published": {"type": ["string", "null"], "maxLength": 40},
                   "publisher": {"type": ["string", "null"], "maxLength": 200},
                   "url": {"type": ["string", "null"], "pattern": URL, "maxLength": 500},
                   "outline": {"type": "array", "items": OUTLINE_ITEM, "maxItems": 1000}},
}
REGISTRY = {
    "type": "object",
    "required": ["claims"],
    "additionalProperties": False,
    "properties": {"claims": {"type": "array", "items": CLAIM, "maxItems": 1000}, "article": ARTICLE},
}
GRID_VALUE = {**SCALAR, "maxLength": 200}
GRID = {
    "type": "object",
    "required": ["parameters"],
    "additionalProperties": False,
    "properties": {
        "claim": {"type": "string", "pattern": SLUG, "maxLength": 64},
        "parameters": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": NAME, "maxLength": 60},
                       "additionalProperties": {"anyOf": [GRID_VALUE, {"type": "array", "items": GRID_VALUE,
                                                                       "minItems": 1, "maxItems": 10000}]}},
    },
}

# What a pattern asks for, said in words.
PATTERNS = {
    SLUG: "a slug: lower-case letters and digits joined by single hyphens (e.g. us-november-drop)",
    NAME: "a name of letters, digits and underscores, not starting with a digit",
    NOTEBOOK: "a path inside notebooks/ ending in .ipynb (e.g. notebooks/03_us_november_drop.ipynb), without '..'",
    URL: "an http:// or https:// address",
}
TYPE_WORDS = {"string": "text", "number": "a finite number", "integer": "a whole number", "boolean": "true or false",
              "object": "a mapping", "array": "a list", "null": "null"}


@cache
def validator_class():
    """Draft 2020-12 whose numbers are finite: JSON Schema's number, without NaN and the infinities YAML can write
    (.nan, .inf). jsonschema is imported here, when a document is checked: importing it takes seconds (its format
    checkers), which a notebook reading claims.yaml for its parameters does not pay."""
    from jsonschema import Draft202012Validator, validators

    def finite_number(_checker, instance) -> bool:
        return Draft202012Validator.TYPE_CHECKER.is_type(instance, "number") and math.isfinite(instance)

    return validators.extend(Draft202012Validator,
                             type_checker=Draft202012Validator.TYPE_CHECKER.redefine("number", finite_number))


FIRST_REPORTED = {"required": 0, "type": 1}  # on one line, a missing key says more than the others


def line_at(document: Any, path: list) -> int:
    """The line of the key or mapping a path points to (0 when nothing on the way knows its line)."""
    line, node = getattr(document, "line", 0), document
    for step in path:
        key_lines = getattr(node, "key_lines", {})
        if step in key_lines:
            line = key_lines[step]
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", 0) or line
    return line


def subject(document: Any, path: list) -> str:
    """Whose field a problem is in: 'claim us-november-drop: parameter month', 'claim 3' (the field itself is left to
    the message)."""
    words, node = [], document
    for position, step in enumerate(path):
        parent = path[position - 1] if position else None
        if parent == "claims" and isinstance(node, list):
            claim = node[step] if step < len(node) else None
            claim_id = claim.get("id") if isinstance(claim, dict) else None
            words.append(f"claim {claim_id}" if isinstance(claim_id, str) and len(claim_id) < 65 else f"claim {step + 1}")
        elif parent == "parameters":
            words.append(f"parameter {step}")
        elif step not in ("claims", "parameters") and position < len(path) - 1:
            words.append(str(step))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return ": ".join(words)


def message(error, shown) -> str:
    """A jsonschema error in the project's words."""
    value, key = error.instance, (error.path[-1] if error.path else None)
    kind = error.validator
    if is_name(error):
        key = "name"
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        if {"type", "default"} & set(missing) and "default" in error.validator_value and "type" in error.validator_value:
            return "needs a type and a default, as {type: month, default: \"2025-11\"}"
        return f"lacks {', '.join(missing)}"
    if kind == "additionalProperties":
        return f"unknown key {shown(unknown_keys(error)[0])} (known: {', '.join(error.schema.get('properties', {}))})"
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"{key or 'the file'} must be {' or '.join(TYPE_WORDS[name] for name in expected)}, not {shown(value)}"
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        if key in ("type", "rule"):
            return f"unknown {key} {shown(value)} (known: {allowed})"
        return f"{key} {shown(value)} is not allowed: one of {allowed}"
    if kind == "pattern":
        return f"{key} {shown(value)} is not {PATTERNS.get(error.validator_value, 'allowed')}"
    if kind in ("maxLength", "maxItems", "maxProperties"):
        return f"{key} is too long (at most {error.validator_value} {'characters' if kind == 'maxLength' else 'entries'})"
    if kind in ("minLength", "minItems", "minProperties"):
        return f"{key} is empty"
    if kind == "anyOf":
        return f"{key} must be a value or a list of values, not {shown(value)}"
    return error.message


def unknown_keys(error) -> list:
    return sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)


def error_line(document: Any, error) -> int:
    """The line of the value at fault; for a key the schema does not know, that key's line."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict) and unknown_keys(error):
        path.append(unknown_keys(error)[0])
    if is_name(error):
        path.append(error.instance)
    return line_at(document, path)


def is_name(error) -> bool:
    """Whether the error is about a key's name (propertyNames), not its value."""
    return "propertyNames" in error.absolute_schema_path


def schema_problems(document: Any, schema: dict[str, Any], shown) -> list[tuple[int, str]]:
    """Every place the document departs from the schema: (line, 'subject: message'), in file order."""
    errors = sorted(validator_class()(schema).iter_errors(document),
                    key=lambda error: (error_line(document, error), FIRST_REPORTED.get(error.validator, 2)))
    problems = []
    for error in errors:
        where, said = subject(document, list(error.absolute_path)), message(error, shown)
        problems.append((error_line(document, error), f"{where}: {said}" if where else said))
    return problems
