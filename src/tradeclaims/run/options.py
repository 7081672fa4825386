"""What a build is asked to do, and the facts of a build once it runs: two frozen records handed down the phases."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tradeclaims import __version__
from tradeclaims.errors import UsageError, shown
from tradeclaims.ledger.files import json_hash

MAX_JOBS = 64  # a kernel holds about 130 MB: more workers than this is a mistake, not a speed-up
BUILD_TIME = "SOURCE_DATE_EPOCH"  # the reproducible-builds convention: the time a build is dated, instead of the clock
EPOCH = re.compile(r"^[0-9]{1,11}$")  # up to year 5138: beyond, datetime cannot hold it
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


def build_time(environ: Mapping[str, str] | None = None) -> datetime:
    """When a build is made: $SOURCE_DATE_EPOCH (whole seconds since 1970-01-01 UTC, the reproducible-builds
    convention) when it is set, else the clock. A value that is not one is a UsageError: a build is never dated by a
    guess."""
    text = (os.environ if environ is None else environ).get(BUILD_TIME, "")
    if not text:
        return datetime.now(UTC)
    try:
        if not EPOCH.fullmatch(text):
            raise ValueError
        return datetime.fromtimestamp(int(text), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"{BUILD_TIME}={shown(text)} is not allowed: whole seconds since 1970-01-01T00:00:00Z, "
                         "the time the build is dated") from None


def ignore(*_args: Any) -> None:
    """A progress callback that shows nothing."""


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """Where the reports go and how the executions run.

    out_dir: the output folder (checked before anything runs; see output.py).
    jobs: worker threads of the local engine. force: execute even what the cache holds.
    timeout: seconds a cell may run. warm_kernels: each worker keeps its kernel (False: a new one per execution).
    scheduler: a Dask scheduler's address, to execute there instead of in local threads.
    progress(label, entry): called as each execution's report is written (label: the claim and its parameters);
    on_plan(executions): with the executions to run, each with why the cache could not serve it.
    """

    out_dir: Path
    jobs: int = 1
    force: bool = False
    timeout: float = 300.0
    warm_kernels: bool = True
    scheduler: str | None = None
    progress: Callable[[str, dict[str, Any]], None] = ignore
    on_plan: Callable[[list[Any]], None] = ignore


@dataclass(frozen=True, kw_only=True)
class BuildFacts:
    """When and how a build ran, and on which data: results.json's `run` (but the cell timeout) and each executed
    notebook's record."""

    built: str  # UTC, to the second
    version: str
    data_files: dict[str, str]  # file under data/ -> sha256
    timeout: float
    kernels: str  # warm or fresh

    @classmethod
    def now(cls, data_files: dict[str, str], options: RunOptions) -> BuildFacts:
        return cls(built=build_time().strftime("%Y-%m-%dT%H:%M:%SZ"), version=__version__, data_files=data_files,
                   timeout=options.timeout, kernels="warm" if options.warm_kernels else "fresh")

    @property
    def warm(self) -> bool:
        return self.kernels == "warm"

    def as_json(self) -> dict[str, Any]:
        return {"built": self.built, "version": self.version, "data_hash": json_hash(self.data_files),
                "data_files": self.data_files, "timeout": self.timeout, "kernels": self.kernels}

    def published(self) -> dict[str, Any]:
        """As results.json has it: the cell timeout is how a build was asked to run, not what it found."""
        return {key: value for key, value in self.as_json().items() if key != "timeout"}
