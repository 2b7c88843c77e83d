"""Loading one file into the warehouse in one transaction, from the unchanged-file check to
``COMMIT``; the steps it calls live in their own modules.

Per file (:func:`ingest_file`; a run of files: :mod:`kumkm_utils.ingest.runs`):

1. If a *current* submission has the same sha256, nothing changes (status ``tidak berubah``).
2. ``BEGIN``; rows are read chunk by chunk, normalised and checked
   (:mod:`kumkm_utils.ingest.chunk_preparation`) and the accepted ones inserted into the dataset
   table under the new submission id (visible to no one until ``COMMIT``).
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
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.file_preparation import (
    Prepared,
    file_sha,
    hash_while_opening,
    open_file,
    sha_and_open,
)
from kumkm_utils.ingest.inserting import finish_table, insert_table
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.records import add_skipped, record_loaded, record_refused
from kumkm_utils.ingest.replacement import ReplacementRefused, file_scope
from kumkm_utils.ingest.results import STATUS_FAILED, STATUS_UNCHANGED, FileResult
from kumkm_utils.ingest.table import Table
from kumkm_utils.ingest.validation import concat_problems, problems_frame


def _current_with_hash(con: duckdb.DuckDBPyConnection, digest: str) -> str | None:
    row = con.execute(
        "SELECT submission_id FROM submissions WHERE sha256 = ? AND status = 'current' LIMIT 1",
        [digest],
    ).fetchone()
    return row[0] if row else None


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
        The file already read and checked by
        :func:`~kumkm_utils.ingest.file_preparation.prepare_file` with the same options.

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
        table = _open_unless_unchanged(path, con, result, options, dry_run, prepared)
    except UnreadableFileError as err:
        result.message = str(err)
        result.problems = _file_error(str(err))
        record_refused(con, result, run_id=run_id, dataset=options.dataset)
        return result
    if table is None:
        return result
    tables = [table, *table.siblings]
    parts = _sheet_results(result, tables)
    _load(
        con,
        result,
        tables,
        parts,
        run_id=run_id,
        options=options,
        dry_run=dry_run,
        prepared=prepared,
    )
    return result


def _open_unless_unchanged(
    path: Path,
    con: duckdb.DuckDBPyConnection,
    result: FileResult,
    options: IngestOptions,
    dry_run: bool,
    prepared: Prepared | None,
) -> Table | None:
    """Hash the file and open it; None (status ``tidak berubah``) when it is already loaded."""
    opened = None
    if prepared is not None:
        result.sha256 = prepared.sha256
    elif hash_while_opening(path):
        result.sha256, opened = sha_and_open(path, options)
    else:
        result.sha256 = file_sha(path)
    if not dry_run and result.sha256:
        previous = _current_with_hash(con, result.sha256)
        if previous:
            result.status = STATUS_UNCHANGED
            result.submission_id = previous
            result.message = f"file ini sudah dimuat ({previous}); tidak ada perubahan"
            return None
    if opened is not None:
        return opened.result()
    if prepared is None:
        return open_file(path, options)
    if prepared.open_error is not None:
        raise prepared.open_error
    return prepared.table


def _sheet_results(result: FileResult, tables: list[Table]) -> list[FileResult]:
    """The file's result, or one result per data sheet when a workbook has several."""
    table = tables[0]
    multi = len(tables) > 1
    result.sheet = ", ".join(t.sheet for t in tables) if multi else table.sheet
    result.dataset = table.dataset
    result.is_synthetic = any(t.is_synthetic for t in tables)
    return (
        [
            FileResult(
                result.path,
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


def _load(
    con: duckdb.DuckDBPyConnection,
    result: FileResult,
    tables: list[Table],
    parts: list[FileResult],
    *,
    run_id: str,
    options: IngestOptions,
    dry_run: bool,
    prepared: Prepared | None,
) -> None:
    """The file's transaction: insert, replace, check and record every table, then ``COMMIT``."""
    table = tables[0]
    con.execute("BEGIN TRANSACTION")
    try:
        loads = [
            insert_table(t, con, part, options=options, prepared=prepared if i == 0 else None)
            for i, (t, part) in enumerate(zip(tables, parts, strict=True))
        ]
        scope = file_scope(con, table.dataset, loads, options)
        file_loaded = sum(load.inserted for load in loads)
        for load, part in zip(loads, parts, strict=True):
            finish_table(
                con,
                part,
                load,
                run_id=run_id,
                options=options,
                dry_run=dry_run,
                scope=scope,
                file_loaded=file_loaded,
            )
            record_loaded(con, part, run_id=run_id)
        if len(tables) > 1:
            _aggregate(result, parts)
        add_skipped(con, result, table.skipped_sheets, run_id=run_id)
        con.execute("COMMIT")
    except ReplacementRefused as err:
        con.execute("ROLLBACK")
        _refuse_after_rollback(con, result, parts, str(err), run_id=run_id)
    except BaseException:
        con.execute("ROLLBACK")
        raise


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
    record_refused(con, result, run_id=run_id, dataset=result.dataset)
