"""Tables for people: a DataFrame or Series as HTML with words for headers and no Python values in its cells.

No `None`, `nan`, `True` or tuple reaches a reader; column names like share_of_total_change_pct read as
"share of total change, %"; every header cell has text; a source id is a link to its page when the table
says where that page is (a `url` column beside `source_id`, or the `links` given). Each table sits in a
region that scrolls sideways on a narrow screen and that a keyboard can reach.

Importing tradeclaims.notebook in IPython makes these the HTML of every DataFrame and Series a notebook shows.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping

import pandas as pd

from tradeclaims.ledger.periods import Period
from tradeclaims.notebook.deciding import split, summary_line
from tradeclaims.notebook.html import link, scroll_region

LONG_TEXT = 28  # characters: a column with longer values keeps a readable width (.tc-long) on a phone
MIDDLE_TEXT = 14  # characters: a column with longer values (a few words) keeps a narrower one (.tc-mid)
LINKED_COLUMNS = {"source_id": "url", "source": "url"}  # a column of source ids, and the column of their pages
SERIES = "tradeclaims_series"  # in DataFrame.attrs: the frame holds whole series (nb.rows with period=None)
SEE_ALL = "the DataFrame holds them all: <code>nb.show_all(_)</code> right after this cell shows every row."


def header_text(name: object) -> str:
    """A column or index name as a reader sees it: parts joined, underscores as spaces, _pct as ', %'."""
    if isinstance(name, tuple):
        return ", ".join(header_text(part) for part in name if str(part))
    text = "" if name is None else str(name)
    if text.endswith("_pct"):
        text = text.removesuffix("_pct") + ", %"
    return text.replace("_", " ")


def cell_text(value: object) -> str:
    """A value as text: nothing for a missing value, yes/no, two decimals, a tuple's parts joined."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if type(value).__name__ in ("bool", "bool_"):  # Python's and numpy's
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(value)
    if isinstance(value, numbers.Real):
        return "" if math.isnan(value) else f"{value:,.2f}"
    if isinstance(value, tuple):
        return ", ".join(text for text in map(cell_text, value) if text)
    return str(value)


def column_classes(frame: pd.DataFrame) -> dict[object, str]:
    """The CSS class of each column: text keeps a readable width, anything short (and a source id) stays whole."""
    classes = {}
    for column in frame.columns:
        longest = max((len(cell_text(value)) for value in frame[column]), default=0)
        if column in LINKED_COLUMNS or longest <= MIDDLE_TEXT:
            classes[column] = "tc-nowrap"
        else:
            classes[column] = "tc-long" if longest > LONG_TEXT else "tc-mid"
    return classes


def body_cell(value: object, url: str, css: str) -> str:
    text = cell_text(value)
    shown = link(url, text) if url and text else html.escape(text)
    return f'<td class="{css}">{shown}</td>'


def table_label(headers: list[str]) -> str:
    """A name for the table's region, from what it holds (a page's regions need different names)."""
    return "Table of " + ", ".join(headers[:6]) + (" and more" if len(headers) > 6 else "")


def frame_html(frame: pd.DataFrame, *, label: str = "", links: Mapping[str, str] | None = None,
               periods: list[Period] | None = None, how: str = SEE_ALL) -> str:
    """The frame as a table for people. A default (numbered) index is left out; any other is the first column.

    links: source id -> URL, for the cells of a source column (besides a `url` column in the frame itself).
    periods: the periods the claim computes with; given, a long series shows the rows of those periods and a line
    that says what is left out and how to see it (`how`; see notebook/deciding.py).
    """
    parts = split(frame, periods or [])
    if parts is not None:
        return table_html(parts.shown, label, links) + summary_line(parts, how)
    return table_html(frame, label, links)


def table_html(frame: pd.DataFrame, label: str, links: Mapping[str, str] | None) -> str:
    if not isinstance(frame.index, pd.RangeIndex):
        unnamed = "row" if frame.index.nlevels == 1 else "level {}"
        names = [unnamed.format(n + 1) if name is None else name for n, name in enumerate(frame.index.names)]
        frame = frame.rename_axis(names).reset_index()
    url_columns = {column: LINKED_COLUMNS[column] for column in frame.columns
                   if column in LINKED_COLUMNS and (LINKED_COLUMNS[column] in frame.columns or links)}
    shown = frame.drop(columns=[url for url in set(url_columns.values()) if url in frame.columns])
    classes = column_classes(shown)
    head = "".join(f'<th class="{classes[column]}" scope="col">{html.escape(header_text(column))}</th>'
                   for column in shown.columns)
    rows = []
    for position in range(len(shown)):
        cells = []
        for column in shown.columns:
            value = shown[column].iloc[position]
            url = ""
            if column in url_columns:
                url = str(frame[url_columns[column]].iloc[position] or "") if url_columns[column] in frame else ""
                url = url or (links or {}).get(cell_text(value), "")
            cells.append(body_cell(value, url, classes[column]))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    return scroll_region(table, label or table_label([header_text(column) for column in shown.columns]))


def series_html(series: pd.Series, *, label: str = "") -> str:
    """A series as two columns: what each value is (a row header), and the value."""
    value_header = header_text(series.name) if series.name is not None else "value"
    index_header = header_text(series.index.name) if series.index.name is not None else "quantity"
    rows = "".join(f'<tr><th scope="row">{html.escape(cell_text(key))}</th><td class="tc-nowrap">'
                   f"{html.escape(cell_text(value))}</td></tr>" for key, value in series.items())
    table = (f'<table><thead><tr><th scope="col">{html.escape(index_header)}</th><th scope="col">'
             f"{html.escape(value_header)}</th></tr></thead><tbody>{rows}</tbody></table>")
    return scroll_region(table, label or table_label([cell_text(key) for key in series.index]))


