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


def ignore(*_args: Any) -> None:
    """A progress callback that shows nothing."""


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """Where the reports go and how the executions run.

    out_dir: the output folder (checked before anything runs; see outputs.py).
    jobs: worker threads of the local executor. force: execute even what the cache holds.
    timeout: seconds a cell may run. warm_kernels: each worker keeps its kernel (False: a new one per execution).
    submitter: another executor (Dask), or None for local threads.
    progress(name, entry): called as each execution's report is written; on_plan(plans): with the plans to execute.
    """

    out_dir: Path
    jobs: int = os.cpu_count() or 1
    force: bool = False
    timeout: float = 300.0
    warm_kernels: bool = True
    submitter: Submitter | None = None
    progress: Callable[[str, dict[str, Any]], None] = ignore
    on_plan: Callable[[list[Any]], None] = ignore
