"""Tests of the warm kernels (quick readiness) and of what batch workers import."""

from __future__ import annotations

import asyncio
from queue import Empty

import pytest

from kumkm_utils.runner import warmkernel
from kumkm_utils.runner.quickclient import QuickReadyClient


class _Channel:
    """A channel that hands out scripted messages; an exception in the script is raised."""

    def __init__(self, script: list[object]) -> None:
        self.script = list(script)
        self.asked = 0

    async def get_msg(self, timeout: float | None = None) -> object:
        self.asked += 1
        item = self.script.pop(0) if self.script else Empty()
        if isinstance(item, BaseException):
            raise item
        return item


def _client(shell: list[object], iopub: list[object], alive: bool = True):
    client = type("ScriptedClient", (QuickReadyClient,), {})()  # channels patched on the copy
    calls = {"kernel_info": 0}

    def kernel_info() -> str:
        calls["kernel_info"] += 1
        return "id"

    async def is_alive() -> bool:
        return alive

    client.kernel_info = kernel_info
    client.is_alive = is_alive
    client.test_shell, client.test_iopub = _Channel(shell), _Channel(iopub)
    type(client).shell_channel = property(lambda self: self.test_shell)
    type(client).iopub_channel = property(lambda self: self.test_iopub)
    return client, calls


REPLY = {"msg_type": "kernel_info_reply", "content": {"protocol_version": "5.3"}}
OLD_REPLY = {"msg_type": "kernel_info_reply", "content": {"protocol_version": "4.1"}}


def test_ready_asks_again_when_the_iopub_message_was_lost():
    # first answer: the reply arrives but its IOPub status was published before the client
    # subscribed (lost); the second answer arrives on both channels
    client, calls = _client([REPLY, REPLY], [Empty(), {"msg_type": "status"}])
    asyncio.run(client.wait_for_ready(timeout=5))
    assert calls["kernel_info"] == 2
    assert client.test_iopub.asked == 2
    assert client.session.adapt_version == 0  # same major protocol version: no adaptation


def test_ready_adapts_to_an_older_kernel_protocol():
    client, _ = _client([OLD_REPLY], [{"msg_type": "status"}])
    asyncio.run(client.wait_for_ready(timeout=5))
    assert client.session.adapt_version == 4


def test_ready_raises_when_the_kernel_died():
    client, _ = _client([Empty()], [], alive=False)
    with pytest.raises(RuntimeError, match="died"):
        asyncio.run(client.wait_for_ready(timeout=5))


def test_ready_raises_after_the_timeout():
    client, calls = _client([REPLY] * 1000, [Empty()] * 1000)
    with pytest.raises(RuntimeError, match="didn't respond"):
        asyncio.run(client.wait_for_ready(timeout=0.05))
    assert calls["kernel_info"] > 1


def _run_in_warm_kernel(code: str, preload: tuple[str, ...] = ()):
    """Run ``code`` in a kernel forked from the template; the manager, reply and stream texts."""
    socket_path = warmkernel.ensure_template(preload)
    assert socket_path is not None
    manager = warmkernel.kernel_manager_class(socket_path)()
    seen: list[dict] = []

    async def run() -> dict:
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            return await client.execute_interactive(code, timeout=30, output_hook=seen.append)
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    reply = asyncio.run(run())
    texts = "".join(m["content"].get("text", "") for m in seen if m["msg_type"] == "stream")
    return manager, reply, texts


@pytest.mark.skipif(not warmkernel.available(), reason="warm kernels need fork")
def test_warm_kernel_manager_hands_out_the_quick_client():
    from jupyter_client.asynchronous import AsyncKernelClient

    manager, reply, texts = _run_in_warm_kernel("print(6 * 7)")
    assert isinstance(manager.client(), AsyncKernelClient)
    assert type(manager.client()).__name__ == "QuickReadyClient"
    assert reply["content"]["status"] == "ok"
    assert texts == "42\n"
    assert not asyncio.run(manager.is_alive())


@pytest.mark.skipif(not warmkernel.available(), reason="warm kernels need fork")
def test_warm_kernel_collects_garbage_but_not_the_template_objects():
    """The template freezes what it imported; each kernel collects its own garbage."""
    _, _, texts = _run_in_warm_kernel(
        "import gc; print(gc.isenabled(), gc.get_freeze_count())", ("pandas",)
    )
    enabled, frozen = texts.split()
    assert enabled == "True"
    assert int(frozen) > 100_000  # ipykernel and pandas, imported once in the template


def test_worker_imports_leave_the_import_table_alone_and_register_the_engine():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "before = {k for k, v in sys.modules.items() if v is None}\n"
        "import kumkm_utils.runner.worker_imports, nbformat\n"
        "from papermill.engines import papermill_engines\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
        "nbformat.validate(nb)\n"
        "poisoned = {k for k, v in sys.modules.items() if v is None} - before\n"
        "print(sorted(poisoned), papermill_engines.get_engine('kumkm').__name__)\n"
        "import gc\n"
        "from kumkm_utils.render import svg_fonts\n"
        "print(svg_fonts.font_face_css.cache_info().currsize, gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # the renderer is warmed (font made once) and what was built is frozen before the fork
    assert done.stdout.split() == ["[]", "KumkmEngine", "1", "True"]
