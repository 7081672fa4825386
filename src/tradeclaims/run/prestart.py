"""Kernels started while the driver is still busy (importing papermill and nbconvert, writing the output folder).

A run that will execute notebooks starts its kernels as soon as it knows how many it needs, each in a thread of its
own, and has each import what every notebook imports (pandas, matplotlib, seaborn, the notebook facade) and draw
one small chart. The kernel pool (kernels.py) takes them when its workers ask for a kernel, and resets them to a new
session before any notebook runs, as it does a kept kernel. Only jupyter_client is imported here.
"""

from __future__ import annotations

import atexit
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tradeclaims.run.worker import KERNEL_NAME

if TYPE_CHECKING:
    from tradeclaims.run.options import RunOptions

READY_CLIENT = "tradeclaims.run.client.ReadyClient"  # by name: jupyter_client is imported in the kernels' threads

# Notes the kernel's state, to be put back before each notebook (tradeclaims.notebook.session); binds no name.
SESSION = "__import__('tradeclaims.notebook.session', fromlist=['session'])"
REMEMBER_CODE = f"{SESSION}.remember()\n"
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
START_TIMEOUT = 60.0


def ensure_kernel(name: str = KERNEL_NAME) -> None:
    """Install this environment's kernel under `name` if it is not there yet (or points elsewhere)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
            "--IPKernelApp.log_level=CRITICAL"]  # no start-up warnings in every run's output
    try:
        if KernelSpecManager().get_kernel_spec(name).argv == argv:
            return
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    path = Path(install(kernel_name=name, display_name=f"Python ({name})", prefix=sys.prefix))
    spec_file = path / "kernel.json"
    spec = json.loads(spec_file.read_text())
    spec["argv"] = argv
    spec_file.write_text(json.dumps(spec, indent=1))


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
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        try:
            manager = AsyncKernelManager(kernel_name=self.kernel_name, client_class=READY_CLIENT)
            with self.lock:
                if self.cancelled:
                    return
                run_sync(manager.start_kernel)(cwd=self.cwd)
                self.manager = manager
            run_sync(warm_up)(manager)
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


async def warm_up(manager) -> None:
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=START_TIMEOUT)
        reply = await client.execute_interactive(WARM_UP, store_history=False, timeout=START_TIMEOUT,
                                                 output_hook=lambda _message: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("the kernel could not import what notebooks import")
    finally:
        client.stop_channels()


def shutdown(manager) -> None:
    if manager is None:
        return
    from jupyter_core.utils import run_sync

    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # already gone
        pass


READY: list[Prestarted] = []
LOCK = threading.Lock()


def prestart(kernel_name: str, cwd: str, count: int) -> None:
    """Have `count` kernels starting in the background (counting those already started and not yet taken)."""
    with LOCK:
        waiting = sum((each.kernel_name, each.cwd) == (kernel_name, cwd) for each in READY)
        READY.extend(Prestarted(kernel_name, cwd) for _ in range(count - waiting))


def take(kernel_name: str, cwd: str):
    """A prestarted kernel for this name and folder, warm, or None."""
    with LOCK:
        found = next((each for each in READY if (each.kernel_name, each.cwd) == (kernel_name, cwd)), None)
        if found is not None:
            READY.remove(found)
    return None if found is None else found.ready()


@atexit.register
def discard_all() -> None:
    """Shut down the prestarted kernels nobody took, without waiting for their warm-up."""
    with LOCK:
        unused, READY[:] = list(READY), []
    for each in unused:
        each.cancel()


@contextmanager
def kernels_ahead(root: Path, claim_ids: list[str], options: RunOptions) -> Iterator[None]:
    """With --force every claim named is executed: start their kernels before anything else (the command line does
    so before loading the runner), name them the folder of the ledger's copy in the output folder, and shut down
    those not taken on leaving. Entered again by the runner, it starts no more kernels."""
    if not (options.force and options.submitter is None and options.warm_kernels):
        yield
        return
    from tradeclaims.run.dependencies import copies_folder, copies_named

    with copies_named(copies_folder(Path(options.out_dir).resolve())):
        ensure_kernel()
        prestart(KERNEL_NAME, str(root), min(max(1, options.jobs), len(claim_ids) or options.jobs))
        try:
            yield
        finally:
            discard_all()
