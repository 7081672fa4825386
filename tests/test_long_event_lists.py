"""A claim judged on events, run on a ledger holding as many events as it may: its page lists a bounded number of
them and counts the others exactly (the events are generated in a copy of the project, one Mexican act under many
ids: a ledger longer than one kept by hand)."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from tradeclaims.ledger.events import MAX_EVENT_ROWS
from tradeclaims.ledger.tables import read_table
from tradeclaims.notebook.tables import MAX_LISTED

from .conftest import tradeclaims
from .ledger.test_events import EVENT, append_events


def test_a_page_lists_at_most_its_cap_of_events_and_counts_the_rest_exactly(project_copy):
    data = project_copy / "data"
    room = MAX_EVENT_ROWS - len(read_table(data / "events.csv").rows)
    # every other one dated by the article's month alone: shown, not counted
    append_events(data, *[{**EVENT, "id": f"mx-generated-{number}", "date": "2025-12" if number % 2 else EVENT["date"]}
                          for number in range(room)])
    result = tradeclaims("run", "mexico-indonesia", cwd=project_copy)
    assert result.returncode == 0, result.stderr

    claim = json.loads((project_copy / "reports" / "results.json").read_text())["claims"][0]
    events = claim["events"]
    counted = sum(event["counted"] for event in events)
    assert len(events) > MAX_EVENT_ROWS // 2 and 0 < counted < len(events)
    page_path = project_copy / "reports" / "mexico-indonesia.html"
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    heading = next(tag for tag in page.find_all("h3") if tag.get_text().startswith("Events recorded"))
    table = heading.find_next("table")
    assert len(table.select("tbody tr")) == MAX_LISTED
    line = table.find_next("p", class_="tc-left-out").get_text()
    listed_counted = min(counted, MAX_LISTED)
    assert re.match(rf"And {len(events) - MAX_LISTED:,} more rows, not listed here, "
                    rf"{counted - listed_counted:,} of them counted;", line)
    distinct_counted = len({event["id"] for event in events if event["counted"]})
    assert f"rests on {distinct_counted} events reported by" in page.get_text(" ")  # every event, listed or not
    assert page_path.stat().st_size < 1_500_000
