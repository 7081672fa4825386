"""HTML pieces shared by the notebook's outputs and the report pages: links, verdict badges, numbers. All escaped."""

from __future__ import annotations

import html
from typing import Any

from tradeclaims.checks.verdicts import VERDICTS, shown_digits

STYLED = {*VERDICTS, "failed"}  # the labels the stylesheet gives a colour; any other gets the neutral tc-other


def link(url: str, text: str | None = None) -> str:
    """An anchor for http(s) URLs only; anything else is shown as text."""
    label = html.escape(url if text is None else text)
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noopener">{label}</a>'
    return label


def badge(label: str) -> str:
    """A verdict (or "failed") as a coloured label; the CSS class is the label with dashes, and tc-other besides for
    a label the stylesheet does not know (a verdict added later, or one an older results.json holds)."""
    other = "" if label in STYLED else " tc-other"
    return f'<span class="tc-badge tc-{html.escape(label.replace(" ", "-"))}{other}">{html.escape(label)}</span>'


def number(value: Any, unit: str = "") -> str:
    """A figure with one decimal and its unit (a whole count with none); n/a when there is none."""
    if value is None:
        return "n/a"
    if isinstance(value, int | float):
        text = f"{value:,.{shown_digits(value, unit)}f}"
    else:
        text = str(value)
    return html.escape(f"{text} {unit}".strip())


def scroll_region(table: str, label: str) -> str:
    """A table in a region that scrolls sideways when the table is wider than the page, and that a keyboard
    can reach (tab to it, then the arrow keys scroll it)."""
    return f'<div class="tc-scroll" role="region" tabindex="0" aria-label="{html.escape(label, quote=True)}">{table}</div>'


def measured_number(entry: dict[str, Any]) -> str:
    """A results entry's headline figure, 'at least' / 'at most' it when it can only be a bound (a lower bound
    rounded down, an upper bound up, so that what is shown still holds)."""
    from tradeclaims.checks.verdicts import rounded

    bound = entry.get("bound") or None
    words = {"lower": "at least ", "upper": "at most "}.get(bound or "", "")
    measured = entry.get("measured")
    shown = number(rounded(measured, bound) if isinstance(measured, int | float) else measured,
                   entry.get("unit") or "")
    return shown if entry.get("measured") is None else f"{words}{shown}"
