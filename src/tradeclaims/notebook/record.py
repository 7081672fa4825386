"""The result a claim's notebook records, and how the driver reads it back from the executed notebook."""

from __future__ import annotations

import json
from typing import Any

RESULT_MIME = "application/vnd.tradeclaims.result+json"
READS_MIME = "application/vnd.tradeclaims.reads+json"


def record(check) -> None:
    """Emit the check's result as a machine-readable output the runner collects, with what the notebook read
    from its ledger (see ledger/reads.py)."""
    from IPython.display import display

    result = json.loads(json.dumps(check.result(), default=float))
    display({RESULT_MIME: result, READS_MIME: notebook_reads(), "text/plain": f"result: {check.verdict.label}"},
            raw=True)


CONFLICTING = "conflicting"  # a file two ledgers of one notebook read with different contents


def notebook_reads() -> dict[str, Any]:
    """The selections of the ledgers loaded with `load_ledger` since the last record; `bounded` is false when one
    read everything, read fetched tables, or when no ledger was loaded that way. `data`: the sha256 of the bytes
    they were read from (file under data/ -> sha256), which the run compares with the data it holds."""
    from tradeclaims.ledger.fetched import SHIPPED
    from tradeclaims.notebook import LOADED

    ledgers, LOADED[:] = list(LOADED), []
    bounded = bool(ledgers) and all(ledger.read_log.bounded and ledger.source == SHIPPED for ledger in ledgers)
    reads = dict.fromkeys(read for ledger in ledgers for read in ledger.read_log.reads) if bounded else {}
    data: dict[str, str] = {}
    for ledger in ledgers:
        for name, digest in ledger.data_read.items():
            data[name] = digest if data.setdefault(name, digest) == digest else CONFLICTING
    return {"bounded": bounded, "reads": [list(read) for read in reads], "data": data}


def recorded_result(notebook: dict, mime: str = RESULT_MIME) -> dict[str, Any] | None:
    """The result the notebook recorded with record (or, with READS_MIME, its reads), if it got that far."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data:
                result = data[mime]
                return json.loads(result) if isinstance(result, str) else result
    return None
