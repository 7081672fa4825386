"""Kernels: installed once, started ahead, kept warm, one per worker thread; and the client that asks them.

Starting a kernel and importing pandas, matplotlib and seaborn in it is most of what an execution costs. A run that
will execute notebooks starts its kernels as soon as it knows how many it needs (`prestart`), each in a thread of
its own, and has each import what every notebook imports and draw one small chart. The pool (`POOL`) hands each
worker thread its kept kernel, reset before each execution to a new session (variables dropped, execution count back
to 1, figures closed; pandas options, rcParams, warnings filters, environment and working folder put back as they
were when the kernel started: tradeclaims.notebook.session), so a notebook sees what it would see in a new kernel,
with modules already imported. A kernel started ahead runs its first notebook without a reset: its warm-up binds no
name and ends by noting that state. A kernel is discarded after any failure; all are shut down when the run ends
(or the process exits). Every kernel starts by one path, `start_kernel`. Only jupyter_client is imported at first:
papermill loads when the first notebook is executed.
"""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from queue import Empty
from typing import TypeVar

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import ensure_async, run_sync

from tradeclaims.run.scratch import name_prefix, temporary_folder

KERNEL_NAME = "tradeclaims"
ENGINE_NAME = "tradeclaims-warm"
START_TIMEOUT = 60.0
START_ATTEMPTS = 3
SHELL_WAIT, IOPUB_WAIT = 1.0, 0.2
IPC_SOCKETS = 5  # a kernel's Unix sockets: its connection file's name, less .json, then -ipc-1 to -ipc-5
SOCKET_PATH_BYTES = 107  # what a Unix socket's path may hold (Linux's sun_path, less its closing NUL)
# Notes the kernel's state, to be put back before each notebook (tradeclaims.notebook.session); binds no name.
SESSION = "__import__('tradeclaims.notebook.session', fromlist=['session'])"
REMEMBER_CODE = f"{SESSION}.remember()\n"
RESET_CODE = f"get_ipython().reset(new_session=True)\n{SESSION}.restore()"
# Binds no name in the kernel's namespace either, so that a kernel just warmed up needs no reset before its first
# notebook: it is as a new kernel is, with modules imported.
WARM_UP = """\
def __tradeclaims_warm_up():
    import matplotlib.pyplot, pandas, seaborn
    from IPython.core.pylabtools import print_figure
    from tradeclaims import notebook
    from tradeclaims.notebook import charts, display, record, selection
    figure = matplotlib.pyplot.figure(figsize=(1, 1))
    figure.text(0.5, 0.5, "0")
    print_figure(figure, "png", bbox_inches="tight")
    matplotlib.pyplot.close("all")
__tradeclaims_warm_up()
del __tradeclaims_warm_up
""" + REMEMBER_CODE
Started = TypeVar("Started")


class ReadyClient(AsyncKernelClient):
    """A client that is ready as soon as the kernel has answered and its broadcasts arrive.

    jupyter_client's `wait_for_ready` ends by draining IOPub until nothing has come for 0.2 s, a wait a kept kernel
    would pay before each notebook and each reset. What it guards against is kept: the kernel must answer kernel_info
    on the shell channel, and a broadcast must arrive on IOPub (this client's subscription is live, so no output of
    the first cell is lost). What is left on IOPub is the status of that request, which nbclient and the reset code
    skip, as they skip every message whose parent is not their own request.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while not await self.answered():
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def answered(self) -> bool:
        """Whether the kernel answered one kernel_info request and this client heard its broadcast."""
        self.kernel_info()
        try:
            reply = await ensure_async(self.shell_channel.get_msg(timeout=SHELL_WAIT))
        except Empty:
            return False
        if reply["msg_type"] != "kernel_info_reply":
            return False
        try:
            await ensure_async(self.iopub_channel.get_msg(timeout=IOPUB_WAIT))
        except Empty:
            return False
        self._handle_kernel_info_reply(reply)
        return True


def ensure_kernel(name: str = KERNEL_NAME, prefix: str = sys.prefix) -> None:
    """Install this environment's kernel under `name` (in `prefix`) if it is not there yet (or points elsewhere).

    The spec is staged in a temporary folder of ours, removed afterwards: ipykernel's `install` stages it in a folder
    of its own that it empties but never removes, one more empty folder in the system's temp folder each time."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
            "--IPKernelApp.log_level=CRITICAL"]  # no start-up warnings in every run's output
    try:
        if KernelSpecManager().get_kernel_spec(name).argv == argv:
            return
    except NoSuchKernel:
        pass
    with tempfile.TemporaryDirectory(prefix=name_prefix("kernelspec")) as staging:
        spec = write_kernel_spec(Path(staging) / name, overrides={"argv": argv, "display_name": f"Python ({name})"})
        KernelSpecManager().install_kernel_spec(spec, kernel_name=name, prefix=prefix)


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


