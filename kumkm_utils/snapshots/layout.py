"""Where a warehouse's versions live and what their records say.

The logical warehouse ``data/warehouse.duckdb`` is a link to ``v<N>.duckdb`` in the folder
``data/warehouse.duckdb.versions``; next to each version file, ``v<N>.json`` records when it was
committed, how many current submissions it holds and its size and sha256. This module names
those files, reads the records (:class:`Snapshot`), lists the kept versions and compares a file
with its record. Writing versions is :mod:`kumkm_utils.snapshots.writer`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from kumkm_utils import config
from kumkm_utils.files import file_sha256

VERSIONS_SUFFIX = ".versions"
KEEP_ENV = "KUMKM_WAREHOUSE_KEEP"
KEEP_VERSIONS = 5
"""Versions kept by default (the current one and four backups); ``$KUMKM_WAREHOUSE_KEEP``."""

PARTIAL_SUFFIX = ".partial"
_VERSION_RE = re.compile(r"^v(\d{6,})\.duckdb$")


def restore_hint(logical: Path) -> str:
    """Return the sentence telling how to restore a warehouse (used in every refusal)."""
    return (
        f"lihat versi cadangan dengan 'kumkm restore --list --warehouse {logical}' lalu "
        f"pulihkan dengan 'kumkm restore VERSI --warehouse {logical}'"
    )


@dataclass(frozen=True)
class Snapshot:
    """One version of the warehouse.

    Attributes
    ----------
    logical
        The warehouse path as the user names it.
    file
        The file to open (the version file; the logical path itself for an unversioned file).
    version
        Version number, None for an unversioned file.
    created_at
        When the version was committed (ISO 8601, UTC), None if unknown.
    submissions
        Number of current submissions in it, None if unknown.
    sha256, size
        Content hash and size recorded at commit (None if unknown).
    """

    logical: Path
    file: Path
    version: int | None = None
    created_at: str | None = None
    submissions: int | None = None
    sha256: str | None = None
    size: int | None = None

    def label(self) -> str:
        """Indonesian description: ``versi 12 (2026-12-06 04:00:00 UTC, 794 pengiriman)``."""
        if self.version is None:
            return f"berkas {self.file.name} (tanpa versi)"
        when = (self.created_at or "?").replace("T", " ").replace("+00:00", " UTC")
        subs = "?" if self.submissions is None else f"{self.submissions:,}".replace(",", ".")
        return f"versi {self.version} ({when}, {subs} pengiriman)"

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Snapshot:
        """Rebuild from :meth:`to_dict` (as recorded in a report manifest)."""
        logical = Path(str(data.get("logical") or ""))
        return cls(
            logical=logical,
            file=logical.parent / str(data.get("file") or ""),
            version=data.get("version"),  # type: ignore[arg-type]
            created_at=data.get("created_at"),  # type: ignore[arg-type]
            submissions=data.get("submissions"),  # type: ignore[arg-type]
            sha256=data.get("sha256"),  # type: ignore[arg-type]
            size=data.get("size"),  # type: ignore[arg-type]
        )

    def to_dict(self) -> dict[str, object]:
        """JSON form (paths as strings; ``file`` relative to the logical warehouse's folder)."""
        data = asdict(self)
        data["logical"] = str(self.logical)
        try:
            data["file"] = self.file.relative_to(self.logical.parent).as_posix()
        except ValueError:
            data["file"] = str(self.file)
        return data


def versions_dir(logical: Path | str) -> Path:
    """Return the folder of a warehouse's versions (``<warehouse>.versions``)."""
    logical = Path(logical)
    return logical.with_name(logical.name + VERSIONS_SUFFIX)


def keep_versions() -> int:
    """Return how many versions a writer keeps (``$KUMKM_WAREHOUSE_KEEP``, default 5, min 2)."""
    text = os.environ.get(KEEP_ENV, "").strip()
    if text.isdigit() and int(text) >= 2:
        return int(text)
    return KEEP_VERSIONS


def logical_path(path: Path | str | None) -> Path:
    """The logical warehouse path (the link readers open), absolute; None: the configured one."""
    path = Path(path) if path is not None else config.warehouse_path()
    return Path(os.path.abspath(path))


def version_file(vdir: Path, number: int) -> Path:
    """Return the file of version ``number`` in the versions folder ``vdir``."""
    return vdir / f"v{number:06d}.duckdb"


def record_file(version_file: Path) -> Path:
    """Return the record (``v<N>.json``) of a version file."""
    return version_file.with_suffix(".json")


def _number(path: Path) -> int | None:
    m = _VERSION_RE.match(path.name)
    return int(m.group(1)) if m else None


def read_record(logical: Path, version_file: Path) -> Snapshot:
    """Return a version file as a :class:`Snapshot`, with what its record says (if readable)."""
    number = _number(version_file)
    try:
        data = json.loads(record_file(version_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    return Snapshot(
        logical=logical,
        file=version_file,
        version=number,
        created_at=data.get("created_at"),
        submissions=data.get("submissions"),
        sha256=data.get("sha256"),
        size=data.get("size"),
    )


def is_versioned(path: Path | str | None = None) -> bool:
    """True when the warehouse path is a link into its versions folder."""
    return logical_path(path).is_symlink()


def list_versions(path: Path | str | None = None) -> list[Snapshot]:
    """Return every kept version, newest first."""
    logical = logical_path(path)
    vdir = versions_dir(logical)
    if not vdir.is_dir():
        return []
    files = sorted(
        (p for p in vdir.iterdir() if _number(p) is not None), key=lambda p: -(_number(p) or 0)
    )
    return [read_record(logical, p) for p in files]


def verify_recorded(snapshot: Snapshot) -> list[str]:
    """Compare a version's size and sha256 with its record; return the problems found."""
    if snapshot.sha256 is None:
        return []
    problems = []
    size = snapshot.file.stat().st_size
    if snapshot.size is not None and size != snapshot.size:
        problems.append(
            f"ukuran berkas {size} bait, padahal saat disimpan {snapshot.size} bait (terpotong?)"
        )
    if file_sha256(snapshot.file) != snapshot.sha256:
        problems.append("isi berkas berubah sejak disimpan (sha256 tidak cocok; bit rusak?)")
    return problems
