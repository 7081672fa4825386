"""Warm kernels: one started kernel per worker thread, reused from one execution to the next.

Starting a kernel and importing pandas, matplotlib and seaborn in it is most of what an execution costs.
A kept kernel skips both. Before each execution its namespace is reset to a new session (variables
dropped, execution count back to 1, figures closed) and what a notebook can change for the whole kernel
(pandas options, rcParams, warnings filters, environment, working folder: tradeclaims.notebook.session) is
put back as it was when the kernel started, so a notebook sees what it would see in a new kernel, with
modules already imported. A kernel started ahead (prestart.py) runs its first notebook without a reset: its
warm-up binds no name and ends by noting that state. A kernel is discarded after any failure, and all are shut down
when the run ends (or when the process exits).
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import TypeVar

import nbformat
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import remove_args

from tradeclaims.run.prestart import READY_CLIENT, REMEMBER_CODE, SESSION, ensure_kernel

__all__ = ["POOL", "ENGINE_NAME", "ensure_kernel"]

ENGINE_NAME = "tradeclaims-warm"
START_TIMEOUT = 60.0
# Run in a kept kernel before each notebook; binds no name in its namespace (see tradeclaims.notebook.session).
RESET_CODE = f"get_ipython().reset(new_session=True)\n{SESSION}.restore()"
START_ATTEMPTS = 3
Started = TypeVar("Started")


def died_starting(error: BaseException) -> bool:
    """Whether a kernel died before it answered its first request. Most often a port jupyter_client chose for it
    was taken before the kernel could bind it ("ZMQError: Address already in use": the ports are picked free, then
    bound by the new process, and another kernel or connection can come between)."""
    return isinstance(error, RuntimeError) and "died before replying" in str(error)


def retry_kernel_start(start: Callable[[], Started], attempts: int = START_ATTEMPTS) -> Started:
    """`start()` (which starts a kernel and waits for it), again while the kernel dies starting, `attempts` times."""
    for _ in range(attempts - 1):
        try:
            return start()
        except RuntimeError as error:
            if not died_starting(error):
                raise
    return start()


class WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine, executing in a kernel it is given (`km=`) and leaving it running."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, partial_path=None, **kwargs):
        """As papermill's, and `partial_path` gets the notebook as far as it ran when the execution stops on an
        exception (a timeout, a dead kernel): the run saves the notebook once at the end, not after every cell."""
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(nb_man, timeout=execution_timeout, startup_timeout=start_timeout,
                                         kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file,
                                         stderr_file=stderr_file, **kwargs)
        try:
            return client.execute()
        except BaseException:
            if partial_path is not None:
                nbformat.write(nb_man.nb, partial_path)
            raise
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)


class KernelPool:
    """Started kernels by worker thread, for one kernel name and working folder each."""

    def __init__(self):
        self.local = threading.local()
        self.lock = threading.Lock()
        self.started: list = []
        self.unused: set = set()  # prestarted kernels that have run no notebook
        atexit.register(self.shutdown_all)

    def acquire(self, kernel_name: str, cwd: str):
        """This thread's kernel (or one started ahead, see prestart.py), reset to a new session; a new one if there is
        none or it cannot be reset."""
        kept = getattr(self.local, "kernel", None) or self.prestarted(kernel_name, cwd)
        if kept is not None and kept[1:] == (kernel_name, cwd) and run_sync(kept[0].is_alive)():
            try:
                with self.lock:
                    unused = kept[0] in self.unused  # warmed up and remembered, no notebook yet: as a new kernel is
                    self.unused.discard(kept[0])
                if not unused:
                    reset(kept[0])
                return kept[0]
            except Exception:  # a kernel that cannot run three lines is not worth keeping
                self.discard()
        self.discard()
        return self.start(kernel_name, cwd)

    def prestarted(self, kernel_name: str, cwd: str):
        from tradeclaims.run.prestart import take

        manager = take(kernel_name, cwd)
        if manager is None:
            return None
        with self.lock:
            self.started.append(manager)
            self.unused.add(manager)  # its warm-up binds no name and ends by remembering its state (prestart.WARM_UP)
        self.local.kernel = (manager, kernel_name, cwd)
        return self.local.kernel

    def start(self, kernel_name: str, cwd: str):
        manager = retry_kernel_start(lambda: start_ready(kernel_name, cwd))
        with self.lock:
            self.started.append(manager)
        self.local.kernel = (manager, kernel_name, cwd)
        run_code(manager, REMEMBER_CODE)
        return manager

    def discard(self) -> None:
        kept = getattr(self.local, "kernel", None)
        self.local.kernel = None
        if kept is not None:
            shutdown(kept[0])
            with self.lock:
                self.started = [manager for manager in self.started if manager is not kept[0]]
                self.unused.discard(kept[0])

    def shutdown_all(self) -> None:
        from tradeclaims.run.prestart import discard_all

        discard_all()
        with self.lock:
            managers, self.started = self.started, []
            self.unused.clear()
        for manager in managers:
            shutdown(manager)


def start_ready(kernel_name: str, cwd: str):
    """A started kernel that has answered; a kernel that died starting is shut down and its error raised."""
    # The asynchronous manager, as nbclient itself uses: its client lets cell timeouts fire.
    from jupyter_client.manager import AsyncKernelManager

    manager = AsyncKernelManager(kernel_name=kernel_name, client_class=READY_CLIENT)
    run_sync(manager.start_kernel)(cwd=cwd)
    try:
        run_sync(wait_ready)(manager)
    except BaseException:
        shutdown(manager)
        raise
    return manager


async def wait_ready(manager) -> None:
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=START_TIMEOUT)
    finally:
        client.stop_channels()


async def run_code_async(manager, code: str) -> None:
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=START_TIMEOUT)
        reply = await client.execute_interactive(code, store_history=False, timeout=30,
                                                 output_hook=ignore_output)  # nothing the kernel says goes to stdout
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not run {code!r}")
    finally:
        client.stop_channels()


def ignore_output(_message) -> None:
    """What a kernel prints while being reset is not the command's output."""


def run_code(manager, code: str) -> None:
    run_sync(run_code_async)(manager, code)


def reset(manager) -> None:
    """A new session, with what the last notebook changed beyond its namespace put back."""
    run_code(manager, RESET_CODE)


def shutdown(manager) -> None:
    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # already gone
        pass


POOL = KernelPool()
