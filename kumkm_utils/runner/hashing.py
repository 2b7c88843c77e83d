"""Input fingerprints of a report: what must change for a report to be rebuilt.

A report is rebuilt when any of these differs from its last successful run:

- the notebook source (cell types, sources and tags; outputs and execution counts ignored);
- the code: every file of the ``kumkm_utils`` package and of ``data/reference/``;
- the parameters;
- the warehouse rows the report reads: for every warehouse table with a ``kode_provinsi``
  column, a DuckDB aggregate (row count and the sum of the row hashes) over the province's rows
  (all rows for a national report); rows of a table without that column but with a
  ``submission_id`` (``rejections``) count for their submission's province; other tables count
  for every report.

The warehouse aggregate is the only costly part (one scan per table). It is cached against the
warehouse file's size and modification time (and its WAL's), so a batch where nothing changed
decides "skip" without opening the warehouse at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kumkm_utils import config
from kumkm_utils.exceptions import WarehouseError
from kumkm_utils.files import file_sha256
from kumkm_utils.regions.codes import NATIONAL_CODE

logger = logging.getLogger(__name__)

ALL_PROVINCES = "*"
"""Scope of a report that reads every province's rows (the national roll-up)."""

PACKAGE_DIR = Path(__file__).resolve().parents[1]
_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}


