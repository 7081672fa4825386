"""The HTML page of a claim's sweeps: one row per combination swept (and a grid when two parameters vary; a pair no
sweep ran is an empty cell)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradeclaims.report.pages import render_page

# The most columns one table of the grid holds: six cells of a figure and a verdict, with the row headers, fit a
# desktop's column (72rem) whatever the verdict and unit, so the grid never scrolls sideways there; more columns
# go on in another table beneath.
GRID_COLUMNS = 6


@dataclass(frozen=True)
class Grid:
    """Two swept parameters as a grid: `down` the one whose values head the rows (the one with more values, so that
    a long parameter runs down the page), `across` the other; its values in `bands` of at most GRID_COLUMNS."""

    down: str
    across: str
    rows: list[str]
    bands: list[list[str]]
    cells: dict[tuple[str, str], dict[str, Any]]  # (row value, column value) -> that combination's row


def grid(names: list[str], rows: list[dict[str, Any]]) -> Grid | None:
    if len(names) != 2:
        return None
    values = {name: list(dict.fromkeys(row[name] for row in rows)) for name in names}
    down, across = names if len(values[names[0]]) >= len(values[names[1]]) else reversed(names)
    columns = values[across]
    bands = [columns[start:start + GRID_COLUMNS] for start in range(0, len(columns), GRID_COLUMNS)]
    return Grid(down=down, across=across, rows=values[down], bands=bands,
                cells={(row[down], row[across]): row for row in rows})


def render(summary, rows: list[dict[str, Any]], run: dict[str, Any]) -> str:
    failed = sum(1 for row in rows if row["status"] != "ok")
    return render_page("sweep.html.j2", claim=summary.claim, names=summary.names, rows=rows, failed=failed, run=run,
                       grid=grid(summary.names, rows))
