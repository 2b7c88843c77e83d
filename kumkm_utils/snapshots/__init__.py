"""Versioned warehouse files: readers keep a consistent snapshot while an ingest writes.

The warehouse path (``data/warehouse.duckdb``, ``$KUMKM_WAREHOUSE`` or ``--warehouse``) names the
*logical* warehouse. On disk it is a symbolic link to the current version in a folder next to
it::

    data/warehouse.duckdb -> warehouse.duckdb.versions/v000012.duckdb
    data/warehouse.duckdb.versions/v000012.duckdb      the current version
    data/warehouse.duckdb.versions/v000012.json        its record: time, submissions, sha256
    data/warehouse.duckdb.versions/v000011.duckdb ...  earlier versions (backups)

Modules, one concept each:

- :mod:`~kumkm_utils.snapshots.layout`: the versions folder, version files and their records;
- :mod:`~kumkm_utils.snapshots.pinning`: what readers open (:func:`current`, :func:`hold`);
- :mod:`~kumkm_utils.snapshots.commit`: the steps every new version goes through (writer lock,
  hashed copy, record, atomic link swap);
- :mod:`~kumkm_utils.snapshots.writer`: :func:`writing`, used by ``kumkm ingest``;
- :mod:`~kumkm_utils.snapshots.adoption`: a plain file from before versioning becomes version 1;
- :mod:`~kumkm_utils.snapshots.pruning`: old versions no reader holds are deleted;
- :mod:`~kumkm_utils.snapshots.restoring` and :mod:`~kumkm_utils.snapshots.command_restore`:
  ``kumkm restore`` makes an earlier version current again (as a new version, so nothing is
  lost); ``kumkm check`` verifies one.

Per-submission undo (``kumkm rollback``) is a different thing: it works inside one version,
from the history tables. Symbolic links need a POSIX file system.
"""

from __future__ import annotations

from kumkm_utils.snapshots.layout import (
    KEEP_ENV,
    KEEP_VERSIONS,
    Snapshot,
    is_versioned,
    keep_versions,
    list_versions,
    logical_path,
    restore_hint,
    verify_recorded,
    versions_dir,
)
from kumkm_utils.snapshots.pinning import current, hold
from kumkm_utils.snapshots.pruning import prune
from kumkm_utils.snapshots.restoring import restore
from kumkm_utils.snapshots.writer import WriteResult, writing

__all__ = [
    "KEEP_ENV",
    "KEEP_VERSIONS",
    "Snapshot",
    "WriteResult",
    "current",
    "hold",
    "is_versioned",
    "keep_versions",
    "list_versions",
    "logical_path",
    "prune",
    "restore",
    "restore_hint",
    "verify_recorded",
    "versions_dir",
    "writing",
]