def _sha(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def digest_json(value: object) -> str:
    """Return the sha256 of a JSON-serialisable value, independent of key order.

    Examples
    --------
    >>> digest_json({"a": 1, "b": "74"}) == digest_json({"b": "74", "a": 1})
    True
    """
    return _sha(json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def notebook_digest(notebook: Path | str) -> str:
    """Return the sha256 of a notebook's source, ignoring outputs, execution counts and metadata.

    Cell tags are included (they decide what the rendered report shows).
    """
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        cells.append(
            {
                "type": cell.get("cell_type"),
                "source": "".join(source) if isinstance(source, list) else source,
                "tags": cell.get("metadata", {}).get("tags", []),
            }
        )
    return digest_json(cells)


def tree_digest(roots: Iterable[Path | str]) -> str:
    """Return one sha256 over every file under the given folders (relative path and content).

    Caches (``__pycache__``, ``*.pyc``, checkpoints) are ignored; a missing folder counts as empty.
    """
    h = hashlib.sha256()
    for root in roots:
        root = Path(root)
        if not root.exists():
            h.update(f"missing:{root.name}\n".encode())
            continue
        files = sorted(
            p
            for p in root.rglob("*")
            if p.is_file()
            and p.suffix not in _SKIP_SUFFIXES
            and not _SKIP_DIRS.intersection(p.relative_to(root).parts)
        )
        for path in files:
            h.update(f"{root.name}/{path.relative_to(root).as_posix()}\n".encode())
            h.update(bytes.fromhex(file_sha256(path)))
    return h.hexdigest()


def code_digest() -> str:
    """Return the digest of the ``kumkm_utils`` package source and the reference data."""
    return tree_digest([PACKAGE_DIR, config.REFERENCE_DIR])


# ----------------------------------------------------------------------------- warehouse


def _file_state(path: Path) -> list[object]:
    state: list[object] = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
        except FileNotFoundError:
            state.append(None)
            continue
        state.append([st.st_size, st.st_mtime_ns])
    return state


@dataclass
class WarehouseDigest:
    """Per-province and global digests of a warehouse's content.

    Attributes
    ----------
    state
        Size and modification time of the warehouse file and its WAL when the digests were made.
    provinces
        Province code to the digest of its rows across all province tables; ``"00"`` holds
        the national rows (national targets), which every province report reads too.
    shared
        Digest of the tables without a ``kode_provinsi`` column (read by every report).
    """

    state: list[object]
    provinces: dict[str, str] = field(default_factory=dict)
    shared: str = ""

    def scope(self, scope: str | None) -> str:
        """Return the digest of the rows a report with this scope reads.

        Parameters
        ----------
        scope
            A province code, :data:`ALL_PROVINCES` for every province, or None for a report that
            reads no warehouse rows.
        """
        if scope is None:
            return "none"
        if scope == ALL_PROVINCES:
            return digest_json({"shared": self.shared, "provinces": self.provinces})
        mine = {"shared": self.shared, "province": self.provinces.get(scope, "empty")}
        if NATIONAL_CODE in self.provinces:
            # national targets (target rows of code 00) are read by every province report
            mine["nasional"] = self.provinces[NATIONAL_CODE]
        return digest_json(mine)

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-serialisable form (stored in the manifest as a cache)."""
        return {"state": self.state, "provinces": self.provinces, "shared": self.shared}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> WarehouseDigest:
        """Rebuild from :meth:`to_dict`."""
        return cls(
            state=list(data.get("state", [])),  # type: ignore[arg-type]
            provinces=dict(data.get("provinces", {})),  # type: ignore[arg-type]
            shared=str(data.get("shared", "")),
        )


def warehouse_digest(path: Path | str, *, cached: WarehouseDigest | None = None) -> WarehouseDigest:
    """Return the content digests of a warehouse, reusing ``cached`` if the file is unchanged.

    Parameters
    ----------
    path
        The DuckDB warehouse file.
    cached
        Digests from an earlier batch (from the manifest); reused when the size and modification
        time of the file and its WAL are the same.

    Returns
    -------
    WarehouseDigest
        Empty digests (``provinces == {}``) if the warehouse does not exist.

    Raises
    ------
    WarehouseError
        If the warehouse exists but cannot be opened (e.g. a writer holds the lock).
    """
    path = Path(path)
    state = _file_state(path)
    if cached is not None and cached.state == state and state[0] is not None:
        return cached
    if not path.exists():
        return WarehouseDigest(state=state, shared="missing")
    import duckdb  # local import: not needed when the cache is valid

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        raise _unreadable(path, err) from err
    try:
        provinces, shared = _digest(con)
    except duckdb.Error as err:
        raise _unreadable(path, err) from err
    finally:
        con.close()
    # Re-read the state after closing: opening read-only must not count as a change.
    return WarehouseDigest(state=_file_state(path), provinces=provinces, shared=shared)


def _unreadable(path: Path, err: BaseException) -> WarehouseError:
    """One sentence for a warehouse that cannot be read (damaged blocks, not a DuckDB file)."""
    from kumkm_utils.exceptions import WarehouseCorruptError

    first = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
    text = first.lower()
    damaged = any(w in text for w in ("checksum", "corrupt", "not a valid duckdb", "truncated"))
    cls = WarehouseCorruptError if damaged else WarehouseError
    return cls(
        f"gudang data {path} tidak dapat dibaca ({first}); periksa dengan 'kumkm check' dan "
        "pulihkan versi sebelumnya dengan 'kumkm restore' bila rusak"
    )


def _digest(con: object) -> tuple[dict[str, str], str]:
    """Per-province digests and the shared digest of an open warehouse (one scan per table)."""
    tables = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    has_submissions = ("submissions",) in tables
    per_province: dict[str, dict[str, str]] = {}
    shared: dict[str, str] = {}
    for (table,) in tables:
        columns = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ?",
                [table],
            ).fetchall()
        }
        quoted = '"' + table.replace('"', '""') + '"'
        if "kode_provinsi" not in columns and "submission_id" in columns and has_submissions:
            # rows of a submission (e.g. rejections) belong to the submission's province
            rows = con.execute(
                f"SELECT s.kode_provinsi, count(*), sum(hash(t)::HUGEINT) FROM {quoted} t "
                "LEFT JOIN (SELECT submission_id, any_value(kode_provinsi) AS kode_provinsi "
                "FROM submissions GROUP BY ALL) s USING (submission_id) "
                "GROUP BY s.kode_provinsi"
            ).fetchall()
            for kode, n, total in rows:
                if kode is None:  # a row of no known province counts for everyone
                    shared[table] = f"{n}:{total}"
                else:
                    per_province.setdefault(str(kode), {})[table] = f"{n}:{total}"
        elif "kode_provinsi" in columns:
            rows = con.execute(
                f"SELECT kode_provinsi, count(*), sum(hash(t)::HUGEINT) FROM {quoted} t "
                "GROUP BY kode_provinsi"
            ).fetchall()
            for kode, n, total in rows:
                per_province.setdefault(str(kode), {})[table] = f"{n}:{total}"
        else:
            n, total = con.execute(
                f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {quoted} t"
            ).fetchone()
            shared[table] = f"{n}:{total}"
    return {k: digest_json(v) for k, v in sorted(per_province.items())}, digest_json(shared)


@dataclass(frozen=True)
class InputHashes:
    """The fingerprints of one report's inputs; ``combined`` decides whether to rebuild."""

    notebook: str
    code: str
    parameters: str
    data: str

    @property
    def combined(self) -> str:
        """One digest over the four parts."""
        return digest_json([self.notebook, self.code, self.parameters, self.data])

    def to_dict(self) -> dict[str, str]:
        """Return the parts and the combined digest, as stored in the manifest."""
        return {
            "notebook": self.notebook,
            "code": self.code,
            "parameters": self.parameters,
            "data": self.data,
            "combined": self.combined,
        }
