"""Loading files into the warehouse: one transaction per file, replacement, history, locking.

Per file (:func:`ingest_file`):

1. If a *current* submission has the same sha256, nothing changes (status ``tidak berubah``).
2. ``BEGIN``; rows are read chunk by chunk, normalised and checked
   (:mod:`kumkm_utils.ingest.process`) and the accepted ones inserted into the dataset table
   under the new submission id (visible to no one until ``COMMIT``).
3. Replacement: rows of the same dataset and province for the years this file loads, from
   submissions of *earlier runs*, move to ``<dataset>_history`` and leave the dataset table
   (unless ``append``: then files add up, for kab/kota offices sending separate files). Files of
   the same run (one ``kumkm ingest`` call) never replace each other: they are parts of one
   delivery, and duplicates between them are rejected. A submission left without rows becomes
   ``replaced``. Years are taken from loaded rows only, so a file whose rows are all rejected
   never wipes earlier data.
4. Key duplicates (within the file and against other rows) and the active-status history rule
   run in SQL on the rows of the new submission; duplicates are taken out again; the
   submission and its problems are recorded; ``COMMIT``.

Any exception, including Ctrl-C, rolls the transaction back, so the warehouse is as before the
file. A killed process leaves an uncommitted WAL that DuckDB discards on the next open.

Speed: a run of many small files (the sample has about 800) has worker processes read, type and
check the next files (:func:`prepare_file`) while the main process loads the current one; the
warehouse still sees one file at a time, in order, and the results are those of reading each
file in the main process. A large file is streamed in chunks: a thread reads ahead, two threads
prepare chunks and the main thread inserts them in order
(:mod:`kumkm_utils.ingest.chunk_pipeline`), again with the results of one thread. (Worker
processes for the chunks of one file were measured and did not pay on two cores: every chunk
had to be pickled there and back, and the main process's reading and inserting competed with
the workers for the CPU.)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from kumkm_utils import __version__, processes, regions, schemas, warehouse
from kumkm_utils.exceptions import KumkmError, UnreadableFileError
from kumkm_utils.files import file_sha256
from kumkm_utils.ingest import rules
from kumkm_utils.ingest.chunk_pipeline import ChunkOutcome, chunk_outcomes, thread_count
from kumkm_utils.ingest.chunk_preparation import FileState
from kumkm_utils.ingest.normalise import MAX_TEXT_CHARS
from kumkm_utils.ingest.reading import CHUNK_ROWS, open_table
from kumkm_utils.ingest.table import Table
from kumkm_utils.ingest.validation import PROBLEM_COLUMNS, concat_problems, problems_frame

logger = logging.getLogger(__name__)

after_delete_hook: Callable[[], None] | None = None
"""Called between moving replaced rows out and inserting the new ones (tests inject failures)."""

STATUS_LOADED = "dimuat"
STATUS_CHECKED = "diperiksa"
STATUS_UNCHANGED = "tidak berubah"
STATUS_FAILED = "gagal"

SCOPE_AUTO, SCOPE_KABKOTA, SCOPE_PROVINCE = "otomatis", "kabkota", "provinsi"
SHRINK_LIMIT = 0.5
"""A replacement that would remove more than this share of a province's rows (of the
dataset and years) while loading less than this share of what it removes is refused unless
``allow_shrink``: eight rows replacing 5,623 is almost always a kab/kota file loaded as if it
were the province's."""


class ReplacementRefused(KumkmError):
    """A replacement would remove most of a province's rows; needs ``--allow-shrink``."""


@dataclass
class IngestOptions:
    """Options of one validate/ingest run."""

    dataset: str | None = None
    province: str | None = None
    append: bool = False
    scope: str = SCOPE_AUTO
    """What a file replaces: ``kabkota`` (only the kab/kota it holds), ``provinsi`` (the whole
    province) or ``otomatis`` (province-wide when it holds at least half of the province's
    kab/kota, or the dataset has no kab/kota: program, makro)."""
    allow_shrink: bool = False
    """Allow a replacement that removes most of a province's rows (see :data:`SHRINK_LIMIT`)."""
    max_file_mb: float | None = None
    max_text_chars: int = MAX_TEXT_CHARS
    chunk_rows: int = CHUNK_ROWS
    workers: int | None = None
    """Worker processes that prepare small files ahead (None: automatic, 0: none)."""
    threads: int | None = None
    """Threads that prepare the chunks of one file (None: automatic, 1: the calling thread)."""


