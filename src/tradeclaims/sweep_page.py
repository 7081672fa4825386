"""The HTML page of a sweep: one row per combination (and a grid when two parameters vary)."""

from __future__ import annotations

import html
from typing import Any

from .index import STYLE, badge, value


def cell(row: dict[str, Any]) -> str:
    if row["status"] != "ok":
        return f'{badge("failed")} <a href="{html.escape(row["report"])}">error</a>'
    return (f'<a class="tc-measured" href="{html.escape(row["report"])}">'
            f'{value(row["measured"], row["unit"] or "")}</a><br>{badge(row["verdict"])}')


def long_table(names: list[str], rows: list[dict[str, Any]]) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in names)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[name]))}</td>" for name in names)
        + f"<td>{cell(row)}</td><td>{value(row['article_value'], row['unit'] or '')}</td></tr>"
        for row in rows)
    return (f'<table class="tc-sweep"><thead><tr>{head}<th>verdict and measured figure</th>'
            f"<th>article</th></tr></thead><tbody>{body}</tbody></table>")


def grid_table(names: list[str], rows: list[dict[str, Any]]) -> str:
    """Rows: the first parameter's values; columns: the second's."""
    first, second = names
    row_values = list(dict.fromkeys(row[first] for row in rows))
    column_values = list(dict.fromkeys(row[second] for row in rows))
    by_pair = {(row[first], row[second]): row for row in rows}
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in column_values)
    body = "".join(
        f"<tr><th>{html.escape(str(row_value))}</th>"
        + "".join(f"<td>{cell(by_pair[row_value, column])}</td>" for column in column_values) + "</tr>"
        for row_value in row_values)
    corner = f"{html.escape(first)} \\ {html.escape(second)}"
    return f'<table class="tc-sweep-grid"><thead><tr><th>{corner}</th>{head}</tr></thead><tbody>{body}</tbody></table>'


def render(summary, rows: list[dict[str, Any]], run: dict[str, Any]) -> str:
    claim, names = summary.claim, summary.names
    grid = grid_table(names, rows) if len(names) == 2 else ""
    failed = len(summary.failed)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sweep of {html.escape(claim.id)}</title><style>{STYLE}</style></head>
<body class="tc-index"><main>
<h1>Sweep: {html.escape(claim.title)}</h1>
<p>{len(rows)} combinations of {html.escape(", ".join(names))}; {failed} failed.
The headline figure of each is in {html.escape(claim.unit)}; each links to its report. Table as CSV:
<a href="sweep.csv">sweep.csv</a>.</p>
{grid}
{long_table(names, rows)}
<p class="tc-meta">Built {html.escape(run["built"])} with tradeclaims {html.escape(run["version"])} from data
{html.escape(run["data_hash"][:12])}.</p>
</main></body></html>
"""
