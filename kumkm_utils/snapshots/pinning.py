"""What readers open: the current version, resolved once, and held so it is not pruned.

Readers (notebooks, reports, the batch) open the logical path read-only: DuckDB follows the
link, and the file it opened never changes afterwards. A batch resolves the link once
(:func:`current`) and gives every report the same version file, holding a shared ``flock`` on
it (:func:`hold`) so that it is not pruned while the batch runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from kumkm_utils.exceptions import WarehouseError
from kumkm_utils.snapshots.layout import Snapshot, logical_path, read_record, restore_hint


def current(path: Path | str | None = None) -> Snapshot:
    """Return the current version of a warehouse (resolving the link once).

    Raises
    ------
    WarehouseError
        If the warehouse does not exist or its link points nowhere.
    """
    logical = logical_path(path)
    if logical.is_symlink():
        target = Path(os.readlink(logical))
        target = target if target.is_absolute() else logical.parent / target
        if not target.exists():
            raise WarehouseError(
                f"gudang data {logical} menunjuk ke {target} yang tidak ada; "
                + restore_hint(logical)
            )
        return read_record(logical, target)
    if not logical.exists():
        raise WarehouseError(
            f"gudang data {logical} belum ada; muat data dulu dengan 'kumkm ingest'"
        )
    return Snapshot(logical=logical, file=logical)


@contextlib.contextmanager
def hold(snapshot: Snapshot) -> Iterator[Snapshot]:
    """Keep a version from being pruned while the block runs (a shared ``flock`` on it)."""
    try:
        fh = open(snapshot.file, "rb")  # noqa: SIM115 - held for the block
    except OSError as err:
        raise WarehouseError(f"gudang data {snapshot.file} tidak dapat dibuka: {err}") from err
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
        yield snapshot
    finally:
        fh.close()
