"""Versioned warehouse files: readers keep a consistent snapshot while an ingest writes.

The warehouse path (``data/warehouse.duckdb``, ``$KUMKM_WAREHOUSE`` or ``--warehouse``) names the
*logical* warehouse. On disk it is a symbolic link to the current version in a folder next to
it::

    data/warehouse.duckdb -> warehouse.duckdb.versions/v000012.duckdb
    data/warehouse.duckdb.versions/v000012.duckdb      the current version
    data/warehouse.duckdb.versions/v000012.json        its record: time, submissions, sha256
    data/warehouse.duckdb.versions/v000011.duckdb ...  earlier versions (backups)

Readers (notebooks, reports, the batch) open the logical path read-only as before: DuckDB
follows the link, and the file it opened never changes afterwards. A batch resolves the link
once (:func:`current`) and gives every report the same version file, holding a shared
``flock`` on it (:func:`hold`) so that it is not pruned while the batch runs.

A writer (:func:`writing`, used by ``kumkm ingest``):

1. takes the writer lock (``.writer.lock`` in the versions folder; a second writer waits);
2. copies the current version to ``v<N+1>.duckdb.partial``, hashing it on the way, and refuses
   when the hash differs from the one recorded at its commit (a truncated or bit-flipped file);
3. yields a read-write DuckDB connection to the copy;
4. on success closes it (DuckDB checkpoints), records ``v<N+1>.json``, renames the copy into
   place and swaps the link atomically (a new link renamed over the old one); then deletes
   versions beyond the newest :data:`KEEP_VERSIONS` that no reader holds;
5. on any error (a full disk, Ctrl-C, a crash) deletes the copy: the current version stays.

So readers never wait for a writer and a writer never waits for readers; the cost is one copy
of the file per ingest (time and disk, see docs/design.md). ``kumkm restore`` makes an earlier
version current again (as a new version, so nothing is lost); ``kumkm check`` verifies one.
Per-submission undo (``kumkm rollback``) is a different thing: it works inside one version,
from the history tables.

A plain warehouse file from before versioning is adopted by the first writer (hard-linked as
version 1, after a full check). Symbolic links need a POSIX file system.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kumkm_utils import config
from kumkm_utils.exceptions import WarehouseCorruptError, WarehouseError
from kumkm_utils.files import file_sha256, fsync_dir

logger = logging.getLogger(__name__)

VERSIONS_SUFFIX = ".versions"
KEEP_ENV = "KUMKM_WAREHOUSE_KEEP"
KEEP_VERSIONS = 5
"""Versions kept by default (the current one and four backups); ``$KUMKM_WAREHOUSE_KEEP``."""

WRITER_LOCK = ".writer.lock"
PARTIAL_SUFFIX = ".partial"
_VERSION_RE = re.compile(r"^v(\d{6,})\.duckdb$")
_CHUNK = 8 << 20

WAIT_MESSAGE = "menunggu: gudang data {path} sedang diisi oleh kumkm ingest lain"


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


def _version_file(vdir: Path, number: int) -> Path:
    return vdir / f"v{number:06d}.duckdb"


def _record_file(version_file: Path) -> Path:
    return version_file.with_suffix(".json")


def _number(path: Path) -> int | None:
    m = _VERSION_RE.match(path.name)
    return int(m.group(1)) if m else None


def _read_record(logical: Path, version_file: Path) -> Snapshot:
    number = _number(version_file)
    try:
        data = json.loads(_record_file(version_file).read_text(encoding="utf-8"))
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
        return _read_record(logical, target)
    if not logical.exists():
        raise WarehouseError(
            f"gudang data {logical} belum ada; muat data dulu dengan 'kumkm ingest'"
        )
    return Snapshot(logical=logical, file=logical)


def list_versions(path: Path | str | None = None) -> list[Snapshot]:
    """Return every kept version, newest first."""
    logical = logical_path(path)
    vdir = versions_dir(logical)
    if not vdir.is_dir():
        return []
    files = sorted(
        (p for p in vdir.iterdir() if _number(p) is not None), key=lambda p: -(_number(p) or 0)
    )
    return [_read_record(logical, p) for p in files]


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


def _copy_hashing(src: Path, dst: Path) -> tuple[str, int]:
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


def _swap_link(logical: Path, target: Path) -> None:
    """Point the logical path at ``target`` atomically (a new link renamed over the old)."""
    rel = os.path.relpath(target, logical.parent)
    tmp = logical.with_name(f".{logical.name}.link-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(rel, tmp)
    os.replace(tmp, logical)
    fsync_dir(logical.parent)


def _write_record(version_file: Path, record: dict[str, object]) -> None:
    path = _record_file(version_file)
    tmp = path.with_name(path.name + PARTIAL_SUFFIX)
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@contextlib.contextmanager
def _writer_lock(
    vdir: Path, logical: Path, wait_seconds: float, on_wait: Callable[[str], None] | None
) -> Iterator[None]:
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


def _remove_partials(vdir: Path) -> None:
    """Delete what a killed writer left (``*.partial`` copies, their WAL and spill folders)."""
    for p in vdir.iterdir():
        if PARTIAL_SUFFIX in p.name:
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


def _adopt_plain_file(logical: Path, vdir: Path) -> Snapshot:
    """Make an unversioned warehouse file version 1 (after a full check)."""
    from kumkm_utils.warehouse_integrity import check_file

    report = check_file(logical)
    if not report.ok:
        raise WarehouseCorruptError(
            f"gudang data {logical} rusak: {report.problems[0]}; pulihkan dari cadangan "
            "atau muat ulang semua berkas ke gudang data baru"
        )
    target = _version_file(vdir, 1)
    try:
        os.link(logical, target)  # no copy: the plain file becomes version 1
    except OSError:
        shutil.copyfile(logical, target)  # a file system without hard links
    st = target.stat()
    _write_record(
        target,
        {
            "version": 1,
            "created_at": _utc(st.st_mtime),
            "submissions": report.submissions,
            "sha256": file_sha256(target),
            "size": st.st_size,
            "adopted_from": logical.name,
        },
    )
    _swap_link(logical, target)
    return _read_record(logical, target)


def _utc(seconds: float | None = None) -> str:
    moment = _dt.datetime.fromtimestamp(time.time() if seconds is None else seconds, _dt.UTC)
    return moment.isoformat(timespec="seconds")


def _short(err: BaseException) -> str:
    return str(err).strip().splitlines()[0][:300] if str(err).strip() else type(err).__name__


def _current_submissions(con: object) -> int | None:
    import duckdb

    try:
        (n,) = con.execute(  # type: ignore[attr-defined]
            "SELECT count(*) FROM submissions WHERE status = 'current'"
        ).fetchone()
    except duckdb.Error:  # not the warehouse layout (a hand-made test warehouse)
        return None
    return int(n)


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


@dataclass
class WriteResult:
    """What :func:`writing` committed (filled in after the block)."""

    snapshot: Snapshot | None = None
    previous: Snapshot | None = None
    copy_s: float = 0.0
    commit_s: float = 0.0
    pruned: list[int] = field(default_factory=list)


@contextlib.contextmanager
def writing(
    path: Path | str | None = None,
    *,
    wait_seconds: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
    result: WriteResult | None = None,
) -> Iterator[object]:
    """Write a new version of the warehouse; yield a read-write DuckDB connection to it.

    The new version becomes current only when the block ends without an exception; otherwise
    it is deleted and the current version stays as it was.

    Parameters
    ----------
    path
        The logical warehouse (default :func:`kumkm_utils.config.warehouse_path`); created empty
        if it does not exist.
    wait_seconds
        How long to wait for another writer (0: fail at once).
    on_wait
        Called once with the waiting message.
    result
        Filled in with the committed snapshot and the timings.

    Raises
    ------
    WarehouseCorruptError
        If the current version fails its check (the message says how to restore).
    WarehouseError
        If another writer keeps the lock or the files cannot be written.
    """
    import duckdb

    from kumkm_utils import warehouse

    logical = logical_path(path)
    vdir = versions_dir(logical)
    result = result if result is not None else WriteResult()
    logical.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(vdir, logical, wait_seconds, on_wait):
        _remove_partials(vdir)
        previous: Snapshot | None = None
        if logical.is_symlink():
            previous = current(logical)
        elif logical.exists():
            # a writer of the old layout may hold the plain file: wait for it (as it would have
            # waited for us); opening it for writing also replays a killed writer's log
            try:
                warehouse.connect_writer(
                    logical, wait_seconds=wait_seconds, on_wait=on_wait
                ).close()
            except duckdb.Error as err:
                raise WarehouseCorruptError(
                    f"gudang data {logical} rusak ({_short(err)}); tidak ada yang ditulis. "
                    "Pulihkan berkas itu dari cadangan, atau muat ulang semua berkas ke gudang "
                    "data baru"
                ) from err
            previous = _adopt_plain_file(logical, vdir)
        numbers = [s.version or 0 for s in list_versions(logical)]
        number = max(numbers, default=0) + 1
        target = _version_file(vdir, number)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        t0 = time.monotonic()
        try:
            if previous is not None:
                sha, size = _copy_hashing(previous.file, partial)
                problems = []
                if previous.sha256 is not None and sha != previous.sha256:
                    problems.append("isi berkas berubah sejak disimpan (sha256 tidak cocok)")
                if previous.size is not None and size != previous.size:
                    problems.append(f"ukuran {size} bait, saat disimpan {previous.size} bait")
                if problems:
                    raise WarehouseCorruptError(
                        f"gudang data {logical} ({previous.label()}) rusak: "
                        f"{'; '.join(problems)}. Tidak ada yang ditulis; " + restore_hint(logical)
                    )
            result.copy_s = time.monotonic() - t0
            try:
                con = duckdb.connect(str(partial), read_only=False)
            except duckdb.Error as err:
                raise WarehouseCorruptError(
                    f"gudang data {logical} tidak dapat dibuka untuk ditulis ({_short(err)}); "
                    + restore_hint(logical)
                ) from err
            try:
                con.execute(f"SET memory_limit = '{warehouse.WRITER_MEMORY_LIMIT}'")
                warehouse.create_tables(con)
                yield con
                t1 = time.monotonic()
                submissions = _current_submissions(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            created = _utc()
            sha = file_sha256(partial)
            size = partial.stat().st_size
            if previous is not None and previous.sha256 == sha:
                # nothing changed (e.g. the same files again): no new version
                _remove_partials(vdir)
                result.previous = result.snapshot = previous
                result.commit_s = time.monotonic() - t1
                return
            _write_record(
                target,
                {
                    "version": number,
                    "created_at": created,
                    "submissions": submissions,
                    "sha256": sha,
                    "size": size,
                    "previous": previous.version if previous else None,
                },
            )
            os.replace(partial, target)
            fsync_dir(vdir)
            _swap_link(logical, target)
            result.commit_s = time.monotonic() - t1
        except BaseException:
            _remove_partials(vdir)
            with contextlib.suppress(OSError, WarehouseError):
                if target.exists() and current(logical).file != target:  # renamed, not current
                    target.unlink(missing_ok=True)
            if not target.exists():
                _record_file(target).unlink(missing_ok=True)
            raise
        result.previous = previous
        result.snapshot = _read_record(logical, target)
        result.pruned = prune(logical, keep=keep_versions())
        logger.info(
            "warehouse %s: %s committed (copy %.1f s, commit %.1f s)",
            logical,
            result.snapshot.label(),
            result.copy_s,
            result.commit_s,
        )


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
            _record_file(snap.file).unlink(missing_ok=True)
            removed.append(snap.version or 0)
        finally:
            fh.close()
    return removed


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
    with _writer_lock(vdir, logical, wait_seconds, None):
        _remove_partials(vdir)
        number = max((s.version or 0 for s in list_versions(logical)), default=0) + 1
        target = _version_file(vdir, number)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        try:
            sha, size = _copy_hashing(wanted.file, partial)
            _write_record(
                target,
                {
                    "version": number,
                    "created_at": _utc(),
                    "submissions": wanted.submissions,
                    "sha256": sha,
                    "size": size,
                    "previous": None,
                    "restored_from": version,
                },
            )
            os.replace(partial, target)
            _swap_link(logical, target)
        except BaseException:
            _remove_partials(vdir)
            raise
    return _read_record(logical, target)


def is_disk_full(err: BaseException) -> bool:
    """True for "no space left on device" (an OSError, or DuckDB's IO error text)."""
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(err).lower()
    return "no space left" in text or "disk quota" in text


# ----------------------------------------------------------------------------- kumkm restore


def configure(parser) -> None:  # noqa: ANN001 - argparse parser
    """Add the arguments of ``kumkm restore``."""
    parser.description = (
        "Make an earlier version of the whole warehouse current again (as a new version: the "
        "current one stays as a backup). Every 'kumkm ingest' keeps the previous versions "
        f"(the newest {KEEP_VERSIONS}, or ${KEEP_ENV}). To undo one submission inside the "
        "current version use 'kumkm rollback' instead."
    )
    parser.add_argument("version", nargs="?", type=int, help="version number to restore")
    parser.add_argument("--list", action="store_true", help="list the kept versions")
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help=f"DuckDB file (default ${config.WAREHOUSE_ENV} or data/warehouse.duckdb)",
    )


def run(args) -> int:  # noqa: ANN001 - argparse namespace
    """List or restore versions; 0 on success."""
    logical = logical_path(args.warehouse)
    if args.list or args.version is None:
        try:
            cur = current(logical).version
        except WarehouseError:
            cur = None
        versions = list_versions(logical)
        if not versions:
            print(f"{logical}: belum ada versi tersimpan")  # noqa: T201
            return 0 if args.list else 2
        print(f"Versi gudang data {logical}:")  # noqa: T201
        for snap in versions:
            mark = "*" if snap.version == cur else " "
            print(f" {mark} {snap.label()}")  # noqa: T201
        print("(* = versi yang sedang dipakai)")  # noqa: T201
        return 0
    snap = restore(logical, args.version)
    print(f"Gudang data {logical} dipulihkan dari versi {args.version}: sekarang {snap.label()}")  # noqa: T201
    return 0
