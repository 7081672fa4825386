"""Execute one claim's notebook with papermill; return the executed notebook.

By default the notebook runs in the worker's kept kernel, reset to a new session (see kernels.py);
`Job.warm = False` starts a kernel for this execution alone.

This function is what a worker runs, locally or on a Dask cluster: it takes plain data and returns
plain data (the notebook as JSON and the error, if any), so it can travel between processes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KERNEL_NAME = "tradeclaims"


@dataclass(frozen=True, kw_only=True)
class Job:
    claim_id: str
    notebook: str  # absolute path
    cwd: str  # the project's folder
    parameters: dict[str, Any]
    timeout: float  # seconds per cell
    kernel: str = KERNEL_NAME
    warm: bool = True  # reuse this worker's kernel (reset to a new session) instead of starting one


@dataclass(frozen=True, kw_only=True)
class Outcome:
    claim_id: str
    notebook_json: str
    error: str | None  # None when every cell ran
    seconds: float


KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond")
KERNEL_START_ATTEMPTS = 2  # a kernel that dies while starting (a busy machine) gets one more try


def run_job(job: Job) -> Outcome:
    """Run the notebook; a failing cell gives an Outcome with the error, not an exception."""
    import time

    started = time.perf_counter()
    for _attempt in range(KERNEL_START_ATTEMPTS):
        text, error = execute_once(job)
        if not (error and any(failure in error for failure in KERNEL_START_FAILURES)):
            break
    return Outcome(claim_id=job.claim_id, notebook_json=text, error=error, seconds=time.perf_counter() - started)


def execute_once(job: Job) -> tuple[str, str | None]:
    """The executed notebook as JSON text (empty if none was written) and the error, if any."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    parameters = {"claim_id": job.claim_id, **job.parameters}
    with tempfile.TemporaryDirectory(prefix="tradeclaims-") as scratch:
        output = Path(scratch) / "executed.ipynb"
        error = None
        try:
            papermill.execute_notebook(
                job.notebook, str(output), parameters=parameters, kernel_name=job.kernel, cwd=job.cwd,
                execution_timeout=job.timeout, progress_bar=False, log_output=False, report_mode=False,
                **kernel_options(job, output),
            )
        except PapermillExecutionError as failure:
            error = f"{failure.ename}: {failure.evalue} (cell {failure.exec_count})"
        except Exception as failure:  # a timeout or a dead kernel: the claim fails, the run goes on
            error = f"{type(failure).__name__}: {str(failure).splitlines()[0] if str(failure) else ''}"
        if error and job.warm:
            from tradeclaims.run.kernels import POOL

            POOL.discard()  # whatever went wrong, the next execution gets a new kernel
        return (output.read_text() if output.exists() else ""), error


def kernel_options(job: Job, output: Path) -> dict[str, Any]:
    """papermill's options for running in this worker's kept kernel; none (a new kernel) for a cold job."""
    if not job.warm:
        return {}
    from tradeclaims.run.kernels import ENGINE_NAME, POOL

    # Saved once at the end (or where it stopped), not after every cell as papermill does by default.
    return {"engine_name": ENGINE_NAME, "km": POOL.acquire(job.kernel, job.cwd), "request_save_on_cell_execute": False,
            "partial_path": str(output)}
