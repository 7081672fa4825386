"""Check data/ against its descriptor (data/datapackage.json): types, codes, units, duplicates, hashes.

Each table is first read by the ledger's own reader (ledger/tables.py), which refuses text saved in a way
the loaders do not read (another encoding, another separator); Frictionless then checks the table schemas,
keys and hashes; the checks here add what a schema cannot say (periods that parse, units that match the
measure; events dated no later than their source and agreeing row by row, see ledger/events.py). Every problem is
reported as `file:line: message`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from pathlib import Path
from urllib.parse import urlsplit

from tradeclaims.errors import DataError, UsageError, shown
from tradeclaims.ledger import arithmetic, datapackage, events, schema, tables
from tradeclaims.ledger.datapackage import (
    DESCRIPTOR,
    OBSERVATION_COLUMNS,
    OBSERVATION_KEY,
    QUANTITY,
    data_fingerprint,
    read_descriptor,
    resource_paths,
    schema_columns,
)
from tradeclaims.ledger.fetched import (
    FETCHED,
    SOURCES,
    all_fetched_hashes,
    check_fetched,
    fetched_label,
    read_fetched_table,
)
from tradeclaims.ledger.files import json_hash, sha256_file, write_text
from tradeclaims.ledger.periods import parse_period
from tradeclaims.ledger.quality import REVISABLE_FLOWS
from tradeclaims.ledger.tables import Table, TableError, read_table
from tradeclaims.ledger.units import LEVEL_OF, SCALE_APART, scale_apart, standard_unit

# What reading a broken descriptor or table raises: not JSON (ValueError), a list where a mapping belongs
# (TypeError, AttributeError, KeyError), a folder or an unreadable file where a table belongs (OSError).
UNREADABLE = (OSError, ValueError, KeyError, TypeError, AttributeError)
# The unit a measure needs: a rate or a share of GDP growth in %, a contribution to GDP growth in percentage points.
UNIT_OF_MEASURE = {"yoy_pct": {"pct"}, "share_pct": {"pct"}, "share_of_growth": {"pct"}, "pp_of_growth": {"pp"}}


def schema_problems(data_dir: Path, read: dict[str, Table]) -> list[str]:
    """The table schemas' problems: checked here in one pass (ledger/schema.py) when the descriptor asks for
    nothing more, else by Frictionless."""
    descriptor = read_descriptor(data_dir)
    if schema.supported(descriptor):
        by_name = {resource["name"]: read[Path(resource["path"]).name] for resource in descriptor["resources"]}
        return schema.table_schema_problems(data_dir, descriptor, by_name)
    return frictionless_problems(data_dir, read)


def frictionless_problems(data_dir: Path, read: dict[str, Table]) -> list[str]:
    """Frictionless's problems, except on the empty rows the reader drops at the end of a table."""
    from frictionless import validate  # slow to import: only when data changed

    report = validate(str(data_dir / DESCRIPTOR))
    problems = []
    for task in report.tasks:
        name = Path(task.place).name
        where = f"data/{name}"
        table = read.get(name)
        for error in task.errors:
            line = getattr(error, "row_number", None)
            if table is not None and line in table.trailing_empty:
                continue
            problems.append(f"{where}:{line}: {error.message}" if line else f"{where}: {error.message}")
    for error in report.errors:
        problems.append(f"data/{DESCRIPTOR}: {error.message}")
    return problems


MAX_VALUE = 1e15  # in any of the ledger's units (USD thousand to USD trn): far beyond every trade figure
MAX_VALUE_TEXT = 30  # characters of a value cell


def value_problem(text: str) -> str | None:
    """What is wrong with a value cell that Frictionless's number type accepts (NaN, INF, 1e400, 400 digits,
    digits other than ASCII ones, which float() reads)."""
    if len(text) > MAX_VALUE_TEXT:
        return f"a value of {len(text)} characters ({shown(text, 20)}): not a published figure"
    if not text.isascii():
        return f"value {shown(text)} has characters other than ASCII digits, sign and point"
    try:
        number = float(text)
    except ValueError:
        return None  # not a number at all: the table schema names it
    if not math.isfinite(number):
        return f"value {shown(text)} is not a finite number"
    if abs(number) > MAX_VALUE:
        return f"value {shown(text)} is beyond {MAX_VALUE:g} in size: not a published figure"
    return None


