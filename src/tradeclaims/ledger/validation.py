"""Check data/ against its descriptor (data/datapackage.json): types, codes, units, duplicates, hashes.

Frictionless checks the table schemas, keys and hashes; the checks here add what a schema cannot say
(periods that parse, units that match the measure). Every problem is reported as `file:line: message`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tradeclaims.errors import DataError, UsageError
from tradeclaims.ledger.fetched import DESCRIPTOR, FETCHED, check_fetched
from tradeclaims.ledger.files import sha256_file
from tradeclaims.ledger.periods import parse_period
from tradeclaims.ledger.quality import REVISABLE_FLOWS

UNIT_OF_MEASURE = {"yoy_pct": {"pct"}, "share_pct": {"pct"}}


def resource_paths(data_dir: Path) -> dict[str, Path]:
    """Resource name -> file, as the descriptor lists them."""
    descriptor = json.loads((data_dir / DESCRIPTOR).read_text())
    return {resource["name"]: data_dir / resource["path"] for resource in descriptor["resources"]}


def data_fingerprint(data_dir: Path) -> dict[str, str]:
    """sha256 of the descriptor and of every file it lists."""
    files = [data_dir / DESCRIPTOR, *resource_paths(data_dir).values()]
    return {path.name: sha256_file(path) for path in files if path.exists()}


def schema_problems(data_dir: Path) -> list[str]:
    from frictionless import validate  # slow to import: only when data changed

    report = validate(str(data_dir / DESCRIPTOR))
    problems = []
    for task in report.tasks:
        where = f"data/{Path(task.place).name}"
        for error in task.errors:
            line = getattr(error, "row_number", None)
            problems.append(f"{where}:{line}: {error.message}" if line else f"{where}: {error.message}")
    for error in report.errors:
        problems.append(f"data/{DESCRIPTOR}: {error.message}")
    return problems


def observation_problems(path: Path, label: str | None = None) -> list[str]:
    problems = []
    with path.open(newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{label or 'data/' + path.name}:{line}"
            try:
                parse_period(row.get("period") or "")
            except ValueError as error:
                problems.append(f"{where}: {error}")
            allowed = UNIT_OF_MEASURE.get(row.get("measure") or "")
            if allowed and row.get("unit") not in allowed:
                problems.append(f"{where}: measure {row.get('measure')} needs unit pct, not {row.get('unit')!r}")
            unit, currency = row.get("unit") or "", row.get("currency") or ""
            expected = "USD" if currency == "CNY_CONVERTED" else currency  # a yuan figure an outlet put in dollars
            if unit[:3] in ("USD", "CNY") and unit[:3] != expected:
                problems.append(f"{where}: unit {unit!r} does not match currency {row.get('currency')!r}")
    return problems


def source_problems(path: Path) -> list[str]:
    """One row per page: a URL registered twice is an error (agreement would be counted twice)."""
    problems, first_line = [], {}
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            url = (row.get("url") or "").strip().rstrip("/")
            if url in first_line:
                problems.append(f"data/{path.name}:{line}: URL already registered on line {first_line[url]} "
                                f"({row.get('url')}): one row per page")
            first_line.setdefault(url, line)
    return problems


def edition_problems(path: Path, label: str | None = None) -> list[str]:
    """Revisable figures carry an edition; one page is one edition (a page cannot mix editions)."""
    problems, edition_of = [], {}
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where, edition = f"{label or 'data/' + path.name}:{line}", row.get("edition") or ""
            if row.get("flow") in REVISABLE_FLOWS and not edition:
                problems.append(f"{where}: {row.get('flow')} figures are revised in editions: give the edition "
                                "(e.g. WEO-2025-10, or unstated)")
            source = row.get("source_id") or ""
            if edition and edition_of.setdefault(source, (edition, line))[0] != edition:
                problems.append(f"{where}: source {source} mixes editions ({edition_of[source][0]} on line "
                                f"{edition_of[source][1]}, {edition} here)")
    return problems


def find_problems(data_dir: Path) -> list[str]:
    """Every problem in data/, as `file:line: message` lines; empty when it validates."""
    data_dir = Path(data_dir)
    if not (data_dir / DESCRIPTOR).exists():
        return [f"data/{DESCRIPTOR}: missing"]
    try:
        paths = resource_paths(data_dir)
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        return [f"data/{DESCRIPTOR}: not a valid descriptor ({error})"]
    missing = [f"data/{path.name}: missing (listed in {DESCRIPTOR})" for path in paths.values() if not path.exists()]
    if missing:
        return missing
    problems = schema_problems(data_dir)
    if "sources" in paths:
        problems += source_problems(paths["sources"])
    if "observations" in paths:
        problems += observation_problems(paths["observations"]) + edition_problems(paths["observations"])
    return problems


def fetched_problems(data_dir: Path) -> list[str]:
    """Problems in data/fetched: tables changed since they were fetched, periods or units that do not parse."""
    data_dir = Path(data_dir)
    tables = sorted((data_dir / FETCHED).glob("*/observations.csv"))
    problems = []
    for table in tables:
        try:
            check_fetched(data_dir, table.parent.name)
        except UsageError as error:
            problems.append(str(error))
        problems += observation_problems(table, f"data/{table.relative_to(data_dir).as_posix()}")
    return problems


def check_data(data_dir: Path, cache_file: Path | None = None) -> dict[str, str]:
    """Raise DataError if data/ does not validate; return its fingerprint.

    A fingerprint that validated before (recorded in cache_file) is not validated again.
    """
    fingerprint = data_fingerprint(Path(data_dir))
    record = {**fingerprint, "validator": sha256_file(Path(__file__))}
    if cache_file and cache_file.exists() and json.loads(cache_file.read_text()) == record:
        return fingerprint
    problems = find_problems(Path(data_dir))
    if problems:
        raise DataError(problems)
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(record, sort_keys=True))
    return fingerprint


def update_hashes(data_dir: Path) -> list[str]:
    """Write each resource's current sha256 and size into the descriptor; return the names changed."""
    descriptor_path = Path(data_dir) / DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text())
    changed = []
    for resource in descriptor["resources"]:
        path = Path(data_dir) / resource["path"]
        digest = f"sha256:{sha256_file(path)}"
        if resource.get("hash") != digest:
            changed.append(resource["name"])
        resource["hash"], resource["bytes"] = digest, path.stat().st_size
    descriptor_path.write_text(json.dumps(descriptor, indent=2) + "\n")
    return changed
