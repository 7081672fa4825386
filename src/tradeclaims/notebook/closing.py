"""The cells every claim notebook closes with, in one place: the chart, the other tables with the sources, method and
caveats, and the cell that records the result (hidden in the report).

A test holds every notebook's closing cells to these. To write them into a notebook (a new one, or one whose closing
cells drifted), from the project's folder:

    python -m tradeclaims.notebook.closing notebooks/14_my_claim.ipynb

The notebook's cells from its last `## Chart` heading on are replaced (they are added at its end when it has none).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell

CHART_HEADING = "## Chart"
TABLES_HEADING = "## Other tables, sources, method and caveats"
EVENTS_HEADING = "## Events, other tables, sources, method and caveats"  # a check judged on events shows them first
HEADINGS = (TABLES_HEADING, EVENTS_HEADING)
HIDDEN = "remove-in-report"  # the tag of cells the report leaves out
CELL_IDS = ("closing-chart-heading", "closing-chart", "closing-tables-heading", "closing-tables", "closing-record")


def closing_cells(tables_heading: str = TABLES_HEADING) -> list[NotebookNode]:
    """The closing cells, the tables' heading being one of HEADINGS."""
    if tables_heading not in HEADINGS:
        raise ValueError(f"the tables' heading is one of: {'; '.join(HEADINGS)}")
    return [
        new_markdown_cell(CHART_HEADING, id=CELL_IDS[0]),
        new_code_cell("nb.show_chart(check)", id=CELL_IDS[1]),
        new_markdown_cell(tables_heading, id=CELL_IDS[2]),
        new_code_cell("nb.show_tables(check)\nnb.show_sources(check)", id=CELL_IDS[3]),
        new_code_cell("nb.record(check)  # the result the report and results.json are built from", id=CELL_IDS[4],
                      metadata={"tags": [HIDDEN]}),
    ]


def closing_start(notebook: NotebookNode) -> int | None:
    """Where the notebook's closing cells start: its last `## Chart` heading (None when it has none)."""
    starts = [position for position, cell in enumerate(notebook.cells)
              if cell.cell_type == "markdown" and cell.source.strip() == CHART_HEADING]
    return starts[-1] if starts else None


def with_closing(notebook: NotebookNode, tables_heading: str | None = None) -> NotebookNode:
    """The notebook with the closing cells in place of its own (the cells' ids kept; the tables' heading kept when it is
    one of HEADINGS and none is given)."""
    start = closing_start(notebook)
    start = len(notebook.cells) if start is None else start
    old = notebook.cells[start:]
    if tables_heading is None:
        headings = [cell.source.strip() for cell in old if cell.cell_type == "markdown"]
        tables_heading = next((heading for heading in headings if heading in HEADINGS), TABLES_HEADING)
    cells = closing_cells(tables_heading)
    taken = {cell.get("id") for cell in notebook.cells[:start]}
    for cell, former in zip(cells, old, strict=False):
        if former.get("id") and former.get("id") not in taken:
            cell.id = former.id
    notebook.cells = notebook.cells[:start] + cells
    return notebook


def write_closing(path: Path | str, tables_heading: str | None = None) -> None:
    """Write the closing cells into a notebook file (see with_closing)."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.write(with_closing(notebook, tables_heading), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tradeclaims.notebook.closing",
                                     description="Write the claim notebooks' shared closing cells into notebooks.")
    parser.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    parser.add_argument("--events", action="store_true", help=f"head the tables '{EVENTS_HEADING[3:]}'")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not path.is_file():
            parser.error(f"{path}: no such notebook")
        write_closing(path, EVENTS_HEADING if args.events else None)
        print(f"{path}: closing cells written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
