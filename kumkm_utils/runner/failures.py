"""Why a report failed: a kind, a typed record, and the note left in the failed notebook.

:class:`ExecutionFailure` is the one place a failure record is built
(:meth:`ExecutionFailure.as_record` is what the manifest stores); :func:`describe` maps the
exceptions of papermill, nbclient and the kernel start to a :class:`FailureKind`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Self


class FailureKind(StrEnum):
    """Why a report failed; the value is what the manifest and the index page record."""

    CELL_ERROR = "cell_error"
    """A cell raised an exception (papermill's red banner marks it)."""
    TIMEOUT = "timeout"
    """A cell ran longer than the execution timeout; the kernel was stopped."""
    DEAD_KERNEL = "dead_kernel"
    """The kernel process died (out of memory, killed)."""
    KERNEL_START = "kernel_start"
    """The kernel did not start (twice: a failed start is retried once)."""
    RENDER = "render"
    """The notebook ran but HTML, PDF or the annex could not be made from it."""
    INTERNAL = "internal"
    """Anything else: a fault of the runner, not of the notebook."""
    WORKER_DIED = "worker_died"
    """The worker process building the report died twice (the batch retries it once)."""


MESSAGE_LIMIT = 2000
"""Longest error message kept (characters)."""


@dataclass(frozen=True)
class ExecutionFailure:
    """Why one report failed: the one place a failure record is built.

    Attributes
    ----------
    kind
        The kind of failure.
    type
        The exception's class name (``ValueError``, ``CellTimeoutError``, ...).
    message
        What went wrong, at most :data:`MESSAGE_LIMIT` characters.
    cell_index
        Index of the failing cell in the notebook, when known.
    execution_count
        ``In [n]`` of the failing cell, for an exception raised in a cell.
    """

    kind: FailureKind
    type: str
    message: str
    cell_index: int | None = None
    execution_count: int | None = None

    @classmethod
    def of(cls, kind: FailureKind, err: BaseException, message: str | None = None) -> Self:
        """A failure of ``kind`` described by ``err`` (its class name and message)."""
        text = str(err) if message is None else message
        return cls(kind, type(err).__name__, text[:MESSAGE_LIMIT])

    def as_record(self) -> dict[str, object]:
        """The failure as the manifest stores it (``execution_count`` only when known)."""
        record = asdict(self)
        record["kind"] = self.kind.value
        if self.execution_count is None:
            del record["execution_count"]
        return record


WORKER_DIED_TWICE = "proses pekerja mati dua kali (kehabisan memori?)"
"""The message of a :attr:`FailureKind.WORKER_DIED` failure."""


def worker_died() -> ExecutionFailure:
    """The failure of a report whose worker process died twice."""
    return ExecutionFailure(FailureKind.WORKER_DIED, "BrokenProcessPool", WORKER_DIED_TWICE)


def crashed(err: BaseException) -> ExecutionFailure:
    """The failure of a report whose worker raised outside the report's own error handling."""
    return ExecutionFailure.of(FailureKind.INTERNAL, err, f"{type(err).__name__}: {err}")


def _executed_any_cell(output: Path) -> bool:
    try:
        nb = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return any(
        c.get("execution_count") is not None
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
    )


def _is_kernel_start_error(err: BaseException, output: Path) -> bool:
    """A failure before any cell ran that a second start may not repeat (port race, slow start)."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, (PapermillExecutionError, CellTimeoutError)):
        return False
    if isinstance(err, KeyError):  # NoSuchKernel: a missing kernelspec will not appear on retry
        return False
    try:
        import zmq

        if isinstance(err, zmq.ZMQError):
            return True
    except ImportError:
        pass
    return isinstance(err, (RuntimeError, TimeoutError, OSError)) and not _executed_any_cell(output)


def describe(err: BaseException, output: Path, timeout_s: float | None) -> ExecutionFailure:
    """The failure an exception from :func:`~kumkm_utils.runner.engine.run_notebook` means."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        return ExecutionFailure(
            FailureKind.CELL_ERROR,
            err.ename,
            str(err.evalue)[:MESSAGE_LIMIT],
            cell_index=err.cell_index,
            execution_count=err.exec_count,
        )
    if isinstance(err, CellTimeoutError):
        limit = f"a cell ran longer than {timeout_s:g} s; the kernel was stopped"
        return ExecutionFailure.of(FailureKind.TIMEOUT, err, limit)
    if isinstance(err, DeadKernelError):
        return ExecutionFailure.of(
            FailureKind.DEAD_KERNEL, err, f"the kernel died ({err}); out of memory?"
        )
    if _is_kernel_start_error(err, output):
        return ExecutionFailure.of(FailureKind.KERNEL_START, err)
    return ExecutionFailure.of(FailureKind.INTERNAL, err)


_BANNER = {
    FailureKind.TIMEOUT: "Eksekusi dihentikan: satu sel berjalan melebihi batas waktu dan "
    "kernel dihentikan.",
    FailureKind.DEAD_KERNEL: "Eksekusi terhenti: kernel mati di tengah jalan (kemungkinan "
    "kehabisan memori).",
}


def add_banner(output: Path, error: ExecutionFailure) -> None:
    """Put a visible note at the top of a notebook stopped by a timeout or a dead kernel.

    Papermill adds its red banner only for an exception raised in a cell; for a timeout or a
    dead kernel the saved notebook would otherwise look complete.
    """
    text = _BANNER.get(error.kind)
    if text is None or not output.exists():
        return
    nb = json.loads(output.read_text(encoding="utf-8"))
    nb.setdefault("cells", []).insert(
        0,
        {
            "cell_type": "markdown",
            "id": f"kumkm-error-{uuid.uuid4().hex[:8]}",
            "metadata": {"tags": ["kumkm-error"]},
            "source": f'<span style="color:red; font-size:1.5em;">{text}</span>\n\n'
            f"`{error.type}`: {error.message}",
        },
    )
    output.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