@dataclass
class FileResult:
    """The outcome of one file: counts, problems and what happened to it."""

    path: Path
    status: str = STATUS_FAILED
    message: str = ""
    sheet: str = ""
    dataset: str | None = None
    kode_provinsi: str | None = None
    is_synthetic: bool = False
    sha256: str = ""
    submission_id: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_non_data: int = 0
    rows_warning: int = 0
    tahun_min: int | None = None
    tahun_max: int | None = None
    replaced: list[str] = field(default_factory=list)
    replaced_rows: dict[str, int] = field(default_factory=dict)
    """Rows replaced (moved to history) per kab/kota code (the province code for datasets
    without kab/kota)."""
    scope: str = ""
    problems: pd.DataFrame = field(default_factory=problems_frame)
    parts: list[FileResult] = field(default_factory=list)
    """One result per loaded sheet when a workbook has several data sheets."""
    skipped_sheets: list = field(default_factory=list)
    """Sheets not loaded (:class:`~kumkm_utils.ingest.reading.SkippedSheet`), with the reason."""

    @property
    def file_name(self) -> str:
        """The file's name (without folders)."""
        return self.path.name

    @property
    def balanced(self) -> bool:
        """True when rows read = loaded + rejected + non-data."""
        return self.rows_read == self.rows_loaded + self.rows_rejected + self.rows_non_data

    @property
    def equation(self) -> str:
        """The equation of counts as the summary prints it (Indonesian)."""
        sign = "=" if self.balanced else "≠"
        return (
            f"dibaca {self.rows_read:,} {sign} dimuat {self.rows_loaded:,} + ditolak "
            f"{self.rows_rejected:,} + bukan data {self.rows_non_data:,}"
        ).replace(",", ".")

    @property
    def warnings(self) -> int:
        """Number of warning problems."""
        return int((self.problems["severity"] == "warning").sum()) if len(self.problems) else 0


def new_run_id() -> str:
    """Return a fresh identifier for one validate/ingest run."""
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:8]


def _current_with_hash(con: duckdb.DuckDBPyConnection, digest: str) -> str | None:
    row = con.execute(
        "SELECT submission_id FROM submissions WHERE sha256 = ? AND status = 'current' LIMIT 1",
        [digest],
    ).fetchone()
    return row[0] if row else None


@dataclass
class Prepared:
    """A file read, typed and checked ahead of its transaction (possibly in another process).

    ``outcomes`` holds one :class:`ChunkOutcome` per chunk; an exception raised while reading the
    chunks is kept in its place and raised again when the outcomes are consumed, so a prepared
    file behaves exactly as one read inside :func:`ingest_file`.
    """

    sha256: str
    table: Table | None = None
    open_error: BaseException | None = None
    outcomes: list = field(default_factory=list)
    province: str | None = None


def _sha(path: Path) -> str:
    return file_sha256(path) if path.is_file() else ""


def _open(path: Path, options: IngestOptions) -> Table:
    return open_table(
        path,
        dataset=options.dataset,
        max_file_mb=options.max_file_mb,
        chunk_rows=options.chunk_rows,
    )


def _new_state(table: Table, file_name: str, options: IngestOptions) -> FileState:
    return FileState(
        table.dataset,
        file_name,
        province=options.province,
        explicit_province=options.province is not None,
        max_text_chars=options.max_text_chars,
    )


def prepare_file(path: Path | str, options: IngestOptions | None = None) -> Prepared:
    """Read, type and check a whole file without touching any warehouse.

    Used to prepare the next files of a run in worker processes while the current one is
    loaded; :func:`ingest_file` with ``prepared=`` then gives the same result as reading the
    file itself.
    """
    options = options or IngestOptions()
    path = Path(path)
    prepared = Prepared(_sha(path))
    try:
        table = _open(path, options)
    except BaseException as err:  # noqa: BLE001 - re-raised by ingest_file where open_table would
        prepared.open_error = err
        return prepared
    state = _new_state(table, path.name, options)
    _, fatal = _file_problems(table, state)
    try:
        for outcome in chunk_outcomes(table, state, fatal):
            prepared.outcomes.append(outcome)
    except BaseException as err:  # noqa: BLE001 - re-raised by _load after the chunks before it
        prepared.outcomes.append(err)
    table.chunks = iter(())
    prepared.table = table
    prepared.province = state.province
    return prepared


