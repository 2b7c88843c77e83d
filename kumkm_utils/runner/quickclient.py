"""The quick-ready kernel client of the warm kernels (:mod:`kumkm_utils.runner.warmkernel`).

A module of its own so that the warm kernel manager can name it in jupyter_client's public,
configurable ``client_class`` trait, and so that the warm kernels' client and template
processes, which import :mod:`~kumkm_utils.runner.warmkernel`, never import jupyter_client.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.session import protocol_version

READY_POLL_S = 0.01
"""How long to wait for a kernel's IOPub message before asking again (jupyter_client: 0.2 s)."""


def adapt_protocol(session: object, reply: dict) -> None:
    """Speak the kernel's major protocol version, as ``KernelClient.wait_for_ready`` sets it up.

    ``session`` is the client's public ``Session``; ``reply`` a ``kernel_info_reply``.
    """
    version = str(reply.get("content", {}).get("protocol_version", protocol_version))
    major = int(version.split(".")[0])
    if major != int(protocol_version.split(".")[0]):
        session.adapt_version = major  # type: ignore[attr-defined]


class QuickReadyClient(AsyncKernelClient):
    """An ``AsyncKernelClient`` whose ``wait_for_ready`` does not sleep on a lost IOPub message.

    jupyter_client asks the kernel for its info, waits 0.2 s for the matching IOPub message
    and then drains IOPub until it has been quiet for 0.2 s. Right after a start the first
    IOPub message is usually lost, because the client's IOPub subscription has not reached the
    kernel yet, so every report waited 0.2 s before asking again and 0.2 s more at the end.
    Here the question is asked again after 10 ms, until the answer arrives on both channels,
    and nothing is drained (nbclient matches every message to its request). Only public
    client API is used: ``kernel_info``, the channels' ``get_msg``, ``is_alive``, ``session``.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel answered ``kernel_info`` on both channels; see the class."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            with contextlib.suppress(Empty):
                msg = await self.shell_channel.get_msg(timeout=1)
                if msg["msg_type"] == "kernel_info_reply":
                    with contextlib.suppress(Empty):
                        await self.iopub_channel.get_msg(timeout=READY_POLL_S)
                        adapt_protocol(self.session, msg)
                        return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            await asyncio.sleep(0)
