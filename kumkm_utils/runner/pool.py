"""The batch's worker processes: how each one starts, and a pool the batch can stop.

Workers are started by ``forkserver`` (the runner's imports preloaded once), one kernel each; a
worker ignores Ctrl-C (the main process decides), removes its warm kernel template when stopped
or at the pool's end, and ends when the main process dies (:mod:`kumkm_utils.procwatch`).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess

from kumkm_utils.processes import mp_context


class _DropPapermillUnknownParameter(logging.Filter):
    """Papermill's own check misreads ``x: int | None`` as no parameter; ours already ran."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Passed unknown parameter")


def _stop_template() -> None:
    from kumkm_utils.runner import warmkernel

    warmkernel.stop_template()  # the template and its socket folder (kumkm-warm-*)


def _on_sigterm(signum: int, frame: object) -> None:
    _stop_template()
    os._exit(128 + signum)


def _worker_init(main_pid: int) -> None:
    import multiprocessing.util

    from kumkm_utils.procwatch import watch_parent

    # Ctrl-C reaches the whole process group; the main process decides and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Stopped by the main process (SIGTERM) or at the pool's end: remove the warm template and
    # its socket folder; multiprocessing children skip atexit, so a Finalize does it.
    signal.signal(signal.SIGTERM, _on_sigterm)
    multiprocessing.util.Finalize(None, _stop_template, exitpriority=10)
    watch_parent(main_pid)
    # Messages go to stderr, which run_job points at the report's log file.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.getLogger("papermill").addFilter(_DropPapermillUnknownParameter())


_PRELOAD = ["kumkm_utils.runner.worker_imports"]


class WorkerPool:
    """A process pool whose workers the batch can stop (Ctrl-C, SIGTERM, a broken pool).

    The workers are found through :func:`multiprocessing.active_children`: the children this
    process started after the pool was made (the batch starts no other children meanwhile), so
    no private attribute of :class:`~concurrent.futures.ProcessPoolExecutor` is read.
    """

    def __init__(self, workers: int) -> None:
        self._before = set(multiprocessing.active_children())
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp_context(_PRELOAD),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )

    def processes(self) -> list[BaseProcess]:
        """The pool's live worker processes."""
        return [p for p in multiprocessing.active_children() if p not in self._before]

    def stop(self) -> None:
        """Cancel what is queued and end the workers: SIGTERM, then SIGKILL after 5 s."""
        terminate = getattr(self.executor, "terminate_workers", None)  # Python >= 3.14
        if terminate is not None:
            terminate()
            return
        processes = self.processes()  # before shutdown(), which stops tracking them
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            with contextlib.suppress(OSError):
                proc.terminate()
        deadline = time.monotonic() + 5
        for proc in processes:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1)
