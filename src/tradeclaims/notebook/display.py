"""What a claim's notebook shows: verdict, figures, sources, method. All text is escaped."""

from __future__ import annotations

import html

from IPython.display import HTML, display

from tradeclaims.checks.result import Check
from tradeclaims.ledger.figures import Figure
from tradeclaims.ledger.quality import STATUS_MEANING
from tradeclaims.notebook.html import badge, link


def verdict_html(check: Check) -> str:
    css = check.verdict.label.replace(" ", "-")
    return f'<div class="tc-verdict tc-{css}">{badge(check.verdict.label)}<p>{html.escape(check.verdict.reason)}</p></div>'


def figures_html(check: Check) -> str:
    table = check.table()
    if table.empty:
        return "<p>No figures for this check in the ledger.</p>"
    return table.to_html(index=False, na_rep="", float_format=lambda x: f"{x:,.2f}", escape=True)


def sources_html(check: Check) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(s.id)}</td><td>{html.escape(s.publisher)}</td><td>{html.escape(s.title)}</td>"
        f"<td>{html.escape(s.date_shown)}</td><td>{html.escape(s.kind)}</td><td>{link(s.url)}</td></tr>"
        for s in check.sources())
    return ("<table><thead><tr><th>id</th><th>publisher</th><th>title</th><th>published</th><th>kind</th>"
            f"<th>link</th></tr></thead><tbody>{rows}</tbody></table>")


def marked_figures(check: Check) -> list[Figure]:
    """The figures used that carry a status: picked because no other figure of their quantity exists."""
    used = {id(figure): figure for figure in check.figures + [row.figure for row in check.rows if row.figure]}
    return [figure for figure in used.values() if figure.status]


def method_html(check: Check) -> str:
    items = "".join(f"<li>{html.escape(text)}</li>" for text in check.caveats)
    parts = [f"<p>{html.escape(check.method)}</p>", f"<ul>{items}</ul>"]
    if check.missing:
        missing = "".join(f"<li>{html.escape(text)}</li>" for text in check.missing)
        parts.append(f"<p><strong>Missing figures:</strong></p><ul>{missing}</ul>")
    for figure in marked_figures(check):
        parts.append(f"<p>{html.escape(figure.label)}: {figure.value:,.2f} ({html.escape(figure.source.id)}) is "
                     f"marked {figure.status}, {html.escape(STATUS_MEANING.get(figure.status, ''))}: "
                     f"{html.escape(figure.source.notes or figure.notes)}.</p>")
    for figure in check.disagreements():
        others = ", ".join(f"{alt.value:,.2f} ({alt.source.id})" for alt in figure.alternatives)
        parts.append(f"<p>Sources disagree on {html.escape(figure.label)}: used {figure.value:,.2f} "
                     f"({html.escape(figure.source.id)}); also published {html.escape(others)}.</p>")
    return "".join(parts)


def show(check: Check) -> None:
    display(HTML(verdict_html(check)))


def show_figures(check: Check) -> None:
    display(HTML("<h3>Measured figures beside the article's</h3>" + figures_html(check)))


def show_tables(check: Check) -> None:
    for title, table in check.extra_tables.items():
        shown = table.to_html(index=False, na_rep="", float_format=lambda x: f"{x:,.2f}", escape=True)
        display(HTML(f"<h3>{html.escape(title)}</h3>{shown}"))


def show_sources(check: Check) -> None:
    display(HTML("<h3>Sources</h3>" + sources_html(check)))
    display(HTML("<h3>Method and caveats</h3>" + method_html(check)))
