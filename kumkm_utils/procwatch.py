"""Child processes that do not outlive the process that started them.

A pool worker (``kumkm batch``, ``kumkm ingest``) calls :func:`watch_parent` with the main
process's pid when it starts: a daemon thread checks every second that the main process is still
there and ends the worker at once when it is gone (e.g. killed with SIGKILL, which no cleanup code
sees). Without it the workers would wait forever for work that never comes, and keep the fork
server and the warm kernel templates alive.
"""

from __future__ import annotations

import os
import threading
import time


def _watch(main_pid: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            continue
        if os.getppid() == 1 and main_pid != 1:  # re-parented to init: the main process is gone
            os._exit(1)


def watch_parent(main_pid: int, *, interval: float = 1.0) -> None:
    """End this process when ``main_pid`` no longer exists (checked every ``interval`` s)."""
    threading.Thread(
        target=_watch, args=(main_pid, interval), daemon=True, name="watch-main"
    ).start()