# Flows whose `value` is a level: an amount traded or produced, never below zero. A balance (exports less imports)
# may be negative; rates and shares are not levels.
LEVEL_FLOWS = frozenset({"exports", "imports", "imports_non_oil_gas", "trade", "gdp"})


def level_problem(flow: str, measure: str, value: str) -> str | None:
    """A negative level: a sign a reader or a hand kept from a misread cell, which would be judged as a collapse."""
    if measure != "value" or flow not in LEVEL_FLOWS or value_problem(value):
        return None
    try:
        negative = float(value) < 0
    except ValueError:
        return None  # not a number: the table schema names it
    return f"{flow} value {shown(value)} is negative: a level of {flow} is never below zero" if negative else None


def period_problem(period: str) -> str | None:
    try:
        parse_period(period)
    except ValueError as error:
        return str(error)
    return None


def unit_problems(measure: str, unit: str, currency: str) -> list[str]:
    """What is wrong with a row's measure, unit and currency together."""
    problems = []
    allowed = UNIT_OF_MEASURE.get(measure)
    if allowed and unit not in allowed:
        problems.append(f"measure {measure} needs unit {' or '.join(sorted(allowed))}, not {unit!r}")
    expected = "USD" if currency == "CNY_CONVERTED" else currency  # a yuan figure an outlet put in dollars
    if unit[:3] in ("USD", "CNY") and unit[:3] != expected:
        problems.append(f"unit {unit!r} does not match currency {currency!r}")
    return problems


OBSERVATION_CHECKED = ("value", "period", "measure", "unit", "currency", "flow")


def distinct_values(table: Table, *names: str) -> set:
    """The distinct values (or tuples of values) of these columns."""
    return set(map(itemgetter(*names), table.rows))


def observations_look_right(table: Table) -> bool:
    """Whether every distinct value, period and measure-unit-currency passes (when so, no row is looked at)."""
    if not set(OBSERVATION_CHECKED) <= set(table.columns):
        return False
    return not (any(map(value_problem, distinct_values(table, "value")))
                or any(map(period_problem, distinct_values(table, "period")))
                or any(level_problem(*figure) for figure in distinct_values(table, "flow", "measure", "value"))
                or any(unit_problems(*units) for units in distinct_values(table, "measure", "unit", "currency")))


def observation_problems(table: Table) -> list[str]:
    """Values that are no published figure, periods that do not parse, units that do not fit the measure or the
    currency (each distinct period and unit checked once: linear in the rows)."""
    if observations_look_right(table):
        return []
    problems, periods, units = [], {}, {}
    for line, row in table.numbered():
        period = row.get("period") or ""
        if period not in periods:
            periods[period] = period_problem(period)
        combination = (row.get("measure") or "", row.get("unit") or "", row.get("currency") or "")
        if combination not in units:
            units[combination] = unit_problems(*combination)
        level = level_problem(row.get("flow") or "", row.get("measure") or "", row.get("value") or "")
        found = [problem for problem in (value_problem(row.get("value") or ""), periods[period], level) if problem]
        found += units[combination]
        problems += [f"{table.label}:{line}: {problem}" for problem in found]
    return problems


@lru_cache(maxsize=65536)  # a ledger has far fewer distinct periods than rows
def period_start(period: str) -> str | None:
    try:
        return str(parse_period(period).start)
    except ValueError:
        return None


def future_problems(observations: Table, sources: Table) -> list[str]:
    """A figure for a period that begins after its source was retrieved ('Mar 2099') is a misread date."""
    retrieved = {row.get("id"): row.get("retrieved") or "" for row in sources.rows}
    if {"source_id", "period"} <= set(observations.columns) and not any(
            too_early(period, retrieved.get(source, "")) for source, period in distinct_values(
                observations, "source_id", "period")):  # far fewer pairs than rows
        return []
    problems = []  # a period that does not parse is named by observation_problems
    for line, row in observations.numbered():
        when = retrieved.get(row.get("source_id"), "")
        if too_early(row.get("period") or "", when):
            problems.append(f"{observations.label}:{line}: period {row.get('period')} begins after its source "
                            f"{row.get('source_id')} was retrieved ({when})")
    return problems


def too_early(period: str, when: str) -> bool:
    start = period_start(period)
    return bool(start is not None and when[:7] and start > when[:7])


