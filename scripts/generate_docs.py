"""Rewrite the parts of README.md and docs/ that are made from the project's own files, between their marker comments.

- README.md, the claims table: one row per claim of claims.yaml, in its order, with the verdict and the headline
  figure of a build's results.json.
- docs/results.md, the fields of results.json: the descriptions in its JSON Schema.
- docs/ledger.md, the tiers of source and the statuses of figures: what `tradeclaims validate --summary` prints for
  the shipped ledger.

Run it from anywhere, with the project's venv, after a build of every claim with its own parameters:

    bash scripts/build.sh
    .venv/bin/python scripts/generate_docs.py                 # rewrites the sections
    .venv/bin/python scripts/generate_docs.py --check         # exit 1, naming each section that is out of date

Text outside the markers is never touched. The tests hold every section equal to what this script makes.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "scripts/generate_docs.py"
BEGIN = "<!-- BEGIN generated: {name} (made by " + SCRIPT + "; do not edit by hand) -->"
END = "<!-- END generated: {name} -->"

# Each generated section: the file holding it, relative to the project, and its name in the markers.
CLAIMS = ("README.md", "claims")
RESULTS_FIELDS = ("docs/results.md", "results-fields")
LEDGER_TIERS = ("docs/ledger.md", "ledger-tiers")
SECTIONS = (CLAIMS, RESULTS_FIELDS, LEDGER_TIERS)


def figure(value: Any, unit: str, bound: str | None = None) -> str:
    """A headline figure as the index shows it: one decimal (none for a whole count) and its unit, "at least" a lower
    bound rounded down and "at most" an upper bound rounded up (so that what is shown still holds)."""
    from tradeclaims.checks.verdicts import shown_digits

    if not isinstance(value, int | float):
        return "n/a"
    if bound == "lower":
        value = math.floor(round(value * 10, 6)) / 10
    elif bound == "upper":
        value = math.ceil(round(value * 10, 6)) / 10
    words = {"lower": "at least ", "upper": "at most "}.get(bound or "", "")
    return f"{words}{value:,.{shown_digits(value, unit)}f} {unit}".strip()


def cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def claims_table(registry: dict[str, Any], results: dict[str, Any]) -> str:
    """README's table: every claim of the registry, what the article says in our words, the verdict a build gave
    it, the headline figure measured (and its period), and what that figure is set against."""
    entries = {entry["id"]: entry for entry in results.get("claims", [])}
    missing = [claim_id for claim_id in registry if claim_id not in entries]
    if missing:
        raise SystemExit(f"{SCRIPT}: the build has no result for {', '.join(missing)}: build every claim first "
                         "(bash scripts/build.sh)")
    rows = ["| claim | what the article says, in our words | verdict | measured (period) | set against |",
            "|---|---|---|---|---|"]
    for claim_id, claim in registry.items():
        entry = entries[claim_id]
        verdict = entry.get("verdict") if entry.get("status") == "ok" else "failed"
        measured = figure(entry.get("measured"), entry.get("unit") or "", entry.get("bound"))
        if entry.get("period"):
            measured += f" ({entry['period']})"
        threshold = entry.get("threshold")
        if entry.get("article_value") is not None:
            against = f"the article's {figure(entry['article_value'], entry.get('unit') or '')}"
        elif threshold:
            against = f"{threshold['label']} {figure(threshold['value'], threshold.get('unit') or '')} (ours)"
        else:
            against = "no figure in the article"
        rows.append(f"| [{claim_id}]({claim.notebook}) | {cell(claim.title)} | {cell(verdict)} | {cell(measured)} "
                    f"| {cell(against)} |")
    return "\n".join(rows) + "\n"


def results_fields() -> str:
    from tradeclaims.report.schema import fields_markdown

    return fields_markdown()


def ledger_tiers(root: Path) -> str:
    from tradeclaims.ledger.summary import ledger_summary

    return ledger_summary(root / "data")


def load_registry(root: Path) -> dict[str, Any]:
    from tradeclaims.checks.registry import load_registry as load

    return load(root / "claims.yaml")


def makers(root: Path, results: Path | None) -> dict[tuple[str, str], Callable[[], str]]:
    """How each section is made; the claims table only when a results file is given."""
    made: dict[tuple[str, str], Callable[[], str]] = {
        RESULTS_FIELDS: results_fields, LEDGER_TIERS: lambda: ledger_tiers(root)}
    if results is not None:
        made[CLAIMS] = lambda: claims_table(load_registry(root), json.loads(results.read_text(encoding="utf-8")))
    return made


def pattern(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(BEGIN.format(name=name)) + r"\n(.*?)" + re.escape(END.format(name=name)), re.DOTALL)


def section(text: str, name: str) -> str | None:
    """What the file holds between the markers of section `name`; None when the markers are missing."""
    found = pattern(name).search(text)
    return None if found is None else found.group(1)


def replaced(text: str, name: str, content: str) -> str:
    if section(text, name) is None:
        raise SystemExit(f"{SCRIPT}: no markers for {name!r}; put these two lines where it goes:\n"
                         f"{BEGIN.format(name=name)}\n{END.format(name=name)}")
    return pattern(name).sub(lambda _: f"{BEGIN.format(name=name)}\n{content}{END.format(name=name)}", text, count=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=SCRIPT, description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=None,
                        help="the results.json of a build of every claim (default: reports/results.json)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a section is out of date")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    results = args.results or args.root / "reports" / "results.json"
    if not results.is_file():
        print(f"{SCRIPT}: {results} not found: build first (bash scripts/build.sh) or name one with --results",
              file=sys.stderr)
        return 2
    stale = []
    for (file, name), make in makers(args.root, results).items():
        path = args.root / file
        text = path.read_text(encoding="utf-8")
        updated = replaced(text, name, make())
        if updated != text:
            stale.append(f"{file} ({name})")
            if not args.check:
                path.write_text(updated, encoding="utf-8")
    if stale:
        print(("out of date: " if args.check else "rewritten: ") + ", ".join(stale))
    else:
        print("every generated section is up to date")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
