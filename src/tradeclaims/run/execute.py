"""Execute claims' notebooks through an engine: local worker threads with warm kernels, or a Dask cluster.

An engine has one method that matters, `submit(job) -> Future[Outcome]`; `start` may start kernels ahead and `close`
stops what is left. `run_job` is what a worker runs, locally or on a Dask worker: it takes plain data and returns
plain data (the executed notebook as JSON and the error, if any), so it can travel between processes.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tradeclaims.errors import UsageError, shown
from tradeclaims.run.kernels import ENGINE_NAME, KERNEL_NAME, POOL, ensure_kernel, register_warm_engine
from tradeclaims.run.options import RunOptions
from tradeclaims.run.scratch import name_prefix

KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond")
KERNEL_START_ATTEMPTS = 2  # a kernel that dies while starting (a busy machine) gets one more try


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


def run_job(job: Job) -> Outcome:
    """Run the notebook; a failing cell gives an Outcome with the error, not an exception."""
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
    with tempfile.TemporaryDirectory(prefix=name_prefix("notebook")) as scratch:
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
            POOL.discard()  # whatever went wrong, the next execution gets a new kernel
        return (output.read_text() if output.exists() else ""), error


def kernel_options(job: Job, output: Path) -> dict[str, Any]:
    """papermill's options for running in this worker's kept kernel; none (a new kernel) for a cold job."""
    if not job.warm:
        return {}
    register_warm_engine()
    # Saved once at the end (or where it stopped), not after every cell as papermill does by default.
    return {"engine_name": ENGINE_NAME, "km": POOL.acquire(job.kernel, job.cwd), "request_save_on_cell_execute": False,
            "partial_path": str(output)}


class Engine(Protocol):
    def start(self, cwd: str, count: int) -> None:
        """Start what `count` executions will need, ahead of them (kernels, for a local engine)."""

    def submit(self, job: Job) -> Future:
        """Execute the job; the future's result is its Outcome."""

    def close(self) -> None:
        """Stop what is still running; nothing more starts."""


class LocalEngine:
    """Worker threads of this process, each keeping a warm kernel (or starting one per job: `warm=False`)."""

    def __init__(self, jobs: int, warm: bool):
        self.jobs, self.warm = max(1, jobs), warm
        self.pool: ThreadPoolExecutor | None = None

    def start(self, cwd: str, count: int) -> None:
        ensure_kernel()
        if self.warm:
            POOL.prestart(KERNEL_NAME, cwd, min(self.jobs, max(1, count)))

    def submit(self, job: Job) -> Future:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=self.jobs)
        return self.pool.submit(run_job, job)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)  # nothing more starts
        POOL.shutdown_all()  # after an interruption, the executions still running stop now (else none is running)
        if self.pool is not None:
            self.pool.shutdown(wait=True)  # their temporary folders are removed as they stop
        POOL.shutdown_all()  # a kernel started meanwhile


def checked_address(address: str) -> None:
    """A scheduler's address as distributed reads it: a protocol it knows and, for a network one, a host and a port
    (ValueError otherwise)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    protocol, location = parse_address(address)
    if protocol in ("tcp", "tls", "ws", "wss", "ucx"):
        parse_host_port(location)


class DaskEngine:
    """A Dask distributed cluster. Its workers must have the project's folder at the same path and this package
    installed (the same machine, or a shared file system); each execution is the same `run_job`."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("--executor dask needs the 'distributed' package (pip install 'dask[distributed]')") from None
        try:
            checked_address(address)  # a malformed address is refused before a client (and its event loop) starts
            self.client = Client(address, timeout=10)
        except (OSError, ValueError, TypeError) as error:  # ValueError: not an address (no port, unknown protocol)
            raise UsageError(f"cannot reach the Dask scheduler at {shown(address)}: "
                             f"{str(error).splitlines()[0]}") from None
        self.executor = self.client.get_executor(pure=False)

    def start(self, cwd: str, count: int) -> None:
        ensure_kernel()

    def submit(self, job: Job) -> Future:
        return self.executor.submit(run_job, job)

    def close(self) -> None:
        self.client.close()


def engine_for(options: RunOptions) -> Engine:
    return DaskEngine(options.scheduler) if options.scheduler else LocalEngine(options.jobs, options.warm_kernels)


def completed(engine: Engine, jobs: list[Job]) -> Iterator[tuple[int, Outcome]]:
    """Each job's outcome by its position, as the jobs complete; an engine's own failure (a lost Dask worker) is the
    job's failure."""
    futures = {engine.submit(job): number for number, job in enumerate(jobs)}
    for future in as_completed(futures):
        number = futures[future]
        try:
            yield number, future.result()
        except Exception as failure:
            yield number, Outcome(claim_id=jobs[number].claim_id, notebook_json="",
                                  error=f"{type(failure).__name__}: {failure}", seconds=0.0)
