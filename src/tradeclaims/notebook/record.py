"""The result a claim's notebook records, and how the driver reads it back from the executed notebook."""

from __future__ import annotations

import json
from typing import Any

RESULT_MIME = "application/vnd.tradeclaims.result+json"


def record(check) -> None:
    """Emit the check's result as a machine-readable output the runner collects."""
    from IPython.display import display

    result = json.loads(json.dumps(check.result(), default=float))
    display({RESULT_MIME: result, "text/plain": f"result: {check.verdict.label}"}, raw=True)


def recorded_result(notebook: dict) -> dict[str, Any] | None:
    """The result the notebook recorded with record, if it got that far."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RESULT_MIME in data:
                result = data[RESULT_MIME]
                return json.loads(result) if isinstance(result, str) else result
    return None