def retrieved_problems(sources: Table) -> list[str]:
    """A source retrieved after today is a mistyped date, and would let figures for periods not yet begun pass as
    published. Tomorrow is allowed: east of UTC it is already tomorrow."""
    latest = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    return [f"{sources.label}:{line}: source {row.get('id')} was retrieved {row.get('retrieved')}, after today"
            for line, row in sources.numbered() if (row.get("retrieved") or "")[:10] > latest]


def read_or_refuse(path: Path, label: str, columns: tuple[str, ...], reader=read_table) -> Table | TableError:
    try:
        return reader(path, label, columns)
    except TableError as error:
        return error


def source_problems(table: Table) -> list[str]:
    """One row per page: a URL registered twice is an error (agreement would be counted twice)."""
    problems, first_line = [], {}
    for line, row in table.numbered():
        url = (row.get("url") or "").strip().rstrip("/")
        if url in first_line:
            problems.append(f"{table.label}:{line}: URL already registered on line {first_line[url]} "
                            f"({row.get('url')}): one row per page")
        first_line.setdefault(url, line)
    return problems


def copy_problems(table: Table) -> list[str]:
    """Pages that look like copies of one story must share its origin, or agreement would be counted twice.

    Copies: the same title (letters and digits, any case) and the same date on other hosts, or the same address
    path on two hosts of one site (one article under two ids: an error of its own).
    """
    problems, first_copy, first_path = [], {}, {}
    for line, row in table.numbered():
        where, url = f"{table.label}:{line}", urlsplit(row.get("url") or "")
        site = ".".join((url.hostname or "").split(".")[-2:])
        path = (site, url.path.rstrip("/"), url.query)
        if url.path.strip("/") and path in first_path and first_path[path][1] != url.hostname:
            problems.append(f"{where}: {row.get('id')} is the article of line {first_path[path][0]} at another "
                            f"host of {site}: one article is one source")
        first_path.setdefault(path, (line, url.hostname))
        title = " ".join(re.findall(r"\w+", (row.get("title") or "").lower()))
        if not (title and row.get("published")):
            continue
        line_of, id_of, origin, host = first_copy.setdefault((title, row["published"]),
                                                             (line, row.get("id"), row.get("origin"), url.hostname))
        if host != url.hostname and origin != row.get("origin"):
            problems.append(f"{where}: {row.get('id')} looks like a copy of {id_of} (line {line_of}: same title and "
                            f"date on another host) but its origin is {row.get('origin')!r}, not {origin!r}: copies "
                            "of one story share its origin")
    return problems


def editions_look_right(table: Table) -> bool:
    """Whether no revisable figure lacks an edition and no page mixes editions, from the distinct triples."""
    if not {"flow", "edition", "source_id"} <= set(table.columns):
        return False
    triples = distinct_values(table, "flow", "edition", "source_id")
    editions_by_source: dict[str, set[str]] = {}
    for flow, edition, source in triples:
        if flow in REVISABLE_FLOWS and not edition:
            return False
        if edition:
            editions_by_source.setdefault(source, set()).add(edition)
    return all(len(editions) == 1 for editions in editions_by_source.values())


def edition_problems(table: Table) -> list[str]:
    """Revisable figures carry an edition; one page is one edition (a page cannot mix editions)."""
    if editions_look_right(table):
        return []
    problems, edition_of = [], {}
    for line, row in table.numbered():
        where, edition = f"{table.label}:{line}", row.get("edition") or ""
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
        columns = schema_columns(data_dir)
    except OSError as error:
        return [f"data/{DESCRIPTOR}: cannot be read ({error.strerror or error})"]
    except UNREADABLE as error:
        detail = f"a resource lacks {error}" if isinstance(error, KeyError) else shown(str(error))
        return [f"data/{DESCRIPTOR}: not a valid descriptor ({detail})"]
    missing = [f"data/{path.name}: missing (listed in {DESCRIPTOR})" for path in paths.values() if not path.exists()]
    if missing:
        return missing
    read = {path.name: read_or_refuse(path, f"data/{path.name}", columns.get(name, ())) for name, path in paths.items()}
    refused = [error.problems[0] for error in read.values() if isinstance(error, TableError)]
    if refused:  # the schema's checks would only repeat, in many lines, that these tables cannot be read
        return refused
    recorded = read.get(paths["events"].name) if "events" in paths else None
    if isinstance(recorded, Table) and (too_many := events.too_many_rows(recorded)):
        return [too_many]  # checking each of its rows would take long and say little more
    problems = schema_problems(data_dir, read)
    observations = read.get(paths["observations"].name) if "observations" in paths else None
    if isinstance(observations, Table):
        problems += observation_problems(observations) + edition_problems(observations)
    sources = read.get(paths["sources"].name) if "sources" in paths else None
    if isinstance(sources, Table):
        problems += source_problems(sources) + copy_problems(sources)
    if isinstance(sources, Table):
        problems += retrieved_problems(sources)
    if isinstance(observations, Table) and isinstance(sources, Table):
        problems += future_problems(observations, sources)
    if isinstance(recorded, Table) and isinstance(sources, Table):
        problems += events.event_problems(recorded, sources)
    return problems


