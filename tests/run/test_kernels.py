"""Kernels started side by side: where the system has Unix sockets a kernel takes no TCP port (a port can be taken
between jupyter_client choosing it and the kernel binding it); where it listens on TCP, a kernel that dies starting
("ZMQError: Address already in use") is started again instead of failing the claim."""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
from pathlib import Path

import pytest

from tradeclaims.run import kernels
from tradeclaims.run.kernels import START_ATTEMPTS, died_starting, retry_kernel_start

from ..conftest import tradeclaims

DIED = RuntimeError("Kernel died before replying to kernel_info")


def flaky(deaths: int):
    """A start that dies `deaths` times, then returns how many calls it took."""
    calls = []

    def start():
        calls.append(1)
        if len(calls) <= deaths:
            raise DIED
        return len(calls)

    return start


def test_a_kernel_that_dies_starting_is_started_again():
    assert retry_kernel_start(flaky(START_ATTEMPTS - 1)) == START_ATTEMPTS
    with pytest.raises(RuntimeError, match="died before replying"):
        retry_kernel_start(flaky(START_ATTEMPTS))


def test_other_errors_are_not_retried():
    calls = []

    def start():
        calls.append(1)
        raise RuntimeError("No such kernel named nowhere")

    with pytest.raises(RuntimeError, match="No such kernel"):
        retry_kernel_start(start)
    assert len(calls) == 1 and died_starting(DIED) and not died_starting(TimeoutError("slow"))


@pytest.mark.slow
def test_the_pool_starts_a_kernel_whose_first_port_was_taken(monkeypatch, tmp_path):
    """The first kernel is given a port another socket holds, so it dies with "Address already in use"."""
    from jupyter_client import manager as jupyter_manager

    from tradeclaims.run.kernels import KERNEL_NAME, ensure_kernel

    ensure_kernel()
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    made = []

    class FirstPortTaken(jupyter_manager.AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if not made:
                self.cache_ports = False  # else the provisioner picks every port itself
                self.shell_port = taken.getsockname()[1]
            made.append(self)

    monkeypatch.setattr(jupyter_manager, "AsyncKernelManager", FirstPortTaken)
    monkeypatch.setattr(kernels, "channels", dict)  # TCP, as on a system without Unix sockets
    pool = kernels.KernelPool()
    try:
        manager = pool.acquire(KERNEL_NAME, str(tmp_path))
        assert len(made) == 2 and manager is made[1]
        assert not kernels.run_sync(made[0].is_alive)() and kernels.run_sync(manager.is_alive)()
    finally:
        pool.shutdown_all()
        taken.close()


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_a_kernel_listens_on_files_of_its_own_and_leaves_none(tmp_path):
    from tradeclaims.run.kernels import KERNEL_NAME, ensure_kernel

    ensure_kernel()
    managers = [kernels.start_kernel(KERNEL_NAME, str(tmp_path), "1") for _ in range(2)]
    try:
        sockets = [Path(f"{manager.ip}-{manager.shell_port}") for manager in managers]
        assert [manager.transport for manager in managers] == ["ipc", "ipc"]
        assert all(path.is_socket() for path in sockets) and len(set(sockets)) == 2
        assert not any(tmp_path.iterdir())  # nothing in the folder the kernel runs in
    finally:
        for manager in managers:
            kernels.shutdown(manager)
    assert not any(path.exists() for path in sockets)
    assert not any(Path(manager.connection_file).exists() for manager in managers)


@pytest.mark.slow
def test_a_temporary_folder_too_deep_for_a_socket_gets_a_kernel_on_tcp(monkeypatch, tmp_path):
    """A Unix socket's path holds at most 107 bytes: under a deeper temporary folder the kernel listens on TCP."""
    from tradeclaims.run.kernels import KERNEL_NAME, ensure_kernel

    ensure_kernel()
    deep = tmp_path / ("d" * 60)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))  # as TMPDIR=deep gives it
    manager = kernels.start_kernel(KERNEL_NAME, str(tmp_path), "1")
    try:
        assert manager.transport == "tcp" and manager.shell_port > 0
    finally:
        kernels.shutdown(manager)
    assert list(deep.iterdir()) == []


