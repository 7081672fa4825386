"""What a claim's notebook imports: its project's ledger, the figures it selects, how to show and record a check.

A notebook runs the same wherever it is opened: `load_ledger` finds the project (see tradeclaims.project.find_project)
from the kernel's working folder, TRADECLAIMS_PROJECT or a `project_dir` given to it.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from tradeclaims.ledger.fetched import SHIPPED
from tradeclaims.project import find_project

if TYPE_CHECKING:
    from tradeclaims.ledger.figures import Ledger

# What a notebook calls, and the module that defines it. They are imported when first used, so that the driver,
# which imports tradeclaims.notebook.html and .record, does not pay for pandas, matplotlib and seaborn.
EXPORTS = {"show_chart": ("charts", "show"), "show": ("display", "show"), "show_figures": ("display", "show_figures"),
           "show_sources": ("display", "show_sources"), "show_tables": ("display", "show_tables"),
           "record": ("record", "record"), "confirm": ("selection", "confirm"), "rows": ("selection", "rows"),
           "routes": ("selection", "routes"), "show_all": ("display", "show_all"), "value": ("selection", "value"),
           "taken_route": ("selection", "taken_route"), "nearest": ("selection", "nearest"),
           "shown": ("selection", "shown"), "outward": ("selection", "outward"),
           "checked_parameters": ("parameters", "checked_parameters")}


def __getattr__(name: str):
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = EXPORTS[name]
    value = getattr(import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


LOADED: list[Ledger] = []  # the ledgers this notebook loaded, whose reads `record` reports (then forgets)


def frame_html(frame) -> str:
    """A DataFrame as a notebook shows it; a whole series (nb.rows) keeps the rows of the notebook's periods."""
    from tradeclaims.notebook.tables import SERIES
    from tradeclaims.notebook.tables import frame_html as as_table

    if frame.attrs.get(SERIES):
        from tradeclaims.notebook.deciding import namespace_periods

        return as_table(frame, periods=namespace_periods())
    return as_table(frame)


def series_html(series) -> str:
    from tradeclaims.notebook.tables import series_html as as_table

    return as_table(series)


def show_tables_for_people() -> None:
    """In IPython, every DataFrame and Series a notebook shows becomes a table for people (notebook.tables).

    Registered by the types' names, so nothing imports pandas until a table is shown.
    """
    ipython_module = sys.modules.get("IPython")
    ipython = ipython_module.get_ipython() if ipython_module else None
    if ipython is None:
        return
    formatter = ipython.display_formatter.formatters["text/html"]
    formatter.for_type_by_name("pandas", "DataFrame", frame_html)  # pandas says its classes live in "pandas"
    formatter.for_type_by_name("pandas", "Series", series_html)


show_tables_for_people()


def load_ledger(source: str = SHIPPED, project_dir: str | Path | None = None) -> Ledger:
    """The ledger of the notebook's project.

    source: "shipped" (data/ only), a connector name (plus data/fetched/<name>) or "fetched" (plus all of it).
    project_dir: the project's folder, when the notebook runs outside it and TRADECLAIMS_PROJECT is not set.
    """
    from tradeclaims.ledger.figures import Ledger

    ledger = Ledger.load(find_project(project_dir).data_dir, source)
    LOADED.append(ledger)
    return ledger


__all__ = ["checked_parameters", "confirm", "load_ledger", "nearest", "outward", "record", "routes", "rows", "show",
           "show_all", "show_chart", "show_figures", "show_sources", "show_tables", "shown", "taken_route", "value"]