def ingest_file(
    path: Path | str,
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    options: IngestOptions | None = None,
    dry_run: bool = False,
    prepared: Prepared | None = None,
) -> FileResult:
    """Validate one file and load its accepted rows in one transaction.

    Parameters
    ----------
    path
        The submission file.
    con
        A writable warehouse connection (an in-memory one for a dry run).
    run_id
        Identifier of the current run; files of one run never replace each other.
    options
        Dataset/province overrides, ``append`` mode and size limits.
    dry_run
        Validation only: skip the unchanged-file check (``con`` is a scratch database).
    prepared
        The file already read and checked by :func:`prepare_file` with the same options.

    Returns
    -------
    FileResult
        Counts, problems and status; unreadable files give status ``gagal`` and a message
        instead of raising.
    """
    options = options or IngestOptions()
    path = Path(path)
    result = FileResult(path)
    try:
        opened = None
        if prepared is not None:
            result.sha256 = prepared.sha256
        elif _hash_while_opening(path):
            result.sha256, opened = _sha_and_open(path, options)
        else:
            result.sha256 = _sha(path)
        if not dry_run and result.sha256:
            previous = _current_with_hash(con, result.sha256)
            if previous:
                result.status = STATUS_UNCHANGED
                result.submission_id = previous
                result.message = f"file ini sudah dimuat ({previous}); tidak ada perubahan"
                return result
        if opened is not None:
            table = opened.result()
        elif prepared is None:
            table = _open(path, options)
        elif prepared.open_error is not None:
            raise prepared.open_error
        else:
            table = prepared.table
    except UnreadableFileError as err:
        result.message = str(err)
        result.problems = _file_error(str(err))
        _record_refused(con, result, run_id=run_id, dataset=options.dataset)
        return result
    tables = [table, *table.siblings]
    multi = len(tables) > 1
    result.sheet = ", ".join(t.sheet for t in tables) if multi else table.sheet
    result.dataset = table.dataset
    result.is_synthetic = any(t.is_synthetic for t in tables)
    parts = (
        [
            FileResult(
                path,
                sheet=t.sheet,
                dataset=t.dataset,
                is_synthetic=t.is_synthetic,
                sha256=result.sha256,
            )
            for t in tables
        ]
        if multi
        else [result]
    )
    con.execute("BEGIN TRANSACTION")
    try:
        loads = [
            _insert_table(t, con, part, options=options, prepared=prepared if i == 0 else None)
            for i, (t, part) in enumerate(zip(tables, parts, strict=True))
        ]
        scope = _file_scope(con, table.dataset, loads, options)
        file_loaded = sum(load.inserted for load in loads)
        for load, part in zip(loads, parts, strict=True):
            _finish(
                con,
                part,
                load,
                run_id=run_id,
                options=options,
                dry_run=dry_run,
                scope=scope,
                file_loaded=file_loaded,
            )
            _record(con, part, run_id=run_id)
        if multi:
            _aggregate(result, parts)
        _add_skipped(con, result, table.skipped_sheets, run_id=run_id)
        con.execute("COMMIT")
    except ReplacementRefused as err:
        con.execute("ROLLBACK")
        _refuse_after_rollback(con, result, parts, str(err), run_id=run_id)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


def _file_error(message: str) -> pd.DataFrame:
    return problems_frame(
        [
            {
                "row": None,
                "column": None,
                "value": None,
                "rule": "file",
                "message": message,
                "severity": "error",
            }
        ]
    )


def _aggregate(result: FileResult, parts: list[FileResult]) -> None:
    """File-level counts and problems of a workbook loaded sheet by sheet."""
    result.parts = parts
    for attr in ("rows_read", "rows_loaded", "rows_rejected", "rows_non_data", "rows_warning"):
        setattr(result, attr, sum(getattr(p, attr) for p in parts))
    result.status = parts[0].status
    result.kode_provinsi = next((p.kode_provinsi for p in parts if p.kode_provinsi), None)
    result.submission_id = parts[0].submission_id
    years = [y for p in parts for y in (p.tahun_min, p.tahun_max) if y is not None]
    result.tahun_min, result.tahun_max = (min(years), max(years)) if years else (None, None)
    result.replaced = sorted({s for p in parts for s in p.replaced})
    for p in parts:
        for k, n in p.replaced_rows.items():
            result.replaced_rows[k] = result.replaced_rows.get(k, 0) + n
    result.scope = parts[0].scope
    result.problems = concat_problems([p.problems.assign(sheet=p.sheet) for p in parts])


