"""Adopting a plain warehouse file from before versioning as version 1.

The first writer of a warehouse that is still one plain file checks it fully, hard-links it
as version 1 in the versions folder (a copy where hard links are not possible), records it and
turns the warehouse path into the link.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kumkm_utils.exceptions import WarehouseCorruptError
from kumkm_utils.files import file_sha256
from kumkm_utils.snapshots.commit import swap_link, utc, write_record
from kumkm_utils.snapshots.layout import Snapshot, read_record, version_file


def adopt_plain_file(logical: Path, vdir: Path) -> Snapshot:
    """Make an unversioned warehouse file version 1 (after a full check).

    Raises
    ------
    WarehouseCorruptError
        If the file fails its check.
    """
    from kumkm_utils.warehouse_integrity import check_file

    report = check_file(logical)
    if not report.ok:
        raise WarehouseCorruptError(
            f"gudang data {logical} rusak: {report.problems[0]}; pulihkan dari cadangan "
            "atau muat ulang semua berkas ke gudang data baru"
        )
    target = version_file(vdir, 1)
    try:
        os.link(logical, target)  # no copy: the plain file becomes version 1
    except OSError:
        shutil.copyfile(logical, target)  # a file system without hard links
    st = target.stat()
    write_record(
        target,
        {
            "version": 1,
            "created_at": utc(st.st_mtime),
            "submissions": report.submissions,
            "sha256": file_sha256(target),
            "size": st.st_size,
            "adopted_from": logical.name,
        },
    )
    swap_link(logical, target)
    return read_record(logical, target)
