"""The HTML page of a claim's sweeps: one row per combination swept (and a grid when two parameters vary; a pair no
sweep ran is an empty cell)."""

from __future__ import annotations

from typing import Any

from tradeclaims.report.pages import render_page


def render(summary, rows: list[dict[str, Any]], run: dict[str, Any]) -> str:
    names = summary.names
    grid = {}
    if len(names) == 2:
        first, second = names
        grid = {"grid_rows": list(dict.fromkeys(row[first] for row in rows)),
                "grid_columns": list(dict.fromkeys(row[second] for row in rows)),
                "by_pair": {(row[first], row[second]): row for row in rows}}
    failed = sum(1 for row in rows if row["status"] != "ok")
    return render_page("sweep.html.j2", claim=summary.claim, names=names, rows=rows, failed=failed, run=run, **grid)