def _add_skipped(con, result: FileResult, skipped: list, *, run_id: str) -> None:
    """Count the rows of sheets not loaded as non-data, name each sheet and record it."""
    if not skipped:
        return
    result.skipped_sheets = list(skipped)
    notes = []
    for sheet in skipped:
        result.rows_read += sheet.rows
        result.rows_non_data += sheet.rows
        notes.append(
            {
                "row": None,
                "column": None,
                "value": sheet.name,
                "rule": "sheet dilewati",
                "message": f"sheet '{sheet.name}' tidak dimuat ({sheet.rows} baris terisi): "
                f"{sheet.reason}",
                "severity": "info",
            }
        )
        skipped_id = _new_submission_id(result.dataset or "file", None)
        _insert_problems(con, problems_frame(notes[-1:]), skipped_id, result.file_name, sheet.name)
        _insert_submission(
            con,
            {
                "submission_id": skipped_id,
                "run_id": run_id,
                "file_name": result.file_name,
                "file_path": str(result.path),
                "sha256": result.sha256,
                "sheet": sheet.name,
                "dataset": result.dataset,
                "kode_provinsi": result.kode_provinsi,
                "rows_read": sheet.rows,
                "rows_loaded": 0,
                "rows_rejected": 0,
                "rows_non_data": sheet.rows,
                "rows_warning": 0,
                "is_synthetic": result.is_synthetic,
                "status": SUBMISSION_SKIPPED,
                "message": sheet.reason,
            },
        )
    frame = problems_frame(notes)
    if "sheet" in result.problems.columns:
        frame = frame.assign(sheet=[s.name for s in skipped])
    result.problems = concat_problems([result.problems, frame])


def _refuse_after_rollback(
    con, result: FileResult, parts: list[FileResult], message: str, *, run_id: str
) -> None:
    """A file whose replacement was refused: nothing loaded, every data row counted refused."""
    if len(parts) > 1:
        _aggregate(result, parts)
    result.status = STATUS_FAILED
    result.message = message
    result.rows_rejected = result.rows_read - result.rows_non_data
    result.rows_loaded = 0
    result.replaced, result.replaced_rows = [], {}
    result.problems = concat_problems([_file_error(message), result.problems])
    _record_refused(con, result, run_id=run_id, dataset=result.dataset)


HASH_WHILE_OPENING_BYTES = 64 * 1024 * 1024
"""CSV and Parquet files from this size on are hashed in a thread while they are opened."""


def _hash_while_opening(path: Path) -> bool:
    # Opening a large CSV file scans it once (blank lines): that scan and the hash both read
    # the whole file, and hashing releases the GIL. A workbook is not opened ahead: its opening
    # parses it, a waste for a file that turns out unchanged.
    return (
        path.suffix.lower() in (".csv", ".txt", ".parquet")
        and path.is_file()
        and path.stat().st_size >= HASH_WHILE_OPENING_BYTES
    )


