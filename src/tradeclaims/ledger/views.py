"""Views of a ledger with one thing changed: a quantity's figure forced, or the route to a quantity forced.

A check rerun on such a view tells whether its verdict depends on that figure or that route. A view shares the
ledger's rows, sources and read log; it keeps its own resolved figures.
"""

from __future__ import annotations

import copy

from tradeclaims.ledger.datapackage import KEY
from tradeclaims.ledger.figures import Figure, Ledger


def figure_key(figure: Figure) -> tuple:
    return tuple(getattr(figure, column) for column in KEY)


def view_of(ledger: Ledger) -> Ledger:
    view = copy.copy(ledger)
    view.resolved = dict(ledger.resolved)
    view.__dict__.pop("figures", None)
    return view


def with_figure(ledger: Ledger, figure: Figure) -> Ledger:
    """The ledger with `figure` as the resolved figure of its quantity."""
    view = view_of(ledger)
    view.resolved[figure_key(figure)] = figure
    return view


def with_routes(ledger: Ledger, routes: dict[str, str]) -> Ledger:
    """The ledger with the route to each named quantity forced (quantity -> route name; see checks.routes)."""
    view = view_of(ledger)
    view.forced_routes = {**forced_routes(ledger), **routes}
    return view


def forced_routes(ledger: Ledger) -> dict[str, str]:
    return getattr(ledger, "forced_routes", {})
