"""How a run or a sweep executes: one frozen options object instead of long argument lists."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeclaims.run.worker import Job

Submit = Callable[[Job], Future]
Submitter = tuple[Submit, Callable[[], None]]  # submit a job, and close the executor at the end


MAX_JOBS = 64  # a kernel holds about 130 MB: more workers than this is a mistake, not a speed-up
KERNEL_MEMORY = 300 * 2**20  # what one worker's kernel and notebook may take, for the default number of workers


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux's MemAvailable), or None where it cannot be read."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def default_jobs() -> int:
    """One worker per core, as many as the available memory holds kernels for; at least one."""
    memory = available_memory()
    by_memory = memory // KERNEL_MEMORY if memory is not None else MAX_JOBS
    return max(1, min(os.cpu_count() or 1, by_memory, MAX_JOBS))


def ignore(*_args: Any) -> None:
    """A progress callback that shows nothing."""


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """Where the reports go and how the executions run.

    out_dir: the output folder (checked before anything runs; see outputs.py).
    jobs: worker threads of the local executor. force: execute even what the cache holds.
    timeout: seconds a cell may run. warm_kernels: each worker keeps its kernel (False: a new one per execution).
    submitter: another executor (Dask), or None for local threads.
    progress(label, entry): called as each execution's report is written (label: the claim and its parameters);
    on_plan(plans): with the plans to execute.
    """

    out_dir: Path
    jobs: int = 1
    force: bool = False
    timeout: float = 300.0
    warm_kernels: bool = True
    submitter: Submitter | None = None
    progress: Callable[[str, dict[str, Any]], None] = ignore
    on_plan: Callable[[list[Any]], None] = ignore