def new_manager(kernel_name: str):
    # The asynchronous manager, as nbclient itself uses: its client lets cell timeouts fire.
    from jupyter_client.manager import AsyncKernelManager

    return AsyncKernelManager(kernel_name=kernel_name, client_class=f"{__name__}.ReadyClient", **channels())


def channels() -> dict[str, str]:
    """Where a new kernel listens. Where the system has them, Unix sockets named after a connection file of its own:
    TCP ports are picked free and then bound by the new process, and between the two another kernel or connection
    can take one (the kernel then dies starting, or runs on with its heartbeat thread's traceback on stderr)."""
    if os.name != "posix":
        return {}
    name = temporary_folder() / f"{name_prefix('kernel')}{uuid.uuid4().hex[:12]}.json"
    if len(os.fsencode(f"{name.with_suffix('')}-ipc-{IPC_SOCKETS}")) > SOCKET_PATH_BYTES:
        return {}  # a temporary folder too deep for a socket's path: TCP ports, as where there are no Unix sockets
    return {"transport": "ipc", "connection_file": str(name)}


def start_kernel(kernel_name: str, cwd: str, code: str, manager=None):
    """A started kernel that has answered and run `code`; one that fails is shut down and its error raised."""
    manager = manager if manager is not None else new_manager(kernel_name)
    run_sync(manager.start_kernel)(cwd=cwd)
    try:
        run_code(manager, code)
    except BaseException:
        shutdown(manager)
        raise
    return manager


async def run_code_async(manager, code: str) -> None:
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=START_TIMEOUT)
        reply = await client.execute_interactive(code, store_history=False, timeout=START_TIMEOUT,
                                                 output_hook=ignore_output)  # nothing the kernel says goes to stdout
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not run {code[:40]!r}")
    finally:
        client.stop_channels()


def ignore_output(_message) -> None:
    """What a kernel prints while being warmed up or reset is not the command's output."""


def run_code(manager, code: str) -> None:
    run_sync(run_code_async)(manager, code)


def shutdown(manager) -> None:
    if manager is None:
        return
    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # already gone
        pass


class Prestarted:
    """One kernel being started (and warmed up) in a thread."""

    def __init__(self, kernel_name: str, cwd: str):
        self.kernel_name, self.cwd = kernel_name, cwd
        self.manager = None
        self.failed = self.cancelled = False
        self.lock = threading.Lock()  # a kernel is started, or the start cancelled, not both at once
        self.thread = threading.Thread(target=self.start, name="tradeclaims-prestart", daemon=True)
        self.thread.start()

    def start(self) -> None:
        try:
            manager = new_manager(self.kernel_name)
            with self.lock:
                if self.cancelled:
                    return
                self.manager = manager
                run_sync(manager.start_kernel)(cwd=self.cwd)
            run_code(manager, WARM_UP)
        except Exception:  # the pool starts a kernel of its own instead (or the start was cancelled)
            self.failed = True

    def cancel(self) -> None:
        """Shut the kernel down now, warm or not (a run that stops on a usage error does not wait for its warm-up)."""
        with self.lock:
            self.cancelled = True
            manager = self.manager
        shutdown(manager)

    def ready(self):
        """The started kernel, once warm; None if it could not be started."""
        self.thread.join()
        if self.failed:
            shutdown(self.manager)
            return None
        return self.manager


