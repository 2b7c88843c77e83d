"""Warm kernels: each report still gets a brand-new kernel process, forked from a warm template.

Starting a Jupyter kernel and importing pandas, matplotlib, DuckDB and ``kumkm_utils`` costs a
few CPU-seconds per report, as much as a small report itself. Each batch worker therefore
starts one *template* process that imports ipykernel and the modules the report notebooks
import, then waits. For every report the kernel manager launches a tiny *client* instead of
``ipykernel_launcher``; the client asks the template for a kernel, and the template forks a
fresh process that runs the ordinary ``IPKernelApp`` with the connection file. Nothing runs in
the template after its imports, so each forked kernel starts in the same state as a fresh
kernel that has just imported those modules: no state passes from one report to the next.

Process tree and lifetimes::

    worker ── client (what jupyter_client sees as the kernel process; own session)
          └─ template ── supervisor ── kernel (IPKernelApp)

- the client sends its stdin/stdout/stderr, environment, working directory and kernel
  arguments over a Unix socket, forwards signals (interrupt, terminate) to the kernel and exits
  with the kernel's exit code;
- the supervisor (one per kernel) kills the kernel when the client's socket closes (the client
  was killed), and reports the kernel's exit code;
- the template and the client exit when the worker that started them is gone.

Only on POSIX systems with ``fork``; elsewhere, or if the template fails to start, kernels
start the ordinary way.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

MPL_INLINE = "module://matplotlib_inline.backend_inline"
_FORWARDED_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")

KERNEL_MODULES = (
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.extensions.storemagic",
    "pdb",
    "psutil",
    "sqlite3",
)
"""Modules every kernel imports while it starts or stops (its debugger alone pulls in debugpy,
about 150 modules): imported once in the template rather than in each kernel."""

_template: subprocess.Popen | None = None
_template_socket: str | None = None
_template_preload: tuple[str, ...] = ()


def available() -> bool:
    """Whether warm kernels can work here (POSIX ``fork`` and Unix sockets)."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")


def notebook_imports(notebooks: Iterable[Path]) -> list[str]:
    """Return the top-level modules the code cells of some notebooks import, sorted.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> src = "import pandas as pd\\nfrom kumkm_utils import display"
    >>> nb = {"cells": [{"cell_type": "code", "source": src}]}
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "n.ipynb"; _ = p.write_text(json.dumps(nb))
    >>> notebook_imports([p])
    ['kumkm_utils', 'kumkm_utils.display', 'pandas']
    """
    import ast

    modules: set[str] = set()
    for path in notebooks:
        try:
            nb = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        for cell in nb.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines()]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module)
                    # "from kumkm_utils import display" imports the submodule kumkm_utils.display
                    # ("from kumkm_utils.runner.manifest import code_version" a function)
                    if node.module.split(".")[0] == "kumkm_utils":
                        modules.update(
                            f"{node.module}.{a.name}"
                            for a in node.names
                            if _is_module(f"{node.module}.{a.name}")
                        )
    return sorted(modules)


