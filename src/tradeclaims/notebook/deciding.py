"""Which rows of a long series a page shows: those of the periods the claim computes with, the others summarised.

A notebook may select a whole series (`nb.rows(..., period=None)`), and a check may list every period it found; a
series of a century of months would make the page (and the kernel's work of showing it) grow with the series, not
with what decides the verdict. So a table or a chart with at least HIDDEN_AT_LEAST rows outside the claim's periods
shows only the rows of those periods (a period equal to one of them or within it), and one line saying how many
rows are left out, which periods they cover and how to see them. The DataFrame itself keeps every row: the
notebook's arithmetic is unchanged.

The claim's periods: every period named by the notebook's variables (its parameters, and what it derives from them,
such as `year_ago`), and, for a check's tables, the periods of its headline, of the lines set against the article's
figure or a threshold, of the figures on its routes, and those its verdict names.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from tradeclaims.checks.result import Check
from tradeclaims.ledger.periods import Period, parse_period

HIDDEN_AT_LEAST = 12  # rows outside the claim's periods: from this many, a table or chart leaves them out
PERIOD_TEXT = re.compile(r"FY\d{4}-\d{2}|\d{4}-\d{2}/\d{4}-\d{2}|\d{4}-\d{2}|\b\d{4}\b")
SKIPPED_NAMES = {"In", "Out"}  # IPython's history of inputs and outputs


@lru_cache(maxsize=4096)
def period_or_none(text: str) -> Period | None:
    try:
        return parse_period(text)
    except ValueError:
        return None


def periods_in(values: Iterable[object]) -> list[Period]:
    """The periods among values (texts, and lists or tuples of texts)."""
    found = []
    for value in values:
        for text in value if isinstance(value, list | tuple) else (value,):
            if isinstance(text, str) and len(text) <= 20 and (period := period_or_none(text)) is not None:
                found.append(period)
    return found


def namespace_periods() -> list[Period]:
    """The periods the notebook's variables name, in a kernel (none elsewhere)."""
    ipython_module = sys.modules.get("IPython")
    ipython = ipython_module.get_ipython() if ipython_module else None
    if ipython is None:
        return []
    return periods_in(value for name, value in list(ipython.user_ns.items())
                      if not name.startswith("_") and name not in SKIPPED_NAMES)


def check_periods(check: Check) -> list[Period]:
    """The periods a check computes with, and the notebook's."""
    texts = [row.period for row in check.rows if row.headline or row.article is not None or row.threshold is not None]
    texts += [figure.period for figure in check.headline or []]
    texts += [figure.period for choice in check.choices for route in (choice.taken, *choice.not_taken)
              for figure in route.figures]
    texts += PERIOD_TEXT.findall(check.verdict.reason)
    return periods_in(texts) + namespace_periods()


def within(text: object, periods: list[Period]) -> bool:
    period = period_or_none(str(text))
    return period is not None and any(span.start <= period.start and period.end <= span.end for span in periods)


@dataclass(frozen=True)
class Split:
    shown: pd.DataFrame
    hidden: pd.DataFrame


def split(frame: pd.DataFrame, periods: list[Period], column: str = "period") -> Split | None:
    """The rows of the claim's periods and the others, when at least HIDDEN_AT_LEAST are others; else None."""
    if not periods or column not in frame.columns or len(frame) < HIDDEN_AT_LEAST:
        return None
    decides = {text: within(text, periods) for text in frame[column].unique()}
    keep = frame[column].map(decides).astype(bool)
    if int((~keep).sum()) < HIDDEN_AT_LEAST:
        return None
    shown, hidden = frame[keep], frame[~keep]
    if isinstance(frame.index, pd.RangeIndex):
        shown = shown.reset_index(drop=True)
    return Split(shown, hidden)


def span_text(texts: Iterable[object]) -> str:
    """The periods of rows left out, as 'from A to B' (by when they start)."""
    periods = sorted({period.text: period for text in texts if (period := period_or_none(str(text)))}.values(),
                     key=lambda period: (period.start, period.end))
    if not periods:
        return "other periods"
    return periods[0].text if len(periods) == 1 else f"periods from {periods[0].text} to {periods[-1].text}"


def summary_line(parts: Split, how: str, column: str = "period") -> str:
    """One line under the rows shown: how many are left out, their periods, and how to see them all."""
    shown = len(parts.shown)
    return (f'<p class="tc-left-out">Shown: the {shown:,} row{"s" if shown != 1 else ""} of the periods this claim '
            f"computes with. Left out: {len(parts.hidden):,} other rows of the series "
            f"({html.escape(span_text(parts.hidden[column]))}), which do not enter the verdict; {how}</p>")