Level = tuple[int, float, str]  # a level's line, value in its standard unit and origin
LEVEL_COLUMNS = ("reporter", "flow", "partner", "period", "measure", "unit", "status", "value", "source_id")


def levels_by_quantity(observations: Table, sources: Table) -> dict[tuple[str, ...], list[Level]]:
    """The current levels (no status, not zero) of each quantity printed twice or more, in its standard unit: a
    dollar figure and a yuan figure converted to dollars are one level. The rows are first counted by quantity without
    a line of Python per row: a lone figure is compared with nothing, and a long series has one per quantity."""
    origin = {row.get("id"): row.get("origin") or row.get("id") for row in sources.rows}
    quantity_of = itemgetter(*LEVEL_COLUMNS[:5])
    repeated = {quantity for quantity, count in Counter(map(quantity_of, observations.rows)).items() if count > 1}
    grouped: dict[tuple[str, ...], list[tuple[int, str, str, str]]] = {}
    for line, (reporter, flow, partner, period, measure, unit, status, value, source) in compress(
            zip(observations.lines, map(itemgetter(*LEVEL_COLUMNS), observations.rows), strict=True),
            map(repeated.__contains__, map(quantity_of, observations.rows))):
        if unit in LEVEL_OF and not status:
            grouped.setdefault((reporter, flow, partner, period, measure, LEVEL_OF[unit]), []).append(
                (line, value, unit, source))
    levels: dict[tuple[str, ...], list[Level]] = {}
    for quantity, rows in grouped.items():
        found = [(line, float(value) * standard_unit(unit)[1], origin.get(source, source))
                 for line, value, unit, source in rows if len(rows) > 1 and not value_problem(value)]
        if len([level for level in found if level[1]]) > 1:
            levels[quantity] = [level for level in found if level[1]]
    return levels


def scale_warnings(observations: Table, sources: Table) -> list[str]:
    """Each level more than SCALE_APART times apart from every other origin's figure of it: a wrong unit (USD mn
    for USD bn), by line. A warning, not a problem: the resolver does not take such a figure while another origin's
    is there (ledger/figures.py: resolve), and the claim's page lists the disagreement."""
    warnings = []
    for (reporter, flow, partner, period, _, unit), levels in levels_by_quantity(observations, sources).items():
        sizes = [abs(value) for _, value, _ in levels]
        if not scale_apart(min(sizes), max(sizes)):
            continue  # the usual case, settled without comparing pairs
        for line, value, origin in levels:
            others = [other for other in levels if other[2] != origin]
            if others and all(scale_apart(value, other[1]) for other in others):
                lines = ", ".join(str(other[0]) for other in others)
                warnings.append(f"{observations.label}:{line}: {reporter} {flow} with {partner}, {period} is {value:,.4g} "
                                f"{unit}, more than {SCALE_APART:.0f} times apart from every other origin's figure "
                                f"(line(s) {lines}): check its unit")
    return warnings


ARITHMETIC_COLUMNS = (*QUANTITY, "status", "edition", "unit", "value", "source_id")


