"""What a claim's notebook imports: its project's ledger, the figures it selects, how to show and record a check.

A notebook runs the same wherever it is opened: `load_ledger` finds the project (see tradeclaims.project.find_project)
from the kernel's working folder, TRADECLAIMS_PROJECT or a `project_dir` given to it.
"""

from __future__ import annotations

from pathlib import Path

from tradeclaims.ledger.fetched import SHIPPED
from tradeclaims.ledger.figures import Ledger
from tradeclaims.notebook.charts import show as show_chart
from tradeclaims.notebook.display import show, show_figures, show_sources, show_tables
from tradeclaims.notebook.record import record
from tradeclaims.notebook.selection import confirm, rows
from tradeclaims.project import find_project


def load_ledger(source: str = SHIPPED, project_dir: str | Path | None = None) -> Ledger:
    """The ledger of the notebook's project.

    source: "shipped" (data/ only), a connector name (plus data/fetched/<name>) or "fetched" (plus all of it).
    project_dir: the project's folder, when the notebook runs outside it and TRADECLAIMS_PROJECT is not set.
    """
    return Ledger.load(find_project(project_dir).data_dir, source)


__all__ = ["confirm", "load_ledger", "record", "rows", "show", "show_chart", "show_figures", "show_sources",
           "show_tables"]
