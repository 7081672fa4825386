"""What a claim's notebook imports: the ledger, the checks, and how to show and record a check."""

from __future__ import annotations

from tradeclaims.ledger.figures import Ledger
from tradeclaims.notebook.charts import show as show_chart
from tradeclaims.notebook.display import show, show_figures, show_sources, show_tables
from tradeclaims.notebook.record import record


def load_ledger(data_dir: str = "data", source: str = "shipped") -> Ledger:
    """The ledger of the project the notebook runs in (papermill runs it from the project's folder).

    source: "shipped" (data/ only), a connector name (plus data/fetched/<name>) or "fetched" (plus all of it).
    """
    return Ledger.load(data_dir, source)


__all__ = ["load_ledger", "record", "show", "show_chart", "show_figures", "show_sources", "show_tables"]
