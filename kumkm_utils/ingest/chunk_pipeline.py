"""The chunks of one file, from raw cells to checked rows, with the stages overlapped in threads.

A large file goes through three stages per chunk: reading (pyarrow), preparing (typing and
checks: :func:`kumkm_utils.ingest.chunk_preparation.prepare_chunk`, mostly pyarrow compute) and
inserting (DuckDB, :mod:`kumkm_utils.ingest.inserting`). All three spend most of their time in
native code that releases the GIL, so threads overlap them on two cores without copying or
pickling any chunk (worker processes would have to ship every chunk there and back):

- :func:`read_ahead` runs an iterator (the file's raw chunks) in its own thread;
- :func:`map_ordered` applies a function (the preparation) to items in a few threads;
- :func:`chunk_outcomes` combines them for one file, settling the per-file state;

and the caller (the main thread) inserts the results as they come.

Results cannot change: both hand over their items in exactly the input order, an exception at
the place where a plain loop would raise it (after the items before it). Per-file state that
carries between chunks must be settled by the caller before an item is handed to
:func:`map_ordered` (see :func:`kumkm_utils.ingest.chunk_preparation.settle_province`). Memory stays
bounded by the chunks in flight: ``depth`` read ahead (or being read), ``threads`` being
prepared or held by the caller.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from kumkm_utils.ingest.chunk_preparation import FileState, prepare_chunk, settle_province
from kumkm_utils.ingest.non_data import non_data_rows
from kumkm_utils.ingest.table import RawChunk, Table

T = TypeVar("T")
R = TypeVar("R")

_DONE = object()
"""End-of-items marker put by the producer thread."""

POLL_SECONDS = 0.1
"""How often a waiting producer checks whether the consumer has gone away."""


class _Failure:
    """An exception raised by the producer, carried to the consumer."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(
    items: Iterable[T], *, depth: int = 1, name: str = "kumkm-read-ahead"
) -> Iterator[T]:
    """Yield the items of ``items``, produced by a background thread up to ``depth`` ahead.

    Parameters
    ----------
    items
        Any iterable; it is iterated in one background thread, sequentially.
    depth
        Items that may be produced (or being produced) ahead of the one the consumer holds
        (at least 1).
    name
        Name of the thread (shown by debuggers and ``py-spy``).

    Yields
    ------
    object
        The items, in order. An exception raised while producing them is raised here, after
        the items produced before it.

    Notes
    -----
    When the consumer stops early (``break``, an exception, ``close()``), the producer is
    told to stop, the iterator is closed in the producer thread, and this generator waits for
    the thread to end before it returns, so no stage keeps running behind the caller's back.
    A ``KeyboardInterrupt`` reaches the main thread (the consumer) as usual.

    Examples
    --------
    >>> list(read_ahead(range(5)))
    [0, 1, 2, 3, 4]
    """
    ready: queue.SimpleQueue = queue.SimpleQueue()
    room = threading.Semaphore(max(1, depth))
    stop = threading.Event()

    def wait_for_room() -> bool:
        while not stop.is_set():
            if room.acquire(timeout=POLL_SECONDS):
                return True
        return False

    def produce() -> None:
        iterator = iter(items)
        try:
            while wait_for_room():
                try:
                    item = next(iterator)
                except StopIteration:
                    ready.put(_DONE)
                    return
                ready.put(item)
                del item  # the consumer holds it from now on
        except BaseException as err:  # noqa: BLE001 - handed to the consumer, which raises it
            ready.put(_Failure(err))
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name=name, daemon=True)
    thread.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            room.release()
            yield item
            del item
    finally:
        stop.set()
        thread.join()


