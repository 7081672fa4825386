"""A notebook's parameters typed and checked as `tradeclaims run` checks them, whoever executes the notebook.

papermill types `-p` values as YAML does (`-p period 2025` arrives as the integer 2025), Jupyter runs whatever the
parameters cell holds, and the command line passes values it has already checked. Each notebook therefore puts its
values through the command line's own checks (checks/parameters.py) for its claim: the same value comes back
("2025", not 2025), or the same one-line refusal is raised, before any figure is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tradeclaims.checks.parameters import resolve_parameters
from tradeclaims.checks.registry import load_registry, select
from tradeclaims.errors import UsageError
from tradeclaims.ledger.coverage import data_index
from tradeclaims.project import find_project


def checked_parameters(claim_id: str, project_dir: str | Path | None = None, **values: Any) -> tuple[Any, ...]:
    """The values, in the order given, as `tradeclaims run` would pass them; raise its UsageError for a bad one.

    Every parameter of the claim must be given (a notebook that left one out would run on its own default).
    project_dir: as for load_ledger.
    """
    project = find_project(project_dir)
    claim = select(load_registry(project.claims_file, against_schema=False), [claim_id])[0]
    missing = [name for name in claim.parameters if name not in values]
    if missing:
        raise UsageError(f"claim {claim_id}: the notebook does not pass parameter {missing[0]!r} to "
                         "nb.checked_parameters")
    checked = resolve_parameters(claim, values, data_index(project.data_dir))
    return tuple(checked[name] for name in values)

