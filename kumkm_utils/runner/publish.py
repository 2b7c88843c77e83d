"""Publish a report folder whole, with reproducible contents.

A report is built in a staging folder (``<year>/.tmp/<key>-<random>/out``, same file system).
:func:`publish_folder` then

1. normalises what must not differ between two builds of the same inputs (:func:`normalise`):
   the executed notebook loses papermill's and Jupyter's timing metadata, and the staging
   folder's path is replaced by the report folder's everywhere in it;
2. swaps the staging folder with the report folder in one system call
   (``renameat2(RENAME_EXCHANGE)`` on Linux), so a reader, a crash or a kill sees the old folder
   or the new one, never a mix. Where the exchange is not available the old folder is first
   renamed aside (``.<name>.old-<id>``) and the new one renamed into place;
   :func:`recover_folders` (run when a batch starts) puts an aside folder back if a crash came
   between the two renames.

The old folder ends up inside the staging folder, which the caller deletes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path

from kumkm_utils.files import fsync_dir

logger = logging.getLogger(__name__)

ASIDE_MARK = ".old-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

# Metadata that records when or how long something ran: dropped from a published notebook.
_PAPERMILL_TIMING = ("start_time", "end_time", "duration")
_CELL_TIMING = ("execution",)


def _renameat2() -> object | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the system cannot (then nothing changed)."""
    fn = _renameat2()
    if fn is None:
        return False
    res = fn(_AT_FDCWD, os.fsencode(str(a)), _AT_FDCWD, os.fsencode(str(b)), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def normalise_notebook(path: Path, replacements: Mapping[str, str]) -> None:
    """Drop timing metadata from an executed notebook, replace staging paths in it, and sign it."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1])
    nb = json.loads(text)
    pm = nb.get("metadata", {}).get("papermill")
    if isinstance(pm, dict):
        for key in _PAPERMILL_TIMING:
            pm.pop(key, None)
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        if "injected-parameters" in meta.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id
        for key in _CELL_TIMING:
            meta.pop(key, None)
        cpm = meta.get("papermill")
        if isinstance(cpm, dict):
            for key in _PAPERMILL_TIMING:
                cpm.pop(key, None)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # signed as published (JupyterLab then shows its charts and tables to the one who built it)
    import nbformat

    from kumkm_utils.render import sign_notebook

    sign_notebook(nbformat.read(str(path), as_version=4))


def normalise(out: Path, target: Path) -> None:
    """Make the staged outputs independent of the staging folder and of the build's timing."""
    replacements = {str(out): str(target)}
    for path in out.glob("*.ipynb"):
        normalise_notebook(path, replacements)


def publish_folder(out: Path, target: Path) -> dict[str, str]:
    """Normalise the staged folder ``out`` and make it the report folder ``target``, whole.

    Returns
    -------
    dict
        File name to its published path.
    """
    out, target = Path(out), Path(target)
    normalise(out, target)
    names = sorted(p.name for p in out.iterdir())
    for entry in out.iterdir():
        with contextlib.suppress(OSError):
            entry.chmod(0o755 if entry.is_dir() else 0o644)
    out.chmod(0o755)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.rename(out, target)
    elif not exchange(out, target):
        aside = target.with_name(f".{target.name}{ASIDE_MARK}{uuid.uuid4().hex[:8]}")
        os.rename(target, aside)
        os.rename(out, target)
        shutil.rmtree(aside, ignore_errors=True)
    fsync_dir(target.parent)
    return {name: str(target / name) for name in names}


def recover_folders(year_dir: Path) -> list[Path]:
    """Put back report folders renamed aside by a publish that was killed half-way.

    An aside folder whose report folder exists is a leftover and is deleted.
    """
    restored = []
    if not year_dir.is_dir():
        return restored
    for aside in year_dir.iterdir():
        if not (aside.name.startswith(".") and ASIDE_MARK in aside.name and aside.is_dir()):
            continue
        target = year_dir / aside.name[1:].split(ASIDE_MARK)[0]
        if target.exists():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(aside, target)
            restored.append(target)
            logger.warning("restored %s after an interrupted publish", target)
    return restored