def map_ordered(
    fn: Callable[[T], R], items: Iterable[T], *, threads: int = 2, name: str = "kumkm-prepare"
) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in order, computed by up to ``threads`` threads.

    Parameters
    ----------
    fn
        The function; it must not depend on what ``fn`` did to earlier items.
    items
        The inputs, pulled in the caller's thread, at most ``threads`` ahead of the result
        being handed over.
    threads
        Worker threads; 1 or less computes each result in the caller's thread when asked.
    name
        Prefix of the worker threads' names.

    Yields
    ------
    object
        The results in input order. An exception raised by ``fn`` or by ``items`` is raised
        at its place: after every result before it.

    Notes
    -----
    When the caller stops early (``break``, an exception, ``close()``), items not started are
    dropped and the results being computed are waited for before this generator returns.

    Examples
    --------
    >>> list(map_ordered(lambda x: x * x, range(5)))
    [0, 1, 4, 9, 16]
    """
    if threads <= 1:
        yield from map(fn, items)
        return
    source = iter(items)
    pending: deque[Future] = deque()
    failure: BaseException | None = None
    exhausted = False
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
    try:
        while True:
            while not exhausted and failure is None and len(pending) < threads:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                except BaseException as err:  # noqa: BLE001 - raised below, after earlier results
                    failure = err
                    break
                pending.append(executor.submit(fn, item))
                del item  # held by its task until done, no longer here
            if not pending:
                if failure is not None:
                    raise failure
                return
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
        close = getattr(source, "close", None)
        if close is not None:
            close()


# ---------------------------------------------------------------------- the chunks of a file


PREPARE_THREADS = 2
"""Threads that prepare the chunks of a file (automatic mode, at most one per core)."""


def thread_count(threads: int | None, table: Table) -> int:
    """Threads for preparing the chunks of ``table`` (``threads``: the option, None: automatic)."""
    if table.kind == "xlsx":  # a workbook is read as one chunk: nothing to overlap
        return 1
    if threads is not None:
        return max(1, threads)
    return min(PREPARE_THREADS, os.cpu_count() or 1)


@dataclass
class ChunkOutcome:
    """What one chunk contributed: counts, problems and the accepted rows."""

    rows_read: int
    rows_non_data: int
    rows_rejected: int
    problems: pd.DataFrame | None = None
    accepted: pd.DataFrame | None = None
    province: str | None = None
    """The file's settled province once this chunk was prepared."""


def chunk_outcome(chunk: RawChunk, state: FileState, fatal: bool) -> ChunkOutcome:
    """Type and check one chunk (only count its rows when a required column is missing)."""
    if fatal:
        blank, total = non_data_rows(chunk.frame.reset_index(drop=True), state.dataset)
        nd = int((blank | total).sum())
        return ChunkOutcome(
            len(chunk.frame) + chunk.skipped_rows,
            nd,
            len(chunk.frame) - nd + chunk.skipped_rows,
            province=state.province,
        )
    out = prepare_chunk(chunk, state)
    return ChunkOutcome(
        out.rows_data + out.rows_non_data,
        out.rows_non_data,
        out.rows_rejected,
        out.problems,
        out.accepted,
        state.province,
    )


def chunk_outcomes(
    table: Table, state: FileState, fatal: bool, *, threads: int = 1
) -> Iterator[ChunkOutcome]:
    """Read, type and check the chunks of a file, one outcome each, in order.

    Parameters
    ----------
    table
        The opened file; its chunks are consumed.
    state
        The file's state; left as the plain loop over the chunks leaves it.
    fatal
        A required column is missing: chunks are only counted (all their rows rejected).
    threads
        1: the plain loop in the calling thread. More: the chunks are read ahead in a thread
        (:func:`read_ahead`) and prepared by ``threads`` threads (:func:`map_ordered`). Each
        chunk is prepared with a copy of the state the plain loop would start it with; once
        it is handed over, the state is advanced past it here
        (:func:`~kumkm_utils.ingest.chunk_preparation.settle_province`, what preparing it
        changes), so the outcomes are those of the plain loop.

    Yields
    ------
    ChunkOutcome
        One per chunk, in file order; a reading error is raised after the chunks before it.
    """
    if threads <= 1:
        for chunk in table.chunks:
            yield chunk_outcome(chunk, state, fatal)
        return

    def settled(chunks: Iterator[RawChunk]) -> Iterator[tuple[RawChunk, FileState]]:
        for chunk in chunks:
            yield chunk, dataclasses.replace(state)
            # At once, while the next chunk is being read: the next chunk waits for this.
            if not fatal:
                settle_province(chunk, state)
            del chunk

    raw = read_ahead(table.chunks, name="kumkm-read")
    try:
        yield from map_ordered(
            lambda job: chunk_outcome(job[0], job[1], fatal), settled(raw), threads=threads
        )
    finally:
        raw.close()


__all__ = ["read_ahead", "map_ordered", "ChunkOutcome", "chunk_outcomes", "thread_count"]
