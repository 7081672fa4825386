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
# The columns of ledger rows (nb.rows): a frame with exactly these is shown with fewer (compact_rows), also when
# concatenated with others (which drops DataFrame.attrs unless every part has the same)
LEDGER_COLUMNS = ["reporter", "partner", "flow", "period", "measure", "value", "unit", "rounding", "source_id",
                  "publisher", "kind", "published", "edition", "origins agreeing", "origins disagreeing", "url"]
LIFTED = ("reporter", "partner", "flow", "measure", "unit", "edition")  # said once when the same in every row
KEPT = ("period", "value", "source_id")  # shown even when empty in every row (a missing figure says so)
SERIES_KEYS = ("reporter", "flow", "partner")  # one column, `series`, when they differ between rows
PREPOSITIONS = {"exports": "to", "imports": "from", "imports_non_oil_gas": "from"}
MEASURE_WORDS = {"yoy_pct": ", y/y"}  # a level reads as the series itself
UNIT_WORDS = {"pct": "%"}
ORIGINS = ("origins agreeing", "origins disagreeing")
ORIGINS_SHOWN = "origins agreeing / disagreeing"
SEE_ALL = "the DataFrame holds them all: <code>nb.show_all(_)</code> right after this cell shows every row."
# Rows one table of a page lists; the others are counted in a line under it. A claim judged on events lists each
# event and page: 10,000 of them made a page of 16 MB. The rows counted towards the verdict are listed first.
MAX_LISTED = 100
COUNTED = "counted"  # a column saying whether the row counts towards the verdict (the events tables)


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
    """The CSS class of each column: text keeps a readable width, anything short stays whole (a long source id may
    break after a hyphen, in a column of middle width)."""
    classes = {}
    for column in frame.columns:
        longest = max((len(cell_text(value)) for value in frame[column]), default=0)
        if longest <= MIDDLE_TEXT:
            classes[column] = "tc-nowrap"
        else:
            classes[column] = "tc-mid" if longest <= LONG_TEXT or column in LINKED_COLUMNS else "tc-long"
    return classes


def header_class(column: object, css: str) -> str:
    """A header longer than its column's values wraps, at a middle width, instead of widening the column."""
    return "tc-mid" if css == "tc-nowrap" and len(header_text(column)) > MIDDLE_TEXT else css


def series_column(frame: pd.DataFrame) -> pd.DataFrame:
    """Reporter, flow and partner read as one column, `series` ("IN imports from CN"), when they differ between rows."""
    if not set(SERIES_KEYS) <= set(frame.columns):
        return frame
    keys = [*SERIES_KEYS, *(["measure"] if "measure" in frame.columns else [])]
    measures = frame["measure"] if "measure" in frame.columns else [""] * len(frame)
    words = [f"{reporter} {flow} {PREPOSITIONS.get(flow, 'with')} {partner}{MEASURE_WORDS.get(str(measure), '')}"
             for reporter, flow, partner, measure in zip(frame["reporter"], frame["flow"], frame["partner"], measures,
                                                         strict=True)]
    return frame.drop(columns=keys).assign(series=words)[["series", *frame.columns.drop(keys)]]


