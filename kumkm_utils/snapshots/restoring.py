"""Restoring an earlier warehouse version (``kumkm restore``), as a new version.

The chosen version is checked against its record, copied and made current as the next
version number, so the version it replaces stays as a backup and nothing is lost.
Per-submission undo (``kumkm rollback``) is a different thing: it works inside one version,
from the history tables.
"""

from __future__ import annotations

import os
from pathlib import Path

from kumkm_utils.exceptions import WarehouseCorruptError, WarehouseError
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
    list_versions,
    logical_path,
    read_record,
    verify_recorded,
    version_file,
    versions_dir,
)


def restore(path: Path | str | None, version: int, *, wait_seconds: float = 60.0) -> Snapshot:
    """Make an earlier version current again, as a new version (the current one is kept).

    Raises
    ------
    WarehouseError
        If the version is not kept, or fails its check.
    """
    logical = logical_path(path)
    vdir = versions_dir(logical)
    wanted = next((s for s in list_versions(logical) if s.version == version), None)
    if wanted is None:
        kept = ", ".join(str(s.version) for s in list_versions(logical)) or "tidak ada"
        raise WarehouseError(f"versi {version} tidak ada di {vdir} (yang tersimpan: {kept})")
    problems = verify_recorded(wanted)
    if problems:
        raise WarehouseCorruptError(
            f"versi {version} juga rusak: {'; '.join(problems)}; pilih versi lain"
        )
    with writer_lock(vdir, logical, wait_seconds, None):
        remove_partials(vdir)
        number = max((s.version or 0 for s in list_versions(logical)), default=0) + 1
        target = version_file(vdir, number)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        try:
            sha, size = copy_hashing(wanted.file, partial)
            write_record(
                target,
                {
                    "version": number,
                    "created_at": utc(),
                    "submissions": wanted.submissions,
                    "sha256": sha,
                    "size": size,
                    "previous": None,
                    "restored_from": version,
                },
            )
            os.replace(partial, target)
            swap_link(logical, target)
        except BaseException:
            remove_partials(vdir)
            raise
    return read_record(logical, target)
