"""Worker processes for the ingestion and the report batch: one way to start them.

Both pools use ``forkserver`` where the platform has it (no fork of a threaded parent; the
fork server imports the workers' code once, so each worker starts without paying for it), else
``spawn``. Both start methods re-run the parent's ``__main__`` in every new worker: the workers
only need module-level functions of ``kumkm_utils``, and a caller's script without an
``if __name__ == "__main__"`` guard (or one read from stdin, ``python - <<EOF``) would run again,
or fail, in each worker; :func:`main_hidden` hides it while workers start.

Note: a process has one fork server; the preload list of the first pool started in a process is
the one its workers get.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import sys
from collections.abc import Iterator, Sequence


def mp_context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    """``forkserver`` (importing the modules ``preload`` once) where available, else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def main_hidden() -> Iterator[None]:
    """Keep worker processes started inside the block from re-running the caller's main module.

    ``__main__.__file__`` is removed and ``__main__.__spec__`` set to None meanwhile, so that
    multiprocessing has no main script or module to import in the worker.
    """
    main = sys.modules.get("__main__")
    saved = {k: getattr(main, k) for k in ("__file__", "__spec__") if hasattr(main, k)}
    if "__file__" in saved:
        del main.__file__
    if "__spec__" in saved:
        main.__spec__ = None
    try:
        yield
    finally:
        for key, value in saved.items():
            setattr(main, key, value)
