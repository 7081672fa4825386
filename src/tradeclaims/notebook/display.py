"""What a claim's notebook shows: verdict, figures, sources, method. All text is escaped."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, display

from tradeclaims.checks.result import Check
from tradeclaims.ledger.figures import Figure
from tradeclaims.ledger.quality import STATUS_MEANING
from tradeclaims.ledger.sources import Source
from tradeclaims.ledger.units import LEVEL_UNITS, SCALE_APART, scale_apart
from tradeclaims.notebook.deciding import check_periods
from tradeclaims.notebook.html import badge, link, scroll_region
from tradeclaims.notebook.tables import frame_html


def verdict_html(check: Check) -> str:
    css = check.verdict.label.replace(" ", "-")
    return f'<div class="tc-verdict tc-{css}">{badge(check.verdict.label)}<p>{html.escape(check.verdict.reason)}</p></div>'


def figures_html(check: Check) -> str:
    table = check.table()
    if table.empty:
        return "<p>No figures for this check in the ledger.</p>"
    links = {source.id: source.url for source in check.sources()}
    return frame_html(table, label="Measured figures beside the article's", links=links, periods=check_periods(check),
                      how="<code>nb.show_all(check.table())</code> shows every row.")


def used_and_corroborating(check: Check) -> tuple[list[Source], list[Source]]:
    """The sources of the figures used and of the events shown, and the other pages that publish the same figures
    (copies)."""
    used = {figure.source.id: figure.source for figure in check.figures + [row.figure for row in check.rows if row.figure]}
    used.update((event.source.id, event.source) for event in check.events)
    copies = [source for source in check.sources() if source.id not in used]
    return list(used.values()), copies


def source_rows(sources: list[Source]) -> str:
    return "".join(
        f'<tr><td class="tc-nowrap">{link(s.url, s.id)}</td><td class="tc-mid">{html.escape(s.publisher)}</td>'
        f'<td class="tc-long">{html.escape(s.title)}</td><td class="tc-nowrap">{html.escape(s.date_shown)}'
        f'</td><td class="tc-nowrap">{html.escape(s.kind)}</td></tr>' for s in sources)


def sources_html(check: Check) -> str:
    """Two tables: the sources of the figures the verdict rests on, then the copies that corroborate them."""
    head = ('<thead><tr><th scope="col">source</th><th scope="col">publisher</th><th scope="col">title</th>'
            '<th scope="col">published</th><th scope="col">kind</th></tr></thead>')
    used, copies = used_and_corroborating(check)
    what = "figures and events" if check.events else "figures"
    parts = [f"<p>The {what} above come from these pages (each id links to its page):</p>",
             scroll_region(f"<table>{head}<tbody>{source_rows(used)}</tbody></table>", "Sources used")]
    if copies:
        parts += ["<h4>Corroborating copies</h4><p>Other pages that publish the same figures; not used when a source "
                  "above has them, but counted as agreement (or disagreement) with it.</p>",
                  scroll_region(f"<table>{head}<tbody>{source_rows(copies)}</tbody></table>", "Corroborating copies")]
    return "".join(parts)


def marked_figures(check: Check) -> list[Figure]:
    """The figures used that carry a status: picked because no other figure of their quantity exists."""
    used = {id(figure): figure for figure in check.figures + [row.figure for row in check.rows if row.figure]}
    return [figure for figure in used.values() if figure.status]


def unit_slip(used: Figure, other: Figure) -> str:
    """A note on a level orders of magnitude from the one used: one of the two carries a wrong unit."""
    if used.unit in LEVEL_UNITS and not other.status and scale_apart(used.value, other.value):
        return f"; more than {SCALE_APART:.0f} times apart from the figure used: one of them carries a wrong unit"
    return ""


def contradiction(other: Figure) -> str:
    """A note on a figure the ledger's arithmetic set aside: the published figures it contradicts."""
    return f"; set aside: {other.contradicted}" if other.contradicted else ""


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
        others = ", ".join(f"{alt.value:,.2f} ({alt.source.id}{unit_slip(figure, alt)}{contradiction(alt)})"
                           for alt in figure.alternatives)
        parts.append(f"<p>Sources disagree on {html.escape(figure.label)}: used {figure.value:,.2f} "
                     f"({html.escape(figure.source.id)}); also published {html.escape(others)}.</p>")
    return "".join(parts)


def show(check: Check) -> None:
    display(HTML(verdict_html(check)))


def show_figures(check: Check) -> None:
    display(HTML("<h3>Measured figures beside the article's</h3>" + figures_html(check)))


def show_tables(check: Check) -> None:
    links = {source.id: source.url for source in check.sources()}
    periods = check_periods(check)
    for title, table in check.extra_tables.items():
        how = f"<code>nb.show_all(check.extra_tables[{html.escape(repr(title))}])</code> shows every row."
        shown = frame_html(table.reset_index(drop=True), label=title, links=links, periods=periods, how=how)
        display(HTML(f"<h3>{html.escape(title)}</h3>{shown}"))


def show_all(frame: pd.DataFrame) -> None:
    """Every row of a table, however long (a long series is otherwise shown as the rows that decide the verdict)."""
    display(HTML(frame_html(frame, limit=None)))


def show_sources(check: Check) -> None:
    display(HTML("<h3>Sources</h3>" + sources_html(check)))
    display(HTML("<h3>Method and caveats</h3>" + method_html(check)))