def _sha_and_open(path: Path, options: IngestOptions) -> tuple[str, Future]:
    """The file's sha256, computed while the file is opened; the opened table as a future.

    The future raises what :func:`open_table` raised; the caller asks for it only once the
    file is known to be changed, so the outcome is that of hashing first and opening then.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kumkm-sha256") as pool:
        digest = pool.submit(_sha, path)
        opened: Future = Future()
        try:
            opened.set_result(_open(path, options))
        except Exception as err:  # noqa: BLE001 - raised by opened.result() where _open would
            opened.set_exception(err)
        return digest.result(), opened


def _file_problems(table, state: FileState) -> tuple[pd.DataFrame, bool]:
    ds = schemas.dataset(table.dataset)
    missing = table.missing_columns
    required = [c for c in missing if not ds.schema.columns[c].nullable]
    records = []
    if required:
        labels = ", ".join(f"{c} ({ds.meta(c).get('label')})" for c in required)
        records.append(
            {
                "row": None,
                "column": ", ".join(required),
                "value": None,
                "rule": "kolom wajib",
                "message": f"kolom wajib tidak ada: {labels}; semua baris ditolak",
                "severity": "error",
            }
        )
    optional = [c for c in missing if c not in required]
    if optional:
        records.append(
            {
                "row": None,
                "column": ", ".join(optional),
                "value": None,
                "rule": "kolom tidak ada",
                "message": "kolom tidak ada di file dan dibiarkan kosong: " + ", ".join(optional),
                "severity": "warning",
            }
        )
    if table.ignored_columns:
        records.append(
            {
                "row": None,
                "column": None,
                "value": ", ".join(table.ignored_columns)[:200],
                "rule": "kolom diabaikan",
                "message": "kolom tidak dikenal dan tidak dimuat: "
                + ", ".join(table.ignored_columns),
                "severity": "info",
            }
        )
    return problems_frame(records), bool(required)


def _replay(outcomes: list) -> Iterator[ChunkOutcome]:
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        yield outcome


@dataclass
class _Inserted:
    """What :func:`_insert_table` left for :func:`_finish`: the submission and its years."""

    submission_id: str
    years: list[int]
    province: str | None
    parts: list[pd.DataFrame]
    inserted: int


def _insert_table(
    table,
    con: duckdb.DuckDBPyConnection,
    result: FileResult,
    *,
    options: IngestOptions,
    prepared: Prepared | None = None,
) -> _Inserted:
    """Read, check and insert the accepted rows of one table (a sheet or a whole CSV)."""
    dataset = table.dataset
    state = _new_state(table, result.file_name, options)
    header_rows = 0 if table.kind == "parquet" else table.rows_above + 1
    result.rows_read = result.rows_non_data = header_rows
    file_problems, fatal = _file_problems(table, state)
    parts = [file_problems]
    columns = warehouse.table_columns(dataset)
    if prepared is not None:
        state.province = prepared.province
        outcomes = _replay(prepared.outcomes)
    else:
        outcomes = chunk_outcomes(table, state, fatal, threads=thread_count(options.threads, table))
    # Accepted rows go straight into the dataset table under the new submission id (inside
    # this file's transaction); the rules below then look at "rows of this submission".
    submission_id: str | None = None
    years: set[int] = set()
    inserted = 0
    for out in outcomes:
        result.rows_read += out.rows_read
        result.rows_non_data += out.rows_non_data
        result.rows_rejected += out.rows_rejected
        if out.problems is not None:
            parts.append(out.problems)
        if out.accepted is not None and len(out.accepted):
            if submission_id is None:  # the first chunk has settled the province
                submission_id = _new_submission_id(dataset, out.province)
            frame = out.accepted.reindex(columns=list(columns))
            frame["kode_provinsi"] = frame["kode_provinsi"].astype("string")
            frame["submission_id"] = submission_id
            years.update(int(y) for y in frame["tahun"].unique())
            inserted += len(frame)
            _insert(con, dataset, frame)
            del frame
        del out  # the chunk's rows are in DuckDB: free them before the next chunk arrives
    result.kode_provinsi = state.province
    submission_id = submission_id or _new_submission_id(dataset, state.province)
    result.submission_id = submission_id
    return _Inserted(submission_id, sorted(years), state.province, parts, inserted)


def _file_scope(
    con: duckdb.DuckDBPyConnection, dataset: str, loads: list[_Inserted], options: IngestOptions
) -> str:
    """What the file replaces: its kab/kota only, or the whole province (see IngestOptions)."""
    if options.scope != SCOPE_AUTO:
        return options.scope
    if "kode_kabkota" not in schemas.dataset(dataset).columns or dataset not in (
        "koperasi",
        "umkm",
    ):
        return SCOPE_PROVINCE
    province = next((load.province for load in loads if load.province), None)
    if province is None:
        return SCOPE_KABKOTA
    held = con.execute(
        f'SELECT count(DISTINCT kode_kabkota) FROM "{dataset}" '
        "WHERE submission_id IN (SELECT unnest(?))",
        [[load.submission_id for load in loads]],
    ).fetchone()[0]
    try:
        total = len(regions.kabkota(province))
    except KumkmError:
        total = 0
    return SCOPE_PROVINCE if total and held * 2 >= total else SCOPE_KABKOTA


def _finish(
    con: duckdb.DuckDBPyConnection,
    result: FileResult,
    load: _Inserted,
    *,
    run_id: str,
    options: IngestOptions,
    dry_run: bool,
    scope: str,
    file_loaded: int,
) -> None:
    """Replacement, key duplicates and history rules for one inserted table; final counts."""
    dataset = result.dataset
    submission_id, years_loaded, province = load.submission_id, load.years, load.province
    parts = load.parts
    result.scope = scope
    if years_loaded and province and not options.append:
        result.replaced, result.replaced_rows = _replace(
            con,
            dataset,
            province,
            years_loaded,
            run_id,
            submission_id,
            scope=scope,
            file_loaded=file_loaded,
            allow_shrink=options.allow_shrink,
            file_name=result.file_name,
        )
    if after_delete_hook is not None:
        after_delete_hook()
    dups = rules.duplicate_problems(
        con,
        dataset,
        submission_id,
        file_name=result.file_name,
        province=province,
        years=years_loaded or None,
    )
    parts.append(dups)
    result.rows_rejected += len(dups)
    if dataset == "koperasi":
        parts.append(
            rules.aktif_history_problems(
                con, submission_id, province=province, years=years_loaded or None
            )
        )
    loaded, tmin, tmax = con.execute(
        f'SELECT count(*), min(tahun), max(tahun) FROM "{dataset}" WHERE submission_id = ?',
        [submission_id],
    ).fetchone()
    result.rows_loaded = int(loaded)
    result.tahun_min, result.tahun_max = tmin, tmax
    problems = concat_problems(parts)
    problems = problems.sort_values("row", na_position="first", kind="stable").reset_index(
        drop=True
    )
    result.problems = problems
    warned = problems[(problems["severity"] == "warning") & problems["row"].notna()]["row"]
    result.rows_warning = int(warned.nunique())
    result.status = STATUS_CHECKED if dry_run else STATUS_LOADED


def replacement_note(result: FileResult) -> str:
    """What a loaded file replaced, per kab/kota (Indonesian; empty when nothing)."""
    if not result.replaced_rows:
        return ""

    def num(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    def area(code: str) -> str:
        try:
            return f"{code} {regions.kabkota_name(code)}" if "." in code else code
        except KumkmError:
            return code

    total = sum(result.replaced_rows.values())
    what = "seluruh provinsi" if result.scope == SCOPE_PROVINCE else "per kab/kota"
    detail = "; ".join(f"{area(k)}: {num(n)}" for k, n in sorted(result.replaced_rows.items()))
    return f"mengganti {num(total)} baris lama ({what}): {detail}"


def _new_submission_id(dataset: str, province: str | None) -> str:
    return f"{dataset}-{province or 'xx'}-{uuid.uuid4().hex[:12]}"


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append a frame whose columns are the table's, in the table's order, through Arrow.

    ``from_arrow(...).insert_into`` rather than a registered view: DuckDB then lets go of
    the Arrow buffers after the insert, while a registered view kept every chunk's string
    buffers alive until the end of the file's transaction (about 1 GB per 3 million rows).
    """
    columns = list(warehouse.table_columns(table))
    if list(frame.columns) != columns:
        raise ValueError(f"columns of {table} must be {columns}, got {list(frame.columns)}")
    con.from_arrow(pa.Table.from_pandas(frame, preserve_index=False)).insert_into(f'"{table}"')


