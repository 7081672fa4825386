"""Events (data/events.csv): read the same from the files and from the indexed copy, recorded as reads whose digest
changes with the events, and validated with every problem named `file:line`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, tradeclaims
from tradeclaims.errors import DataError
from tradeclaims.ledger.datapackage import EVENT_COLUMNS, data_fingerprint
from tradeclaims.ledger.events import MAX_EVENT_ROWS, EventRows
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.reads import describe, read_digest
from tradeclaims.ledger.store import STORE_VARIABLE, StoreRows, copy_of_data, open_store
from tradeclaims.ledger.tables import read_table
from tradeclaims.ledger.validation import find_problems, update_hashes

SOURCES = {row["id"]: row for row in read_table(ROOT / "data" / "sources.csv").rows}




@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the shipped data/ (its tables, not what a user fetched) that a test may break."""
    copy = tmp_path / "data"
    copy.mkdir()
    for path in (ROOT / "data").iterdir():
        if path.is_file():
            shutil.copy(path, copy / path.name)
    return copy


def events_of(ledger: Ledger, country: str) -> list[tuple[str, str, str, str]]:
    return [(event.id, event.date, event.source.id, event.source.kind) for event in ledger.events(country)]


def test_events_from_the_copy_are_those_of_the_files(stored, monkeypatch):
    monkeypatch.setenv(STORE_VARIABLE, str(stored.parent))
    from_copy = Ledger.load(ROOT / "data")
    assert isinstance(from_copy.event_rows, StoreRows)
    monkeypatch.delenv(STORE_VARIABLE)
    from_files = Ledger.load(ROOT / "data")
    assert isinstance(from_files.event_rows, EventRows)
    for country in ("MX", "ID", "VN"):
        assert from_copy.events(country) == from_files.events(country)
    assert from_copy.read_log.reads == from_files.read_log.reads
    assert ("events", "MX") in from_copy.read_log.reads and from_copy.read_log.bounded


def test_the_shipped_events_of_mexico_and_indonesia(ledger):
    mexico, indonesia = ledger.events("MX"), ledger.events("ID")
    assert [event.date for event in mexico] == sorted(event.date for event in mexico)
    senate = [event for event in mexico if event.id == "mx-2025-12-10-senate-vote-tariffs"]
    assert {event.source.id for event in senate} == {"ev-eleconomista-2025-12-10", "ev-swissinfo-efe-2025-12-11"}
    assert {event.source.kind for event in senate} == {"secondary", "wire"}
    assert all(event.partner == "CN" and event.stance == "concern" for event in senate)
    assert "1,463" in senate[0].concerns and "76 votes to 5" in senate[0].action
    footwear = [event for event in mexico if event.id == "mx-2025-09-03-ad-footwear"]
    assert "official" in {event.source.kind for event in footwear}
    nylon = next(event for event in indonesia if event.id == "id-2025-03-11-ad-nylon-film")
    assert nylon.date == "2025-03-11" and "nylon film from China" in nylon.concerns
    assert {event.stance for event in indonesia} == {"concern", "dismissal"}
    assert ledger.events("VN") == []


def test_a_country_s_events_are_one_read_whose_digest_follows_them(stored, data):
    copy = StoreRows(open_store(stored))
    files = EventRows(read_table(ROOT / "data" / "events.csv").rows)
    for read in (("events", "MX"), ("events", "ID"), ("events", "VN")):
        assert read_digest(read, copy, SOURCES, {}) == read_digest(read, files, SOURCES, {})
    assert describe(["events", "ID"]) == "the events of ID"
    path = data / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Deputy Minister of Industry Faisol Riza",
                                                             "Deputy Industry Minister Faisol Riza"), encoding="utf-8")
    edited = EventRows(read_table(path).rows)
    assert read_digest(("events", "ID"), edited, SOURCES, {}) != read_digest(("events", "ID"), files, SOURCES, {})
    assert read_digest(("events", "MX"), edited, SOURCES, {}) == read_digest(("events", "MX"), files, SOURCES, {})


def test_a_data_package_without_events_has_none(data):
    descriptor = json.loads((data / "datapackage.json").read_text())
    descriptor["resources"] = [resource for resource in descriptor["resources"] if resource["name"] != "events"]
    (data / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    (data / "events.csv").unlink()
    assert find_problems(data) == []
    copy = StoreRows(copy_of_data(data, data_fingerprint(data)))
    assert copy.events("MX") == [] and Ledger.load(data).events("MX") == []


def append_events(data: Path, *rows: dict[str, str]) -> int:
    """Add rows to events.csv (the descriptor's hashes updated); the line of the first."""
    path = data / "events.csv"
    text = path.read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row.get(column, "") for column in EVENT_COLUMNS] for row in rows])
    path.write_text(text + out.getvalue(), encoding="utf-8")
    update_hashes(data)
    return text.count("\n") + 1


EVENT = {"id": "mx-test-event", "date": "2025-10-01", "country": "MX", "actor": "Senate", "action": "voted",
         "concerns": "goods from China", "partner": "CN", "stance": "concern", "source_id": "ev-eleconomista-2025-12-10"}