@pytest.mark.slow
def test_a_ready_client_hears_the_first_output_of_a_kept_kernel():
    """Kept kernels are asked whether they are ready before each notebook, without jupyter_client's final 0.2 s
    drain of IOPub: a new client must still be subscribed when it returns, so no output of the next request is lost,
    and a dead kernel is still reported as one."""
    from jupyter_core.utils import run_sync

    from tradeclaims.run.kernels import KERNEL_NAME, ReadyClient, ensure_kernel, shutdown, start_kernel

    ensure_kernel()
    manager = start_kernel(KERNEL_NAME, ".", "import os")
    try:
        for attempt in range(5):  # a new client each time, as each notebook and reset gets
            client = manager.client()
            assert isinstance(client, ReadyClient)
            heard = []

            async def ask(client=client, attempt=attempt, heard=heard):
                client.start_channels()
                try:
                    await client.wait_for_ready(timeout=30)
                    await client.execute_interactive(f"print('attempt', {attempt})", timeout=30,
                                                     output_hook=heard.append)
                finally:
                    client.stop_channels()

            run_sync(ask)()
            assert [message["content"]["text"] for message in heard if message["msg_type"] == "stream"] == [
                f"attempt {attempt}\n"]
        run_sync(manager.shutdown_kernel)(now=True)
        client = manager.client()
        client.start_channels()
        with pytest.raises(RuntimeError, match="died before replying"):
            run_sync(client.wait_for_ready)(timeout=30)
        client.stop_channels()
    finally:
        shutdown(manager)


@pytest.mark.slow
def test_a_kernel_warmed_up_ahead_is_as_a_new_kernel_is():
    """Its first notebook runs without a reset: the warm-up must leave no name behind and the execution count at 1,
    as a new kernel has them (modules imported is the only difference)."""
    from jupyter_core.utils import run_sync

    from tradeclaims.run.kernels import KERNEL_NAME, Prestarted, ensure_kernel, shutdown, start_kernel

    ask = ("ip = get_ipython()\nprint(sorted(name for name in ip.user_ns if name not in ip.user_ns_hidden), "
           "ip.execution_count, 'matplotlib.pyplot' in __import__('sys').modules)")

    def state(manager):
        heard = []

        async def run():
            client = manager.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)
                await client.execute_interactive(ask, store_history=False, timeout=60, output_hook=heard.append)
            finally:
                client.stop_channels()

        run_sync(run)()
        return "".join(message["content"]["text"] for message in heard if message["msg_type"] == "stream")

    ensure_kernel()
    warmed, new = Prestarted(KERNEL_NAME, ".").ready(), start_kernel(KERNEL_NAME, ".", "pass")
    try:
        assert warmed is not None
        warm_state, new_state = state(warmed), state(new)
        assert warm_state.replace("True", "?") == new_state.replace("False", "?")
        assert warm_state.strip().endswith("1 True") and new_state.strip().endswith("1 False")
    finally:
        shutdown(warmed)
        shutdown(new)


@pytest.mark.slow
def test_a_kernel_started_ahead_is_shut_down_when_the_run_stops_before_using_it():
    """A run with --force starts kernels before it checks its claims and parameters; a usage error then shuts them
    down without waiting for their warm-up, and none is left running or starts afterwards."""
    from jupyter_core.utils import run_sync

    from tradeclaims.run.kernels import KERNEL_NAME, Prestarted, ensure_kernel

    ensure_kernel()
    for _ in range(3):  # cancelled at different points of its start
        ahead = Prestarted(KERNEL_NAME, ".")
        ahead.cancel()
        ahead.thread.join(timeout=120)
        assert not ahead.thread.is_alive() and ahead.cancelled
        assert ahead.manager is None or not run_sync(ahead.manager.is_alive)()


def kernels_in(folder) -> list[int]:
    """The kernel processes running in this folder (read from /proc)."""
    found = []
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if b"ipykernel_launcher" in (process / "cmdline").read_bytes() and (process / "cwd").resolve() == folder:
                found.append(int(process.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="reads running processes from /proc")
def test_a_usage_error_with_force_leaves_no_kernel(project_copy):
    result = tradeclaims("run", "--force", "no-such-claim", cwd=project_copy)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "unknown claim 'no-such-claim'" in result.stderr
    assert kernels_in(project_copy.resolve()) == []


def test_installing_the_kernel_leaves_nothing_in_the_temp_folder(tmp_path, monkeypatch):
    temp, prefix = tmp_path / "temp", tmp_path / "prefix"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    kernels.ensure_kernel("tradeclaims-staged", prefix=str(prefix))
    spec = json.loads((prefix / "share" / "jupyter" / "kernels" / "tradeclaims-staged" / "kernel.json").read_text())
    assert spec["argv"][:3] == [sys.executable, "-m", "ipykernel_launcher"]
    assert spec["display_name"] == "Python (tradeclaims-staged)"
    assert list(temp.iterdir()) == []


@pytest.mark.slow
def test_a_run_leaves_nothing_in_the_temp_folder(project_copy, tmp_path, monkeypatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # the run's and its kernels' temp folder
    result = tradeclaims("run", "--force", "--jobs", "2", "mexico-indonesia", "us-november-drop", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert (project_copy / "reports" / "us-november-drop.html").exists()
    assert list(temp.iterdir()) == []