class KernelPool:
    """Started kernels by worker thread, for one kernel name and working folder each; and kernels started ahead."""

    def __init__(self):
        self.local = threading.local()
        self.lock = threading.Lock()
        self.started: list = []
        self.unused: set = set()  # prestarted kernels that have run no notebook
        self.ahead: list[Prestarted] = []
        atexit.register(self.shutdown_all)

    def prestart(self, kernel_name: str, cwd: str, count: int) -> None:
        """Have `count` kernels starting in the background (counting those started and not yet taken)."""
        with self.lock:
            waiting = sum((each.kernel_name, each.cwd) == (kernel_name, cwd) for each in self.ahead)
            self.ahead.extend(Prestarted(kernel_name, cwd) for _ in range(count - waiting))

    def acquire(self, kernel_name: str, cwd: str):
        """This thread's kernel (or one started ahead), reset to a new session; a new one if there is none or it
        cannot be reset."""
        kept = getattr(self.local, "kernel", None) or self.prestarted(kernel_name, cwd)
        if kept is not None and kept[1:] == (kernel_name, cwd) and run_sync(kept[0].is_alive)():
            try:
                with self.lock:
                    unused = kept[0] in self.unused  # warmed up and remembered, no notebook yet: as a new kernel is
                    self.unused.discard(kept[0])
                if not unused:
                    run_code(kept[0], RESET_CODE)
                return kept[0]
            except Exception:  # a kernel that cannot run three lines is not worth keeping
                self.discard()
        self.discard()
        return self.start(kernel_name, cwd)

    def prestarted(self, kernel_name: str, cwd: str):
        with self.lock:
            found = next((each for each in self.ahead if (each.kernel_name, each.cwd) == (kernel_name, cwd)), None)
            if found is not None:
                self.ahead.remove(found)
        manager = None if found is None else found.ready()
        if manager is None:
            return None
        with self.lock:
            self.started.append(manager)
            self.unused.add(manager)  # its warm-up binds no name and ends by remembering its state
        self.local.kernel = (manager, kernel_name, cwd)
        return self.local.kernel

    def start(self, kernel_name: str, cwd: str):
        manager = retry_kernel_start(lambda: start_kernel(kernel_name, cwd, REMEMBER_CODE))
        with self.lock:
            self.started.append(manager)
        self.local.kernel = (manager, kernel_name, cwd)
        return manager

    def discard(self) -> None:
        kept = getattr(self.local, "kernel", None)
        self.local.kernel = None
        if kept is not None:
            shutdown(kept[0])
            with self.lock:
                self.started = [manager for manager in self.started if manager is not kept[0]]
                self.unused.discard(kept[0])

    def discard_ahead(self) -> None:
        """Shut down the kernels started ahead that nobody took, without waiting for their warm-up."""
        with self.lock:
            unused, self.ahead = self.ahead, []
        for each in unused:
            each.cancel()

    def shutdown_all(self) -> None:
        self.discard_ahead()
        with self.lock:
            managers, self.started = self.started, []
            self.unused.clear()
        for manager in managers:
            shutdown(manager)


POOL = KernelPool()


@cache
def register_warm_engine() -> None:
    """papermill's nbclient engine, executing in a kernel it is given (`km=`) and leaving it running, registered
    under ENGINE_NAME (papermill is imported here, not when kernels are started)."""
    import nbformat
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import remove_args

    class WarmKernelEngine(NBClientEngine):
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
