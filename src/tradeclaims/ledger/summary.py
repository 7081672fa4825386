"""The ledger in numbers: pages, figures and events per tier of source and figures per status, as Markdown tables."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tradeclaims.ledger.datapackage import EVENT_COLUMNS, EVENTS, OBSERVATION_COLUMNS, SOURCE_COLUMNS
from tradeclaims.ledger.quality import STATUS_MEANING, TIER_MEANING
from tradeclaims.ledger.tables import read_table


def ledger_summary(data_dir: Path) -> str:
    """The tier table and the status table of data/ (what `tradeclaims validate --summary` prints); an event reported
    by several pages counts once per page."""
    data_dir = Path(data_dir)
    sources = read_table(data_dir / "sources.csv", "data/sources.csv", SOURCE_COLUMNS).rows
    observations = read_table(data_dir / "observations.csv", "data/observations.csv", OBSERVATION_COLUMNS).rows
    kind_of = {row["id"]: row["kind"] for row in sources}
    pages = Counter(row["kind"] for row in sources)
    figures = Counter(kind_of.get(row["source_id"], "") for row in observations)
    events_path = data_dir / EVENTS
    events = read_table(events_path, f"data/{EVENTS}", EVENT_COLUMNS).rows if events_path.is_file() else ()
    reported = Counter(kind_of.get(row["source_id"], "") for row in events)  # each page's report of an event
    statuses = Counter(row["status"] for row in observations)
    lines = ["| tier (`kind`) | what it is | pages | figures | event reports |", "|---|---|---|---|---|"]
    lines += [f"| `{kind}` | {meaning} | {pages[kind]} | {figures[kind]} | {reported[kind]} |"
              for kind, meaning in TIER_MEANING.items()]
    lines += ["", "| figure `status` | what it means | figures |", "|---|---|---|"]
    lines += [f"| {f'`{status}`' if status else '(none)'} | {meaning} | {statuses[status]} |"
              for status, meaning in STATUS_MEANING.items()]
    return "\n".join(lines)