def compact_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Ledger rows (nb.rows) with fewer columns, so the table fits a desktop's column: what is the same in every row
    (reporter, partner, flow, measure, unit, edition) is said once above the table, a column empty in every row is
    left out, and the two counts of origins share a column. Returns the table and the line above it."""
    shown = frame
    if any(column in frame.columns and frame[column].nunique(dropna=False) > 1 for column in (*SERIES_KEYS, "measure")):
        shown = series_column(frame)
    lifted = {column: shown[column].iloc[0] for column in LIFTED
              if column in shown.columns and len(shown) > 1 and shown[column].nunique(dropna=False) == 1}
    shown = shown.drop(columns=list(lifted))
    empty = [column for column in shown.columns if column not in KEPT
             and all(cell_text(value) == "" for value in shown[column])]
    shown = shown.drop(columns=empty)
    if {"value", "unit"} <= set(shown.columns):  # a value reads with its unit: one column
        units = [UNIT_WORDS.get(str(unit), str(unit)) for unit in shown["unit"]]
        values = [f"{cell_text(value)} {unit}" if cell_text(value) else "" for value, unit in zip(shown["value"], units,
                                                                                                   strict=True)]
        shown = shown.drop(columns="unit").assign(value=values)
    if set(ORIGINS) <= set(shown.columns):
        agreeing, disagreeing = (shown[column] for column in ORIGINS)
        merged = [f"{cell_text(a)} / {cell_text(d)}" if cell_text(a) else "" for a, d in zip(agreeing, disagreeing,
                                                                                               strict=True)]
        shown = shown.drop(columns=list(ORIGINS)).assign(**{ORIGINS_SHOWN: merged})
    same = [f"{header_text(column)} {cell_text(value)}" for column, value in lifted.items() if cell_text(value)]
    return shown, (f'<p class="tc-same">In every row: {html.escape(", ".join(same))}.</p>' if same else "")


def body_cell(value: object, url: str, css: str) -> str:
    text = cell_text(value)
    shown = link(url, text) if url and text else html.escape(text)
    return f'<td class="{css}">{shown}</td>'


def table_label(headers: list[str]) -> str:
    """A name for the table's region, from what it holds (a page's regions need different names)."""
    return "Table of " + ", ".join(headers[:6]) + (" and more" if len(headers) > 6 else "")


def frame_html(frame: pd.DataFrame, *, label: str = "", links: Mapping[str, str] | None = None,
               periods: list[Period] | None = None, how: str = SEE_ALL, limit: int | None = MAX_LISTED) -> str:
    """The frame as a table for people. A default (numbered) index is left out; any other is the first column.

    links: source id -> URL, for the cells of a source column (besides a `url` column in the frame itself).
    periods: the periods the claim computes with; given, a long series shows the rows of those periods and a line
    that says what is left out and how to see it (`how`; see notebook/deciding.py).
    limit: the most rows listed (None: every row); a line under the table counts the others.
    """
    parts = split(frame, periods or [])
    shown = frame if parts is None else parts.shown
    shown, unlisted = listed(shown, limit)
    above = ""
    if list(frame.columns) == LEDGER_COLUMNS:
        shown, above = compact_rows(shown)
    return (above + table_html(shown, label, links) + ("" if parts is None else summary_line(parts, how))
            + ("" if unlisted is None else unlisted_line(unlisted, how)))


def listed(frame: pd.DataFrame, limit: int | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The rows a table lists, at most `limit` (those that count towards the verdict first, each in the table's
    order), and the others; None for the others when every row is listed."""
    if limit is None or len(frame) <= limit:
        return frame, None
    positions = list(range(len(frame)))
    if COUNTED in frame.columns:
        counted = counted_flags(frame[COUNTED])
        positions.sort(key=lambda position: not counted[position])  # stable: the table's order within each
    chosen, others = frame.iloc[sorted(positions[:limit])], frame.iloc[sorted(positions[limit:])]
    if isinstance(frame.index, pd.RangeIndex):
        chosen = chosen.reset_index(drop=True)
    return chosen, others


def counted_flags(column: pd.Series) -> list[bool]:
    return [False if pd.isna(value) else bool(value) for value in column]


def unlisted_line(others: pd.DataFrame, how: str) -> str:
    """The line under a table that lists only some rows: how many more there are (and how many of them count)."""
    counted = ""
    if COUNTED in others.columns:
        counted = f", {sum(counted_flags(others[COUNTED])):,} of them counted"
    return (f'<p class="tc-left-out">And {len(others):,} more row{"s" if len(others) != 1 else ""}, not listed here'
            f"{counted}; {how}</p>")


def table_html(frame: pd.DataFrame, label: str, links: Mapping[str, str] | None) -> str:
    if not isinstance(frame.index, pd.RangeIndex):
        unnamed = "row" if frame.index.nlevels == 1 else "level {}"
        names = [unnamed.format(n + 1) if name is None else name for n, name in enumerate(frame.index.names)]
        frame = frame.rename_axis(names).reset_index()
    url_columns = {column: LINKED_COLUMNS[column] for column in frame.columns
                   if column in LINKED_COLUMNS and (LINKED_COLUMNS[column] in frame.columns or links)}
    shown = frame.drop(columns=[url for url in set(url_columns.values()) if url in frame.columns])
    classes = column_classes(shown)
    head = "".join(f'<th class="{header_class(column, classes[column])}" scope="col">'
                   f"{html.escape(header_text(column))}</th>" for column in shown.columns)
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