def arithmetic_warnings(observations: Table, sources: Table) -> list[str]:
    """Published figures that contradict each other beyond their rounding (a level against the year-earlier level and
    the reported rate, months against the year-to-date totals they make up, a balance against exports and imports),
    each named by the line of the figure singled out, with every other line involved (see ledger/arithmetic.py). A
    warning, not a problem: it is a finding about the sources; the resolver sets such a figure aside when another
    page's figure of its quantity fits (ledger/figures.py)."""
    if not set(ARITHMETIC_COLUMNS) <= set(observations.columns):
        return []
    kinds = {row.get("id"): (row.get("kind") or "", row.get("origin") or row.get("id")) for row in sources.rows}
    # the quantities first (one tuple per row), the identities among them, then the readings of their figures alone: a
    # long series of single months takes part in none
    rows = list(zip(observations.lines, map(itemgetter(*ARITHMETIC_COLUMNS), observations.rows), strict=True))
    identities = arithmetic.identities({fields[:6] for _, fields in rows if not (fields[6] or fields[7])})
    needed = {quantity for identity in identities for quantity in identity.quantities}
    readings: dict[arithmetic.Quantity, list[arithmetic.Reading]] = {}
    for line, fields in rows:
        quantity, (status, edition, unit, value, source) = fields[:6], fields[6:]
        if status or edition or quantity not in needed or not arithmetic.readable(unit, quantity[4]):
            continue
        factor = standard_unit(unit)[1]
        kind, origin = kinds.get(source, ("", source))
        readings.setdefault(quantity, []).append(arithmetic.Reading(
            float(value) * factor, arithmetic.rounding_halfwidth(value, factor), kind, origin, line))
    label = observations.label
    warnings = []
    for identity in identities:
        unit = f"{identity.quantities[0][5]} bn"  # the standard unit of the series' levels (ledger/units.py)
        for finding in arithmetic.findings(identity, readings):
            described = arithmetic.describe(finding, lambda reading: f"{label}:{reading.ref}", unit)
            warnings.append((finding.readings[finding.position].ref, f"{label}:{finding.readings[finding.position].ref}: "
                                                                      f"{described}"))
    return [warning for _, warning in sorted(warnings)]


def find_warnings(data_dir: Path) -> list[str]:
    """What passes the checks but looks wrong, as `file:line: message` lines (see scale_warnings and
    arithmetic_warnings); for valid data."""
    paths = resource_paths(Path(data_dir))
    observations = read_table(paths["observations"], f"data/{paths['observations'].name}", OBSERVATION_COLUMNS)
    sources = read_table(paths["sources"], f"data/{paths['sources'].name}", ("id", "origin", "kind"))
    return scale_warnings(observations, sources) + arithmetic_warnings(observations, sources)


# What a source's address must be where the data folder has no descriptor to say it (as data/datapackage.json does):
# a web page's, never javascript: or data:, which pages link.
WEB_ADDRESS_FIELD = {"name": "url", "type": "string", "constraints": {"required": True, "pattern": r"^https?://\S+$"}}


def source_fields(data_dir: Path) -> list[dict]:
    """The fields data/sources.csv is checked against (its schema in data/datapackage.json), which a fetched source
    passes too; only the web address's when the folder has no descriptor."""
    try:
        resources = read_descriptor(Path(data_dir))["resources"]
        return next(resource["schema"]["fields"] for resource in resources if resource.get("name") == "sources")
    except (*UNREADABLE, StopIteration):  # validate names a broken descriptor on its own
        return [WEB_ADDRESS_FIELD]


def fetched_problems(data_dir: Path) -> list[str]:
    """Problems in data/fetched: tables changed since they were fetched, periods or units that do not parse, two
    values for one figure of one source, sources retrieved after today or figures dated after their retrieval."""
    data_dir = Path(data_dir)
    tables = sorted((data_dir / FETCHED).glob("*/observations.csv"))
    path = data_dir / FETCHED / SOURCES
    sources = (read_or_refuse(path, fetched_label(path), ("id", "retrieved"), read_fetched_table)
               if tables and path.is_file() else None)
    problems = retrieved_problems(sources) if isinstance(sources, Table) else []
    if isinstance(sources, Table):
        fields = [field for field in source_fields(data_dir) if field["name"] in sources.columns]  # older tables: fewer
        problems += [f"{sources.label}:{line}: {problem}" for line, row in sources.numbered()
                     for problem in schema.row_problems(row, fields)]
    for table in tables:
        try:
            check_fetched(data_dir, table.parent.name)
        except UsageError as error:
            problems.append(str(error))
        read = read_or_refuse(table, fetched_label(table), OBSERVATION_COLUMNS, read_fetched_table)
        if isinstance(read, TableError):
            problems += read.problems
            continue
        problems += observation_problems(read) + schema.primary_key_problems(read, list(OBSERVATION_KEY))
        problems += future_problems(read, sources) if isinstance(sources, Table) else []
    return problems