def _replace(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    province: str,
    years: list[int],
    run_id: str,
    submission_id: str,
    *,
    scope: str = SCOPE_PROVINCE,
    file_loaded: int = 0,
    allow_shrink: bool = True,
    file_name: str = "",
) -> tuple[list[str], dict[str, int]]:
    """Move the rows this submission replaces to history; return (submissions, rows per kab/kota).

    Rows of earlier runs for the same dataset, province and years are replaced; with the
    ``kabkota`` scope only those of the (year, kab/kota) pairs the new submission holds.
    """
    history = warehouse.history_table(dataset)
    cols = ", ".join(f'"{c}"' for c in warehouse.table_columns(dataset))
    where = (
        "kode_provinsi = ? AND tahun IN (SELECT unnest(?)) AND submission_id IN "
        "(SELECT submission_id FROM submissions WHERE dataset = ? AND run_id <> ?)"
    )
    params: list[object] = [province, years, dataset, run_id]
    for column in schemas.dataset(dataset).replace_by:  # e.g. target: only the same document
        where += (
            f' AND "{column}" IN (SELECT DISTINCT "{column}" FROM "{dataset}" '
            "WHERE submission_id = ?)"
        )
        params.append(submission_id)
    if scope == SCOPE_KABKOTA:
        pairs = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT CAST(tahun AS VARCHAR) || '|' || kode_kabkota "
                f'FROM "{dataset}" WHERE submission_id = ? AND kode_kabkota IS NOT NULL',
                [submission_id],
            ).fetchall()
        ]
        where += " AND CAST(tahun AS VARCHAR) || '|' || kode_kabkota IN (SELECT unnest(?))"
        params.append(pairs)
    by_area = "kode_kabkota" if "kode_kabkota" in warehouse.table_columns(dataset) else "NULL"
    counted = con.execute(
        f"SELECT coalesce({by_area}, kode_provinsi) AS area, submission_id, count(*) "
        f'FROM "{dataset}" '
        f"WHERE {where} GROUP BY ALL",
        params,
    ).fetchall()
    if not counted:
        return [], {}
    replaced_rows: dict[str, int] = {}
    for area, _, n in counted:
        replaced_rows[str(area)] = replaced_rows.get(str(area), 0) + int(n)
    affected = sorted({r[1] for r in counted})
    removed = sum(replaced_rows.values())
    if not allow_shrink:
        total = con.execute(
            f'SELECT count(*) FROM "{dataset}" WHERE kode_provinsi = ? AND tahun IN '
            "(SELECT unnest(?)) AND submission_id IN (SELECT submission_id FROM submissions "
            "WHERE dataset = ? AND run_id <> ?)",
            [province, years, dataset, run_id],
        ).fetchone()[0]
        if removed > SHRINK_LIMIT * total and file_loaded < SHRINK_LIMIT * removed:
            raise ReplacementRefused(
                shrink_message(file_name, dataset, province, years, removed, total, file_loaded)
            )
    con.execute(
        f'INSERT INTO "{history}" ({cols}, replaced_at, replaced_by) '
        f'SELECT {cols}, now(), ? FROM "{dataset}" WHERE {where}',
        [submission_id, *params],
    )
    con.execute(f'DELETE FROM "{dataset}" WHERE {where}', params)
    con.execute(
        f"UPDATE submissions SET status = 'replaced', replaced_by = ? "
        f"WHERE submission_id IN (SELECT unnest(?)) AND submission_id NOT IN "
        f'(SELECT DISTINCT submission_id FROM "{dataset}" WHERE submission_id IS NOT NULL)',
        [submission_id, affected],
    )
    logger.info(
        "%s: replaced %s rows (%s) of %s for %s %s",
        submission_id,
        removed,
        replaced_rows,
        affected,
        province,
        years,
    )
    return affected, replaced_rows


