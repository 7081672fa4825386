"""The ledger's figures a notebook selects, as a DataFrame a reader can see and compute with."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

import pandas as pd

from tradeclaims.checks.result import Check
from tradeclaims.checks.verdicts import BOUND_WORDS, LOWER, UPPER, rounded, spec_digits
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.origins import agreement
from tradeclaims.notebook.tables import LEDGER_COLUMNS, SERIES

COLUMNS = LEDGER_COLUMNS
ROUTE_COLUMNS = ["quantity", "route", "taken", "value", "weakest source", "source", "kind", "url"]
NOT_IN_LEDGER = "not in the ledger"


def as_list(value: str | Iterable[str]) -> list[str]:
    """'US' -> ['US']; 'US,EU27' -> ['US', 'EU27']; a list stays a list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return list(value)


def figure_row(figure: Figure) -> dict:
    agreed = agreement(figure)
    return {
        "reporter": figure.reporter, "partner": figure.partner, "flow": figure.flow, "period": figure.period,
        "measure": figure.measure, "value": figure.value, "unit": figure.unit, "rounding": figure.halfwidth,
        "source_id": figure.source.id, "publisher": figure.source.publisher, "kind": figure.source.kind,
        "published": figure.source.date_shown, "edition": figure.edition,
        "origins agreeing": agreed.origins_agreeing, "origins disagreeing": agreed.origins_disagreeing,
        "url": figure.source.url,
    }


def rows(ledger: Ledger, *, reporter: str | Iterable[str] = "CN", partner: str | Iterable[str] = "WLD",
         flow: str | Iterable[str] = "exports", period: str | Iterable[str] | None = None,
         measure: str | Iterable[str] = ("value", "yoy_pct"), currency: str = "USD", edition: str | None = None
         ) -> pd.DataFrame:
    """The resolved figures for every combination of the keys given, one row each, with its source.

    Each key takes one value, a comma-separated string or a list. `period=None` means every period the ledger
    holds for the series (shown, when long, as the rows of the periods the notebook computes with; the frame keeps
    every row). A combination named explicitly but missing from the ledger is a row with no value and
    source "not in the ledger", so the reader sees what is missing. Values are in the standard unit (US$ bn, %);
    `rounding` is half a unit of the last published digit; `origins agreeing` counts the distinct original stories
    that print the same figure (this one's included; copies of one story count once), `origins disagreeing` those
    that print another beyond rounding; `url` is the source's page (in a report, the source id links to it). For
    figures revised in editions (GDP), `edition`
    picks one edition for every row (None: each figure's latest, which may mix editions).
    """
    found = []
    for each_reporter, each_partner, each_flow, each_measure in itertools.product(
            as_list(reporter), as_list(partner), as_list(flow), as_list(measure)):
        periods = (ledger.periods(each_reporter, each_partner, each_flow, each_measure, currency) if period is None
                   else as_list(period))
        for each_period in periods:
            figure = ledger.get(each_reporter, each_partner, each_flow, each_period, each_measure, currency, edition)
            if figure is not None:
                found.append(figure_row(figure))
            else:
                found.append({**dict.fromkeys(COLUMNS, ""), "reporter": each_reporter, "partner": each_partner,
                              "flow": each_flow, "period": each_period, "measure": each_measure,
                              "value": math.nan, "rounding": math.nan, "source_id": NOT_IN_LEDGER})
    frame = pd.DataFrame(found, columns=COLUMNS)
    if period is None:  # a whole series: shown as the rows of the notebook's periods when long (notebook/deciding.py)
        frame.attrs[SERIES] = True
    return frame


def routes(check: Check) -> pd.DataFrame:
    """The routes the check could take to each quantity, the one taken first: how, the value, the weakest source,
    and one line per source on the route (its id, kind and page)."""
    found = [
        {"quantity": choice.quantity, "route": route.name, "taken": route is choice.taken, "value": route.value,
         "weakest source": route.weakest, "source": figure.source.id, "kind": figure.source.kind,
         "url": figure.source.url}
        for choice in check.choices
        for route in (choice.taken, *choice.not_taken)
        for figure in {figure.source.id: figure for figure in route.figures}.values()
    ]
    return pd.DataFrame(found, columns=ROUTE_COLUMNS)


def confirm(computed: float | None, check: Check) -> None:
    """Stop the notebook when the arithmetic it shows and the check's headline figure differ.

    Either may be missing (NaN or None), for instance when the check falls back to a reported rate: then there
    is nothing to compare.
    """
    measured = check.measured
    if computed is None or measured is None or pd.isna(computed) or pd.isna(measured):
        return
    if not math.isclose(float(computed), float(measured), rel_tol=1e-9, abs_tol=1e-9):
        raise AssertionError(f"the notebook's arithmetic gives {float(computed):,.4f}, the check {float(measured):,.4f}")


def value(frame: pd.DataFrame, column: str = "value", **keys: str) -> float:
    """The `column` of the first row of `frame` (as `rows` returns it) whose columns have the values given; NaN when
    no row has them or its value is missing, so that the arithmetic a notebook shows runs on whatever the ledger
    holds: `value(figures, measure="yoy_pct", period="2025-11")`."""
    if frame.empty or column not in frame.columns or any(key not in frame.columns for key in keys):
        return math.nan
    mask = pd.Series(True, index=frame.index)
    for key, wanted in keys.items():
        mask &= frame[key].astype(str) == str(wanted)
    found = pd.to_numeric(frame.loc[mask, column], errors="coerce").dropna()
    return float(found.iloc[0]) if len(found) else math.nan


def taken_route(routes: pd.DataFrame, quantity: str | None = None) -> str | None:
    """The name of the route the check took to a quantity (to its only quantity when none is named), from
    `routes(check)`; None when the check reached no such quantity (the ledger lacks its figures)."""
    taken = routes[routes["taken"].astype(bool)] if "taken" in routes.columns else routes
    if quantity is not None:
        taken = taken[taken["quantity"] == quantity]
    return str(taken["route"].iloc[0]) if len(taken) else None


def nearest(series: pd.Series, target: float) -> str | None:
    """The label of the value nearest `target` (the first on a tie); None when no value is there."""
    known = pd.to_numeric(series, errors="coerce").dropna()
    return None if known.empty else (known - target).abs().idxmin()


def shown(number: float | None, spec: str = ",.1f", unit: str = "", missing: str = "not in the ledger",
          bound: str | None = None) -> str:
    """A number for a sentence a notebook prints: formatted with `spec` and followed by `unit`, or `missing` when the
    ledger lacks it (a reader never sees nan or None). A `bound` ("lower" or "upper") is rounded outward at the
    spec's precision first (a lower bound down, an upper bound up), so that the figure printed still holds; it is
    preceded by "at least " or "at most "."""
    if number is None or pd.isna(number):
        return missing
    value = float(number)
    if bound in (LOWER, UPPER):
        value = rounded(value, bound, spec_digits(spec))
    return f"{BOUND_WORDS.get(bound, '')}{format(value, spec)}{unit}"


def outward(values: pd.Series, bound: str, digits: int = 2) -> pd.Series:
    """A column of bounds or interval ends as a table shows them (two decimals): rounded outward, lower bounds and low
    ends down, upper bounds and high ends up, so that each figure shown still holds; missing values stay missing."""
    return values.map(lambda value: value if pd.isna(value) else rounded(float(value), bound, digits))
