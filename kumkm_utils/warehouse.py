"""The warehouse: an embedded DuckDB file holding every accepted submission row.

Layout (one table per input dataset, named as the dataset):

- ``koperasi``, ``umkm``, ``program``, ``makro``: the schema's columns (see
  :mod:`kumkm_utils.schemas`) plus ``kode_provinsi`` (derived from ``kode_kabkota`` where the
  dataset has no such column) and ``submission_id``, the row's submission. Only rows of current
  submissions live here.
- ``source_row`` (an extra column) is the row number of the row in its submitted file, so
  that a duplicate found later can name both locations.
- ``submissions``: one row per ingested file (:data:`SUBMISSIONS_COLUMNS`); ``status`` is
  ``current`` while any of its rows are in the dataset table, ``replaced`` once a later file
  for the same dataset, province and year(s) took all of them over.
- ``rejections``: every problem found (:data:`REJECTIONS_COLUMNS`): rejected rows (severity
  ``error``) with their reasons, warnings on loaded rows and notes (``info``).
- ``<dataset>_history`` (``koperasi_history``, ...): rows of replaced submissions, with
  ``replaced_at`` and ``replaced_by`` (the submission that replaced them).

Writes go through :mod:`kumkm_utils.ingest` (one transaction per file) into a new version of
the warehouse (:func:`kumkm_utils.snapshots.writing`): readers keep the version they opened.
:func:`connect_writer` opens a plain, unversioned file in place (tests, benchmarks, the
adoption of an old-layout file); it waits for DuckDB's one-writer lock with a timeout.

Notebooks and indicators read through :func:`read` (typed frames, filters pushed down to
DuckDB so a province report reads only its own rows), :func:`submissions`,
:func:`rejections_summary`, or :func:`connect` (read-only) and SQL.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd

from kumkm_utils import config, schemas
from kumkm_utils.exceptions import WarehouseError

_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "string[pyarrow]": "VARCHAR",
    "string[python]": "VARCHAR",
    "Int64": "BIGINT",
    "Float64": "DOUBLE",
    "boolean": "BOOLEAN",
    "datetime64[ns]": "DATE",
}

logger = logging.getLogger(__name__)

EXTRA_COLUMNS = {"kode_provinsi": "VARCHAR", "submission_id": "VARCHAR", "source_row": "BIGINT"}
"""Columns every dataset table has beyond its schema."""


def table_columns(dataset: str) -> dict[str, str]:
    """Return the warehouse columns of a dataset table with their DuckDB types.

    Parameters
    ----------
    dataset
        Dataset name (``koperasi``, ``umkm``, ``program``, ``makro``).

    Returns
    -------
    dict
        Column name to DuckDB type, schema columns first.

    Examples
    --------
    >>> table_columns("makro")["pdrb_adhb_rp"]
    'DOUBLE'
    """
    ds = schemas.dataset(dataset)
    columns = {name: _DUCKDB_TYPES[str(col.dtype)] for name, col in ds.schema.columns.items()}
    for name, sql_type in EXTRA_COLUMNS.items():
        columns.setdefault(name, sql_type)
    return columns


SUBMISSIONS_COLUMNS = {
    "submission_id": "VARCHAR PRIMARY KEY",
    "run_id": "VARCHAR",
    "file_name": "VARCHAR",
    "file_path": "VARCHAR",
    "sha256": "VARCHAR",
    "sheet": "VARCHAR",
    "dataset": "VARCHAR",
    "kode_provinsi": "VARCHAR",
    "tahun_min": "BIGINT",
    "tahun_max": "BIGINT",
    "rows_read": "BIGINT",
    "rows_loaded": "BIGINT",
    "rows_rejected": "BIGINT",
    "rows_non_data": "BIGINT",
    "rows_warning": "BIGINT",
    "is_synthetic": "BOOLEAN",
    "ingested_at": "TIMESTAMP",
    "tool_version": "VARCHAR",
    "status": "VARCHAR",
    "replaced_by": "VARCHAR",
    "message": "VARCHAR",
}
"""Columns of the ``submissions`` table. ``status``: ``current`` (rows in the dataset table),
``replaced`` (all rows moved to history by a later file), ``refused`` (nothing loaded:
unreadable file or replacement stopped; ``message`` says why), ``skipped`` (a workbook sheet
that holds no rows to load, e.g. REKAP; ``message`` says why), ``rolled_back`` (undone by
``kumkm rollback``). ``message`` of a current submission states what it replaced."""

REJECTIONS_COLUMNS = {
    "submission_id": "VARCHAR",
    "file_name": "VARCHAR",
    "sheet": "VARCHAR",
    "excel_row": "BIGINT",
    "column_name": "VARCHAR",
    "value": "VARCHAR",
    "rule": "VARCHAR",
    "message": "VARCHAR",
    "severity": "VARCHAR",
}
"""Columns of the ``rejections`` table (``excel_row``: the row number seen in the file)."""

HISTORY_EXTRA = {"replaced_at": "TIMESTAMP", "replaced_by": "VARCHAR"}


def history_table(dataset: str) -> str:
    """Return the history table of a dataset (``koperasi`` -> ``koperasi_history``)."""
    schemas.dataset(dataset)
    return f"{dataset}_history"


def tables() -> list[str]:
    """Return every table of the warehouse layout (dataset tables first)."""
    names = list(schemas.DATASETS)
    return [*names, "submissions", "rejections", *(history_table(n) for n in names)]


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the dataset, submissions, rejections and history tables if they do not exist."""
    for name in schemas.DATASETS:
        cols = ", ".join(f'"{c}" {t}' for c, t in table_columns(name).items())
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')
        hist = {**table_columns(name), **HISTORY_EXTRA}
        cols = ", ".join(f'"{c}" {t}' for c, t in hist.items())
        con.execute(f'CREATE TABLE IF NOT EXISTS "{history_table(name)}" ({cols})')
    for name, layout in (("submissions", SUBMISSIONS_COLUMNS), ("rejections", REJECTIONS_COLUMNS)):
        cols = ", ".join(f'"{c}" {t}' for c, t in layout.items())
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')
    # Warehouses made before a column was added get it (empty) on the next write.
    con.execute('ALTER TABLE submissions ADD COLUMN IF NOT EXISTS "message" VARCHAR')