def test_a_valid_event_passes(data):
    append_events(data, EVENT)
    assert find_problems(data) == []


@pytest.mark.parametrize(("change", "message"), [
    ({"country": "XX"}, "violates the foreign key: country 'XX' not found in data/partners.csv (code)"),
    ({"partner": "ZZ"}, "violates the foreign key: partner 'ZZ' not found in data/partners.csv (code)"),
    ({"source_id": "no-such-page"}, "violates the foreign key: source_id 'no-such-page' not found in data/sources.csv (id)"),
    ({"date": "2025-02-30"}, "date '2025-02-30' is not a day of the calendar"),
    ({"date": "2025-13"}, "date '2025-13' is not a day of the calendar"),
    ({"date": "10/12/2025"}, "field date: '10/12/2025' does not match the pattern"),
    ({"date": "2027-01-05"}, "date 2027-01-05 is after its source ev-eleconomista-2025-12-10 was retrieved (2026-12-05)"),
    ({"date": "2025-12-11"}, "date 2025-12-11 is after its source ev-eleconomista-2025-12-10 was published (2025-12-10)"),
    ({"stance": "praise"}, "field stance: 'praise' is not one of 'concern', 'dismissal'"),
    ({"actor": ""}, "field actor: is empty: a value is required"),
])
def test_a_bad_event_is_named_by_file_and_line(data, change, message):
    line = append_events(data, {**EVENT, **change})
    problems = find_problems(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"data/events.csv:{line}: ") and message in problems[0]


def test_an_event_dated_by_its_month_may_share_the_month_its_page_was_published(data):
    append_events(data, {**EVENT, "date": "2025-12"})  # the page is of 10 December 2025
    assert find_problems(data) == []


def test_the_same_event_from_the_same_page_twice_is_a_duplicate(data):
    line = append_events(data, EVENT, EVENT)
    assert find_problems(data) == [f"data/events.csv:{line + 1}: violates the primary key (id, source_id): the same "
                                   f"as on line {line} (the same row twice)"]


def test_the_rows_of_one_event_must_report_the_same_act(data):
    line = append_events(data, EVENT, {**EVENT, "source_id": "ev-swissinfo-efe-2025-12-11", "date": "2025-10-02",
                                       "stance": "dismissal"})
    assert find_problems(data) == [f"data/events.csv:{line + 1}: event mx-test-event differs from line {line} in date, "
                                   "stance: the rows of one event report the same act"]


def test_validate_names_the_problem_and_refuses_the_data(project_copy, cli):
    line = append_events(project_copy / "data", {**EVENT, "country": "XX"})
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"data/events.csv:{line}: violates the foreign key: country 'XX' not found in "
                                          "data/partners.csv (code)"]


# --- how many events the ledger may hold ------------------------------------------------------------------------------

def generated_events(count: int) -> list[dict[str, str]]:
    """`count` events of one Mexican act, each under an id of its own (made up: a table longer than a ledger kept by
    hand holds)."""
    return [{**EVENT, "id": f"mx-generated-{number}"} for number in range(count)]


def shipped_rows(data: Path) -> int:
    return len(read_table(data / "events.csv").rows)


def test_events_up_to_the_cap_pass(data):
    mexican = len(Ledger.load(data).events("MX"))
    added = MAX_EVENT_ROWS - shipped_rows(data)
    append_events(data, *generated_events(added))
    assert shipped_rows(data) == MAX_EVENT_ROWS
    assert find_problems(data) == []
    assert len(Ledger.load(data).events("MX")) == mexican + added


def test_validate_refuses_more_events_than_the_cap_in_one_line_naming_the_file_and_the_cap(project_copy, cli):
    data = project_copy / "data"
    total = MAX_EVENT_ROWS + 1
    append_events(data, *generated_events(total - shipped_rows(data)))
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"data/events.csv: {total:,} rows, more than the {MAX_EVENT_ROWS:,} an events "
                                          "table may hold (one row per event and page reporting it)"]


def test_the_readers_refuse_more_events_than_the_cap(data):
    """The ledger and the indexed copy a kernel reads refuse the table too, whatever checked it before."""
    append_events(data, *generated_events(MAX_EVENT_ROWS + 1 - shipped_rows(data)))
    message = f"data/events.csv: {MAX_EVENT_ROWS + 1:,} rows, more than the {MAX_EVENT_ROWS:,} an events table may hold"
    with pytest.raises(DataError, match=f"^{message}"):
        Ledger.load(data)
    with pytest.raises(DataError, match=f"^{message}"):
        copy_of_data(data, data_fingerprint(data))


def test_a_run_refuses_more_events_than_the_cap_before_any_kernel_starts(project_copy):
    data = project_copy / "data"
    append_events(data, *generated_events(50_000))
    started = time.monotonic()
    result = tradeclaims("run", "mexico-indonesia", cwd=project_copy)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"tradeclaims: error: data/ is invalid: data/events.csv: "
                                          f"{shipped_rows(data):,} rows, more than the {MAX_EVENT_ROWS:,} an events "
                                          "table may hold (one row per event and page reporting it)"]
    assert time.monotonic() - started < 60
    assert not (project_copy / "reports").exists()
