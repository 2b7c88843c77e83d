"""Files the tools write for people: one way to write them, one mode, one digest.

Every output a reader opens (``laporan.*``, ``lampiran.xlsx``, ``notebook.ipynb``, ``index.html``,
``manifest.json``) is written atomically (a temporary file in the same folder, then
:func:`os.replace`), so a reader sees the complete old file or the complete new one, and with
the same permissions, :data:`OUTPUT_MODE`: colleagues on the same machine read the reports.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

OUTPUT_MODE = 0o644
"""Permissions of every output file: owner read/write, everyone else read (``mkstemp``: 0600)."""


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; move it onto ``target`` on success.

    Parameters
    ----------
    target : Path
        The final file; its folder is created if needed.

    Yields
    ------
    Path
        Where to write. It is removed if the block raises; on success it gets
        :data:`OUTPUT_MODE` and replaces ``target``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, OUTPUT_MODE)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write a UTF-8 text file atomically (flushed to disk before the rename), mode 0644."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(Path(path)) as tmp, tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (after a rename in it); best effort."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in blocks (:func:`hashlib.file_digest`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"; _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def is_disk_full(err: BaseException) -> bool:
    """True for "no space left on device" or a full quota (an OSError, or DuckDB's IO error text).

    Examples
    --------
    >>> is_disk_full(OSError(28, "No space left on device")), is_disk_full(ValueError("x"))
    (True, False)
    """
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(err).lower()
    return "no space left" in text or "disk quota" in text
