"""Making a new version current: the writer lock, hashed copies, records and the link swap.

Every new version (an ingest, a restore, the adoption of a plain file) is built the same way:
under the writer lock (``.writer.lock`` in the versions folder; a second writer waits), as a
``*.partial`` file that becomes ``v<N>.duckdb`` only when it is complete, with its record
``v<N>.json`` written atomically, and made current by renaming a new link over the old one.
What a killed writer left behind is deleted by the next one.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kumkm_utils.exceptions import WarehouseError
from kumkm_utils.files import fsync_dir
from kumkm_utils.snapshots.layout import PARTIAL_SUFFIX, record_file

logger = logging.getLogger(__name__)

WRITER_LOCK = ".writer.lock"
_CHUNK = 8 << 20

WAIT_MESSAGE = "menunggu: gudang data {path} sedang diisi oleh kumkm ingest lain"


def copy_hashing(src: Path, dst: Path) -> tuple[str, int]:
    """Copy ``src`` to ``dst`` and return the sha256 and size of what was read."""
    h = hashlib.sha256()
    size = 0
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while chunk := fin.read(_CHUNK):
            h.update(chunk)
            fout.write(chunk)
            size += len(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    return h.hexdigest(), size


def swap_link(logical: Path, target: Path) -> None:
    """Point the logical path at ``target`` atomically (a new link renamed over the old)."""
    rel = os.path.relpath(target, logical.parent)
    tmp = logical.with_name(f".{logical.name}.link-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(rel, tmp)
    os.replace(tmp, logical)
    fsync_dir(logical.parent)


def write_record(version_file: Path, record: dict[str, object]) -> None:
    """Write a version's record (``v<N>.json``) atomically."""
    path = record_file(version_file)
    tmp = path.with_name(path.name + PARTIAL_SUFFIX)
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@contextlib.contextmanager
def writer_lock(
    vdir: Path, logical: Path, wait_seconds: float, on_wait: Callable[[str], None] | None
) -> Iterator[None]:
    """Hold the writer lock of a versions folder for the block, waiting up to ``wait_seconds``.

    Raises
    ------
    WarehouseError
        If another writer still holds the lock after ``wait_seconds``.
    """
    vdir.mkdir(parents=True, exist_ok=True)
    fh = open(vdir / WRITER_LOCK, "a")  # noqa: SIM115 - held for the write
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseError(
                        f"gudang data {logical} sedang diisi oleh kumkm ingest lain dan belum "
                        f"selesai setelah {wait_seconds:g} detik; tunggu proses itu selesai "
                        "lalu ulangi"
                    ) from None
                if not told:
                    message = WAIT_MESSAGE.format(path=logical)
                    logger.warning(message)
                    if on_wait is not None:
                        on_wait(message)
                    told = True
                time.sleep(0.2)
        yield
    finally:
        fh.close()


def remove_partials(vdir: Path) -> None:
    """Delete what a killed writer left (``*.partial`` copies, their WAL and spill folders)."""
    for p in vdir.iterdir():
        if PARTIAL_SUFFIX in p.name:
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


def utc(seconds: float | None = None) -> str:
    """Return a moment (default: now) as ISO 8601 in UTC, to the second."""
    moment = _dt.datetime.fromtimestamp(time.time() if seconds is None else seconds, _dt.UTC)
    return moment.isoformat(timespec="seconds")
