"""Writing a new warehouse version (``kumkm ingest``, ``kumkm rollback``): whole or not at all.

A writer (:func:`writing`):

1. takes the writer lock (``.writer.lock`` in the versions folder; a second writer waits);
2. copies the current version to ``v<N+1>.duckdb.partial``, hashing it on the way, and refuses
   when the hash differs from the one recorded at its commit (a truncated or bit-flipped file);
3. yields a read-write DuckDB connection to the copy;
4. on success closes it (DuckDB checkpoints), records ``v<N+1>.json``, renames the copy into
   place and swaps the link atomically (a new link renamed over the old one); then deletes
   versions beyond the newest :data:`~kumkm_utils.snapshots.layout.KEEP_VERSIONS` that no
   reader holds;
5. on any error (a full disk, Ctrl-C, a crash) deletes the copy: the current version stays.

So readers never wait for a writer and a writer never waits for readers; the cost is one copy
of the file per ingest (time and disk, see docs/design.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kumkm_utils.exceptions import WarehouseCorruptError, WarehouseError
from kumkm_utils.files import file_sha256, fsync_dir
from kumkm_utils.snapshots.adoption import adopt_plain_file
from kumkm_utils.snapshots.commit import (
    copy_hashing,
    remove_partials,
    swap_link,
    utc,
    write_record,
    writer_lock,
)
from kumkm_utils.snapshots.layout import (
    PARTIAL_SUFFIX,
    Snapshot,
    keep_versions,
    list_versions,
    logical_path,
    read_record,
    record_file,
    restore_hint,
    version_file,
    versions_dir,
)
from kumkm_utils.snapshots.pinning import current
from kumkm_utils.snapshots.pruning import prune

if TYPE_CHECKING:
    import duckdb

logger = logging.getLogger(__name__)


def _short(err: BaseException) -> str:
    return str(err).strip().splitlines()[0][:300] if str(err).strip() else type(err).__name__


def _current_submissions(con: object) -> int | None:
    import duckdb

    try:
        (n,) = con.execute(  # type: ignore[attr-defined]
            "SELECT count(*) FROM submissions WHERE status = 'current'"
        ).fetchone()
    except duckdb.Error:  # not the warehouse layout (a hand-made test warehouse)
        return None
    return int(n)


@dataclass
class WriteResult:
    """What :func:`writing` committed (filled in after the block)."""

    snapshot: Snapshot | None = None
    previous: Snapshot | None = None
    copy_s: float = 0.0
    commit_s: float = 0.0
    pruned: list[int] = field(default_factory=list)


def _previous_version(
    logical: Path, vdir: Path, wait_seconds: float, on_wait: Callable[[str], None] | None
) -> Snapshot | None:
    """The version a new one starts from (a plain file is adopted first); None: a new warehouse."""
    import duckdb

    from kumkm_utils import warehouse

    previous: Snapshot | None = None
    if logical.is_symlink():
        previous = current(logical)
    elif logical.exists():
        # a writer of the old layout may hold the plain file: wait for it (as it would have
        # waited for us); opening it for writing also replays a killed writer's log
        try:
            warehouse.connect_writer(logical, wait_seconds=wait_seconds, on_wait=on_wait).close()
        except duckdb.Error as err:
            raise WarehouseCorruptError(
                f"gudang data {logical} rusak ({_short(err)}); tidak ada yang ditulis. "
                "Pulihkan berkas itu dari cadangan, atau muat ulang semua berkas ke gudang "
                "data baru"
            ) from err
        previous = adopt_plain_file(logical, vdir)
    return previous


def _copy_checked(previous: Snapshot, partial: Path, logical: Path) -> None:
    """Copy the previous version to ``partial``; refuse when it differs from its record."""
    sha, size = copy_hashing(previous.file, partial)
    problems = []
    if previous.sha256 is not None and sha != previous.sha256:
        problems.append("isi berkas berubah sejak disimpan (sha256 tidak cocok)")
    if previous.size is not None and size != previous.size:
        problems.append(f"ukuran {size} bait, saat disimpan {previous.size} bait")
    if problems:
        raise WarehouseCorruptError(
            f"gudang data {logical} ({previous.label()}) rusak: "
            f"{'; '.join(problems)}. Tidak ada yang ditulis; " + restore_hint(logical)
        )


def _open_copy(partial: Path, logical: Path) -> duckdb.DuckDBPyConnection:
    """A read-write DuckDB connection to the copy being written."""
    import duckdb

    try:
        return duckdb.connect(str(partial), read_only=False)
    except duckdb.Error as err:
        raise WarehouseCorruptError(
            f"gudang data {logical} tidak dapat dibuka untuk ditulis ({_short(err)}); "
            + restore_hint(logical)
        ) from err


def _commit(
    logical: Path,
    vdir: Path,
    number: int,
    previous: Snapshot | None,
    submissions: int | None,
) -> bool:
    """Make the written copy version ``number``; False when it equals the previous version."""
    target = version_file(vdir, number)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    created = utc()
    sha = file_sha256(partial)
    size = partial.stat().st_size
    if previous is not None and previous.sha256 == sha:
        # nothing changed (e.g. the same files again): no new version
        remove_partials(vdir)
        return False
    write_record(
        target,
        {
            "version": number,
            "created_at": created,
            "submissions": submissions,
            "sha256": sha,
            "size": size,
            "previous": previous.version if previous else None,
        },
    )
    os.replace(partial, target)
    fsync_dir(vdir)
    swap_link(logical, target)
    return True


def _discard(logical: Path, vdir: Path, target: Path) -> None:
    """Delete what a failed write left: the copy, and the version file if it is not current."""
    remove_partials(vdir)
    with contextlib.suppress(OSError, WarehouseError):
        if target.exists() and current(logical).file != target:  # renamed, not current
            target.unlink(missing_ok=True)
    if not target.exists():
        record_file(target).unlink(missing_ok=True)


@contextlib.contextmanager
def writing(
    path: Path | str | None = None,
    *,
    wait_seconds: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
    result: WriteResult | None = None,
) -> Iterator[object]:
    """Write a new version of the warehouse; yield a read-write DuckDB connection to it.

    The new version becomes current only when the block ends without an exception; otherwise
    it is deleted and the current version stays as it was.

    Parameters
    ----------
    path
        The logical warehouse (default :func:`kumkm_utils.config.warehouse_path`); created empty
        if it does not exist.
    wait_seconds
        How long to wait for another writer (0: fail at once).
    on_wait
        Called once with the waiting message.
    result
        Filled in with the committed snapshot and the timings.

    Raises
    ------
    WarehouseCorruptError
        If the current version fails its check (the message says how to restore).
    WarehouseError
        If another writer keeps the lock or the files cannot be written.
    """
    from kumkm_utils import warehouse

    logical = logical_path(path)
    vdir = versions_dir(logical)
    result = result if result is not None else WriteResult()
    logical.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(vdir, logical, wait_seconds, on_wait):
        remove_partials(vdir)
        previous = _previous_version(logical, vdir, wait_seconds, on_wait)
        numbers = [s.version or 0 for s in list_versions(logical)]
        number = max(numbers, default=0) + 1
        target = version_file(vdir, number)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        t0 = time.monotonic()
        try:
            if previous is not None:
                _copy_checked(previous, partial, logical)
            result.copy_s = time.monotonic() - t0
            con = _open_copy(partial, logical)
            try:
                con.execute(f"SET memory_limit = '{warehouse.WRITER_MEMORY_LIMIT}'")
                warehouse.create_tables(con)
                yield con
                t1 = time.monotonic()
                submissions = _current_submissions(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            if not _commit(logical, vdir, number, previous, submissions):
                result.previous = result.snapshot = previous
                result.commit_s = time.monotonic() - t1
                return
            result.commit_s = time.monotonic() - t1
        except BaseException:
            _discard(logical, vdir, target)
            raise
        result.previous = previous
        result.snapshot = read_record(logical, target)
        result.pruned = prune(logical, keep=keep_versions())
        logger.info(
            "warehouse %s: %s committed (copy %.1f s, commit %.1f s)",
            logical,
            result.snapshot.label(),
            result.copy_s,
            result.commit_s,
        )
