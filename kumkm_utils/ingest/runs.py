"""A validate/ingest run: several files under one run id, loaded one at a time, in order, each
in its own transaction, while worker processes prepare the next small files.

Speed: a run of many small files (the sample has about 800) has worker processes read, type and
check the next files (:func:`~kumkm_utils.ingest.file_preparation.prepare_file`) while the main
process loads the current one; the warehouse still sees one file at a time, in order, and the
results are those of reading each file in the main process. A large file is streamed in chunks:
a thread reads ahead, two threads prepare chunks and the main thread inserts them in order
(:mod:`kumkm_utils.ingest.chunk_pipeline`), again with the results of one thread. (Worker
processes for the chunks of one file were measured and did not pay on two cores: every chunk
had to be pickled there and back, and the main process's reading and inserting competed with
the workers for the CPU.)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb

from kumkm_utils import processes, warehouse
from kumkm_utils.exceptions import KumkmError
from kumkm_utils.ingest.file_preparation import Prepared, prepare_file
from kumkm_utils.ingest.load import ingest_file
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.results import FileResult
from kumkm_utils.ingest.validation import problems_frame

logger = logging.getLogger(__name__)


def new_run_id() -> str:
    """Return a fresh identifier for one validate/ingest run."""
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:8]


def scratch_warehouse() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with the full layout, for dry runs."""
    con = duckdb.connect(":memory:")
    warehouse.create_tables(con)
    return con


PARALLEL_MIN_FILES = 12
"""Runs with at least this many small files prepare them in worker processes (auto mode)."""
PARALLEL_MAX_BYTES = 32 * 1024 * 1024
"""Files up to this size may be prepared by a worker; larger ones are streamed in the main
process, so that memory stays bounded by the chunk size."""
PREFETCH_PER_WORKER = 2
"""Files prepared ahead of the one being loaded, per worker (bounds the memory held)."""


def _worker_count(paths: list[Path], workers: int | None) -> int:
    if workers is not None:
        return max(0, workers)
    small = sum(1 for p in paths if p.is_file() and p.stat().st_size <= PARALLEL_MAX_BYTES)
    if small < PARALLEL_MIN_FILES:
        return 0
    return min(2, os.cpu_count() or 1)


def _pool(workers: int):
    """A process pool whose workers import the ingestion code once (``forkserver``)."""
    from concurrent.futures import ProcessPoolExecutor

    ctx = processes.mp_context(["kumkm_utils.ingest.file_preparation"])
    from kumkm_utils.procwatch import watch_parent

    # workers end when the ingest is killed (SIGKILL included); then the fork server ends too
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=watch_parent, initargs=(os.getpid(),)
    )


def _prepared_files(
    paths: list[Path], options: IngestOptions, workers: int
) -> Iterator[Prepared | None]:
    """Yield each file's :class:`Prepared` (None: let the main process read it), in order.

    Small files are prepared by ``workers`` processes a few files ahead; the consumer loads
    them one by one, so the warehouse still sees exactly one file at a time in the given order.
    """
    small = [p.is_file() and p.stat().st_size <= PARALLEL_MAX_BYTES for p in paths]
    if workers <= 0 or not any(small):
        yield from (None for _ in paths)
        return
    executor = _pool(workers)
    futures: dict[int, object] = {}
    ahead = workers * PREFETCH_PER_WORKER
    queue = [i for i, ok in enumerate(small) if ok]
    try:
        for i, path in enumerate(paths):
            while queue and len(futures) < ahead and queue[0] <= i + 4 * ahead:
                j = queue.pop(0)
                with processes.main_hidden():
                    futures[j] = executor.submit(prepare_file, paths[j], options)
            future = futures.pop(i, None)
            if future is None:
                yield None
                continue
            try:
                yield future.result()
            except Exception as err:  # noqa: BLE001 - a worker failed: the main process reads it
                logger.warning("%s: worker failed (%s); reading in the main process", path, err)
                yield None
    finally:
        for future in futures.values():
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def run_files(
    paths: Iterable[Path | str],
    con: duckdb.DuckDBPyConnection,
    *,
    options: IngestOptions | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> list[FileResult]:
    """Validate/ingest several files as one run; a failing file does not stop the others.

    Files are loaded one at a time, in order, each in its own transaction. When a run has
    many small files, worker processes read and check the next files meanwhile
    (``options.workers``; by default two workers from :data:`PARALLEL_MIN_FILES` small files
    on); the results are the same as reading every file in this process.
    """
    options = options or IngestOptions()
    run_id = new_run_id()
    paths = [Path(p) for p in paths]
    results = []
    prepared = _prepared_files(paths, options, _worker_count(paths, options.workers))
    try:
        # the loop may stop early (a fatal file): not strict
        for path, ready in zip(progress(paths) if progress else paths, prepared, strict=False):
            try:
                results.append(
                    ingest_file(
                        path, con, run_id=run_id, options=options, dry_run=dry_run, prepared=ready
                    )
                )
            except KumkmError as err:
                failed = FileResult(Path(path), message=str(err))
                failed.problems = problems_frame(
                    [
                        {
                            "row": None,
                            "column": None,
                            "value": None,
                            "rule": "file",
                            "message": str(err),
                            "severity": "error",
                        }
                    ]
                )
                results.append(failed)
    finally:
        prepared.close()
    return results
