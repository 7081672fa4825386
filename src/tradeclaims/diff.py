"""`tradeclaims diff OLD NEW`: what changed between two builds and which inputs changed it.

OLD and NEW are results.json files or the output folders holding them. Markdown by default (a table a terminal
shows plainly and a CI job summary renders), or JSON. Exit status 0; 1 with --fail-on-change when a verdict
changed; 2 when a file is missing or is not a results file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tradeclaims.errors import UsageError

RESULTS = "results.json"


def add_parser(commands) -> argparse.ArgumentParser:
    diff = commands.add_parser("diff", help="what changed between two builds, and which inputs changed it")
    diff.add_argument("old", type=Path, metavar="OLD", help="the earlier results.json, or the folder holding it")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later results.json, or the folder holding it")
    diff.add_argument("--format", choices=["markdown", "json"], default="markdown", help="default markdown")
    diff.add_argument("--fail-on-change", action="store_true", help="exit 1 when a verdict changed")
    return diff


def results_file(path: Path) -> Path:
    return path / RESULTS if path.is_dir() else path


def read_results(path: Path) -> dict[str, Any]:
    """A results document; a one-line UsageError for anything else (read bounded, checked against the schema)."""
    from tradeclaims.report.schema import NotResults, read_results_file

    file = results_file(path)
    try:
        return read_results_file(file)
    except FileNotFoundError:
        raise UsageError(f"{file}: no such file") from None
    except OSError as error:
        raise UsageError(f"{file}: cannot be read ({error.strerror or type(error).__name__})") from None
    except NotResults as error:
        raise UsageError(f"{file} is not a results file as tradeclaims run writes ({error})") from None


def command_diff(args) -> int:
    from tradeclaims.report.changes import compare, markdown

    old, new = read_results(args.old), read_results(args.new)
    changes = compare(old, new)
    if args.format == "json":
        print(json.dumps(changes.as_json(), indent=2))
    else:
        print(markdown(changes, old_label=str(results_file(args.old)), new_label=str(results_file(args.new))), end="")
    return 1 if args.fail_on_change and changes.verdicts_changed else 0
