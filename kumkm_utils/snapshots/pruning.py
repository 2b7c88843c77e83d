"""Pruning old warehouse versions: keep the newest few, never one a reader holds.

After each commit the writer deletes versions beyond the newest
:func:`~kumkm_utils.snapshots.layout.keep_versions` (``$KUMKM_WAREHOUSE_KEEP``, default 5);
a version a reader holds (:func:`~kumkm_utils.snapshots.pinning.hold`) and the current one
stay.
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from kumkm_utils.exceptions import WarehouseError
from kumkm_utils.snapshots.layout import KEEP_VERSIONS, list_versions, logical_path, record_file
from kumkm_utils.snapshots.pinning import current

logger = logging.getLogger(__name__)


def prune(path: Path | str | None = None, *, keep: int = KEEP_VERSIONS) -> list[int]:
    """Delete versions beyond the newest ``keep`` that no reader holds; return their numbers.

    The current version is never deleted.
    """
    logical = logical_path(path)
    try:
        cur = current(logical).file
    except WarehouseError:
        cur = None
    removed = []
    for snap in list_versions(logical)[keep:]:
        if cur is not None and snap.file == cur:
            continue
        try:
            fh = open(snap.file, "rb")  # noqa: SIM115
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                logger.info("keeping %s: a reader holds it", snap.file.name)
                continue
            snap.file.unlink(missing_ok=True)
            record_file(snap.file).unlink(missing_ok=True)
            removed.append(snap.version or 0)
        finally:
            fh.close()
    return removed
