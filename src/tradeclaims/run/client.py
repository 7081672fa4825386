"""A kernel client that is ready as soon as the kernel has answered and its broadcasts arrive.

jupyter_client's `wait_for_ready` ends by draining the kernel's IOPub channel until nothing has come for 0.2 s.
A run asks a kept kernel whether it is ready before each notebook and before each reset, so that wait was paid
several times per notebook. What it guards against is kept: the kernel must answer kernel_info on the shell
channel, and a broadcast must arrive on IOPub (proof that this client's subscription is live, so no output of
the first cell is lost). What is left on IOPub is the status of that request, which nbclient and the reset code
skip, as they skip every message whose parent is not their own request.
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import ensure_async

SHELL_WAIT = 1.0
IOPUB_WAIT = 0.2


class ReadyClient(AsyncKernelClient):
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