def connect(path: Path | str | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the warehouse.

    Parameters
    ----------
    path
        Warehouse file; defaults to :func:`kumkm_utils.config.warehouse_path`.
    read_only
        Open read-only (the default, for reports). Writers use ``read_only=False``.

    Returns
    -------
    duckdb.DuckDBPyConnection
        An open connection; close it when done.

    Raises
    ------
    WarehouseError
        If a read-only warehouse does not exist, or the file is locked by another process.
    """
    path = Path(path) if path is not None else config.warehouse_path()
    if read_only and not path.exists():
        raise WarehouseError(
            f"warehouse {path} does not exist; load submissions first with 'kumkm ingest'"
        )
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as err:
        raise WarehouseError(f"cannot open warehouse {path}: {err}") from err
    if not read_only:
        create_tables(con)
    return con


def insert_frame(con: duckdb.DuckDBPyConnection, dataset: str, frame: pd.DataFrame) -> int:
    """Append a normalised frame to a dataset table, matching columns by name.

    Missing extra columns are filled: ``kode_provinsi`` from ``kode_kabkota``, ``submission_id``
    with NULL. Used by ingestion and by tests that build small warehouses.

    Returns
    -------
    int
        Number of rows inserted.
    """
    columns = table_columns(dataset)
    frame = frame.copy()
    if "kode_provinsi" not in frame.columns or frame["kode_provinsi"].isna().all():
        frame["kode_provinsi"] = frame["kode_kabkota"].astype("string").str.slice(0, 2)
    if "submission_id" not in frame.columns:
        frame["submission_id"] = pd.Series([None] * len(frame), dtype="string")
    if "source_row" not in frame.columns:
        frame["source_row"] = pd.Series([None] * len(frame), dtype="Int64")
    frame = frame[list(columns)]
    con.register("_kumkm_insert", frame)
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(f'INSERT INTO "{dataset}" ({names}) SELECT {names} FROM _kumkm_insert')
    finally:
        con.unregister("_kumkm_insert")
    return len(frame)


WRITER_MEMORY_LIMIT = "1GB"
"""DuckDB memory limit of a writer connection (:func:`connect_writer`)."""

LOCK_MESSAGE = "menunggu: gudang data {path} sedang dipakai proses lain (mis. kumkm ingest lain)"


def _is_lock_error(err: Exception) -> bool:
    text = str(err).lower()
    return "lock" in text or "conflicting" in text or "already open" in text


def connect_writer(
    path: Path | str | None = None,
    *,
    wait_seconds: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
    poll_seconds: float = 0.5,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, waiting while another process holds it.

    DuckDB lets one process write a database file at a time. A second ``kumkm ingest`` waits
    up to ``wait_seconds`` (telling the user once through ``on_wait`` and the log), then fails
    with a clear :class:`WarehouseError`; it never writes concurrently.

    Parameters
    ----------
    path
        Warehouse file (default :func:`kumkm_utils.config.warehouse_path`); created if needed.
    wait_seconds
        How long to wait for the lock (0: fail at once).
    on_wait
        Called once with the waiting message (e.g. ``print`` for the command line).
    poll_seconds
        Pause between attempts.

    Raises
    ------
    WarehouseError
        If the lock is still held after ``wait_seconds`` or the file cannot be opened.
    """
    path = Path(path) if path is not None else config.warehouse_path()
    if path.is_symlink():
        raise WarehouseError(
            f"gudang data {path} berversi: tulis lewat kumkm ingest "
            "(kumkm_utils.snapshots.writing), bukan langsung ke versi yang sedang dibaca"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=False)
            break
        except duckdb.IOException as err:
            if not _is_lock_error(err):
                raise WarehouseError(f"cannot open warehouse {path}: {err}") from err
            if time.monotonic() >= deadline:
                raise WarehouseError(
                    f"gudang data {path} sedang dipakai proses lain dan tidak bebas setelah "
                    f"{wait_seconds:g} detik; tunggu proses itu selesai lalu ulangi ({err})"
                ) from err
            if not told:
                message = LOCK_MESSAGE.format(path=path)
                logger.warning(message)
                if on_wait is not None:
                    on_wait(message)
                told = True
            time.sleep(poll_seconds)
    # A large file's rows wait in DuckDB until its transaction commits: past this much memory
    # DuckDB spills to <warehouse>.tmp instead of growing (10 million UMKM rows peak at 1.7 GB).
    con.execute(f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'")
    create_tables(con)
    return con


# ------------------------------------------------------------------------------- reading API


def _typed(frame: pd.DataFrame, dataset: str | None) -> pd.DataFrame:
    if dataset is None:
        return frame
    dtypes = {n: str(c.dtype) for n, c in schemas.dataset(dataset).schema.columns.items()}
    for name in frame.columns:
        dtype = dtypes.get(name)
        if dtype is None:
            if name == "source_row":
                frame[name] = frame[name].astype("Int64")
            elif name in EXTRA_COLUMNS:
                frame[name] = frame[name].astype("string")
            continue
        if dtype.startswith("datetime"):
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


def _years_clause(years: int | Iterable[int] | tuple[int, int] | None) -> tuple[str, list]:
    if years is None:
        return "", []
    if isinstance(years, int):
        return "tahun = ?", [years]
    if isinstance(years, range):
        return "tahun BETWEEN ? AND ?", [years.start, years.stop - 1]
    values = [int(y) for y in years]
    return f"tahun IN ({', '.join('?' for _ in values)})", values


def read(
    dataset: str,
    *,
    province: str | None = None,
    years: int | Iterable[int] | None = None,
    kabkota: str | Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
    path: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pd.DataFrame:
    """Read rows of a dataset table, filtered in DuckDB, as a frame typed like the schema.

    Parameters
    ----------
    dataset : str
        ``koperasi``, ``umkm``, ``program`` or ``makro``.
    province : str, optional
        Province code (``"74"``): only that province's rows are read.
    years : int, iterable of int or range, optional
        A year, several years, or ``range(2021, 2026)`` (read as 2021-2025).
    kabkota : str or iterable of str, optional
        Kab/kota code(s) such as ``"74.01"``.
    columns : iterable of str, optional
        Columns to read (default all); unknown names raise :class:`WarehouseError`.
    path, con
        Warehouse file, or an open connection to reuse.

    Returns
    -------
    pandas.DataFrame
        One row per stored row, schema dtypes (``string``, ``Int64``, ``Float64``,
        ``boolean``, ``datetime64[ns]``).

    Examples
    --------
    ``read("koperasi", province="74", years=range(2021, 2026), columns=["nik_koperasi",
    "tahun", "status_koperasi"])``
    """
    layout = table_columns(dataset)
    wanted = list(columns) if columns is not None else list(layout)
    unknown = [c for c in wanted if c not in layout]
    if unknown:
        raise WarehouseError(f"unknown columns {unknown} for {dataset}; known: {list(layout)}")
    clauses, params = [], []
    if province is not None:
        clauses.append("kode_provinsi = ?")
        params.append(str(province))
    clause, values = _years_clause(years)
    if clause:
        clauses.append(clause)
        params.extend(values)
    if kabkota is not None:
        codes = [kabkota] if isinstance(kabkota, str) else list(kabkota)
        clauses.append(f"kode_kabkota IN ({', '.join('?' for _ in codes)})")
        params.extend(codes)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    names = ", ".join(f'"{c}"' for c in wanted)
    sql = f'SELECT {names} FROM "{dataset}"{where}'
    frame = _query(sql, params, path=path, con=con)
    return _typed(frame, dataset)


def _query(
    sql: str, params: list, *, path: Path | str | None, con: duckdb.DuckDBPyConnection | None
) -> pd.DataFrame:
    own = con is None
    con = connect(path) if own else con
    try:
        return con.execute(sql, params).df()
    finally:
        if own:
            con.close()


def submissions(
    province: str | None = None,
    *,
    dataset: str | None = None,
    current_only: bool = True,
    path: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pd.DataFrame:
    """Return the submissions (one row per ingested file), newest first.

    Parameters
    ----------
    province, dataset
        Optional filters.
    current_only
        Leave out replaced submissions (default).
    """
    clauses, params = [], []
    if province is not None:
        clauses.append("kode_provinsi = ?")
        params.append(str(province))
    if dataset is not None:
        clauses.append("dataset = ?")
        params.append(dataset)
    if current_only:
        clauses.append("status = 'current'")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return _query(
        f"SELECT * FROM submissions{where} ORDER BY ingested_at DESC, file_name",
        params,
        path=path,
        con=con,
    )


def rejections_summary(
    province: str | None = None,
    *,
    dataset: str | None = None,
    path: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pd.DataFrame:
    """Count problems of current submissions by file, severity and rule.

    Returns
    -------
    pandas.DataFrame
        Columns ``dataset``, ``kode_provinsi``, ``file_name``, ``severity``, ``rule``,
        ``problems`` (count) and ``rows`` (distinct rows), largest counts first.
    """
    clauses, params = ["s.status = 'current'"], []
    if province is not None:
        clauses.append("s.kode_provinsi = ?")
        params.append(str(province))
    if dataset is not None:
        clauses.append("s.dataset = ?")
        params.append(dataset)
    sql = (
        "SELECT s.dataset, s.kode_provinsi, r.file_name, r.severity, r.rule, "
        "count(*) AS problems, count(DISTINCT r.excel_row) AS rows "
        "FROM rejections r JOIN submissions s USING (submission_id) "
        f"WHERE {' AND '.join(clauses)} "
        "GROUP BY ALL ORDER BY problems DESC, r.rule"
    )
    return _query(sql, params, path=path, con=con)


def is_synthetic(
    province: str | None = None,
    *,
    path: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> bool:
    """Return True when any current submission (of the province) carries the synthetic marker."""
    frame = submissions(province, path=path, con=con)
    return bool(frame["is_synthetic"].fillna(False).any()) if len(frame) else False