def _is_module(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # the parent is a module, not a package
        return False


# ----------------------------------------------------------------------------- worker side


def ensure_template(preload: Sequence[str], *, timeout: float = 180.0) -> str | None:
    """Start this process's template (once) and return its socket path; None if unavailable."""
    global _template, _template_socket, _template_preload
    if not available():
        return None
    preload = tuple(preload)
    if _template is not None and _template.poll() is None and _template_preload == preload:
        return _template_socket
    stop_template()
    sock = os.path.join(
        tempfile.mkdtemp(prefix="kumkm-warm-", dir="/tmp" if os.access("/tmp", os.W_OK) else None),
        "s",
    )
    cmd = [
        sys.executable,
        "-m",
        "kumkm_utils.runner.warmkernel",
        "serve",
        sock,
        str(os.getpid()),
        *preload,
    ]
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline().decode().strip() if ready and proc.stdout else ""
    if line != "ready":
        logger.warning(
            "warm kernel template did not start (%r); starting kernels the usual way", line
        )
        with contextlib.suppress(OSError):
            proc.kill()
        return None
    _template, _template_socket, _template_preload = proc, sock, preload
    atexit.register(stop_template)
    return sock


def stop_template() -> None:
    """Stop this process's template, if any."""
    global _template, _template_socket
    if _template is not None and _template.poll() is None:
        _template.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            _template.wait(5)
        if _template.poll() is None:
            _template.kill()
    if _template_socket:
        with contextlib.suppress(OSError):
            os.unlink(_template_socket)
            os.rmdir(os.path.dirname(_template_socket))
    _template, _template_socket = None, None


READY_POLL_S = 0.01
"""How often a stopped kernel is checked for its end (jupyter_client: every 0.1 s)."""
QUICK_CLIENT = "kumkm_utils.runner.quickclient.QuickReadyClient"


def kernel_manager_class(socket_path: str) -> type:
    """Return an ``AsyncKernelManager`` subclass that launches kernels through the template.

    Only public API is overridden: ``format_kernel_cmd`` (the command that starts a kernel),
    ``shutdown_kernel`` and the configurable ``client_class``/``client_factory`` traits (the
    quick-ready client of :mod:`kumkm_utils.runner.quickclient`).
    """
    import asyncio
    import time

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import DottedObjectName, Type

    class WarmKernelManager(AsyncKernelManager):
        # AsyncKernelManager declares both traits with static defaults: both are redefined
        client_class = DottedObjectName(QUICK_CLIENT, config=True)
        client_factory = Type(
            default_value=QUICK_CLIENT,
            klass="jupyter_client.asynchronous.AsyncKernelClient",
            config=True,
        )

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            """Stop the kernel; with ``now``, kill it and notice its end within 10 ms.

            jupyter_client kills the kernel and then checks every 0.1 s whether it is gone; a
            killed client process is gone within milliseconds, so each report waited ~0.1 s
            (benchmarks/bench_warm_kernel.py). Here the kill is sent through the provisioner and
            the end watched with ``is_alive`` every 10 ms before the ordinary shutdown, which then
            finds the kernel gone and only cleans up.
            """
            if now and self.has_kernel and self.provisioner is not None:
                await self.provisioner.kill(restart=restart)
                deadline = time.monotonic() + 5
                while await self.is_alive() and time.monotonic() < deadline:
                    await asyncio.sleep(READY_POLL_S)
            await super().shutdown_kernel(now=now, restart=restart)

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            cmd = super().format_kernel_cmd(extra_arguments)
            if "ipykernel_launcher" not in cmd:  # another kind of kernel: launch it as usual
                return cmd
            args = cmd[cmd.index("ipykernel_launcher") + 1 :]
            return [
                sys.executable,
                "-m",
                "kumkm_utils.runner.warmkernel",
                "client",
                socket_path,
                *args,
            ]

    return WarmKernelManager


# ----------------------------------------------------------------------------- client


def _client(sock_path: str, argv: list[str]) -> int:
    parent = os.getppid()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(sock_path)
    socket.send_fds(conn, [b"F"], [0, 1, 2])
    request = {"argv": argv, "env": dict(os.environ), "cwd": os.getcwd()}
    conn.sendall(json.dumps(request).encode() + b"\n")
    reader = conn.makefile("rb")
    pid = int(reader.readline())

    def forward(signum: int, frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    for name in _FORWARDED_SIGNALS:
        signal.signal(getattr(signal, name), forward)
    while True:
        ready, _, _ = select.select([conn], [], [], 1.0)
        if ready:
            line = reader.readline()
            return int(line) if line.strip() else 1
        if os.getppid() != parent:  # the worker is gone: take the kernel down
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            return 1


# ----------------------------------------------------------------------------- template


def _kernel_child(request: dict[str, object], fds: list[int]) -> None:
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)
    for fd in fds:
        os.close(fd)
    os.chdir(str(request["cwd"]))
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in dict(request["env"]).items()})  # type: ignore[arg-type]
    tempfile.tempdir = None
    gc.enable()  # the template's objects stay frozen (_serve)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    argv = [str(a) for a in request["argv"]]  # type: ignore[union-attr]
    # IPKernelApp reads JPY_PARENT_PID when ipykernel is imported, which was in the template:
    # pass it explicitly (it also silences the "ipython kernel" banner a parentless kernel prints).
    parent = os.environ.get("JPY_PARENT_PID")
    if parent:
        argv.append(f"--IPKernelApp.parent_handle={int(parent)}")
    sys.argv = [sys.executable, *argv]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=argv)


def _supervise(conn: socket.socket) -> None:
    _, fds, _, _ = socket.recv_fds(conn, 1, 3)
    reader = conn.makefile("rb")
    request = json.loads(reader.readline())
    pid = os.fork()
    if pid == 0:
        conn.close()
        try:
            _kernel_child(request, fds)
        finally:
            os._exit(0)
    for fd in fds:
        os.close(fd)
    conn.sendall(f"{pid}\n".encode())
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            with contextlib.suppress(OSError):
                conn.sendall(f"{code if code >= 0 else 128 - code}\n".encode())
            return
        ready, _, _ = select.select([conn], [], [], 0.2)
        if ready and not conn.recv(64):  # the client is gone
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return


def _serve(sock_path: str, parent: int, preload: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Pre-fork server, as the gc module documents it: no collection while importing, then
    # everything imported is frozen, so a kernel's collections never walk the template's
    # millions of objects (the first full collection cost each report ~0.15 s) nor write to
    # their pages; each kernel turns collection back on (_kernel_child).
    gc.disable()
    os.environ.setdefault("MPLBACKEND", MPL_INLINE)  # as ipykernel would set it in a fresh kernel
    # debugpy warns on import that frozen modules may hide breakpoints: not news here
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import ipykernel.kernelapp  # noqa: F401 - the point is to import it once, here

    for name in (*KERNEL_MODULES, *preload):
        try:
            __import__(name)
        except Exception as err:  # noqa: BLE001 - a module that fails here fails in the kernel, visibly
            print(f"preload {name} failed: {err}", file=sys.stderr)  # noqa: T201
    gc.freeze()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)
    server.listen(16)
    print("ready", flush=True)  # noqa: T201 - the worker waits for this line
    children: set[int] = set()
    while True:
        for pid in list(children):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
        if os.getppid() != parent:  # the worker is gone (killed?): remove the socket folder
            with contextlib.suppress(OSError):
                os.unlink(sock_path)
                os.rmdir(os.path.dirname(sock_path))
            return 0
        ready, _, _ = select.select([server], [], [], 0.5)
        if not ready:
            continue
        conn, _ = server.accept()
        pid = os.fork()
        if pid == 0:
            server.close()
            try:
                _supervise(conn)
            finally:
                os._exit(0)
        conn.close()
        children.add(pid)


def main(argv: list[str]) -> int:
    """Entry point of the template (``serve``) and client (``client``) processes."""
    if argv[:1] == ["serve"]:
        return _serve(argv[1], int(argv[2]), argv[3:])
    if argv[:1] == ["client"]:
        return _client(argv[1], argv[2:])
    usage = "usage: warmkernel serve SOCKET PARENT_PID [MODULE...] | client SOCKET ARGS..."
    print(usage, file=sys.stderr)  # noqa: T201
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