def shrink_message(
    file_name: str,
    dataset: str,
    province: str,
    years: list[int],
    removed: int,
    total: int,
    loaded: int,
) -> str:
    """Why a replacement was stopped, and the two ways on (Indonesian)."""

    def num(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    try:
        name = regions.province(province).nama
    except KumkmError:
        name = province
    span = ", ".join(str(y) for y in years)
    return (
        f"{file_name}: penggantian dihentikan, tidak ada yang berubah. File ini akan mengganti "
        f"{num(removed)} dari {num(total)} baris {dataset} {name} tahun {span}, padahal hanya "
        f"memuat {num(loaded)} baris. Bila file ini hanya untuk sebagian kab/kota, ulangi "
        "dengan --scope kabkota; bila memang menggantikan seluruh data provinsi, ulangi dengan "
        "--allow-shrink."
    )


SUBMISSION_CURRENT = "current"
SUBMISSION_REPLACED = "replaced"
SUBMISSION_SKIPPED = "skipped"
SUBMISSION_REFUSED = "refused"
SUBMISSION_ROLLED_BACK = "rolled_back"
"""Statuses of a ``submissions`` row (see :mod:`kumkm_utils.warehouse`)."""


def _insert_submission(con: duckdb.DuckDBPyConnection, values: dict) -> None:
    row = {c: None for c in warehouse.SUBMISSIONS_COLUMNS}
    row.update(ingested_at=dt.datetime.now(), tool_version=__version__)
    row.update(values)
    cols = list(warehouse.SUBMISSIONS_COLUMNS)
    con.execute(
        f"INSERT INTO submissions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [row[c] for c in cols],
    )


def _record_refused(
    con: duckdb.DuckDBPyConnection, result: FileResult, *, run_id: str, dataset: str | None
) -> None:
    """Put a file that loaded nothing on record (status ``refused``) with its reason."""
    _insert_submission(
        con,
        {
            "submission_id": _new_submission_id(dataset or "file", result.kode_provinsi),
            "run_id": run_id,
            "file_name": result.file_name,
            "file_path": str(result.path),
            "sha256": result.sha256,
            "sheet": result.sheet,
            "dataset": dataset,
            "kode_provinsi": result.kode_provinsi,
            "rows_read": result.rows_read,
            "rows_loaded": 0,
            "rows_rejected": result.rows_rejected,
            "rows_non_data": result.rows_non_data,
            "rows_warning": 0,
            "is_synthetic": result.is_synthetic,
            "status": SUBMISSION_REFUSED,
            "message": result.message[:2000],
        },
    )


def _record(con: duckdb.DuckDBPyConnection, result: FileResult, *, run_id: str) -> None:
    _insert_submission(
        con,
        {
            "submission_id": result.submission_id,
            "run_id": run_id,
            "file_name": result.file_name,
            "file_path": str(result.path),
            "sha256": result.sha256,
            "sheet": result.sheet,
            "dataset": result.dataset,
            "kode_provinsi": result.kode_provinsi,
            "tahun_min": result.tahun_min,
            "tahun_max": result.tahun_max,
            "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded,
            "rows_rejected": result.rows_rejected,
            "rows_non_data": result.rows_non_data,
            "rows_warning": result.rows_warning,
            "is_synthetic": result.is_synthetic,
            "status": SUBMISSION_CURRENT,
            "replaced_by": None,
            "message": replacement_note(result) or None,
        },
    )
    _insert_problems(con, result.problems, result.submission_id, result.file_name, result.sheet)


def _insert_problems(
    con: duckdb.DuckDBPyConnection,
    problems: pd.DataFrame,
    submission_id: str | None,
    file_name: str,
    sheet: str,
) -> None:
    if len(problems):
        frame = problems.rename(columns={"row": "excel_row", "column": "column_name"})
        frame = frame.assign(submission_id=submission_id, file_name=file_name, sheet=sheet)
        frame = frame[list(warehouse.REJECTIONS_COLUMNS)]
        frame = frame.astype({"excel_row": "Int64"})
        for c in ("column_name", "value", "rule", "message", "severity", "sheet"):
            frame[c] = frame[c].astype("string")
        con.register("_problems", frame)
        try:
            con.execute("INSERT INTO rejections SELECT * FROM _problems")
        finally:
            con.unregister("_problems")


def scratch_warehouse() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with the full layout, for dry runs."""
    con = duckdb.connect(":memory:")
    warehouse.create_tables(con)
    return con


PARALLEL_MIN_FILES = 12
"""Runs with at least this many small files prepare them in worker processes (auto mode)."""
PARALLEL_MAX_BYTES = 32 * 1024 * 1024
"""Files up to this size may be prepared by a worker; larger ones are streamed in the main
process, so that memory stays bounded by the chunk size."""
PREFETCH_PER_WORKER = 2
"""Files prepared ahead of the one being loaded, per worker (bounds the memory held)."""


def _worker_count(paths: list[Path], workers: int | None) -> int:
    if workers is not None:
        return max(0, workers)
    small = sum(1 for p in paths if p.is_file() and p.stat().st_size <= PARALLEL_MAX_BYTES)
    if small < PARALLEL_MIN_FILES:
        return 0
    return min(2, os.cpu_count() or 1)


def _pool(workers: int):
    """A process pool whose workers import the ingestion code once (``forkserver``)."""
    from concurrent.futures import ProcessPoolExecutor

    ctx = processes.mp_context(["kumkm_utils.ingest.load"])
    from kumkm_utils.procwatch import watch_parent

    # workers end when the ingest is killed (SIGKILL included); then the fork server ends too
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=watch_parent, initargs=(os.getpid(),)
    )


def _prepared_files(
    paths: list[Path], options: IngestOptions, workers: int
) -> Iterator[Prepared | None]:
    """Yield each file's :class:`Prepared` (None: let the main process read it), in order.

    Small files are prepared by ``workers`` processes a few files ahead; the consumer loads
    them one by one, so the warehouse still sees exactly one file at a time in the given order.
    """
    small = [p.is_file() and p.stat().st_size <= PARALLEL_MAX_BYTES for p in paths]
    if workers <= 0 or not any(small):
        yield from (None for _ in paths)
        return
    executor = _pool(workers)
    futures: dict[int, object] = {}
    ahead = workers * PREFETCH_PER_WORKER
    queue = [i for i, ok in enumerate(small) if ok]
    try:
        for i, path in enumerate(paths):
            while queue and len(futures) < ahead and queue[0] <= i + 4 * ahead:
                j = queue.pop(0)
                with processes.main_hidden():
                    futures[j] = executor.submit(prepare_file, paths[j], options)
            future = futures.pop(i, None)
            if future is None:
                yield None
                continue
            try:
                yield future.result()
            except Exception as err:  # noqa: BLE001 - a worker failed: the main process reads it
                logger.warning("%s: worker failed (%s); reading in the main process", path, err)
                yield None
    finally:
        for future in futures.values():
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def run_files(
    paths: Iterable[Path | str],
    con: duckdb.DuckDBPyConnection,
    *,
    options: IngestOptions | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> list[FileResult]:
    """Validate/ingest several files as one run; a failing file does not stop the others.

    Files are loaded one at a time, in order, each in its own transaction. When a run has
    many small files, worker processes read and check the next files meanwhile
    (``options.workers``; by default two workers from :data:`PARALLEL_MIN_FILES` small files
    on); the results are the same as reading every file in this process.
    """
    options = options or IngestOptions()
    run_id = new_run_id()
    paths = [Path(p) for p in paths]
    results = []
    prepared = _prepared_files(paths, options, _worker_count(paths, options.workers))
    try:
        # the loop may stop early (a fatal file): not strict
        for path, ready in zip(progress(paths) if progress else paths, prepared, strict=False):
            try:
                results.append(
                    ingest_file(
                        path, con, run_id=run_id, options=options, dry_run=dry_run, prepared=ready
                    )
                )
            except KumkmError as err:
                failed = FileResult(Path(path), message=str(err))
                failed.problems = problems_frame(
                    [
                        {
                            "row": None,
                            "column": None,
                            "value": None,
                            "rule": "file",
                            "message": str(err),
                            "severity": "error",
                        }
                    ]
                )
                results.append(failed)
    finally:
        prepared.close()
    return results


__all__ = [
    "IngestOptions",
    "FileResult",
    "ingest_file",
    "run_files",
    "scratch_warehouse",
    "PROBLEM_COLUMNS",
]
