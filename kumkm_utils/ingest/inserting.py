"""One table (a sheet or a whole CSV) inside its file's transaction: its accepted rows inserted
under a new submission id (:func:`insert_table`), then replacement, key duplicates and the
active-status history rule run in SQL on those rows, and the table's final counts
(:func:`finish_table`)."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd
import pyarrow as pa

from kumkm_utils import warehouse
from kumkm_utils.ingest import rules
from kumkm_utils.ingest.chunk_pipeline import chunk_outcomes, thread_count
from kumkm_utils.ingest.file_preparation import Prepared, column_problems, new_state, replay
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.records import new_submission_id
from kumkm_utils.ingest.replacement import replace_rows
from kumkm_utils.ingest.results import STATUS_CHECKED, STATUS_LOADED, FileResult, InsertedTable
from kumkm_utils.ingest.validation import concat_problems

after_delete_hook: Callable[[], None] | None = None
"""Called between moving replaced rows out and inserting the new ones (tests inject failures)."""


def insert_table(
    table,
    con: duckdb.DuckDBPyConnection,
    result: FileResult,
    *,
    options: IngestOptions,
    prepared: Prepared | None = None,
) -> InsertedTable:
    """Read, check and insert the accepted rows of one table (a sheet or a whole CSV)."""
    dataset = table.dataset
    state = new_state(table, result.file_name, options)
    header_rows = 0 if table.kind == "parquet" else table.rows_above + 1
    result.rows_read = result.rows_non_data = header_rows
    file_problems, fatal = column_problems(table, state)
    parts = [file_problems]
    columns = warehouse.table_columns(dataset)
    if prepared is not None:
        state.province = prepared.province
        outcomes = replay(prepared.outcomes)
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
                submission_id = new_submission_id(dataset, out.province)
            frame = out.accepted.reindex(columns=list(columns))
            frame["kode_provinsi"] = frame["kode_provinsi"].astype("string")
            frame["submission_id"] = submission_id
            years.update(int(y) for y in frame["tahun"].unique())
            inserted += len(frame)
            _insert(con, dataset, frame)
            del frame
        del out  # the chunk's rows are in DuckDB: free them before the next chunk arrives
    result.kode_provinsi = state.province
    submission_id = submission_id or new_submission_id(dataset, state.province)
    result.submission_id = submission_id
    return InsertedTable(submission_id, sorted(years), state.province, parts, inserted)


def finish_table(
    con: duckdb.DuckDBPyConnection,
    result: FileResult,
    load: InsertedTable,
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
        result.replaced, result.replaced_rows = replace_rows(
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