def check_record(data_dir: Path) -> tuple[dict[str, str] | None, dict[str, str]]:
    """data/'s fingerprint (None if its files cannot be read) and the record of a check of these files by this code:
    data/'s files and data/fetched's, so that a fetched table edited by hand (its hash in data/fetched's descriptor
    updated too) is checked again before a run reads it."""
    try:
        fingerprint = data_fingerprint(Path(data_dir))
        fetched = json_hash(all_fetched_hashes(Path(data_dir)))
    except UNREADABLE:  # a descriptor that is not JSON, a table that is a folder: find_problems names it
        fingerprint, fetched = None, ""
    record = {**(fingerprint or {}), FETCHED: fetched, "validator": sha256_file(Path(__file__)),
              "reader": sha256_file(Path(tables.__file__)),
              "schema": sha256_file(Path(schema.__file__)), "events": sha256_file(Path(events.__file__)),
              "datapackage": sha256_file(Path(datapackage.__file__))}
    return fingerprint, record


def check_data(data_dir: Path, validated: dict[str, str] | None = None, cache_dir: Path | None = None
               ) -> tuple[dict[str, str], dict[str, str]]:
    """Raise DataError if data/ does not validate; return its fingerprint and the record of this check.

    A record equal to `validated` (kept by the caller from an earlier check), or kept in the project's `cache_dir`
    by `tradeclaims validate` (`remember_passed`), means the same files passed the same checks before: they are not
    validated again. Nothing is written here: the caller decides where to keep the record.
    """
    fingerprint, record = check_record(data_dir)
    if fingerprint is not None and (validated == record or (cache_dir is not None and passed_before(cache_dir, record))):
        return fingerprint, record
    problems = find_problems(Path(data_dir)) + fetched_problems(Path(data_dir))  # what `tradeclaims validate` names
    if problems or fingerprint is None:
        raise DataError(problems or [f"data/{DESCRIPTOR}: its files cannot be read"])
    return fingerprint, record


PASSED = "validated"  # in a project's cache folder: one file per check passed, named by its record's hash
PASSED_KEPT = 16  # the latest checks kept (one per version of data/ and of this code)


def passed_path(cache_dir: Path, record: dict[str, str]) -> Path:
    return Path(cache_dir) / PASSED / f"{json_hash(record)[:32]}.json"


def passed_before(cache_dir: Path, record: dict[str, str]) -> bool:
    try:
        return json.loads(passed_path(cache_dir, record).read_text(encoding="utf-8")) == record
    except (OSError, ValueError):
        return False


def remember_passed(cache_dir: Path, record: dict[str, str]) -> None:
    """Keep the record of a check that passed, made before the check and still true after it (best effort: a project
    folder that cannot take it is checked again by each run)."""
    path = passed_path(cache_dir, record)
    try:
        write_text(path, json.dumps(record, sort_keys=True))
        kept = sorted(path.parent.glob("*.json"), key=lambda each: each.stat().st_mtime, reverse=True)
        for old in kept[PASSED_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def update_hashes(data_dir: Path) -> list[str]:
    """Write each resource's current sha256 and size into the descriptor; return the names changed."""
    descriptor_path = Path(data_dir) / DESCRIPTOR
    try:
        descriptor = json.loads(descriptor_path.read_text())
        changed = []
        for resource in descriptor["resources"]:
            path = Path(data_dir) / resource["path"]
            digest = f"sha256:{sha256_file(path)}"
            if resource.get("hash") != digest:
                changed.append(resource["name"])
            resource["hash"], resource["bytes"] = digest, path.stat().st_size
        write_text(descriptor_path, json.dumps(descriptor, indent=2) + "\n")
    except OSError as error:
        raise UsageError(f"data/{DESCRIPTOR}: cannot update the hashes ({error.strerror or error}); "
                         "the descriptor is unchanged") from None
    except UNREADABLE as error:
        raise UsageError(f"data/{DESCRIPTOR}: not a valid descriptor ({shown(str(error))}); nothing updated") from None
    return changed
