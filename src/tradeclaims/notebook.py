"""What a claim's notebook imports: the ledger, the checks, and how to show and record a check."""

from __future__ import annotations

from .charts import show as show_chart
from .display import record, show, show_figures, show_sources, show_tables
from .ledger import Ledger


def load_ledger(data_dir: str = "data") -> Ledger:
    """The ledger of the project the notebook runs in (papermill runs it from the project's folder)."""
    return Ledger.load(data_dir)


__all__ = ["load_ledger", "record", "show", "show_chart", "show_figures", "show_sources", "show_tables"]
